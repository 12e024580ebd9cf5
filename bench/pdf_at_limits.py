"""Benchmark: the annual plan PDF of the seed plan with every typed text at its limit.

Every text field a person types into (web/text_limits.py) of every row the PDF can print,
both plans, the partnership, the organisations and their contacts, is filled to its limit
with the seed plan's own prose, and the PDF is timed in both variants. Goal
(docs/benchmarks.md): well inside the server's 120-second timeout, at most 30 s; if not,
the limits are too generous.

Run from the project folder:  .venv/bin/python bench/pdf_at_limits.py [--repeat 3]
It uses a throwaway SQLite database and touches no other.
"""

import argparse
import io
import re
import statistics
import time

import throwaway_django

throwaway_django.set_up()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import models, transaction  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from simple_history.models import HistoricalChanges  # noqa: E402

from actionplan.models import Plan  # noqa: E402
from performance.pdf import Variant, render_plan_pdf  # noqa: E402

APPS = ("actionplan", "performance", "partners")


def seed_prose(plan: Plan) -> str:
    """The seed plan's narrative, without its figure markers, as one long text."""
    text = "\n\n".join(getattr(plan, name) for name in Plan.NARRATIVE_FIELDS)
    return re.sub(r"\[\[[^\]]*\]\]", "", text)


def filled(field: models.Field, number: int, prose: str) -> str:
    """A text exactly at the field's limit, unique by its number where the field must be."""
    limit = field.max_length
    if isinstance(field, models.EmailField):
        domain = "@example.org"
        return f"{number}-" + "a" * (limit - len(domain) - len(str(number)) - 1) + domain
    if isinstance(field, models.SlugField):
        return (f"{number}-" + "x" * limit)[:limit]
    if not isinstance(field, models.TextField):
        prose = " ".join(prose.split())  # a one-line field holds no line breaks
    text = f"{number} " + prose * (limit // len(prose) + 1)
    return text[:limit]


def typed_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def typed_models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not issubclass(model, HistoricalChanges):
                yield model


def characters_stored() -> int:
    return sum(
        len(getattr(row, field.name))
        for model in typed_models()
        for row in model.objects.all()
        for field in typed_fields(model)
    )


@transaction.atomic
def fill_every_text_to_its_limit(prose: str) -> None:
    for model in typed_models():
        fields = typed_fields(model)
        for row in model.objects.all():
            values = {field.name: filled(field, row.pk, prose) for field in fields}
            model.objects.filter(pk=row.pk).update(**values)


def timed(function, repeat):
    """Median wall-clock and CPU seconds (CPU moves less when the machine is shared)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return (statistics.median(walls), statistics.median(cpus)), result


def row(name: str, characters: int, pdf: bytes, seconds: tuple[float, float]) -> None:
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    wall, cpu = seconds
    print(f"{name:<40}{characters:>12,}{pages:>7}{wall:>8.2f}{cpu:>8.2f}{len(pdf) / 1e6:>7.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("loaddata", "seed_plan", verbosity=0)
    plan = Plan.objects.select_related("partnership").get(start_year=2012)
    prose = seed_prose(plan)
    seed_characters = characters_stored()
    seed_seconds, seed_pdf = timed(lambda: render_plan_pdf(plan=plan), args.repeat)
    fill_every_text_to_its_limit(prose)
    written = characters_stored()
    plan = Plan.objects.select_related("partnership").get(pk=plan.pk)

    print(f"{'plan':<40}{'characters':>12}{'pages':>7}{'wall s':>8}{'CPU s':>8}{'MB':>7}")
    row("seed, standard", seed_characters, seed_pdf, seed_seconds)
    for variant in (Variant.STANDARD, Variant.LARGE_PRINT):
        seconds, pdf = timed(lambda v=variant: render_plan_pdf(plan=plan, variant=v), args.repeat)
        row(f"every text at its limit, {variant.value}", written, pdf, seconds)


if __name__ == "__main__":
    main()
