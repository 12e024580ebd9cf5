"""The edges of a spreadsheet file: what a program other than the portal writes into it is
either read as the officer meant it or refused, named, with nothing written."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import call_command

from partners.models import Organisation
from partners.resources import OrganisationResource
from performance.models import Measure
from performance.tests.test_spreadsheets import (
    assert_refused,
    csv_of,
    database_state,
    exported,
    import_figures,
    preview,
    row_for,
    rows_of,
    with_actuals,
)
from spreadsheets import pending
from spreadsheets.imports import spreadsheet_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def before(seed_plan):
    return database_state()


@pytest.fixture(autouse=True)
def pending_folder(tmp_path, monkeypatch):
    """Where the admin keeps previewed files: the test's own folder."""
    monkeypatch.setattr(pending, "PENDING_FOLDER", tmp_path / "pending")


def figures_sheet(year=2011):
    """The export of a year's figures as an XLSX workbook, to edit cell by cell."""
    workbook = openpyxl.load_workbook(io.BytesIO(exported(year, "xlsx")))
    return workbook, workbook.active


def saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_cached_value(data, cell, value):
    """The workbook as a spreadsheet program saves it: the formula in `cell` with the value
    it last worked out (openpyxl writes formulas without one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                pattern = rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v ?/>'.encode()
                content, count = re.subn(pattern, rb"\g<1><v>%s</v>" % value, content)
                assert count == 1
            target.writestr(item, content)
    return buffer.getvalue()


# Formulas


@pytest.mark.parametrize("cached", [None, b"2"], ids=["no cached value", "a cached value"])
def test_an_xlsx_formula_cell_is_refused_by_its_address_and_the_actual_kept(
    officer, seed_plan, cached
):
    Measure.objects.filter(plan__start_year=2011, reference="KS6").update(
        actual_value=510, actual_period="2011/12"
    )
    stored = database_state()
    workbook, sheet = figures_sheet()
    assert (sheet["C7"].value, sheet["K1"].value) == ("KS6", "Actual")
    sheet["K7"] = "=1+1"
    data = saved(workbook)
    if cached:
        data = with_cached_value(data, "K7", cached)

    report = import_figures(officer, data, "figures.xlsx")

    assert_refused(
        report,
        "Cell K7 holds a formula; paste the value instead (Copy, then Paste Special, Values: "
        "an import reads values, never formulas).",
    )
    assert database_state() == stored


def test_every_formula_cell_is_named_wherever_it_is(officer, before):
    workbook, sheet = figures_sheet()
    sheet["K3"], sheet["M5"], sheet["P9"] = "=SUM(G3:G4)", "=K5-G5", "=NOW()"

    report = import_figures(officer, saved(workbook), "figures.xlsx")

    assert_refused(
        report,
        "Cells K3, M5 and P9 hold formulas; paste the values instead (Copy, then Paste "
        "Special, Values: an import reads values, never formulas).",
    )
    assert database_state() == before


def test_officer_uploading_a_formula_in_the_admin_is_told_the_cell_and_offered_nothing(
    officer_client, before
):
    workbook, sheet = figures_sheet()
    sheet["K7"] = "=G7*2"

    response = preview(officer_client, saved(workbook), "figures.xlsx")

    html = response.content.decode()
    assert "figures.xlsx was not imported, and nothing has been changed." in html
    assert "Cell K7 holds a formula; paste the value instead" in html
    assert response.context["token"] is None and "Confirm import" not in html
    assert database_state() == before


# Sizes


@pytest.mark.parametrize(
    "filename, cell",
    [
        ("figures.csv", "12345678901234567890123456789"),
        ("figures.xlsx", "12345678901234567890123456789"),
        ("figures.xlsx", 12345678901234567890123456789),
    ],
)
def test_a_figure_beyond_the_measures_size_is_refused_in_the_parsers_words(
    officer, before, filename, cell
):
    workbook, sheet = figures_sheet()
    sheet["K6"], sheet["L6"] = cell, "2011/12"
    data = saved(workbook)
    if filename.endswith(".csv"):
        data = csv_of(with_actuals(rows_of(exported(2011)), {"KS5": (cell, "2011/12")}))

    report = import_figures(officer, data, filename)

    assert_refused(report, 'Row 6, column "Actual": Enter a number smaller than 1,000,000,000,000.')
    assert database_state() == before


@pytest.mark.parametrize(
    "cell, message",
    [
        ("40000", "Enter a number smaller than 32,768"),
        ("12345678901234567890123456789", "Enter a number smaller than 1,000,000,000,000"),
        ("-3", "Enter a number of 0 or more"),
    ],
)
def test_a_whole_number_beyond_its_column_is_refused_in_the_parsers_words(
    officer, before, cell, message
):
    headers = ["Organisation", "Address", "Telephone", "Email", "Website", "Member of the CSP"]
    headers.append("Order in the membership list")
    data = csv_of(
        [dict.fromkeys(headers, "") | {"Organisation": "Kent Police", headers[-1]: cell}],
        headers,
    )

    report = spreadsheet_import(
        resource_class=OrganisationResource,
        file_bytes=data,
        filename="organisations.csv",
        acting_user=officer,
        dry_run=False,
    )

    assert_refused(report, f'Row 2, column "Order in the membership list": {message}.')
    assert database_state() == before


# Read-only columns


def test_a_changed_read_only_column_is_named_in_the_preview_and_left_as_it_is(officer, before):
    measures = Measure.objects.filter(plan__start_year=2011)
    responsible = measures.get(reference="KS5").responsible_organisation
    label = measures.get(reference="KS2").label
    rows = with_actuals(rows_of(exported(2011)), {"KS2": ("640", "2011/12")})
    row_for(rows, "KS5")["Responsible organisation"] = "Nobody Trust"
    row_for(rows, "KS2")["Measure"] = "A label typed over"

    report = import_figures(officer, csv_of(rows), dry_run=True)

    assert report.ok
    assert [(row.record, row.notice) for row in report.with_notices] == [
        ("KS2 of the 2011 plan", "not imported: Measure is changed in the admin"),
        (
            "KS5 of the 2011 plan",
            "not imported: Responsible organisation is changed in the admin",
        ),
    ]
    assert [row.record for row in report.updated] == ["KS2 of the 2011 plan"]

    committed = import_figures(officer, csv_of(rows))

    assert committed.committed
    measures = Measure.objects.filter(plan__start_year=2011)
    assert measures.get(reference="KS5").responsible_organisation == responsible
    assert not Organisation.objects.filter(name="Nobody Trust").exists()
    assert measures.get(reference="KS2").label == label
    assert measures.get(reference="KS2").actual_value == 640


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_unchanged_read_only_columns_stay_quiet(officer, seed_plan, file_format):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})
    data = csv_of(rows) if file_format == "csv" else exported(2011, "xlsx")

    report = import_figures(officer, data, f"figures.{file_format}", dry_run=True)

    assert report.ok and report.with_notices == []


def test_officer_sees_the_changed_read_only_column_in_the_admin_preview(officer_client, before):
    rows = rows_of(exported(2011))
    row_for(rows, "KS5")["Responsible organisation"] = "Nobody Trust"

    response = preview(officer_client, csv_of(rows))

    html = response.content.decode()
    assert "Row 6, KS5 of the 2011 plan: not imported: Responsible organisation is changed in " in (
        html
    )
    assert "Confirm import" in html
    assert database_state() == before


# Columns


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_value_beyond_the_fiftieth_column_is_refused_naming_the_limit_and_the_column(
    officer, before, file_format
):
    workbook, sheet = figures_sheet()
    sheet["BA1"], sheet["BA6"] = "Notes", "634 from the police"
    data = saved(workbook)
    if file_format == "csv":
        lines = exported(2011).decode("utf-8-sig").splitlines()
        lines[0] += "," * 38 + ",Notes"
        lines[5] += "," * 38 + ",634 from the police"
        data = "\r\n".join(lines).encode()

    report = import_figures(officer, data, f"figures.{file_format}")

    assert_refused(
        report,
        f"figures.{file_format} has a value in column BA (row 1), beyond the 50 columns an "
        "import reads (A to AX). Delete the columns after AX.",
    )
    assert database_state() == before


# Encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_as_excel_saves_unicode_text_is_read(officer, seed_plan, encoding):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12 – provisional")})
    text = csv_of(rows).decode().replace(",", "\t")
    data = (
        ("\ufeff" + text).encode("utf-16-be") if encoding == "utf-16-be" else text.encode(encoding)
    )

    report = import_figures(officer, data)

    assert report.committed, report.problems
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    assert (measure.actual_value, measure.actual_period) == (634, "2011/12 – provisional")


@pytest.mark.parametrize("marks", ["\ufeff", "\ufeff\ufeff"], ids=["one mark", "two marks"])
def test_a_utf8_file_with_its_byte_order_mark_once_or_twice_is_read(officer, seed_plan, marks):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})

    report = import_figures(officer, marks.encode() + csv_of(rows))

    assert report.committed, report.problems
    assert len(report.updated) == 1


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_csv_in_another_encoding_is_refused_saying_to_save_it_as_utf8(officer, before, encoding):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12 at £5 a head")})

    report = import_figures(officer, csv_of(rows).decode().encode(encoding))

    assert_refused(
        report,
        "figures.csv is not in UTF-8 or UTF-16: line 6 holds a character written in another "
        'encoding (such as Windows-1252 or Latin-1). Save it from your spreadsheet as "CSV '
        'UTF-8".',
    )
    assert database_state() == before


def test_import_figures_command_names_the_changed_read_only_column(officer, before, tmp_path):
    rows = rows_of(exported(2011))
    row_for(rows, "KS5")["Responsible organisation"] = "Nobody Trust"
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_of(rows))
    out = io.StringIO()

    call_command("import_figures", str(path), user=officer.username, dry_run=True, stdout=out)

    assert (
        "Row 6, KS5 of the 2011 plan: not imported: Responsible organisation is changed in the "
        "admin." in out.getvalue()
    )
    assert database_state() == before
