from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.models import Measure
from performance.period_exports import period_return, plan_series
from performance.plan_periods import plan_periods
from performance.spreadsheets import figures_export, period_figures_export
from spreadsheets.files import FileRefused, file_format

from ..plan_options import acting_user_named, add_plan_arguments, file_written, plan_chosen


class Command(BaseCommand):
    help = (
        "Write the figures of a plan's measures as a spreadsheet, e.g. "
        "--year 2011 --user officer --output figures.csv (or figures.xlsx): one row per "
        "measure. --by-period writes one row per measure and period (its whole series); "
        "--period q2 (or year, june, or a label such as 'Q2 2012/13') writes one period's "
        "rows: each measure due for it, with its figure or a blank row to fill in, the start "
        "of a partner's return."
    )

    def add_arguments(self, parser):
        add_plan_arguments(
            parser, user_help="Whose export it is: it holds only the measures this user may see."
        )
        parser.add_argument(
            "--output", required=True, help="The file to write: its name ends .csv or .xlsx."
        )
        parser.add_argument(
            "--by-period",
            action="store_true",
            help="One row per measure and period: every figure of each measure's series.",
        )
        parser.add_argument(
            "--period",
            help="One period of the plan's year, by period: year, q1 to q4, a month (june), "
            "or its label (Q2 2012/13).",
        )

    def handle(
        self, *args, year, output, user, partnership=None, by_period=False, period=None, **options
    ):
        try:
            kind = file_format(output)
        except FileRefused:
            raise CommandError(f"{output}: give a file name ending .csv or .xlsx.") from None
        acting_user = acting_user_named(user)
        plan = plan_chosen(acting_user=acting_user, year=year, partnership=partnership)
        if period:
            chosen = _plan_period(plan, period)
            rows = period_return(plan=plan, plan_period=chosen, acting_user=acting_user)
            content = period_figures_export(
                queryset=rows, file_format=kind, acting_user=acting_user
            )
            path = file_written(Path(output), content)
            self.stdout.write(f"Wrote {len(rows)} rows of figures for {chosen.label} to {path}.")
            return
        if by_period:
            rows = plan_series(plan=plan, acting_user=acting_user)
            content = period_figures_export(
                queryset=rows, file_format=kind, acting_user=acting_user
            )
            path = file_written(Path(output), content)
            self.stdout.write(f"Wrote {len(rows)} figures by period to {path}.")
            return
        measures = Measure.objects.visible_to(acting_user).filter(plan=plan)
        content = figures_export(queryset=measures, file_format=kind, acting_user=acting_user)
        path = file_written(Path(output), content)
        self.stdout.write(f"Wrote the figures of {measures.count()} measures to {path}.")


def _plan_period(plan, asked: str):
    """The plan period named by its word (q2) or its label (Q2 2012/13)."""
    periods = plan_periods(plan)
    wanted = asked.strip().casefold()
    found = next((each for each in periods if wanted in (each.slug, each.label.casefold())), None)
    if found is None:
        words = ", ".join(each.slug for each in periods)
        raise CommandError(
            f'"{asked}" names no period of the {periods[0].label} plan year: give one of '
            f"{words}, or its label (e.g. {periods[2].label})."
        )
    return found
