from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actionplan.models import Partnership
from actionplan.services import user_partnerships_set
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up

SEED = "tonbridge-and-malling-csp"
SECOND = "sevenoaks-district-csp"

# (username, password, role, organisation name for a partner, partnership slug for an officer
# or administrator) – for trying the portal on a development machine only; the command
# refuses to run with DEBUG off. Partner users keep their organisation's actions and measures
# in every partnership it works with.
DEMO_USERS = [
    ("officer", "officer-demo-2012", roles.OFFICER, None, SEED),
    ("admin", "admin-demo-2012", roles.ADMINISTRATOR, None, SEED),
    ("sevenoaks-officer", "sevenoaks-officer-demo-2012", roles.OFFICER, None, SECOND),
    ("sevenoaks-admin", "sevenoaks-admin-demo-2012", roles.ADMINISTRATOR, None, SECOND),
    ("police", "police-demo-2012", roles.PARTNER, "Kent Police", None),
    ("kenward", "kenward-demo-2012", roles.PARTNER, "Kenward Trust", None),
]


def _found(model, missing: str, **lookup):
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist:
        raise CommandError(
            f"There is no {missing}. Load the seed plan first: python manage.py load_demo"
        ) from None


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo users: officer and admin (Tonbridge and Malling CSP), "
        "sevenoaks-officer and sevenoaks-admin (Sevenoaks District CSP), and the partner "
        "users police (Kent Police) and kenward (Kenward Trust). Development only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo users have published passwords: this command only runs with DEBUG on."
            )
        organisations, partnerships = {}, {}
        for _, _, _, name, slug in DEMO_USERS:
            if name is not None:
                organisations[name] = _found(
                    Organisation, f"organisation called {name!r}", name=name
                )
            if slug is not None:
                partnerships[slug] = _found(Partnership, f"partnership {slug!r}", slug=slug)
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role, organisation_name, slug in DEMO_USERS:
            user = user_set_up(
                username=username,
                password=password,
                role=role,
                organisation=organisations.get(organisation_name),
            )
            user_partnerships_set(user=user, partnerships=[partnerships[slug]] if slug else [])
            where = organisation_name or partnerships[slug].short_name
            self.stdout.write(f"  {username} / {password} / {role} – {where}")
