"""Spreadsheets in and out: a bad file never changes the plan, a good one changes exactly what
it says, with the importer in the history; exports never carry a live formula."""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.models import Action, Partnership, Plan, Priority
from actionplan.resources import ActionResource
from conftest import join, stored_state
from partners import roles
from partners.models import Contact, Organisation
from partners.resources import ContactResource, OrganisationResource
from partners.services import user_set_up
from performance.models import Measure
from performance.resources import MeasureFiguresResource
from performance.spreadsheets import figures_export, figures_import
from spreadsheets import files, pending
from spreadsheets.columns import FORMULA_PREFIXES
from spreadsheets.exports import spreadsheet_export
from spreadsheets.imports import spreadsheet_import

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:performance_measure_import"


# Files and the state of the database


def it_team():
    """A superuser: what an export holds for someone who sees every partnership."""
    user, _ = get_user_model().objects.get_or_create(
        username="it-team", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def exported(year=2011, file_format="csv"):
    return figures_export(
        queryset=Measure.objects.filter(plan__start_year=year),
        file_format=file_format,
        acting_user=it_team(),
    )


def rows_of(csv_bytes):
    return list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")))


def csv_of(rows, headers=None):
    headers = headers or list(rows[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_of(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_for(rows, reference):
    return next(row for row in rows if row["Reference"] == reference)


def with_actuals(rows, actuals):
    for reference, (value, period) in actuals.items():
        row = row_for(rows, reference)
        row["Actual"], row["Actual period"] = value, period
    return rows


def database_state():
    """Every stored value of the models an import can touch, and their history."""
    return stored_state(Measure, Organisation, Contact, Action)


def import_figures(officer, data, filename="figures.csv", dry_run=False):
    return figures_import(file_bytes=data, filename=filename, acting_user=officer, dry_run=dry_run)


def assert_refused(report, *messages):
    problems = [str(problem) for problem in report.problems]
    assert not report.ok and not report.committed
    for message in messages:
        assert message in problems, problems


@pytest.fixture
def before(seed_plan):
    return database_state()


@pytest.fixture(autouse=True)
def pending_folder(tmp_path, monkeypatch):
    """Where the admin keeps previewed files: the test's own folder."""
    folder = tmp_path / "pending"
    monkeypatch.setattr(pending, "PENDING_FOLDER", folder)
    return folder


# Round trip


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_importing_an_unchanged_export_changes_nothing(officer, before, file_format):
    report = import_figures(officer, exported(2011, file_format), f"figures.{file_format}")

    assert report.committed
    assert len(report.unchanged) == 10 and not report.updated and not report.created
    assert database_state() == before


def test_changing_three_actuals_changes_exactly_those_three_with_the_importer_in_history(
    officer, before
):
    rows = with_actuals(
        rows_of(exported(2011)),
        {"KS2": ("640", "2011/12"), "KS5": ("634", "2011/12"), "KS9": ("1,150", "2011/12")},
    )
    versions = dict(Measure.objects.values_list("reference", "version"))

    report = import_figures(officer, csv_of(rows))

    assert report.committed, report.problems
    assert [row.record for row in report.updated] == [
        "KS2 of the 2011 plan",
        "KS5 of the 2011 plan",
        "KS9 of the 2011 plan",
    ]
    assert report.updated[1].changes == (("Actual", "", "634"), ("Actual period", "", "2011/12"))
    changed = {
        m.reference: m
        for m in Measure.objects.filter(plan__start_year=2011, actual_value__isnull=False)
    }
    assert {ref: m.actual_value for ref, m in changed.items()} == {
        "KS2": Decimal("640"),
        "KS5": Decimal("634"),
        "KS9": Decimal("1150"),
    }
    # The figures page's stale check sees an import as a newer save.
    assert all(m.version == versions[ref] + 1 for ref, m in changed.items())

    def untouched(values):
        return [m for m in values if m["reference"] not in changed]

    assert untouched(Measure.objects.order_by("pk").values()) == untouched(before["Measure"][0])
    assert Measure.history.count() == before["Measure"][1] + 3
    for measure in changed.values():
        record = measure.history.latest()
        assert record.history_user == officer
        assert record.history_change_reason == "Imported from figures.csv"
        assert record.prev_record.actual_value is None


def test_a_preview_reports_the_changes_and_writes_nothing(officer, before):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})

    report = import_figures(officer, csv_of(rows), dry_run=True)

    assert report.ok and not report.committed
    assert [row.record for row in report.updated] == ["KS5 of the 2011 plan"]
    assert database_state() == before


def test_exported_text_that_looks_like_a_formula_imports_back_unchanged(officer, seed_plan):
    Organisation.objects.filter(name="Kent Police").update(address="=HYPERLINK(1)", phone="+44 1")
    data = spreadsheet_export(
        resource_class=OrganisationResource,
        queryset=Organisation.objects.all(),
        file_format="csv",
        acting_user=it_team(),
    )
    police = next(row for row in rows_of(data) if row["Organisation"] == "Kent Police")
    assert (police["Address"], police["Telephone"]) == ("'=HYPERLINK(1)", "'+44 1")
    before = database_state()

    report = spreadsheet_import(
        resource_class=OrganisationResource,
        file_bytes=data,
        filename="organisations.csv",
        acting_user=officer,
        dry_run=False,
    )

    assert report.committed and not report.updated
    assert database_state() == before


def test_a_csv_utf8_saved_by_excel_on_windows_is_read(officer, seed_plan):
    # Excel's "CSV UTF-8": a byte order mark, CRLF line ends. (Its plain "CSV" is in
    # Windows-1252, which is refused with what to save it as: test_spreadsheet_edges.)
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12 – provisional")})

    report = import_figures(officer, csv_of(rows).decode().encode("utf-8-sig"))

    assert report.committed, report.problems
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    assert measure.actual_period == "2011/12 – provisional"


# Files refused: the message says where and what, and the database is as it was.


def test_text_in_a_number_column_is_refused(officer, before):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("about 600", "2011/12")})

    report = import_figures(officer, csv_of(rows))

    # The figures page's words, as for every refused figure (figure_text).
    assert_refused(report, 'Row 6, column "Actual": Enter a number, like 634 or 21.5.')
    assert database_state() == before


