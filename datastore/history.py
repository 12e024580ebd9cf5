"""The models whose every change is kept by django-simple-history: the portal's records."""

from simple_history.models import registered_models


def recorded_models():
    """Each model with a history manager, with that manager's attribute name."""
    for model in registered_models.values():
        # registered_models also lists many-to-many through tables, which have no manager.
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute is not None:
            yield model, attribute
