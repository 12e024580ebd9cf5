"""Benchmark: importing a 5,000-row figures file, as the admin and import_figures do it.

It builds a plan of 5,000 measures in a throwaway SQLite database, exports its figures, and
times, for CSV and XLSX: the preview (dry run) of the unchanged file, and of a file that
changes every actual figure; the import of that file (5,000 updates, each with its history
record, in one transaction); and the export itself. Goals (docs/benchmarks.md): a preview
of 5,000 rows in under 10 seconds, the import of 5,000 changes in under 30, and a number of
queries that does not grow with the rows beyond one save and one history record a change.

Run from the project folder:  .venv/bin/python bench/import_figures.py [--repeat 3]
It uses a throwaway SQLite database and touches no other.
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
from performance.models import Measure  # noqa: E402
from performance.spreadsheets import figures_export, figures_import  # noqa: E402

ROWS = 5_000
NUMBER = re.compile(r"\d+(\.\d+)?")


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
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    plan = build_plan()
    officer = user_set_up(username="bench-officer", password="bench-pass-1234", role=roles.OFFICER)  # noqa: S106
    user_partnerships_set(user=officer, partnerships=[plan.partnership])
    measures = Measure.objects.filter(plan=plan)
    unchanged_csv = figures_export(queryset=measures, file_format="csv", acting_user=officer)
    # Every run changes every actual again: the CSV runs count from 1, the XLSX runs from 11.
    changed_csv = [with_every_actual(unchanged_csv, 1 + run) for run in range(args.repeat)]
    files = {
        "csv": (unchanged_csv, changed_csv),
        "xlsx": (
            figures_export(queryset=measures, file_format="xlsx", acting_user=officer),
            [as_xlsx(with_every_actual(unchanged_csv, 11 + run)) for run in range(args.repeat)],
        ),
    }

    def run_import(data, name, dry_run):
        report = figures_import(
            file_bytes=data, filename=name, acting_user=officer, dry_run=dry_run
        )
        assert report.ok, report.problems[:3]
        return report

    print(f"{ROWS:,} measures; median of {args.repeat} runs")
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
            seconds, cpu, queries, result = timed(step, args.repeat)
            if label.startswith("import"):
                assert len(result.updated) == ROWS and result.committed
            step_name = f"{kind.upper()} {label}"
            print(f"{step_name:<40}{seconds:>8.2f}{cpu:>8.2f}{queries:>9}{ROWS / seconds:>9,.0f}")
    history = Measure.history.filter(plan=plan).count()
    print(f"history records written: {history:,} ({ROWS:,} per committed import)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