def test_a_percent_outside_0_to_100_is_refused(officer, before):
    rows = with_actuals(rows_of(exported(2011)), {"KS1": ("120", "2011/12")})

    report = import_figures(officer, csv_of(rows))

    assert_refused(report, 'Row 2, column "Actual": A percentage must be between 0 and 100.')
    assert database_state() == before


def test_a_measure_repeated_within_the_file_is_refused(officer, before):
    rows = rows_of(exported(2011))
    rows.append(dict(row_for(rows, "KS5"), Actual="634", **{"Actual period": "2011/12"}))

    report = import_figures(officer, csv_of(rows))

    assert_refused(
        report,
        'Row 12, column "Reference": Row 6 is already about KS5 of the 2011 plan: a row may '
        "appear only once in a file.",
    )
    assert database_state() == before


@pytest.mark.parametrize("column", ["Reference", "Actual period"])
def test_a_missing_required_column_is_refused(officer, before, column):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})
    headers = [name for name in rows[0] if name != column]

    report = import_figures(officer, csv_of(rows, headers))

    assert len(report.problems) == 1
    assert str(report.problems[0]).startswith(
        f'Column "{column}": The file has no such column. Every import needs the columns '
        "Partnership, Plan year, Reference, Baseline, Baseline period,"
    )
    assert database_state() == before


@pytest.mark.parametrize(
    "filename, content, message",
    [
        ("figures.pdf", b"%PDF-1.7", "figures.pdf is not a CSV or XLSX file"),
        ("figures.yaml", b"- Reference: KS5", "figures.yaml is not a CSV or XLSX file"),
        ("figures.xlsx", b"Reference,Actual\nKS5,634\n", "figures.xlsx is not a readable XLSX"),
        ("figures.csv", b"PK\x03\x04\x00\x00binary", "figures.csv is not a CSV file"),
    ],
)
def test_a_file_that_is_not_csv_or_xlsx_is_refused(officer, before, filename, content, message):
    report = import_figures(officer, content, filename)

    assert len(report.problems) == 1
    assert str(report.problems[0]).startswith(message)
    assert database_state() == before


