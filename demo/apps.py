from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data for development: the seed plan, a second partnership and a user
    for every role. It sits above every app, since it fills them all."""

    name = "demo"
