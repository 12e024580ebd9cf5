from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