@pytest.mark.parametrize(
    "filename, content, message",
    [
        ("figures.csv", b"", "figures.csv is empty."),
        ("figures.csv", b"\r\n ,,\r\n", "figures.csv is empty."),
        ("figures.xlsx", xlsx_of([]), "figures.xlsx is empty."),
        (
            "figures.csv",
            b"Partnership,Plan year,Reference,Actual\r\n",
            "figures.csv has column headings but no rows below them.",
        ),
    ],
)
def test_an_empty_file_is_refused(officer, before, filename, content, message):
    report = import_figures(officer, content, filename)

    assert_refused(report, message)
    assert database_state() == before


def test_a_file_over_the_size_limit_is_refused(officer, before):
    data = exported(2011)
    padding = b"\n" * (files.MAX_FILE_BYTES - len(data) + 1)

    report = import_figures(officer, data + padding)

    assert_refused(
        report,
        "figures.csv is larger than 2 MB, the most an import takes. Split it into smaller files.",
    )
    assert database_state() == before


def test_a_file_with_too_many_rows_is_refused(officer, before, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 5)

    report = import_figures(officer, exported(2011))

    assert_refused(
        report,
        "figures.csv has more than 5 rows, the most an import takes. Split it into smaller files.",
    )
    assert database_state() == before


def test_an_xlsx_that_expands_beyond_the_limit_when_unzipped_is_refused(officer, before):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (25 * files.MEGABYTE))
    assert len(buffer.getvalue()) < 100_000

    report = import_figures(officer, buffer.getvalue(), "figures.xlsx")

    assert_refused(
        report,
        "figures.xlsx expands to 25 MB in 2 parts when opened; a spreadsheet may expand to at "
        "most 20 MB in 500 parts. Save the figures alone, or as CSV.",
    )
    assert database_state() == before


def test_an_xlsx_with_expanding_xml_entities_is_refused(officer, before):
    source = zipfile.ZipFile(io.BytesIO(exported(2011, "xlsx")))
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bomb:
        for item in source.infolist():
            sheet = item.filename == "xl/worksheets/sheet1.xml"
            bomb.writestr(item, laughs if sheet else source.read(item))

    report = import_figures(officer, buffer.getvalue(), "figures.xlsx")

    assert str(report.problems[0]).startswith("figures.xlsx is not a readable XLSX spreadsheet")
    assert database_state() == before


def test_a_value_outside_the_headed_columns_is_refused(officer, before):
    lines = exported(2011).decode("utf-8-sig").splitlines()
    lines[5] += ",,,634"

    report = import_figures(officer, "\r\n".join(lines).encode())

    assert_refused(report, "Row 6: There is a value in column Q, which has no heading.")
    assert database_state() == before


def test_an_unknown_measure_is_refused_and_never_created(officer, before):
    rows = rows_of(exported(2011))
    rows.append(dict(row_for(rows, "KS5"), Reference="KS99"))
    row_for(rows, "KS1")["Plan year"] = "2019"

    report = import_figures(officer, csv_of(rows))

    assert_refused(
        report,
        'Row 2, column "Plan year": tonbridge-and-malling-csp has no plan starting in 2019.',
        'Row 12, column "Reference": The 2011 plan has no measure "KS99" that you may change. '
        "A figures file only updates existing measures: add new ones in the admin.",
    )
    assert database_state() == before


def test_one_bad_row_means_no_row_is_written_and_every_problem_is_listed(officer, before):
    rows = with_actuals(
        rows_of(exported(2011)),
        {
            "KS2": ("640", "2011/12"),
            "KS5": ("634", "2011/12"),
            "KS7": ("-3", "2011/12"),
            "KS9": ("1150", ""),
        },
    )

    report = import_figures(officer, csv_of(rows))

    assert [str(problem) for problem in report.problems] == [
        'Row 8, column "Actual": A count cannot be negative.',
        'Row 10, column "Actual period": Say which period the actual figure is for, e.g. 2011/12.',
    ]
    assert database_state() == before


