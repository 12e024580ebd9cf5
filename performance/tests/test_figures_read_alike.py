"""A figure typed on the figures page, proposed on the partner form, typed in the measure's
admin change form, or given in a CSV or XLSX cell is accepted or refused alike, as the same
number or with the same message."""

import csv
import functools
import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from actionplan.models import NarrativeFigure, Partnership
from conftest import SEED_PARTNERSHIP, join, seed_loaded_once
from figure_text import FigureError, figure_as_typed, parse_figure, parsing
from partners import roles
from partners.services import user_set_up
from performance.figure_rules import NEGATIVE_COUNT, PERCENT_RANGE, decimal_places_message
from performance.forms import MeasureProgressForm, NarrativeFigureForm, PlanFiguresPage
from performance.models import Measure
from performance.spreadsheets import figures_import
from performance.tests.test_admin import management_and_existing_form_data
from performance.tests.test_figure_entry import figures_url, form_data

pytestmark = pytest.mark.django_db

COUNT = "KS5"  # a count, given two decimal places for these tests
PERCENT = "PT2"  # a percentage to one decimal place
SLOT = "young people dealt with by the ASB Task Group"  # a count in the narrative
PERIOD = "2011/12"
FIGURE_COLUMNS = ("Baseline", "Baseline period", "Target", "Target period")
HEADERS = ("Partnership", "Plan year", "Reference", *FIGURE_COLUMNS, "Actual", "Actual period")

D = Decimal

# (what is typed, the figure it is, or the message refusing it[, the measure])
TABLE = [
    # Accepted
    ("634", D("634")),
    ("21.5", D("21.5")),
    ("12.25", D("12.25")),
    ("0.5", D("0.5")),
    ("0", D("0")),
    ("-0", D("0")),
    ("-0.00", D("0")),
    ("007", D("7")),
    ("634.00", D("634")),
    ("634.000", D("634")),
    ("102,904", D("102904")),
    ("1,234,567.5", D("1234567.5")),
    ("  634  ", D("634")),
    (" 634\t", D("634")),
    ("999999999999", D("999999999999")),
    ("999,999,999,999.99", D("999999999999.99")),
    ("", None),
    ("   ", None),
    ("76.5", D("76.5"), PERCENT),
    ("100", D("100"), PERCENT),
    # Not a figure
    ("lots", parsing.ENTER_A_NUMBER),
    ("about 630", parsing.ENTER_A_NUMBER),
    ("NaN", parsing.ENTER_A_NUMBER),
    ("Infinity", parsing.ENTER_A_NUMBER),
    ("inf", parsing.ENTER_A_NUMBER),
    ("0x10", parsing.ENTER_A_NUMBER),
    ("5-", parsing.ENTER_A_NUMBER),
    ("(5)", parsing.ENTER_A_NUMBER),
    ("--5", parsing.ENTER_A_NUMBER),
    ("1.2.3", parsing.ENTER_A_NUMBER),
    ("-", parsing.ENTER_A_NUMBER),
    (".", parsing.ENTER_A_NUMBER),
    (",", parsing.ENTER_A_NUMBER),
    # Nearly a figure: the message says what to change
    ("1e5", parsing.EXPONENT),
    ("1E5", parsing.EXPONENT),
    ("2.5e-3", parsing.EXPONENT),
    ("1_000", parsing.UNDERSCORE),
    ("+5", parsing.PLUS),
    ("12.", parsing.TRAILING_POINT),
    (".5", parsing.LEADING_POINT),
    ("1,00", parsing.COMMAS),
    ("12,34", parsing.COMMAS),
    ("1,2345", parsing.COMMAS),
    ("0,123", parsing.COMMAS),
    ("١٢٣", parsing.DIGITS),  # Arabic-Indic
    ("１２３", parsing.DIGITS),  # fullwidth
    ("१२३", parsing.DIGITS),  # Devanagari
    ("1 000", parsing.SPACES),
    ("1\u00a0000", parsing.SPACES),  # a no-break space, as some programs group thousands
    ("- 5", parsing.SPACES),
    ("12%", parsing.PERCENT_SIGN),
    ("76.2%", parsing.PERCENT_SIGN, PERCENT),
    ("£1,500", parsing.CURRENCY),
    ("$5", parsing.CURRENCY),
    ("5 €", parsing.CURRENCY),
    ("1,000,000,000,000", parsing.TOO_LARGE),
    ("1000000000000", parsing.TOO_LARGE),
    ("-1000000000000.5", parsing.TOO_LARGE),
    ("1" * 400, parsing.TOO_LARGE),
    # A figure, refused by the measure's rules: the same words on every path
    ("-5", NEGATIVE_COUNT),
    ("-1,234.5", NEGATIVE_COUNT),
    ("0.001", parsing.TOO_MANY_PLACES),
    ("12.3456", parsing.TOO_MANY_PLACES),
    ("0.0000000000000000000000000000001", parsing.TOO_MANY_PLACES),
    ("-1", PERCENT_RANGE, PERCENT),
    ("120", PERCENT_RANGE, PERCENT),
    ("76.25", decimal_places_message(1), PERCENT),
    ("76.251", parsing.TOO_MANY_PLACES, PERCENT),
]


