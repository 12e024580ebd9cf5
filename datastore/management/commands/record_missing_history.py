from django.core.management.base import BaseCommand
from django.db import transaction

from datastore.history import recorded_models


class Command(BaseCommand):
    help = (
        "Give every row that has no history yet its first history entry. loaddata saves "
        "raw rows, which django-simple-history does not record; run this after loading a "
        "fixture so that later edits show what they changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows and record nothing."
        )

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        total = 0
        for model, attribute in recorded_models():
            manager = getattr(model, attribute)
            recorded = manager.values_list(model._meta.pk.attname, flat=True).distinct()
            missing = list(model._default_manager.exclude(pk__in=recorded))
            if missing and not dry_run:
                manager.bulk_history_create(missing, default_change_reason="Loaded")
            total += len(missing)
        verb = "would record" if dry_run else "recorded"
        self.stdout.write(f"History {verb} for {total} row(s) that had none.")
