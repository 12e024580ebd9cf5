from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplan.models import Plan
from performance.pdf import Variant, plan_document


class Command(BaseCommand):
    help = "Write a plan's annual action plan PDF, e.g. --year 2012 --output plan.pdf"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The plan's start year.")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug; needed only when several partnerships have a plan "
            "for that year.",
        )
        parser.add_argument(
            "--output", help="Where to write the PDF (default: the descriptive file name)."
        )
        parser.add_argument(
            "--large-print", action="store_true", help="The large-print variant (18 pt text)."
        )

    def handle(self, *args, year, partnership=None, output=None, large_print=False, **options):
        plans = Plan.objects.select_related("partnership").filter(start_year=year)
        if partnership:
            plans = plans.filter(partnership__slug=partnership)
        found = list(plans[:2])
        if not found:
            raise CommandError(f"There is no plan starting in {year}.")
        if len(found) > 1:
            raise CommandError(
                f"Several partnerships have a plan starting in {year}: name one with --partnership."
            )
        variant = Variant.LARGE_PRINT if large_print else Variant.STANDARD
        document = plan_document(plan=found[0], variant=variant)
        path = Path(output or document.filename)
        try:
            path.write_bytes(document.content)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {path} ({len(document.content):,} bytes).")
