from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners import roles
from partners.models import Organisation
from partners.services import user_set_up

# (username, password, role, organisation name) – for trying the portal on a development
# machine only; the command refuses to run with DEBUG off.
DEMO_USERS = [
    ("officer", "officer-demo-2012", roles.OFFICER, None),
    ("admin", "admin-demo-2012", roles.ADMINISTRATOR, None),
    ("police", "police-demo-2012", roles.PARTNER, "Kent Police"),
    ("kenward", "kenward-demo-2012", roles.PARTNER, "Kenward Trust"),
]


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo users: officer, admin, and the partner users police "
        "(Kent Police) and kenward (Kenward Trust). Development only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo users have published passwords: this command only runs with DEBUG on."
            )
        organisations = {}
        for _, _, _, name in DEMO_USERS:
            if name is None:
                continue
            try:
                organisations[name] = Organisation.objects.get(name=name)
            except Organisation.DoesNotExist:
                raise CommandError(
                    f"There is no organisation called {name!r}. Load the seed plan first: "
                    "python manage.py loaddata seed_plan"
                ) from None
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role, organisation_name in DEMO_USERS:
            user_set_up(
                username=username,
                password=password,
                role=role,
                organisation=organisations.get(organisation_name),
            )
            where = f" – {organisation_name}" if organisation_name else ""
            self.stdout.write(f"  {username} / {password} / {role}{where}")
