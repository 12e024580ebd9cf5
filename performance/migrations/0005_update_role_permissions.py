"""Give the roles the permissions of the progress-update and plan-approval work."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "CSP officer"
ADMINISTRATOR = "Plan administrator"

UPDATES = [("actionplan", f"{verb}_actionupdate") for verb in ("add", "change", "view")] + [
    ("performance", f"{verb}_measureupdate") for verb in ("add", "change", "view")
]
GRANTS = {
    OFFICER: UPDATES,
    ADMINISTRATOR: [*UPDATES, ("actionplan", "approve_plan")],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in GRANTS.items():
        group = Group.objects.get(name=group_name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in GRANTS.items():
        group = Group.objects.get(name=group_name)
        for app_label, codename in permissions:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0003_plan_approval_actionupdate"),
        ("performance", "0004_measureupdate"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
