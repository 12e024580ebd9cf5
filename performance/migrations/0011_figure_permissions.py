"""Officers and plan administrators work a measure's figures by period in the admin (its
inline of figures) as they work the measure: each role gets on figures the permissions it
holds on measures."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copies of the role names: a migration must not change when partners.roles does.
ROLES = ["CSP officer", "Plan administrator"]


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="performance"
    )


def grant(apps, schema_editor):
    permissions = _permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        verbs = [
            codename.removesuffix("_measure")
            for codename in group.permissions.filter(
                content_type__app_label="performance", content_type__model="measure"
            ).values_list("codename", flat=True)
        ]
        group.permissions.add(
            *permissions.filter(codename__in=[f"{verb}_measurefigure" for verb in verbs])
        )


def revoke(apps, schema_editor):
    permissions = _permissions(apps).filter(content_type__model="measurefigure")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("performance", "0010_figures_from_measures")]

    operations = [migrations.RunPython(grant, revoke)]