def test_an_unknown_organisation_is_refused_and_never_created(officer, before):
    contacts = csv_of(
        [{"Organisation": "Kent Polise", "Name": "A. Officer"}],
        ["Organisation", "Name", "Job title", "Telephone", "Email"],
    )
    actions = csv_of(
        [
            {
                "Partnership": "tonbridge-and-malling-csp",
                "Plan year": "2012",
                "Priority": "asb",
                "Number": "1",
                "Theme": "",
                "Description": "Tackling perpetrators",
                "Lead organisation": "kent police",
                "Supporting organisations": "DAVSS; Nobody Trust",
                "Status": "In progress",
                "Progress": "",
            }
        ]
    )

    contact_report = spreadsheet_import(
        resource_class=ContactResource,
        file_bytes=contacts,
        filename="contacts.csv",
        acting_user=officer,
        dry_run=False,
    )
    action_report = spreadsheet_import(
        resource_class=ActionResource,
        file_bytes=actions,
        filename="actions.csv",
        acting_user=officer,
        dry_run=False,
    )

    assert_refused(
        contact_report,
        'Row 2, column "Organisation": There is no organisation called "Kent Polise". An '
        "import never adds organisations: add it under Organisations first, or correct the name.",
    )
    assert_refused(
        action_report,
        'Row 2, column "Lead organisation": There is no organisation called "kent police". An '
        "import never adds organisations: add it under Organisations first, or correct the "
        'name (did you mean "Kent Police"?).',
        'Row 2, column "Supporting organisations": There is no organisation called "Nobody '
        'Trust". An import never adds organisations: add it under Organisations first, or '
        "correct the name.",
    )
    assert database_state() == before


def test_a_partner_user_cannot_import_figures(police_partner, before):
    rows = with_actuals(rows_of(exported(2012)), {"PT1": ("100000", "2012/13")})

    report = import_figures(police_partner, csv_of(rows))

    assert_refused(report, "You may not change measures, so you cannot import them.")
    assert database_state() == before


# Exports


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_escape_formula_text_and_keep_numbers_numeric(seed_plan, file_format):
    Measure.objects.filter(reference="PT1").update(
        label="=cmd|' /C calc'!A0", actual_value=Decimal("100000.00"), actual_period="-2012/13"
    )

    data = exported(2012, file_format)

    if file_format == "csv":
        row = row_for(rows_of(data), "PT1")
        values = (row["Measure"], row["Baseline"], row["Actual"], row["Actual period"])
        assert values == ("'=cmd|' /C calc'!A0", "102904", "100000", "'-2012/13")
        assert row["Change"] == "2.8% reduction"
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        header = [cell.value for cell in sheet[1]]
        pt1 = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "PT1")
        cells = dict(zip(header, pt1, strict=True))
        assert cells["Measure"].value == "'=cmd|' /C calc'!A0"
        assert cells["Measure"].data_type == "s"
        assert (cells["Baseline"].value, cells["Baseline"].data_type) == (102904, "n")
        assert (cells["Actual"].value, cells["Actual"].data_type) == (100000, "n")
        assert cells["Plan year"].data_type == "n"
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


TEXT = st.one_of(
    st.text(),
    st.tuples(st.sampled_from(FORMULA_PREFIXES), st.text()).map("".join),
)


def unsaved_rows(text):
    plan = Plan(partnership=Partnership(slug=text), start_year=2012)
    organisation = Organisation(name=text, address=text, phone=text, website=text)
    return {
        MeasureFiguresResource: [
            Measure(plan=plan, reference=text, label=text, baseline_period=text, actual_period=text)
        ],
        OrganisationResource: [organisation],
        ContactResource: [Contact(organisation=organisation, name=text, job_title=text)],
        ActionResource: [
            Action(
                priority=Priority(plan=plan, code=text),
                number=1,
                description=text,
                lead_organisation=organisation,
                progress_note=text,
            )
        ],
    }


def cells_of(data, file_format):
    """Each cell's value and type, read back from an exported file."""
    if file_format == "csv":
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        return [(cell, "s") for row in reader for cell in row]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [(cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row]


def exported_cells(resource_class, rows, file_format):
    data = spreadsheet_export(
        resource_class=resource_class,
        queryset=rows,
        file_format=file_format,
        acting_user=it_team(),
    )
    return cells_of(data, file_format)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@settings(max_examples=60, deadline=None)
@given(text=TEXT)
def test_no_text_with_a_formula_prefix_leaves_an_export_unescaped(file_format, text):
    for resource_class, rows in unsaved_rows(text).items():
        for value, data_type in exported_cells(resource_class, rows, file_format):
            assert data_type != "f"
            assert not (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)), value


