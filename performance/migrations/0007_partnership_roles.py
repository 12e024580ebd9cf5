"""Roles scoped to partnerships: the plan administrators manage memberships, and everyone who
already worked as an officer or administrator keeps seeing the plans they saw (all of them,
before partnerships scoped what a user sees). Administrators are no longer superusers by
role: user_set_up stops making them so; superuser is for the IT team."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copies of the role names: a migration must not change when partners.roles does.
OFFICER = "CSP officer"
ADMINISTRATOR = "Plan administrator"
MEMBERSHIP_PERMISSIONS = [
    f"{verb}_partnershipmembership" for verb in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Partnership = apps.get_model("actionplan", "Partnership")
    Membership = apps.get_model("actionplan", "PartnershipMembership")
    administrator = Group.objects.get(name=ADMINISTRATOR)
    administrator.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="actionplan", codename__in=MEMBERSHIP_PERMISSIONS
        )
    )
    staff = Group.objects.filter(name__in=[OFFICER, ADMINISTRATOR])
    User = apps.get_model("auth", "User")
    for user in User.objects.filter(groups__in=staff).distinct():
        for partnership in Partnership.objects.all():
            Membership.objects.get_or_create(user=user, partnership=partnership)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name=ADMINISTRATOR).permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="actionplan", codename__in=MEMBERSHIP_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0006_partnership_membership"),
        ("performance", "0006_measure_version_help_text"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
