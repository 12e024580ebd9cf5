import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from datastore.history import recorded_models


def _holds_records() -> bool:
    """True when any model whose changes are recorded (plans, figures, organisations...)
    has a row: restoring over them would mix two portals' data."""
    return any(model._default_manager.exists() for model, _ in recorded_models())


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_data into this (migrated) database. Refuses a "
        "database that already holds plans or other records unless --replace is given, "
        "which empties it first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file to read.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in this database first. There is no undo.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would happen."
        )

    def handle(self, *args, backup, replace=False, dry_run=False, **options):
        path = Path(backup)
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"There is no file {path}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise CommandError(f"{path} is not a backup written by backup_data.") from None
        if not isinstance(rows, list):
            raise CommandError(f"{path} is not a backup written by backup_data.")
        if _holds_records() and not replace:
            raise CommandError(
                "This database already holds plans or other records. Restore into an empty "
                "database, or give --replace to delete everything here first."
            )
        if dry_run:
            self.stdout.write(f"Would restore {len(rows):,} rows from {path}.")
            return
        # One transaction: a backup that fails half-way leaves the database as it was. The
        # backup holds the history itself, so restoring must not write history of its own.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(path), verbosity=0)
        self.stdout.write(f"Restored {len(rows):,} rows from {path}.")