# The commands


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_figures_writes_the_plans_figures(officer, seed_plan, tmp_path, file_format):
    output = tmp_path / f"figures.{file_format}"
    stdout = io.StringIO()

    call_command(
        "export_figures", year=2011, output=str(output), user=officer.username, stdout=stdout
    )

    # Cells, not bytes: a workbook carries the second it was written in docProps/core.xml.
    written = cells_of(output.read_bytes(), file_format)
    assert written == cells_of(exported(2011, file_format), file_format)
    values = {value for value, _ in written}
    assert (
        set(Measure.objects.filter(plan__start_year=2011).values_list("reference", flat=True))
        <= values
    )
    assert f"Wrote the figures of 10 measures to {output}." in stdout.getvalue()


def test_export_figures_refuses_an_unknown_year_or_format(officer, seed_plan, tmp_path):
    with pytest.raises(CommandError, match="There is no plan starting in 1999."):
        call_command(
            "export_figures", year=1999, output=str(tmp_path / "f.csv"), user=officer.username
        )
    with pytest.raises(CommandError, match="give a file name ending .csv or .xlsx"):
        call_command(
            "export_figures", year=2011, output=str(tmp_path / "f.ods"), user=officer.username
        )


def test_export_figures_holds_only_the_users_partnerships_measures(
    other_partnership_officer, seed_plan, tmp_path
):
    with pytest.raises(CommandError, match="There is no plan starting in 2011 that other-officer"):
        call_command(
            "export_figures",
            year=2011,
            output=str(tmp_path / "f.csv"),
            user=other_partnership_officer.username,
        )
    assert not (tmp_path / "f.csv").exists()


@pytest.mark.parametrize(
    "resource_class",
    [MeasureFiguresResource, ActionResource, OrganisationResource, ContactResource],
)
def test_an_export_for_no_user_is_refused_not_everything(seed_plan, resource_class):
    with pytest.raises(PermissionDenied):
        spreadsheet_export(
            resource_class=resource_class,
            queryset=resource_class._meta.model.objects.all(),
            file_format="csv",
            acting_user=None,
        )


def test_an_officer_exports_none_of_another_partnerships_measures(
    other_partnership_officer, seed_plan
):
    content = figures_export(
        queryset=Measure.objects.all(), file_format="csv", acting_user=other_partnership_officer
    )
    assert rows_of(content) == []


def test_an_officer_imports_nothing_into_another_partnerships_measures(
    other_partnership_officer, before
):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})
    report = import_figures(other_partnership_officer, csv_of(rows))
    assert not report.ok and not report.committed
    # The plan is not theirs: they are told it has none, as for a year with no plan.
    assert "tonbridge-and-malling-csp has no plan starting in 2011." in str(report.problems[0])
    assert database_state() == before


def test_import_figures_dry_run_shows_the_changes_and_writes_nothing(officer, before, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_of(with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})))
    stdout = io.StringIO()

    call_command("import_figures", str(path), user=officer.username, dry_run=True, stdout=stdout)

    output = stdout.getvalue()
    assert (
        "Row 6, KS5 of the 2011 plan: Actual: (empty) -> 634; Actual period: (empty) -> 2011/12"
        in output
    )
    assert "figures.csv: 0 to add, 1 to update, 9 left alone" in output
    assert "Dry run: nothing was changed." in output
    assert database_state() == before


def test_import_figures_writes_with_the_user_in_the_history(officer, seed_plan, tmp_path):
    path = tmp_path / "figures.xlsx"
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})
    path.write_bytes(xlsx_of([list(rows[0])] + [list(row.values()) for row in rows]))
    stdout = io.StringIO()

    call_command("import_figures", str(path), user=officer.username, stdout=stdout)

    assert "Imported figures.xlsx: 0 added, 1 updated, 9 left alone" in stdout.getvalue()
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    assert measure.actual_value == 634
    assert measure.history.latest().history_user == officer


