from django.apps import AppConfig


class DatastoreConfig(AppConfig):
    """The portal's data as a whole: backup, restore, and the first history entry of rows
    loaded raw. Knows no app's models by name, so it works whatever apps are installed."""

    name = "datastore"
