from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from performance.period_resources import FiguresByPeriodResource
from performance.resources import MeasureFiguresResource
from performance.spreadsheets import figures_import, period_figures_import


class Command(BaseCommand):
    help = (
        "Update measures' figures from a CSV or XLSX file (as export_figures writes it): "
        "every row or, if any row is wrong, none. Changes are recorded in the history "
        "under --user. A file by period (export_figures --by-period or --period) is imported "
        "with --by-period; --period q2 (or year, june, or a label such as 'Q2 2012/13') also "
        "says it holds that one period of each row's plan, and any row of another period is "
        "refused, so a partner's return cannot write into a quarter it was not for."
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
        parser.add_argument(
            "--by-period",
            action="store_true",
            help="The file has one row per measure and period (Period and What columns).",
        )
        parser.add_argument(
            "--period",
            help="The one period the file holds, in each row's plan year (implies "
            "--by-period): rows of any other period are refused.",
        )

    def handle(self, *args, file, user, dry_run=False, by_period=False, period=None, **options):
        path = Path(file)
        try:
            acting_user = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {user!r}.") from None
        by_period = by_period or bool(period)
        resource = FiguresByPeriodResource if by_period else MeasureFiguresResource
        try:
            with path.open("rb") as handle:
                # One byte over the limit is enough for the size check to refuse it.
                data = handle.read(resource.limits.most_bytes + 1)
        except OSError as error:
            raise CommandError(f"Could not read {path}: {error.strerror}.") from None
        arguments = {"file_bytes": data, "filename": path.name, "acting_user": acting_user}
        if by_period:
            report = period_figures_import(
                **arguments, dry_run=dry_run, options={"period": period or ""}
            )
        else:
            report = figures_import(**arguments, dry_run=dry_run)
        if not report.ok:
            problems = "\n".join(f"  {problem}" for problem in report.problems)
            raise CommandError(f"{path.name} was not imported; nothing changed.\n{problems}")
        for row in [*report.created, *report.updated]:
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