def test_import_figures_refuses_a_bad_file_with_a_command_error(officer, before, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_of(with_actuals(rows_of(exported(2011)), {"KS5": ("lots", "2011/12")})))

    with pytest.raises(CommandError) as refused:
        call_command("import_figures", str(path), user=officer.username, stdout=io.StringIO())

    assert str(refused.value) == (
        "figures.csv was not imported; nothing changed.\n"
        '  Row 6, column "Actual": Enter a number, like 634 or 21.5.'
    )
    assert database_state() == before
    with pytest.raises(CommandError, match="There is no user 'nobody'."):
        call_command("import_figures", str(path), user="nobody")


# The admin


def upload(data, name="figures.csv"):
    return {"file": SimpleUploadedFile(name, data)}


def preview(client, data, name="figures.csv"):
    response = client.post(reverse(IMPORT_URL), upload(data, name))
    assert response.status_code == 200
    return response


def another_officer(username):
    officer = user_set_up(username=username, password="officer-pass-456", role=roles.OFFICER)
    return join(officer, Partnership.objects.get(slug="tonbridge-and-malling-csp"))


def test_admin_lists_offer_import_and_export(officer_client, seed_plan):
    for model in (Measure, Action, Organisation, Contact):
        meta = model._meta
        page = officer_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        html = page.content.decode()
        assert reverse(f"admin:{meta.app_label}_{meta.model_name}_import") in html
        assert reverse(f"admin:{meta.app_label}_{meta.model_name}_export") in html
    page = officer_client.get(reverse(IMPORT_URL)).content.decode()
    assert "Required columns: Partnership, Plan year, Reference, Baseline, Baseline period" in page
    assert "never imported: Measure, Unit, Responsible organisation, Change, Status." in page


def test_officer_imports_figures_in_the_admin_after_a_preview(officer_client, officer, before):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})

    response = preview(officer_client, csv_of(rows))

    html = response.content.decode()
    assert "Preview of figures.csv" in html and "Confirm import" in html
    assert "<td>Update</td>" in html and "KS5 of the 2011 plan" in html
    assert "Actual: (empty) &rarr; 634" in html
    assert database_state() == before

    response = officer_client.post(reverse(IMPORT_URL), {"token": response.context["token"]})

    assert response.status_code == 302
    assert response.url == reverse("admin:performance_measure_changelist")
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    assert (measure.actual_value, measure.actual_period) == (634, "2011/12")
    record = measure.history.latest()
    assert record.history_user == officer
    assert record.history_change_reason == "Imported from figures.csv"
    assert Measure.history.count() == before["Measure"][1] + 1


def test_admin_shows_each_problem_and_offers_no_confirmation(officer_client, before):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("lots", "2011/12")})

    response = preview(officer_client, csv_of(rows))

    html = response.content.decode()
    assert "figures.csv was not imported, and nothing has been changed." in html
    assert "Row 6, column &quot;Actual&quot;: Enter a number, like 634 or 21.5." in html
    assert response.context["token"] is None and "Confirm import" not in html
    assert database_state() == before


def test_admin_refuses_a_file_of_another_kind(officer_client, before):
    response = preview(officer_client, b"- Reference: KS5", "figures.yaml")

    assert "figures.yaml is not a CSV or XLSX file" in response.content.decode()
    assert database_state() == before


def test_admin_confirmation_takes_only_this_sessions_own_unused_preview(
    officer_client, client, before
):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})
    token = preview(officer_client, csv_of(rows)).context["token"]
    other_officer = another_officer("second-officer")
    client.force_login(other_officer)

    for attempt_client, attempt in (
        (officer_client, "../../../etc/passwd"),
        (officer_client, "0" * 32),
        (client, token),  # another user's session
    ):
        response = attempt_client.post(reverse(IMPORT_URL), {"token": attempt})
        assert response.status_code == 302
        assert response.url == reverse(IMPORT_URL)
    assert database_state() == before


def test_admin_confirmation_refuses_a_file_changed_while_waiting(
    officer_client, before, pending_folder
):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})
    token = preview(officer_client, csv_of(rows)).context["token"]

    (pending_folder / token).write_bytes(
        csv_of(with_actuals(rows, {"KS5": ("1", "2011/12"), "KS2": ("1", "2011/12")}))
    )
    response = officer_client.post(reverse(IMPORT_URL), {"token": token})

    assert response.url == reverse(IMPORT_URL)
    assert database_state() == before
    # A confirmation is used once, whatever became of it.
    assert officer_client.post(reverse(IMPORT_URL), {"token": token}).status_code == 302


