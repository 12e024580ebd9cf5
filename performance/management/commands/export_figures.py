from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.models import Measure
from performance.spreadsheets import figures_export
from spreadsheets.files import FileRefused, file_format

from ..plan_options import acting_user_named, add_plan_arguments, file_written, plan_chosen


class Command(BaseCommand):
    help = (
        "Write the figures of a plan's measures as a spreadsheet, e.g. "
        "--year 2011 --user officer --output figures.csv (or figures.xlsx)."
    )

    def add_arguments(self, parser):
        add_plan_arguments(
            parser, user_help="Whose export it is: it holds only the measures this user may see."
        )
        parser.add_argument(
            "--output", required=True, help="The file to write: its name ends .csv or .xlsx."
        )

    def handle(self, *args, year, output, user, partnership=None, **options):
        try:
            kind = file_format(output)
        except FileRefused:
            raise CommandError(f"{output}: give a file name ending .csv or .xlsx.") from None
        acting_user = acting_user_named(user)
        plan = plan_chosen(acting_user=acting_user, year=year, partnership=partnership)
        measures = Measure.objects.visible_to(acting_user).filter(plan=plan)
        content = figures_export(queryset=measures, file_format=kind, acting_user=acting_user)
        path = file_written(Path(output), content)
        self.stdout.write(f"Wrote the figures of {measures.count()} measures to {path}.")
