"""Create the three roles as groups with their model permissions.

The permission rows are normally created after migrations run; create them here first so
that a fresh database gets complete groups in one `migrate`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copies of the role names: a migration must not change when partners.roles does.
OFFICER = "CSP officer"
ADMINISTRATOR = "Plan administrator"
PARTNER = "Partner"

PLAN_CONTENT = [
    ("actionplan", "partnership"),
    ("actionplan", "plan"),
    ("actionplan", "reviewsection"),
    ("actionplan", "narrativefigure"),
    ("actionplan", "priority"),
    ("actionplan", "keypartner"),
    ("actionplan", "theme"),
    ("actionplan", "action"),
    ("actionplan", "outcome"),
    ("performance", "measure"),
    ("partners", "organisation"),
    ("partners", "contact"),
]
ALL_VERBS = ["add", "change", "delete", "view"]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(models, verbs):
        codenames = [f"{verb}_{model}" for _, model in models for verb in verbs]
        apps_labels = {app for app, _ in models}
        return Permission.objects.filter(
            content_type__app_label__in=apps_labels, codename__in=codenames
        )

    officer, _ = Group.objects.get_or_create(name=OFFICER)
    officer.permissions.set(permissions(PLAN_CONTENT, ALL_VERBS))

    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(
        list(permissions(PLAN_CONTENT, ALL_VERBS))
        + list(permissions([("auth", "user"), ("partners", "partnerprofile")], ALL_VERBS))
    )

    # Partners see and report on their own actions and measures through the partner pages,
    # which decide what is theirs; they hold no admin permissions.
    Group.objects.get_or_create(name=PARTNER)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[OFFICER, ADMINISTRATOR, PARTNER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("actionplan", "0001_initial"),
        ("partners", "0001_initial"),
        ("performance", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