def test_admin_confirmation_refuses_when_the_figures_changed_since_the_preview(
    officer_client, seed_plan
):
    rows = with_actuals(rows_of(exported(2011)), {"KS5": ("634", "2011/12")})
    token = preview(officer_client, csv_of(rows)).context["token"]
    Measure.objects.filter(plan__start_year=2011, reference="KS5").update(
        actual_value=600, actual_period="2011/12"
    )

    response = officer_client.post(reverse(IMPORT_URL), {"token": token})

    assert response.status_code == 200
    assert "changed after your preview, so nothing was imported" in response.content.decode()
    assert Measure.objects.get(plan__start_year=2011, reference="KS5").actual_value == 600
    assert response.context["report"].updated[0].changes[0] == ("Actual", "600", "634")

    officer_client.post(reverse(IMPORT_URL), {"token": response.context["token"]})

    assert Measure.objects.get(plan__start_year=2011, reference="KS5").actual_value == 634


def test_admin_export_downloads_the_figures_with_formulae_escaped(officer_client, seed_plan):
    Measure.objects.filter(reference="KS5").update(label="@SUM(A1)")
    export_url = (
        reverse("admin:performance_measure_export")
        + "?plan__id__exact="
        + str(Plan.objects.get(start_year=2011).pk)
    )
    fields = {
        f"measurefiguresresource_{name}": "on"
        for name in MeasureFiguresResource().get_export_order()
    }

    response = officer_client.post(export_url, {"format": "0", "resource": "0", **fields})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response.content)
    assert len(rows) == 10
    assert row_for(rows, "KS5")["Measure"] == "'@SUM(A1)"


# Organisations and actions


def test_organisation_import_adds_and_updates_with_the_importer_in_history(officer, seed_plan):
    data = spreadsheet_export(
        resource_class=OrganisationResource,
        queryset=Organisation.objects.filter(name__in=["Kent Police", "DAVSS"]),
        file_format="csv",
        acting_user=it_team(),
    )
    rows = rows_of(data)
    rows[1]["Website"] = "www.kent.police.uk/tonbridge"
    rows.append(dict(rows[0], Organisation="Safer Streets Trust", **{"Member of the CSP": "No"}))

    report = spreadsheet_import(
        resource_class=OrganisationResource,
        file_bytes=csv_of(rows),
        filename="organisations.csv",
        acting_user=officer,
        dry_run=False,
    )

    assert report.committed, report.problems
    assert [row.record for row in report.created] == ["Safer Streets Trust"]
    assert report.updated[0].changes == (
        ("Website", "www.kent.police.uk", "www.kent.police.uk/tonbridge"),
    )
    for name in ("Safer Streets Trust", "Kent Police"):
        assert Organisation.objects.get(name=name).history.latest().history_user == officer


def test_action_import_changes_status_progress_and_supporting_organisations(officer, seed_plan):
    data = spreadsheet_export(
        resource_class=ActionResource,
        queryset=Action.objects.filter(priority__code="asb", number=1),
        file_format="csv",
        acting_user=it_team(),
    )
    rows = rows_of(data)
    assert rows[0]["Theme"] == "Anti-social behaviour" and rows[0]["Status"] == "Not started"
    rows[0].update(
        {
            "Status": "In progress",
            "Progress": "Two panels held",
            "Supporting organisations": "DAVSS; KCC Children, Families and Education",
        }
    )

    report = spreadsheet_import(
        resource_class=ActionResource,
        file_bytes=csv_of(rows),
        filename="actions.csv",
        acting_user=officer,
        dry_run=False,
    )

    assert report.committed, report.problems
    action = Action.objects.get(priority__code="asb", number=1)
    assert (action.status, action.progress_note) == ("in_progress", "Two panels held")
    assert sorted(action.supporting_organisations.values_list("name", flat=True)) == [
        "DAVSS",
        "KCC Children, Families and Education",
    ]
    assert action.history.latest().history_user == officer
