"""Benchmark: the annual plan PDF, for the seed plan and for a plan ten times its size.

For each plan it times the whole export (queries, template, WeasyPrint) and WeasyPrint alone
on the same HTML, and prints their ratio. Goals (docs/benchmarks.md): the portal adds no
more than 15% to WeasyPrint's own time, and the ten-times plan costs no more than ten times
the seed plan.

Run from the project folder:  .venv/bin/python bench/pdf.py [--repeat 3]
It uses a throwaway SQLite database and touches no other.
"""

import argparse
import io
import statistics
import time

import throwaway_django

throwaway_django.set_up()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from actionplan.models import KeyPartner, Partnership, Plan  # noqa: E402
from performance.pdf import html_to_pdf, render_plan_html, render_plan_pdf  # noqa: E402


def copy_row(row, **changes):
    row.pk = None
    row.id = None
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()
    return row


@transaction.atomic
def scaled_copy_of(seed: Plan, factor: int) -> Plan:
    """A new partnership whose plans hold `factor` copies of every part of the seed plan:
    narrative, review sections, figures, priorities with all they hold, and measures."""
    partnership = copy_row(
        Partnership.objects.get(pk=seed.partnership_id),
        name=f"{seed.partnership.name} x{factor}",
        slug=f"{seed.partnership.slug}-x{factor}",
    )
    previous_seed = seed.previous_plan()
    previous = copy_row(Plan.objects.get(pk=previous_seed.pk), partnership=partnership)
    plan = copy_row(
        Plan.objects.get(pk=seed.pk),
        partnership=partnership,
        **{name: "\n\n".join([getattr(seed, name)] * factor) for name in Plan.NARRATIVE_FIELDS},
    )
    for n in range(factor):
        for figure in seed.narrative_figures.all():
            copy_row(figure, plan=plan, label=figure.label if n == 0 else f"{figure.label} {n}")
        for section in seed.review_sections.all():
            copy_row(section, plan=plan, title=f"{section.title} ({n + 1})")
        for measure in previous_seed.measures.all():
            copy_row(measure, plan=previous, reference=f"{measure.reference}-{n}")
        for measure in seed.measures.filter(priority__isnull=True):
            copy_row(measure, plan=plan, reference=f"{measure.reference}-{n}")
        for priority in seed.priorities.all():
            copy_priority(priority, plan, suffix=str(n))
    return plan


def copy_priority(priority, plan, suffix):
    themes = {theme.pk: theme for theme in priority.themes.all()}
    actions = list(priority.actions.prefetch_related("supporting_organisations"))
    outcomes = list(priority.outcomes.all())
    measures = list(priority.measures.all())
    partners = list(KeyPartner.objects.filter(priority=priority))
    new = copy_row(priority, plan=plan, code=f"{priority.code}-{suffix}")
    new_themes = {pk: copy_row(theme, priority=new) for pk, theme in themes.items()}
    for action in actions:
        supporting = list(action.supporting_organisations.all())
        theme = new_themes.get(action.theme_id)
        copy_row(action, priority=new, theme=theme).supporting_organisations.set(supporting)
    for outcome in outcomes:
        copy_row(outcome, priority=new)
    for measure in measures:
        copy_row(measure, plan=plan, priority=new, reference=f"{measure.reference}-{suffix}")
    for link in partners:
        copy_row(link, priority=new)


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(plan, repeat):
    whole, pdf = timed(lambda: render_plan_pdf(plan=plan), repeat)
    portal, html = timed(lambda: render_plan_html(plan=plan), repeat)
    weasy, _ = timed(lambda: html_to_pdf(html), repeat)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return whole, portal, weasy, pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("loaddata", "seed_plan", verbosity=0)
    seed = Plan.objects.select_related("partnership").get(start_year=2012)
    big = scaled_copy_of(seed, 10)

    print(
        f"{'plan':<10}{'pages':>6}{'export s':>10}{'weasyprint s':>14}{'ratio':>7}"
        f"{'queries+template s':>20}"
    )
    results = {}
    for name, plan in [("seed", seed), ("seed x10", big)]:
        whole, portal, weasy, pages = measure(plan, args.repeat)
        results[name] = whole
        print(
            f"{name:<10}{pages:>6}{whole:>10.2f}{weasy:>14.2f}{whole / weasy:>7.3f}{portal:>20.3f}"
        )
    print(f"x10 plan / seed plan export time: {results['seed x10'] / results['seed']:.2f}")


if __name__ == "__main__":
    main()