@dataclass(frozen=True)
class Read:
    """What one path made of the typed text: the figure, or the messages at its field."""

    value: Decimal | None = None
    messages: tuple[str, ...] = ()


def expected(entry) -> Read:
    outcome = entry[1]
    return Read(messages=(outcome,)) if isinstance(outcome, str) else Read(value=outcome)


def _world():
    Measure.objects.filter(plan__start_year=2011, reference=COUNT).update(decimal_places=2)
    officer = user_set_up(
        username="figures-officer", password="officer-pass-789", role=roles.OFFICER
    )
    return join(officer, Partnership.objects.get(slug=SEED_PARTNERSHIP["slug"]))


@pytest.fixture(scope="module")
def importer(django_db_setup, django_db_blocker):
    yield from seed_loaded_once(django_db_blocker, _world)


def measure_for(reference: str) -> Measure:
    return Measure.objects.select_related("plan__partnership").get(reference=reference)


def period_for(text: str) -> str:
    # A blank figure with a period is a different mistake on the partner form.
    return PERIOD if text.strip() else ""


def read_on_figures_page(officer, measure: Measure, text: str) -> Read:
    """The page as posted, checked and saved as the page saves it (forms, then the one
    writer's rules), in a transaction rolled back so that every entry starts alike."""
    data = QueryDict(mutable=True)
    data.update(page_as_shown(officer, measure.plan))
    prefix = f"m{measure.pk}"
    data[f"{prefix}-actual_value"] = text
    data[f"{prefix}-actual_period"] = period_for(text)
    page = PlanFiguresPage(plan=measure.plan, data=data)
    with transaction.atomic():
        saved = page.save(acting_user=officer)
        transaction.set_rollback(True)
    if saved is not None:
        # An unchanged row is not cleaned: its blank figure stays blank.
        form = next(row.form for row in page.measure_rows if row.measure.pk == measure.pk)
        return Read(value=form.cleaned_data.get("actual_value") if form.has_changed() else None)
    form = next(row.form for row in page.measure_rows if row.measure.pk == measure.pk)
    return Read(messages=tuple(form.errors.get("actual_value", ())))


@functools.cache
def page_as_shown(officer, plan) -> dict[str, str]:
    """Every input of the unchanged figures page, as a browser would send it back. Read once:
    each entry's save is rolled back, so the page stays as it was."""
    client = Client()
    client.force_login(officer)
    return form_data(client.get(figures_url(plan)))


def read_in_admin(officer, row: Measure | NarrativeFigure, field: str, changes) -> Read:
    """The row's admin change form as posted, saved as the admin saves it (the form, then
    the row's writer), in a transaction rolled back so that every entry starts alike."""
    client = Client()
    client.force_login(officer)
    url = reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])
    with transaction.atomic():
        response = client.post(url, {**admin_form_as_shown(officer, url), **changes})
        saved = getattr(type(row).objects.get(pk=row.pk), field)
        transaction.set_rollback(True)
    if response.status_code == 302:
        return Read(value=saved)
    form = response.context["adminform"].form
    return Read(messages=tuple(form.errors.get(field, ())) or tuple(form.errors))


@functools.cache
def admin_form_as_shown(officer, url: str) -> dict[str, str]:
    """Every field of the unchanged admin change form, as a browser would send it back."""
    client = Client()
    client.force_login(officer)
    page = client.get(url)
    form = page.context["adminform"].form
    shown = {
        form.add_prefix(name): "" if form[name].value() is None else str(form[name].value())
        for name in form.fields
        if not form.fields[name].disabled
    }
    # A browser sends the page's inlines back too (a measure's figures by period), as drawn.
    inlines = {**management_and_existing_form_data(page)}
    for name in shown:
        inlines.pop(name, None)
    return {**inlines, **shown}


def read_in_figure_slot(text: str) -> Read:
    slot = NarrativeFigure.objects.get(label=SLOT)
    unbound = NarrativeFigureForm(figure=slot)
    data = {f"{unbound.prefix}-seen": unbound["seen"].value(), f"{unbound.prefix}-value": text}
    form = NarrativeFigureForm(data, figure=slot)
    if form.is_valid():
        return Read(value=form.cleaned_data.get("value"))
    return Read(messages=tuple(form.errors.get("value", ())))


def read_on_partner_form(measure: Measure, text: str) -> Read:
    data = {"note": "Figures for the year.", "proposed_actual": text}
    # A proposed figure is for a period of its measure's plan year (period_rules).
    period = measure.plan.short_period if period_for(text) else ""
    form = MeasureProgressForm({**data, "proposed_period": period}, measure=measure)
    if form.is_valid():
        return Read(value=form.cleaned_data["proposed_actual"])
    return Read(messages=tuple(form.errors.get("proposed_actual", ())))


def sheet_rows(measure: Measure, text: str) -> list[list[str]]:
    row = [
        measure.plan.partnership.slug,
        str(measure.plan.start_year),
        measure.reference,
        figure_as_typed(measure.baseline_value),
        measure.baseline_period,
        figure_as_typed(measure.target_value),
        measure.target_period,
        text,
        period_for(text),
    ]
    return [list(HEADERS), row]


