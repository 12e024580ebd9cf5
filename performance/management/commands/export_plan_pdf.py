from pathlib import Path

from django.core.management.base import BaseCommand

from performance.pdf import Variant, plan_document

from ..plan_options import acting_user_named, add_plan_arguments, file_written, plan_chosen


class Command(BaseCommand):
    help = (
        "Write a plan's annual action plan PDF, e.g. --year 2012 --user officer --output plan.pdf"
    )

    def add_arguments(self, parser):
        add_plan_arguments(
            parser, user_help="Whose export it is: only a plan this user may see is written."
        )
        parser.add_argument(
            "--output", help="Where to write the PDF (default: the descriptive file name)."
        )
        parser.add_argument(
            "--large-print", action="store_true", help="The large-print variant (18 pt text)."
        )

    def handle(
        self, *args, year, user, partnership=None, output=None, large_print=False, **options
    ):
        acting_user = acting_user_named(user)
        plan = plan_chosen(acting_user=acting_user, year=year, partnership=partnership)
        variant = Variant.LARGE_PRINT if large_print else Variant.STANDARD
        document = plan_document(plan=plan, variant=variant)
        path = file_written(Path(output or document.filename), document.content)
        self.stdout.write(f"Wrote {path} ({len(document.content):,} bytes).")
