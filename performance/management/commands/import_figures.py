from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from performance.spreadsheets import figures_import
from spreadsheets.files import MAX_FILE_BYTES


class Command(BaseCommand):
    help = (
        "Update measures' figures from a CSV or XLSX file (as export_figures writes it): "
        "every row or, if any row is wrong, none. Changes are recorded in the history "
        "under --user."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file to import.")
        parser.add_argument(
            "--user",
            required=True,
            help="The username the changes are recorded under; the import may change only "
            "what this user could change by hand.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, changing nothing.",
        )

    def handle(self, *args, file, user, dry_run=False, **options):
        path = Path(file)
        try:
            acting_user = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {user!r}.") from None
        try:
            with path.open("rb") as handle:
                # One byte over the limit is enough for the size check to refuse it.
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Could not read {path}: {error.strerror}.") from None
        report = figures_import(
            file_bytes=data, filename=path.name, acting_user=acting_user, dry_run=dry_run
        )
        if not report.ok:
            problems = "\n".join(f"  {problem}" for problem in report.problems)
            raise CommandError(f"{path.name} was not imported; nothing changed.\n{problems}")
        for row in report.updated:
            changes = "; ".join(
                f"{column}: {old or '(empty)'} -> {new or '(empty)'}"
                for column, old, new in row.changes
            )
            self.stdout.write(f"Row {row.row}, {row.record}: {changes}")
        for row in report.with_notices:
            self.stdout.write(f"Row {row.row}, {row.record}: {row.notice}.")
        if report.ignored_columns:
            self.stdout.write(f"Not imported: the columns {', '.join(report.ignored_columns)}.")
        self.stdout.write(report.summary)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
