import io
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from datastore.precise_json import FORMAT

# Rebuilt by `migrate` on the target, or worthless once restored.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def dump_all() -> str:
    """Every row the portal keeps (plans, figures, users, history), as JSON with natural
    keys for content types and permissions, so it loads into any migrated database, and
    times to the microsecond (datastore.precise_json)."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        format=FORMAT,
        natural_foreign=True,
        indent=1,
        stdout=out,
    )
    return out.getvalue()


class Command(BaseCommand):
    help = (
        "Write a backup of all the portal's data (SQLite or PostgreSQL alike) to a JSON "
        "file that restore_data reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The backup file to write.")

    def handle(self, *args, output, **options):
        path = Path(output)
        if path.exists():
            raise CommandError(f"{path} already exists: choose a new file name.")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = dump_all()
        path.write_text(data, encoding="utf-8")
        self.stdout.write(f"Backed up to {path} ({len(data):,} bytes).")
