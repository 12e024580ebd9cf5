"""Benchmark: importing figures files, as the admin and import_figures do it.

One row per measure: it builds a plan of 5,000 measures in a throwaway SQLite database,
exports its figures, and times, for CSV and XLSX: the preview (dry run) of the unchanged
file, and of a file that changes every actual figure; the import of that file (5,000
updates, each with its history record, in one transaction); and the export itself. Goals
(docs/benchmarks.md): a preview of 5,000 rows in under 10 seconds, the import of 5,000
changes in under 30, and a number of queries that does not grow with the rows beyond one
save and one history record a change.

By period (--part period): 500 measures carried through five plan years (a plan each,
2030 to 2034, so 2,500 measure records), reported monthly, and a file of their five years
of months: 30,000 rows. It times, for CSV and XLSX, the preview and the import of the file
(30,000 figures added), the preview of the same file once imported (all left alone), the
preview and the import of a file changing every value (30,000 updates), and the export of
the series. Goal: 1,000 rows a second or more for each preview and each import.

Run from the project folder:  .venv/bin/python bench/import_figures.py [--repeat 3]
[--part measure|period|both]. It uses a throwaway SQLite database and touches no other.
"""

import argparse
import csv
import io
import re
import resource
import statistics
import time
from decimal import Decimal

import throwaway_django

throwaway_django.set_up()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from actionplan.models import Partnership, Plan  # noqa: E402
from actionplan.services import user_partnerships_set  # noqa: E402
from partners import roles  # noqa: E402
from partners.models import Organisation  # noqa: E402
from partners.services import user_set_up  # noqa: E402
from performance.models import Measure, MeasureFigure  # noqa: E402
from performance.period_exports import plan_series  # noqa: E402
from performance.spreadsheets import (  # noqa: E402
    figures_export,
    figures_import,
    period_figures_export,
    period_figures_import,
)

ROWS = 5_000
NUMBER = re.compile(r"\d+(\.\d+)?")
PERIOD_MEASURES = 500
PERIOD_YEARS = range(2030, 2035)
MONTHS = [
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
]


def build_plan() -> Plan:
    partnership = Partnership.objects.create(
        name="Benchmark CSP", short_name="Benchmark CSP", slug="benchmark-csp"
    )
    plan = Plan.objects.create(partnership=partnership, start_year=2030)
    police = Organisation.objects.create(name="Benchmark Police")
    Measure.objects.bulk_create(
        Measure(
            plan=plan,
            reference=f"M{n}",
            category=Measure.Category.POLICE,
            label=f"Measure {n}: recorded incidents of the kind numbered {n}",
            unit=Measure.Unit.PERCENT if n % 4 == 0 else Measure.Unit.COUNT,
            direction=Measure.Direction.REDUCE,
            decimal_places=1 if n % 4 == 0 else 0,
            responsible_organisation=police,
            baseline_value=Decimal("76.2") if n % 4 == 0 else Decimal(600 + n),
            baseline_period="2028/29",
            target_value=Decimal("70.0") if n % 4 == 0 else Decimal(550 + n),
            target_period="2030/31",
            order=n,
        )
        for n in range(ROWS)
    )
    return plan


