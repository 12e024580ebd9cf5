"""Figures by period in and out as spreadsheets: one row per measure, what and period. A bad
row never changes the plan and is named by row and column in its own words; a good file adds
or changes exactly the figures it gives, through the bulk writer of series rows, with the
importer in the history and the measure's headline following its series."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actionplan.models import Plan
from conftest import stored_state
from performance.models import Measure, MeasureFigure
from performance.period_exports import period_return, plan_series
from performance.period_resources import FiguresByPeriodResource
from performance.period_rules import outside_plan_year, rate_as_year_to_date, unreadable_period
from performance.plan_periods import plan_period
from performance.spreadsheets import period_figures_export, period_figures_import
from spreadsheets import files, pending
from spreadsheets.imports import Problem

pytestmark = pytest.mark.django_db

What = MeasureFigure.What


@pytest.fixture(autouse=True)
def pending_folder(tmp_path, monkeypatch):
    folder = tmp_path / "pending"
    monkeypatch.setattr(pending, "PENDING_FOLDER", folder)
    return folder


@pytest.fixture
def quarterly(plan):
    """PT1 (recorded crime, a count) and PT5 (a percentage) reported every quarter."""
    Measure.objects.filter(plan=plan, reference__in=["PT1", "PT5"]).update(frequency="quarterly")
    return plan


def database_state():
    return stored_state(Measure, MeasureFigure)


@pytest.fixture
def before(quarterly):
    return database_state()


def series_file(plan, user, file_format="csv"):
    return period_figures_export(
        queryset=plan_series(plan=plan, acting_user=user), file_format=file_format, acting_user=user
    )


def return_file(plan, user, slug="q2"):
    rows = period_return(plan=plan, plan_period=plan_period(plan, slug), acting_user=user)
    return period_figures_export(queryset=rows, file_format="csv", acting_user=user)


def rows_of(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_of(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row_for(rows, reference, period="Q2 2012/13", what="Actual"):
    return next(
        r for r in rows if (r["Reference"], r["Period"], r["What"]) == (reference, period, what)
    )


def a_row(reference, period, what="Actual", value="", state="", **cells):
    row = {
        "Partnership": "tonbridge-and-malling-csp",
        "Plan year": "2012",
        "Reference": reference,
        "Measure": "",
        "Period": period,
        "What": what,
        "Value": value,
        "State": state,
        "Note": "",
        "Reported change": "",
        "Reported change is": "",
        "Reported basis": "",
    }
    row.update(cells)
    return row


def imported(user, rows_or_bytes, *, dry_run=False, period="", filename="figures.csv"):
    data = rows_or_bytes if isinstance(rows_or_bytes, bytes) else csv_of(rows_or_bytes)
    return period_figures_import(
        file_bytes=data,
        filename=filename,
        acting_user=user,
        dry_run=dry_run,
        options={"period": period} if period else None,
    )


def assert_refused(report, *messages):
    problems = [str(problem) for problem in report.problems]
    assert not report.ok and not report.committed
    for message in messages:
        assert message in problems, problems


def q2_actual(plan, reference):
    return MeasureFigure.objects.get(
        measure__plan=plan,
        measure__reference=reference,
        what=What.ACTUAL,
        period_label="Q2 2012/13",
    )


# ------------------------------------------------------------------ what a good file does


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_importing_an_unchanged_series_export_changes_nothing(officer, before, file_format):
    data = series_file(Plan.objects.get(start_year=2012), officer, file_format)

    report = imported(officer, data, filename=f"figures.{file_format}")

    assert report.committed and not report.created and not report.updated
    assert (
        len(report.unchanged)
        == MeasureFigure.objects.filter(measure__plan__start_year=2012).count()
    )
    assert database_state() == before


def test_a_period_export_lists_each_measure_due_with_a_blank_row_to_fill(officer, quarterly):
    rows = rows_of(return_file(quarterly, officer))

    assert [(r["Reference"], r["Period"], r["What"], r["Value"]) for r in rows] == [
        ("PT1", "Q2 2012/13", "Actual", ""),
        ("PT5", "Q2 2012/13", "Actual", ""),
    ]
    assert rows[0]["Period read as"] == "1 July 2012 to 30 September 2012 (quarter)"


def test_a_partners_return_filled_in_adds_exactly_its_figures_with_the_importer_in_history(
    officer, quarterly
):
    rows = rows_of(return_file(quarterly, officer))
    row_for(rows, "PT1")["Value"] = "25,480"
    row_for(rows, "PT1")["Note"] = "Police recorded crime, July to September"
    versions = dict(Measure.objects.filter(plan=quarterly).values_list("reference", "version"))
    untouched = Measure.objects.get(plan=quarterly, reference="PT5")

    report = imported(officer, rows)

    assert report.committed, report.problems
    assert [row.record for row in report.created] == ["PT1 actual Q2 2012/13 of the 2012 plan"]
    assert [row.record for row in report.unchanged] == ["PT5 actual Q2 2012/13 of the 2012 plan"]
    figure = q2_actual(quarterly, "PT1")
    assert figure.value == Decimal("25480") and figure.entered_by == officer
    assert figure.note == "Police recorded crime, July to September"
    assert (figure.period_start.isoformat(), figure.period_kind) == ("2012-07-01", "quarter")
    assert figure.history.get().history_user == officer
    pt1 = Measure.objects.get(plan=quarterly, reference="PT1")
    # The headline follows the series, the version moves on, the standing is to be worked out.
    assert (pt1.actual_value, pt1.actual_period) == (Decimal("25480"), "Q2 2012/13")
    assert pt1.version > versions["PT1"]
    assert pt1.history.latest().history_user == officer
    assert Measure.objects.get(pk=untouched.pk).version == versions["PT5"]
    assert not MeasureFigure.objects.filter(measure=untouched, what=What.ACTUAL).exists()


def test_a_preview_shows_what_it_would_add_and_writes_nothing(officer, before, quarterly):
    rows = rows_of(return_file(quarterly, officer))
    row_for(rows, "PT5")["Value"] = "36.1"

    report = imported(officer, rows, dry_run=True)

    assert report.ok and not report.committed
    assert report.created[0].changes == (("Value", "", "36.1"), ("State", "", "Provided"))
    assert database_state() == before


def test_a_figure_held_under_another_label_for_the_same_dates_is_updated_not_doubled(
    officer, quarterly
):
    call = imported(officer, [a_row("PT1", "Q2 2012/13", value="25480")])
    assert call.committed

    report = imported(officer, [a_row("PT1", "July to September 2012", value="25100")])

    assert report.committed and len(report.updated) == 1
    figure = q2_actual(quarterly, "PT1")  # kept under the label it is stored under
    assert figure.value == Decimal("25100")
    assert MeasureFigure.objects.filter(measure=figure.measure, what=What.ACTUAL).count() == 1


def test_not_yet_available_needs_no_value_and_lagged_needs_its_note(officer, quarterly):
    report = imported(
        officer,
        [
            a_row("PT1", "Q2 2012/13", state="Not yet available"),
            a_row("PT5", "Q2 2012/13", state="Lagged", Note="Survey results arrive in November"),
        ],
    )

    assert report.committed, report.problems
    assert q2_actual(quarterly, "PT1").state == MeasureFigure.State.NOT_YET_AVAILABLE
    assert q2_actual(quarterly, "PT5").value is None


def test_a_baseline_of_an_earlier_year_is_taken(officer, quarterly):
    report = imported(officer, [a_row("PT1", "2010/11", what="Baseline", value="104000")])

    assert report.committed, report.problems
    assert MeasureFigure.objects.get(
        measure__plan=quarterly, measure__reference="PT1", period_label="2010/11"
    ).value == Decimal("104000")


# ------------------------------------------------------------------ what is refused


def test_a_period_the_parser_cannot_read_is_refused(officer, before):
    report = imported(officer, [a_row("PT1", "Q5 2012/13", value="25480")])

    assert_refused(report, str(Problem(unreadable_period("Q5 2012/13"), row=2, column="Period")))
    assert str(report.problems[0]).startswith(
        'Row 2, column "Period": "Q5 2012/13" is not a period the portal can read'
    )
    assert database_state() == before


@pytest.mark.parametrize("what", ["Actual", "Target"])
def test_an_actual_or_target_outside_the_plan_year_is_refused(officer, before, what):
    report = imported(
        officer,
        [a_row("PT1", "Q1 2012/13", value="25000"), a_row("PT1", "Q2 2013/14", what, "25480")],
    )

    year = plan_period(Plan.objects.get(start_year=2012), "year").period
    assert_refused(
        report, str(Problem(outside_plan_year("Q2 2013/14", what.lower(), year), 3, "Period"))
    )
    assert str(report.problems[0]).startswith(
        'Row 3, column "Period": Q2 2013/14 is outside the 2012/13 plan year (April 2012 to '
        "March 2013)"
    )
    assert len(report.problems) == 1
    assert database_state() == before  # the good row in the file is not written either


def test_a_baseline_after_the_plan_year_is_refused(officer, before):
    report = imported(officer, [a_row("PT1", "2013/14", what="Baseline", value="100000")])

    assert str(report.problems[0]) == (
        'Row 2, column "Period": 2013/14 ends after the 2012/13 plan year (April 2012 to March '
        "2013): a baseline is for a period before the plan year, or within it."
    )
    assert not report.committed and database_state() == before


@pytest.mark.parametrize("second", ["Q2 2012/13", "July to September 2012"])
def test_a_measure_and_period_repeated_in_the_file_is_refused(officer, before, second):
    report = imported(
        officer, [a_row("PT1", "Q2 2012/13", value="25480"), a_row("PT1", second, value="25481")]
    )

    assert_refused(
        report,
        f'Row 3, column "Period": Row 2 already gives the actual of PT1 for this period '
        f"({second}): a file gives each measure's figure for a period once.",
    )
    assert database_state() == before


def test_a_rate_given_for_a_year_to_date_is_refused(officer, before):
    report = imported(officer, [a_row("PT5", "April to September 2012", value="71.2")])

    assert_refused(
        report, str(Problem(rate_as_year_to_date("April to September 2012", "PT5"), 2, "Period"))
    )
    assert "PT5 is a rate (a percentage), which is never added up over months" in str(
        report.problems[0]
    )
    assert database_state() == before


def test_a_count_for_a_year_to_date_is_taken(officer, quarterly):
    report = imported(officer, [a_row("PT1", "April to September 2012", value="51000")])

    assert report.committed, report.problems


@pytest.mark.parametrize(
    "cells, message",
    [
        (
            {"State": "Provided", "Note": "Figures to follow"},
            'Row 2, column "Value": Enter the figure, or say in State why there is none',
        ),
        (
            {"Value": "120"},
            'Row 2, column "Value": A percentage must be between 0 and 100.',
        ),
        (
            {"Value": "lots"},
            'Row 2, column "Value": Enter a number, like 634 or 21.5.',
        ),
        (
            {"Value": "30", "State": "Not yet available"},
            'Row 2, column "Value": Leave the value empty when the figure is not provided.',
        ),
        (
            {"State": "Lagged"},
            'Row 2, column "Note": Say in the note how late the figure is.',
        ),
        (
            {"Value": "30", "State": "Sometimes"},
            'Row 2, column "State": "Sometimes" is not one of: Provided, Not yet available',
        ),
        (
            {"Value": "30", "Reported change": "-1.2"},
            'Row 2, column "Reported change is": Give both the reported change and what it is, '
            "or neither.",
        ),
    ],
)
def test_a_figure_its_rules_refuse_is_named_by_row_and_column(officer, before, cells, message):
    report = imported(officer, [a_row("PT5", "Q2 2012/13", **cells)])

    problems = [str(problem) for problem in report.problems]
    assert not report.committed and any(p.startswith(message) for p in problems), problems
    assert database_state() == before


def test_an_unknown_measure_is_refused_and_never_created(officer, before):
    report = imported(officer, [a_row("PT99", "Q2 2012/13", value="3")])

    assert_refused(
        report,
        'Row 2, column "Reference": The 2012 plan has no measure "PT99" that you may change. A '
        "figures file only updates existing measures: add new ones in the admin.",
    )
    assert database_state() == before


def test_a_published_plans_target_is_refused_by_the_writer(officer, seed_plan):
    before = database_state()
    row = a_row("KS2", "2011/12", what="Target", value="640", **{"Plan year": "2011"})

    report = imported(officer, [row])

    assert not report.committed
    assert "is published, so its content and targets cannot change" in str(report.problems[0])
    assert database_state() == before


def test_an_import_told_its_period_refuses_the_rows_of_any_other(officer, before):
    report = imported(
        officer,
        [a_row("PT1", "Q2 2012/13", value="25480"), a_row("PT5", "Q3 2012/13", value="36")],
        period="q2",
    )

    assert_refused(
        report,
        'Row 3, column "Period": Q3 2012/13 is not Q2 2012/13, the only period this import '
        "takes (--period q2): leave the other periods' rows out.",
    )
    assert database_state() == before


def test_an_import_told_a_period_that_names_none_takes_no_row(officer, before):
    report = imported(officer, [a_row("PT1", "Q2 2012/13", value="25480")], period="q9")

    assert_refused(
        report,
        'Row 2, column "Period": --period q9 names no period: give year, q1 to q4, a month '
        "(june) or a label (Q2 2012/13).",
    )
    assert database_state() == before


def test_a_confirmation_is_stale_when_the_figures_changed_since_the_preview(officer, quarterly):
    rows = [a_row("PT1", "Q2 2012/13", value="25480")]
    preview = imported(officer, rows, dry_run=True)
    assert imported(officer, [a_row("PT1", "Q2 2012/13", value="25000")]).committed
    state = database_state()

    report = period_figures_import(
        file_bytes=csv_of(rows),
        filename="figures.csv",
        acting_user=officer,
        dry_run=False,
        expected_digest=preview.digest,
    )

    assert report.stale and not report.committed
    assert database_state() == state


def test_a_partner_user_cannot_import_figures_by_period(partner_user, before):
    report = imported(partner_user, [a_row("PT1", "Q2 2012/13", value="25480")])

    assert_refused(report, "You may not change figures by period, so you cannot import them.")
    assert database_state() == before


def test_exported_text_that_looks_like_a_formula_is_escaped_and_imports_back_unchanged(
    officer, quarterly
):
    note = '=HYPERLINK("http://example.invalid")'
    assert imported(officer, [a_row("PT1", "Q2 2012/13", value="25480", Note=note)]).committed
    before = database_state()

    data = series_file(quarterly, officer, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'" + note in [cell.value for cell in cells]

    report = imported(officer, data, filename="figures.xlsx")
    assert report.committed and not report.updated
    assert database_state() == before


# ------------------------------------------------------------------ the commands and the admin


@pytest.mark.parametrize("period", ["q2", "Q2 2012/13"])
def test_export_figures_of_one_period_writes_the_return(officer, quarterly, tmp_path, period):
    output = tmp_path / "q2.csv"
    stdout = io.StringIO()

    call_command(
        "export_figures",
        year=2012,
        period=period,
        output=str(output),
        user=officer.username,
        stdout=stdout,
    )

    assert [r["Reference"] for r in rows_of(output.read_bytes())] == ["PT1", "PT5"]
    assert f"Wrote 2 rows of figures for Q2 2012/13 to {output}." in stdout.getvalue()


def test_export_figures_refuses_a_period_it_cannot_name(officer, quarterly, tmp_path):
    with pytest.raises(CommandError, match='"q5" names no period of the 2012/13 plan year'):
        call_command(
            "export_figures",
            year=2012,
            period="q5",
            output=str(tmp_path / "f.csv"),
            user=officer.username,
        )
    assert not (tmp_path / "f.csv").exists()


def test_import_figures_with_a_period_takes_that_period_and_refuses_others(
    officer, before, quarterly, tmp_path
):
    path = tmp_path / "q2.csv"
    rows = [a_row("PT1", "Q2 2012/13", value="25480"), a_row("PT5", "Q3 2012/13", value="36")]
    path.write_bytes(csv_of(rows))

    with pytest.raises(CommandError) as refused:
        call_command("import_figures", str(path), user=officer.username, period="q2")
    assert "Q3 2012/13 is not Q2 2012/13, the only period this import takes" in str(refused.value)
    assert database_state() == before

    path.write_bytes(csv_of(rows[:1]))
    stdout = io.StringIO()
    call_command("import_figures", str(path), user=officer.username, period="q2", stdout=stdout)
    assert "Imported q2.csv: 1 added, 0 updated, 0 left alone" in stdout.getvalue()
    assert q2_actual(quarterly, "PT1").value == Decimal("25480")


def test_import_figures_by_period_dry_run_writes_nothing(officer, before, tmp_path):
    path = tmp_path / "series.csv"
    path.write_bytes(csv_of([a_row("PT1", "Q2 2012/13", value="25480")]))
    stdout = io.StringIO()

    call_command(
        "import_figures",
        str(path),
        user=officer.username,
        by_period=True,
        dry_run=True,
        stdout=stdout,
    )

    assert "Row 2, PT1 actual Q2 2012/13 of the 2012 plan: Value: (empty) -> 25480" in (
        stdout.getvalue()
    )
    assert "Dry run: nothing was changed." in stdout.getvalue()
    assert database_state() == before


def test_officer_imports_figures_by_period_in_the_admin_after_a_preview(
    officer_client, officer, quarterly
):
    url = reverse("admin:performance_measure_import")
    data = csv_of([a_row("PT1", "Q2 2012/13", value="25480")])
    page = officer_client.post(
        url, {"file": SimpleUploadedFile("q2.csv", data), "kind": "figures-by-period"}
    )
    report = page.context["report"]
    assert report.ok, report.problems
    assert report.summary == "q2.csv: 1 to add, 0 to update, 0 left alone"
    assert "PT1 actual Q2 2012/13 of the 2012 plan" in page.content.decode()
    assert not MeasureFigure.objects.filter(period_label="Q2 2012/13").exists()

    token = page.context["token"]
    done = officer_client.post(url, {"token": token})

    assert done.status_code == 302
    assert q2_actual(quarterly, "PT1").history.get().history_user == officer


def test_admin_import_page_offers_both_figures_files(officer_client, quarterly):
    html = officer_client.get(reverse("admin:performance_measure_import")).content.decode()
    assert "Figures of measures" in html and "Figures by period" in html


def test_a_file_by_period_is_held_to_its_own_row_limit_not_a_lists(officer, before, monkeypatch):
    rows = [a_row("PT1", "Q1 2012/13", value="25000"), a_row("PT1", "Q2 2012/13", value="1")]
    monkeypatch.setattr(files, "MAX_ROWS", 1)  # what a list of measures or actions takes
    assert imported(officer, rows, dry_run=True).ok

    monkeypatch.setattr(FiguresByPeriodResource, "limits", files.Limits(rows=1))
    report = imported(officer, rows)

    assert_refused(
        report,
        "figures.csv has more than 1 rows, the most an import takes. Split it into smaller files.",
    )
    assert database_state() == before


def test_a_file_by_period_over_its_size_limit_is_refused(officer, before, monkeypatch):
    monkeypatch.setattr(FiguresByPeriodResource, "limits", files.Limits(file_bytes=files.MEGABYTE))
    data = csv_of([a_row("PT1", "Q2 2012/13", value="25480")])

    report = imported(officer, data + b"\n" * files.MEGABYTE)

    assert_refused(
        report,
        "figures.csv is larger than 1 MB, the most an import takes. Split it into smaller files.",
    )
    assert database_state() == before


def test_an_import_empties_the_stored_standing_of_each_measure_it_writes(officer, quarterly):
    Measure.objects.filter(plan=quarterly).update(standing_lines=["Latest: stale"])

    assert imported(officer, [a_row("PT1", "Q2 2012/13", value="25480")]).committed

    standings = dict(
        Measure.objects.filter(plan=quarterly).values_list("reference", "standing_lines")
    )
    assert standings["PT1"] is None and standings["PT5"] == ["Latest: stale"]


def test_another_partnership_exports_none_of_the_seed_plans_figures(
    other_partnership_officer, quarterly
):
    content = period_figures_export(
        queryset=Measure.objects.all(), file_format="csv", acting_user=other_partnership_officer
    )
    assert rows_of(content) == []


def test_another_partnership_imports_nothing_into_the_seed_plan_by_period(
    other_partnership_officer, before
):
    report = imported(other_partnership_officer, [a_row("PT1", "Q2 2012/13", value="1")])

    assert not report.committed
    assert "tonbridge-and-malling-csp has no plan starting in 2012." in str(report.problems[0])
    assert database_state() == before


def test_admin_export_of_figures_by_period_holds_the_listed_measures_series(
    officer_client, quarterly
):
    export_url = reverse("admin:performance_measure_export") + f"?plan__id__exact={quarterly.pk}"
    fields = {
        f"figuresbyperiodresource_{name}": "on"
        for name in FiguresByPeriodResource().get_export_order()
    }

    response = officer_client.post(export_url, {"format": "0", "resource": "1", **fields})

    assert response.status_code == 200
    rows = rows_of(response.content)
    held = MeasureFigure.objects.filter(measure__plan=quarterly).count()
    assert len(rows) == held
    assert {row["Plan year"] for row in rows} == {"2012"}
    assert row_for(rows, "PT1", "Jan to Dec 2011", "Baseline")["Value"] == "102904"


@pytest.mark.parametrize(
    "url, columns",
    [
        ("admin:actionplan_action_import", "Required columns: Partnership, Plan year, Priority"),
        ("admin:partners_organisation_import", "Required columns: Organisation, Address"),
        ("admin:partners_contact_import", "Required columns: Organisation, Name"),
    ],
)
def test_an_import_page_of_one_kind_of_file_still_opens_without_a_choice(
    officer_client, seed_plan, url, columns
):
    page = officer_client.get(reverse(url))

    assert page.status_code == 200
    html = page.content.decode()
    assert columns in html and "Kind of file" not in html
