from django.core.management import call_command
from django.core.management.base import BaseCommand

from actionplan.models import Plan


class Command(BaseCommand):
    help = (
        "Load the seed plan, a second partnership's small plan and the demo users, but only "
        "into a database that holds no plan yet, so that running it again never overwrites "
        "anyone's edits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done and do nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if Plan.objects.exists():
            self.stdout.write("The database already holds plans: nothing loaded.")
            return
        if dry_run:
            self.stdout.write(
                "Would load the seed plan and the second partnership's, and create the demo users."
            )
            return
        call_command("loaddata", "seed_plan", "demo_second_partnership", stdout=self.stdout)
        # loaddata saves raw rows, which django-simple-history does not record: give each
        # loaded row its first history entry so later edits show what they changed.
        call_command("record_missing_history", stdout=self.stdout)
        call_command("create_demo_users", stdout=self.stdout)