def with_every_actual(csv_bytes: bytes, run: int) -> bytes:
    """The file with a new actual figure, different in every run, in every row."""
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")))
    header = rows[0]
    actual, period = header.index("Actual"), header.index("Actual period")
    unit = header.index("Unit")
    for n, row in enumerate(rows[1:]):
        row[actual] = str(50 + Decimal(run) / 10) if row[unit] == "Percent" else str(500 + n + run)
        row[period] = "2030/31"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def as_xlsx(csv_bytes: bytes) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")):
        sheet.append([Decimal(cell) if NUMBER.fullmatch(cell) else cell for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(function, repeat):
    """Median wall and CPU seconds, most queries (of one run) and the last result.

    CPU time is printed too because the machines are shared: it moves less than the wall
    clock when other work runs beside the benchmark (SQLite runs in this process).
    """
    wall, cpu, queries = [], [], []
    for run in range(repeat):
        count = [0]

        def counted(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = function(run)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        queries.append(count[0])
    return statistics.median(wall), statistics.median(cpu), max(queries), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--part", choices=["measure", "period", "both"], default="both")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    officer = user_set_up(username="bench-officer", password="bench-pass-1234", role=roles.OFFICER)  # noqa: S106
    if args.part in ("measure", "both"):
        by_measure(officer, args.repeat)
    if args.part in ("period", "both"):
        by_period(officer, args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MiB")


def by_measure(officer, repeat):
    plan = build_plan()
    user_partnerships_set(user=officer, partnerships=[plan.partnership])
    measures = Measure.objects.filter(plan=plan)
    unchanged_csv = figures_export(queryset=measures, file_format="csv", acting_user=officer)
    # Every run changes every actual again: the CSV runs count from 1, the XLSX runs from 11.
    changed_csv = [with_every_actual(unchanged_csv, 1 + run) for run in range(repeat)]
    files = {
        "csv": (unchanged_csv, changed_csv),
        "xlsx": (
            figures_export(queryset=measures, file_format="xlsx", acting_user=officer),
            [as_xlsx(with_every_actual(unchanged_csv, 11 + run)) for run in range(repeat)],
        ),
    }

    def run_import(data, name, dry_run):
        report = figures_import(
            file_bytes=data, filename=name, acting_user=officer, dry_run=dry_run
        )
        assert report.ok, report.problems[:3]
        return report

    print(f"{ROWS:,} measures; median of {repeat} runs")
    print(f"{'step':<40}{'wall s':>8}{'cpu s':>8}{'queries':>9}{'rows/s':>9}")
    for kind, (unchanged, changed) in files.items():
        name = f"figures.{kind}"
        steps = {
            f"export ({len(unchanged) // 1024} KiB)": (
                lambda run, k=kind: figures_export(
                    queryset=measures, file_format=k, acting_user=officer
                )
            ),
            "preview, unchanged file": lambda run, d=unchanged, n=name: run_import(d, n, True),
            "preview, every actual changed": (
                lambda run, c=changed, n=name: run_import(c[run], n, True)
            ),
            "import, every actual changed": (
                lambda run, c=changed, n=name: run_import(c[run], n, False)
            ),
        }
        for label, step in steps.items():
            seconds, cpu, queries, result = timed(step, repeat)
            if label.startswith("import"):
                assert len(result.updated) == ROWS and result.committed
            step_name = f"{kind.upper()} {label}"
            print(f"{step_name:<40}{seconds:>8.2f}{cpu:>8.2f}{queries:>9}{ROWS / seconds:>9,.0f}")
    history = Measure.history.filter(plan=plan).count()
    print(f"history records written: {history:,} ({ROWS:,} per committed import)")


def build_period_plans() -> list[Plan]:
    """500 measures in each of five plan years, monthly, each with a baseline and a target."""
    partnership = Partnership.objects.create(
        name="Period CSP", short_name="Period CSP", slug="period-csp"
    )
    police = Organisation.objects.get_or_create(name="Benchmark Police")[0]
    plans = []
    for year in PERIOD_YEARS:
        plan = Plan.objects.create(partnership=partnership, start_year=year)
        measures = Measure.objects.bulk_create(
            Measure(
                plan=plan,
                reference=f"P{n}",
                category=Measure.Category.POLICE,
                label=f"Measure {n}: incidents of the kind numbered {n}",
                unit=Measure.Unit.PERCENT if n % 4 == 0 else Measure.Unit.COUNT,
                direction=Measure.Direction.REDUCE,
                decimal_places=1 if n % 4 == 0 else 0,
                frequency=Measure.Frequency.MONTHLY,
                responsible_organisation=police,
                baseline_value=Decimal("76.2") if n % 4 == 0 else Decimal(600 + n),
                baseline_period=f"{year - 2}/{(year - 1) % 100:02d}",
                target_value=Decimal("70.0") if n % 4 == 0 else Decimal(550 + n),
                target_period=f"{year}/{(year + 1) % 100:02d}",
                order=n,
            )
            for n in range(PERIOD_MEASURES)
        )
        rows = []
        for measure in measures:
            for what, value, label in (
                ("baseline", measure.baseline_value, measure.baseline_period),
                ("target", measure.target_value, measure.target_period),
            ):
                row = MeasureFigure(measure=measure, what=what, value=value, period_label=label)
                row.read_period(4)
                rows.append(row)
        MeasureFigure.objects.bulk_create(rows)
        plans.append(plan)
    return plans


def months_file(run: int) -> bytes:
    """Every measure's actual for every month of its plan year: 30,000 rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Partnership", "Plan year", "Reference", "Measure", "Period", "What"]
        + ["Value", "State", "Note", "Reported change", "Reported change is"]
        + ["Reported basis"]
    )
    for year in PERIOD_YEARS:
        for n in range(PERIOD_MEASURES):
            for index, month in enumerate(MONTHS):
                calendar_year = year if index < 9 else year + 1
                value = (
                    f"{40 + (n + index + run) % 50}.{run % 10}"
                    if n % 4 == 0
                    else str(50 + (n + index * 7 + run) % 400)
                )
                writer.writerow(
                    ["period-csp", year, f"P{n}", "", f"{month} {calendar_year}", "Actual"]
                    + [value, "", "", "", "", ""]
                )
    return out.getvalue().encode()


def by_period(officer, repeat):
    plans = build_period_plans()
    user_partnerships_set(user=officer, partnerships=[plans[0].partnership])
    rows = PERIOD_MEASURES * 12 * len(PERIOD_YEARS)

    def run_import(data, name, dry_run):
        report = period_figures_import(
            file_bytes=data, filename=name, acting_user=officer, dry_run=dry_run
        )
        assert report.ok, report.problems[:3]
        return report

    def export(kind):
        figures = [row for plan in plans for row in plan_series(plan=plan, acting_user=officer)]
        return period_figures_export(queryset=figures, file_format=kind, acting_user=officer)

    print(
        f"\nBy period: {PERIOD_MEASURES} measures x {len(PERIOD_YEARS)} plan years x 12 months;"
        f" median of {repeat} runs"
    )
    print(f"{'step':<44}{'wall s':>8}{'cpu s':>8}{'queries':>9}{'rows/s':>9}")
    # Each kind of file adds to a fresh set of figures: the months added by CSV are removed
    # before XLSX adds them again.
    for kind in ("csv", "xlsx"):
        convert = (lambda data: data) if kind == "csv" else as_xlsx
        new = convert(months_file(0))
        changed = [convert(months_file(1 + run)) for run in range(repeat)]
        name = f"months.{kind}"
        MeasureFigure.objects.filter(what="actual").delete()
        Measure.objects.filter(plan__in=plans).update(actual_value=None, actual_period="")
        steps = [
            (
                f"preview, {rows:,} to add ({len(new) // 1024:,} KiB)",
                repeat,
                lambda run, d=new, n=name: run_import(d, n, True),
            ),
            (f"import, {rows:,} added", 1, lambda run, d=new, n=name: run_import(d, n, False)),
            (
                "preview, the same file again",
                repeat,
                lambda run, d=new, n=name: run_import(d, n, True),
            ),
            (
                "preview, every value changed",
                repeat,
                lambda run, c=changed, n=name: run_import(c[run], n, True),
            ),
            (
                "import, every value changed",
                repeat,
                lambda run, c=changed, n=name: run_import(c[run], n, False),
            ),
            ("export of the series", repeat, lambda run, k=kind: export(k)),
        ]
        for label, runs, step in steps:
            seconds, cpu, queries, result = timed(step, runs)
            if label.startswith("import, every"):
                assert len(result.updated) == rows and result.committed
            elif label.startswith("import"):
                assert len(result.created) == rows and result.committed
            step_name = f"{kind.upper()} {label}"
            print(f"{step_name:<44}{seconds:>8.2f}{cpu:>8.2f}{queries:>9}{rows / seconds:>9,.0f}")
    history = MeasureFigure.history.filter(measure__plan__in=plans).count()
    print(f"figure history records: {history:,}")


if __name__ == "__main__":
    main()