def csv_file(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def xlsx_file(rows) -> bytes:
    # Every cell is written as text, as a sheet formatted "Text" (or typed with a leading
    # apostrophe) holds it.
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_in_import(importer, measure: Measure, text: str, file_format: str) -> Read:
    rows = sheet_rows(measure, text)
    data = csv_file(rows) if file_format == "csv" else xlsx_file(rows)
    report = figures_import(
        file_bytes=data, filename=f"figures.{file_format}", acting_user=importer, dry_run=False
    )
    if report.committed:
        return Read(value=Measure.objects.get(pk=measure.pk).actual_value)
    messages = tuple(p.message for p in report.problems if (p.row, p.column) == (2, "Actual"))
    return Read(messages=messages or tuple(str(p) for p in report.problems))


def same_figure(read: Read) -> Read:
    # Stored figures have two places: 634 is read back as 634.00, the same figure.
    return Read(
        value=None if read.value is None else read.value.normalize(), messages=read.messages
    )


@pytest.mark.parametrize("entry", TABLE, ids=[repr(entry[0]) for entry in TABLE])
def test_every_path_reads_a_typed_figure_alike(importer, entry):
    text = entry[0]
    measure = measure_for(entry[2] if len(entry) > 2 else COUNT)

    reads = {
        "figures page": read_on_figures_page(importer, measure, text),
        "partner form": read_on_partner_form(measure, text),
        "admin change form": read_in_admin(
            importer,
            measure,
            "actual_value",
            {"actual_value": text, "actual_period": period_for(text)},
        ),
        "CSV import": read_in_import(importer, measure, text, "csv"),
        "XLSX import": read_in_import(importer, measure, text, "xlsx"),
    }
    if measure.reference == COUNT:
        # A count in the text keeps the same rules as a count measure with two places.
        reads["figure slot on the page"] = read_in_figure_slot(text)
        slot = NarrativeFigure.objects.get(label=SLOT)
        reads["figure slot in the admin"] = read_in_admin(importer, slot, "value", {"value": text})

    want = same_figure(expected(entry))
    assert {path: same_figure(read) for path, read in reads.items()} == dict.fromkeys(reads, want)


def test_the_table_covers_forty_strings_accepted_and_refused():
    accepted = [entry for entry in TABLE if not isinstance(entry[1], str)]
    refused = [entry for entry in TABLE if isinstance(entry[1], str)]
    assert len({entry[0] for entry in TABLE}) == len(TABLE) >= 40
    assert len(accepted) >= 10 and len(refused) >= 30


@pytest.mark.parametrize(
    "cell, figure",
    [
        (634, D("634")),
        (76.2, D("76.2")),  # not 76.2000000000000028421709430404007434844970703125
        (634.0, D("634")),
        (-0.0, D("0")),
        (999999999999.99, D("999999999999.99")),
    ],
)
def test_a_numeric_xlsx_cell_is_read_exactly(importer, cell, figure):
    measure = measure_for(COUNT)
    rows = sheet_rows(measure, "")
    rows[1][-2:] = [cell, PERIOD]

    report = figures_import(
        file_bytes=xlsx_file(rows), filename="figures.xlsx", acting_user=importer, dry_run=False
    )

    assert report.committed, report.problems
    assert Measure.objects.get(pk=measure.pk).actual_value == figure


@pytest.mark.parametrize(
    "cell, message",
    [
        (1e12, parsing.TOO_LARGE),
        (-1e15, parsing.TOO_LARGE),
        (1e100, parsing.TOO_LARGE),
        (-5, NEGATIVE_COUNT),
        (0.001, parsing.TOO_MANY_PLACES),
        (2.345, parsing.TOO_MANY_PLACES),  # never rounded to 2.35 (or to 2.34, as a float)
    ],
)
def test_a_numeric_xlsx_cell_is_held_to_the_same_limits(importer, cell, message):
    measure = measure_for(COUNT)
    rows = sheet_rows(measure, "")
    rows[1][-2:] = [cell, PERIOD]

    report = figures_import(
        file_bytes=xlsx_file(rows), filename="figures.xlsx", acting_user=importer, dry_run=False
    )

    assert [str(problem) for problem in report.problems] == [f'Row 2, column "Actual": {message}.']


@pytest.mark.parametrize("text", ["1e5", "１２３", "12."])
def test_the_figures_page_shows_the_parsers_message_and_saves_nothing(client, importer, text):
    measure = measure_for(COUNT)
    client.force_login(importer)
    data = form_data(client.get(figures_url(measure.plan)))
    prefix = f"m{measure.pk}"
    data |= {f"{prefix}-actual_value": text, f"{prefix}-actual_period": PERIOD}

    response = client.post(figures_url(measure.plan), data)

    assert response.status_code == 200
    with pytest.raises(FigureError) as refused:
        parse_figure(text, allow_negative=True)
    assert f"Actual for {COUNT}: {refused.value.message}" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).actual_value is None
