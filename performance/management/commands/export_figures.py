from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplan.models import Plan
from performance.models import Measure
from performance.spreadsheets import FileRefused, figures_export, file_format


class Command(BaseCommand):
    help = (
        "Write the figures of a plan's measures as a spreadsheet, e.g. "
        "--year 2011 --output figures.csv (or figures.xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The plan's start year.")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug; needed only when several partnerships have a plan "
            "for that year.",
        )
        parser.add_argument(
            "--output", required=True, help="The file to write: its name ends .csv or .xlsx."
        )

    def handle(self, *args, year, output, partnership=None, **options):
        try:
            kind = file_format(output)
        except FileRefused:
            raise CommandError(f"{output}: give a file name ending .csv or .xlsx.") from None
        plans = Plan.objects.filter(start_year=year)
        if partnership:
            plans = plans.filter(partnership__slug=partnership)
        found = list(plans[:2])
        if not found:
            raise CommandError(f"There is no plan starting in {year}.")
        if len(found) > 1:
            raise CommandError(
                f"Several partnerships have a plan starting in {year}: name one with --partnership."
            )
        measures = Measure.objects.filter(plan=found[0])
        content = figures_export(queryset=measures, file_format=kind)
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from None
        self.stdout.write(f"Wrote the figures of {measures.count()} measures to {path}.")
