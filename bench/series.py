"""Benchmark: a plan of 500 measures, each with five years of monthly actuals (30,000 figures).

It counts the queries of the overview page and of the PDF's content before and after the
actuals are added (goal: the same, whatever the number of figures), and times the overview
page (goal under 300 ms), a measure page with its 60 figures (goal under 100 ms), the figures
page for one month with all 500 measures due (goal under 300 ms and 300 KB; also with the
change as reported, `?reported=1`, which has no goal of its own) and the PDF's
content and template (WeasyPrint's own time is `bench/pdf.py`'s), each page both with every
measure's standing to work out from its figures (as after a change to all of them) and with
the standings stored (as on every later view). Pages are fetched through
Django's test client as a signed-in administrator, with DEBUG on as `make run` has it.

Run from the project folder:  .venv/bin/python bench/series.py [--repeat 5]
It uses a throwaway SQLite database and touches no other.
"""

import argparse
import calendar
import statistics
import time
from decimal import Decimal

import throwaway_django

throwaway_django.set_up()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from actionplan.models import Partnership, Plan  # noqa: E402
from performance.models import Measure, MeasureFigure  # noqa: E402
from performance.pdf import render_plan_html  # noqa: E402
from performance.services.series import headline_of  # noqa: E402
from periods import parse_period  # noqa: E402

MEASURES = 500
FIRST_YEAR, YEARS = 2012, 5  # monthly actuals from April 2012 to March 2017
MONTH_NAMES = [calendar.month_name[(3 + i) % 12 + 1] for i in range(12)]  # April first
MONTHS = [
    f"{name} {first + (i >= 9)}"
    for first in range(FIRST_YEAR, FIRST_YEAR + YEARS)
    for i, name in enumerate(MONTH_NAMES)
]


def figure(measure, what, label, value):
    period = parse_period(label)
    return MeasureFigure(
        measure=measure,
        what=what,
        period_label=label,
        period_start=period.start,
        period_end=period.end,
        period_kind=period.kind.value,
        value=Decimal(value),
    )


@transaction.atomic
def plan_of_500_measures() -> Plan:
    partnership = Partnership.objects.create(
        name="Benchmark CSP", short_name="Benchmark CSP", slug="benchmark-csp"
    )
    plan = Plan.objects.create(partnership=partnership, start_year=FIRST_YEAR + YEARS - 1)
    measures = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            reference=f"B{n}",
            category=Measure.Category.POLICE,
            label=f"Reduce recorded offences of kind {n}",
            direction=Measure.Direction.REDUCE,
            frequency=Measure.Frequency.MONTHLY,  # as its actuals are
            order=n,
        )
        for n in range(MEASURES)
    )
    rows = []
    for n, measure in enumerate(measures):
        rows.append(figure(measure, "baseline", "2015/16", 1200 + n))
        rows.append(figure(measure, "target", "2016/17", 1100 + n))
    store(rows, measures)
    return plan


def add_monthly_actuals(plan: Plan) -> int:
    measures = list(plan.measures.all())
    rows = [
        figure(measure, "actual", label, 90 + (n + i) % 20)
        for n, measure in enumerate(measures)
        for i, label in enumerate(MONTHS)
    ]
    store(rows, measures)
    return len(rows)


def store(rows, measures):
    """The rows, and each measure's headline as its series gives it (as the writer does)."""
    MeasureFigure.objects.bulk_create(rows, batch_size=2000)
    by_measure = {}
    for row in MeasureFigure.objects.filter(measure__in=measures):
        by_measure.setdefault(row.measure_id, []).append(row)
    for measure in measures:
        for name, value in headline_of(by_measure[measure.pk]).items():
            setattr(measure, name, value)
    Measure.objects.bulk_update(measures, list(headline_of([])), batch_size=500)
    # Bulk writes send no signals: the stored standings are emptied as the writer empties them.
    Measure.objects.filter(pk__in=[measure.pk for measure in measures]).standings_outdated()


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def timed(function, repeat, *, before_each=lambda: None) -> float:
    function()  # warm: templates compiled, caches filled
    times = []
    for _ in range(repeat):
        before_each()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_timed(function, repeat) -> float:
    """The median CPU seconds of `function`: on a shared machine it moves less than the wall
    clock with what else is running."""
    function()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def standings_emptied():
    """Every stored standing emptied, as after a figure of every measure changed: the page
    then works them all out from the 30,000 figures and stores them."""
    Measure.objects.standings_outdated()


def get(client, url):
    def fetch():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    client = Client(SERVER_NAME="localhost")  # one of the development ALLOWED_HOSTS
    client.force_login(get_user_model().objects.create_superuser("bench", password=None))
    plan = plan_of_500_measures()
    overview = get(client, reverse("performance:plan-overview", args=[plan.pk]))
    pdf_content = lambda: render_plan_html(plan=plan)  # noqa: E731

    before = {"overview": queries(overview), "PDF content": queries(pdf_content)}
    figures = add_monthly_actuals(plan)
    after = {"overview": queries(overview), "PDF content": queries(pdf_content)}
    stored = {"overview": queries(overview), "PDF content": queries(pdf_content)}
    measure = plan.measures.order_by("pk").first()
    measure_page = get(client, reverse("performance:measure-detail", args=[measure.pk]))

    print(f"{MeasureFigure.objects.count():,} figures, {figures:,} of them monthly actuals")
    for name in before:
        print(
            f"{name}: {before[name]} queries with no actuals, {after[name]} with them,"
            f" {stored[name]} with their standings stored"
        )
    print(f"measure page with {measure.figures.count()} figures: {queries(measure_page)} queries")
    for name, page in [("overview (500 measures)", overview), ("PDF content", pdf_content)]:
        cold = timed(page, args.repeat, before_each=standings_emptied)
        print(f"{name}, every standing to work out: {cold * 1000:.0f} ms")
        print(f"{name}, standings stored: {timed(page, args.repeat) * 1000:.0f} ms")
    print(f"measure page: {timed(measure_page, args.repeat) * 1000:.0f} ms")
    due = plan.measures.count()
    for name, query in [("", ""), (", with the change as reported", "?reported=1")]:
        url = reverse("performance:period-figures", args=[plan.pk, "june"]) + query
        month_page = get(client, url)
        size = len(month_page().content)
        empty = len(get(client, url.replace("june", "q1"))().content)  # no measure due
        print(
            f"figures page for one month ({due} measures due){name}: "
            f"{queries(month_page)} queries, {timed(month_page, args.repeat) * 1000:.0f} ms "
            f"({cpu_timed(month_page, args.repeat) * 1000:.0f} ms of CPU), "
            f"{size / 1024:.0f} KB of HTML, {(size - empty) / due:.0f} bytes a measure"
        )


if __name__ == "__main__":
    main()
