"""Every text a user can enter comes out as it was typed: pages, admin, PDF and spreadsheets.

Every CharField and TextField of the project's models (found through ``_meta.get_fields()``,
so a new one is covered without touching this file) is given a payload of its own, e.g.

    <script>alert("Plan.introduction")</script> {{ 7|add:1 }} {% now "Y" %} &amp;

cut down to fit the field's max_length (short fields keep the script and as much template
syntax as fits, marked by a number: ``<script>alert(12) {{ 7|add:1 }}``). A field whose
validators or choices refuse such text (slugs, e-mail addresses, statuses) is instead shown
to refuse it.

The payloads are written into one row of each model in the 2012 plan (its partnership,
narrative, review section, figure, priority, theme, action, outcome and measure, Kent Police
and a contact of it, the progress reports on the action and the measure, and the reporting
partner's name), and each page, admin page, the PDF and every spreadsheet export is read
once. For each (page, field) that the page shows:

- in HTML, the page's text (``html.unescape``) holds the payload exactly: escaped once, not
  twice, and neither ``{{ 7|add:1 }}`` nor ``{% now "Y" %}`` evaluated (an "8" or the current
  year in their place fails);
- in the PDF's text, the payload is there as typed;
- in a spreadsheet, a cell holds the payload exactly.

And for each page, whatever it shows: no raw ``<script>alert`` anywhere, and no payload with
its template syntax evaluated.

The world is built once for the module inside a transaction rolled back at its end (as
test_access_matrix does); each page is fetched once and the result shared by its tests. The
PDF is rendered once.
"""

from __future__ import annotations

import csv
import html
import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from simple_history.models import HistoricalChanges

from actionplan.models import (
    Action,
    ActionUpdate,
    NarrativeFigure,
    Outcome,
    Partnership,
    Plan,
    Priority,
    ReviewSection,
    Theme,
)
from actionplan.resources import ActionResource
from actionplan.services import action_report_progress, user_partnerships_set
from conftest import seed_loaded_once
from partners import roles
from partners.models import Contact, Organisation
from partners.resources import ContactResource, OrganisationResource
from partners.services import user_set_up
from performance.models import Measure, MeasureFigure, MeasureUpdate
from performance.pdf import render_plan_html, render_plan_pdf
from performance.progress import measure_report_progress, measure_update_return
from performance.resources import MeasureFiguresResource
from spreadsheets.exports import spreadsheet_export

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "escaping-pass-2012"  # noqa: S105

# --- The fields and their payloads -----------------------------------------------------------

USER_TEXT_APPS = ("partners", "actionplan", "performance")
# Text entered elsewhere that the project's pages show: users' names (the update queue says
# who proposed a figure; the username is refused by its validator), and the reason a change
# was made, which the admin's history lists (an import writes the uploaded file's name).
EXTRA_FIELDS = (
    (User, "first_name"),
    (User, "last_name"),
    (User, "username"),
    (Action.history.model, "history_change_reason"),
)

TEMPLATE_VARIABLE = "{{ 7|add:1 }}"
TEMPLATE_TAG = '{% now "Y" %}'
ENTITY = "&amp;"
RAW_SCRIPT = "<script>alert"
# Validators every text field has that say nothing about the text's characters.
LENGTH_VALIDATORS = (MaxLengthValidator, ProhibitNullCharactersValidator)


def key_of(model, name: str) -> str:
    return f"{model.__name__}.{name}"


def user_text_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Every concrete text field of the project's models, and the extras; in a fixed order."""
    found = []
    for label in USER_TEXT_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # copies of the fields below, written only by saving them
            found += [
                (model, f)
                for f in model._meta.get_fields()
                if isinstance(f, models.CharField | models.TextField)
                and f.concrete
                and not f.auto_created
                # A fixed vocabulary only code writes (a period's kind, a recorded rating)
                # holds no typed text, and full_clean() leaves it unchecked.
                and not (f.choices and not f.editable)
            ]
    found += [(model, model._meta.get_field(name)) for model, name in EXTRA_FIELDS]
    return sorted(found, key=lambda pair: key_of(pair[0], pair[1].name))


def refusal_reason(model_field: models.Field) -> str | None:
    """Why the field cannot hold the payload, if it cannot: it offers choices, or it has a
    validator of the text's form (slug, e-mail address, username)."""
    if model_field.choices:
        return "choices"
    checks = [v for v in model_field.validators if not isinstance(v, LENGTH_VALIDATORS)]
    if checks:
        return ", ".join(sorted({type(v).__name__ for v in checks}))
    return None


def make_payload(key: str, number: int, max_length: int | None) -> str:
    """The field's payload: named by the field, or by a number where the name does not fit."""
    tails = [f" {TEMPLATE_VARIABLE}", f" {TEMPLATE_TAG}", f" {ENTITY}"]
    heads = [
        f'<script>alert("{key}")</script>',
        f"<script>alert({number})</script>",
        f"<script>alert({number})",
    ]
    for head in heads:
        text = head + "".join(tails)
        if max_length is None or len(text) <= max_length:
            return text
    # A short field: the script and what fits. Some try the tag first, so the short fields
    # between them carry both kinds of template syntax.
    text = heads[-1]
    for tail in tails if len(key) % 2 == 0 else [tails[1], tails[0], tails[2]]:
        if len(text + tail) <= max_length:
            text += tail
    return text


def marker_of(payload: str) -> str:
    """The part of a payload that names its field: alert("Plan.introduction") or alert(12)."""
    return re.search(r"alert\([^)]*\)", payload).group(0)


FIELDS = user_text_fields()
PAYLOADS: dict[str, str] = {}
REFUSED: dict[str, str] = {}
MODEL_FIELDS: dict[str, tuple[type[models.Model], models.Field]] = {}
for _number, (_model, _field) in enumerate(FIELDS, start=1):
    _key = key_of(_model, _field.name)
    MODEL_FIELDS[_key] = (_model, _field)
    _payload = make_payload(_key, _number, _field.max_length)
    _reason = refusal_reason(_field)
    if _reason:
        REFUSED[_key] = _reason
    else:
        PAYLOADS[_key] = _payload

YEAR = str(timezone.now().year)

# The narrative's own syntax around two payloads: a figure slot naming the (missing) figure,
# so the text shows its label, and a "- " list.
NARRATIVE_SYNTAX = {
    "ReviewSection.body": PAYLOADS["ReviewSection.body"]
    + f"\n\n[[{PAYLOADS['NarrativeFigure.label']}]]",
    "Priority.activities_intro": f"- {PAYLOADS['Priority.activities_intro']}",
}


def evaluated_forms(payload: str) -> list[str]:
    """The payload as it would read had the template engine run it."""
    forms = {
        payload.replace(TEMPLATE_VARIABLE, "8"),
        payload.replace(TEMPLATE_TAG, YEAR),
        payload.replace(TEMPLATE_VARIABLE, "8").replace(TEMPLATE_TAG, YEAR),
    }
    return sorted(forms - {payload})


# --- The world the payloads are written into -------------------------------------------------


@dataclass
class World:
    plan: Plan
    users: dict[str, object]
    rows: dict[type[models.Model], list[models.Model]]
    rendered: dict[str, Rendered] = field(default_factory=dict)

    def pk(self, model) -> int:
        return self.rows[model][0].pk


def _store(rows: dict[type[models.Model], list[models.Model]]) -> None:
    """Every stored field's payload into its rows, each row passing full_clean() first."""
    for model, instances in rows.items():
        names = [
            f.name
            for m, f in FIELDS
            if m is model and key_of(m, f.name) in PAYLOADS and not issubclass(m, HistoricalChanges)
        ]
        for instance in instances:
            instance.refresh_from_db()
            for name in names:
                setattr(instance, name, PAYLOADS[key_of(model, name)])
            if model is Action:
                instance._change_reason = PAYLOADS["HistoricalAction.history_change_reason"]
            instance.full_clean()
            instance.save()


def _build_world() -> World:
    plan = Plan.objects.select_related("partnership").get(
        partnership__slug="tonbridge-and-malling-csp", start_year=2012
    )
    police = Organisation.objects.get(name="Kent Police")
    users = {
        "partner": user_set_up(
            username="escaping-police", password=PASSWORD, role=roles.PARTNER, organisation=police
        ),
        "officer": user_set_up(username="escaping-officer", password=PASSWORD, role=roles.OFFICER),
        "no role": User.objects.create_user(username="escaping-no-role", password=PASSWORD),
    }
    partner, officer = users["partner"], users["officer"]
    user_partnerships_set(user=officer, partnerships=[plan.partnership])

    # One row of each kind, all where Kent Police's partner and the plan's pages show them.
    police.is_csp_member = True  # listed, with its address, in the PDF's membership part
    police.save()
    priority = plan.priorities.get(code="asb")  # led by Kent Police, and has themes
    theme = priority.themes.order_by("order").first()
    action = priority.actions.order_by("number").first()
    action.theme, action.lead_organisation = theme, police
    action.save()
    measure = Measure.objects.get(plan=plan, reference="PT1")  # a police target of Kent Police
    measure.responsible_organisation = police
    measure.actual_value = Decimal("100000")  # so pages show the actual's period
    measure.actual_period = "2012/13"
    measure.save()
    # A quarter's actual of its series, with a change as the source reported it, so that
    # pages show its basis as well as its note and source.
    quarter = MeasureFigure.objects.create(
        measure=measure,
        what=MeasureFigure.What.ACTUAL,
        period_label="Q1 2012/13",
        value=Decimal("24000"),
        reported_change="-5.1",
        reported_change_kind=MeasureFigure.ChangeKind.PERCENT,
    )
    figure = plan.narrative_figures.order_by("order").first()
    figure.value, figure.responsible_organisation = None, police  # a missing figure
    figure.save()
    contact = Contact.objects.create(organisation=police, name="Replaced by the payload")

    # Progress reports, through the services the partner's and the officer's forms call.
    action_update = action_report_progress(
        action=action,
        acting_user=partner,
        status=Action.Status.IN_PROGRESS,
        note=PAYLOADS["ActionUpdate.note"],
    )
    proposal = {
        "measure": measure,
        "acting_user": partner,
        "note": PAYLOADS["MeasureUpdate.note"],
        "proposed_actual": Decimal("99000"),
        "proposed_period": PAYLOADS["MeasureUpdate.proposed_period"],
        "proposed": {
            "proposed_note": PAYLOADS["MeasureUpdate.proposed_note"],
            "proposed_change": "-5.1",
            "proposed_change_kind": MeasureFigure.ChangeKind.PERCENT,
            "proposed_basis": PAYLOADS["MeasureUpdate.proposed_basis"],
        },
    }
    # Returned first: a later figure for the same period would replace one still pending.
    returned = measure_update_return(
        update=measure_report_progress(**proposal),
        acting_user=officer,
        reason=PAYLOADS["MeasureUpdate.review_note"],
    )
    pending = measure_report_progress(**proposal)

    rows = {
        Partnership: [plan.partnership],
        Plan: [plan],
        ReviewSection: [plan.review_sections.order_by("order").first()],
        NarrativeFigure: [figure],
        Priority: [priority],
        Theme: [theme],
        Action: [action],
        Outcome: [priority.outcomes.order_by("number").first()],
        ActionUpdate: [action_update],
        Organisation: [police],
        Contact: [contact],
        Measure: [measure],
        MeasureFigure: [quarter],
        MeasureUpdate: [pending, returned],
        User: [partner],
    }
    _store(rows)

    for key, stored in NARRATIVE_SYNTAX.items():
        model, model_field = MODEL_FIELDS[key]
        instance = rows[model][0]
        instance.refresh_from_db()
        setattr(instance, model_field.name, stored)
        instance.full_clean()
        instance.save()

    plan.refresh_from_db()
    return World(plan=plan, users=users, rows=rows)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The seed plan with a payload in every text field, once per module; rolled back after."""
    yield from seed_loaded_once(django_db_blocker, _build_world)


# --- What is read back -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """A page, document or file as read back: HTML, extracted PDF text, or spreadsheet cells."""

    kind: str  # "html", "pdf" or "cells"
    content: str = ""
    cells: frozenset[str] = frozenset()

    def problem_with(self, payload: str) -> str | None:
        """What is wrong with how the payload is shown; None when it is shown as typed."""
        if self.kind == "html":
            unescaped = "<script>" + marker_of(payload)
            if unescaped in self.content:
                at = self.content.index(unescaped)
                return f"shown unescaped: {self.content[at - 80 : at + len(payload) + 20]!r}"
            text = html.unescape(self.content)
            if payload in text:
                return None
            if payload in html.unescape(text):
                return "escaped twice: " + _missing("page text", text, payload)
            return _missing("page text", text, payload)
        if self.kind == "pdf":
            if squash(payload) in squash(self.content):
                return None
            return _missing("PDF text", self.content, payload)
        if payload in self.cells:
            return None
        near = sorted(cell for cell in self.cells if marker_of(payload) in cell)
        return f"no cell holds the payload exactly; cells naming it: {near!r}"

    def problems_anywhere(self, known: frozenset[str] = frozenset()) -> list[str]:
        """Unescaped script, or any payload with its template syntax evaluated; leaving out
        the unescaped script of the ``known`` fields' payloads (reported by their own test)."""
        problems = []
        if self.kind == "html":
            allowed = {"<script>" + marker_of(PAYLOADS[key]) for key in known}
            for hit in re.finditer(re.escape(RAW_SCRIPT), self.content):
                around = self.content[hit.start() : hit.start() + 200]
                if not any(around.startswith(script) for script in allowed):
                    at = hit.start()
                    problems.append(f"raw {RAW_SCRIPT!r}: {self.content[at - 80 : at + 80]!r}")
        text = self.searchable()
        for key, payload in PAYLOADS.items():
            for evaluated in evaluated_forms(payload):
                if (squash(evaluated) if self.kind == "pdf" else evaluated) in text:
                    problems.append(f"{key}: template syntax was evaluated: {evaluated!r}")
        return problems

    def searchable(self) -> str:
        if self.kind == "html":
            return html.unescape(self.content)
        if self.kind == "pdf":
            return squash(self.content)
        return "\n".join(self.cells)


def squash(text: str) -> str:
    # The PDF's text breaks lines where the layout did, anywhere in a long word.
    return re.sub(r"\s+", "", text)


def _missing(where: str, text: str, payload: str) -> str:
    marker = marker_of(payload)
    if marker in text:
        at = text.index(marker)
        return f"not shown as typed; the {where} reads {text[at - 30 : at + len(payload) + 30]!r}"
    return f"not in the {where} at all (marker {marker!r})"


# --- The pages -------------------------------------------------------------------------------


def get_page(world: World, role: str, url: str) -> Rendered:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} as {role}: {response.status_code}"
    return Rendered("html", response.content.decode())


def get_anonymous_page(url: str) -> Rendered:
    """A public page, as a visitor who has not signed in."""
    response = Client().get(url)
    assert response.status_code == 200, f"GET {url} anonymously: {response.status_code}"
    return Rendered("html", response.content.decode())


def post_page(world: World, role: str, url: str, data: dict) -> Rendered:
    """A form posted with something wrong: the page shown again with its errors."""
    client = Client()
    client.force_login(world.users[role])
    response = client.post(url, data)
    assert response.status_code == 200, f"POST {url} as {role}: {response.status_code}"
    assert response.context["form"].errors, "the report was meant to be refused"
    return Rendered("html", response.content.decode())


def admin_url(model, view: str, world: World) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    if view == "changelist":
        return reverse(name)
    return reverse(name, args=[world.pk(model)])


def pdf_text(world: World) -> Rendered:
    pdf = render_plan_pdf(plan=world.plan)
    reader = PdfReader(io.BytesIO(pdf))
    return Rendered("pdf", "\n".join(page.extract_text() for page in reader.pages))


def spreadsheet(resource_class, queryset, file_format: str, user) -> Rendered:
    content = spreadsheet_export(
        resource_class=resource_class,
        queryset=queryset,
        file_format=file_format,
        acting_user=user,
    )
    return Rendered("cells", cells=frozenset(_cells(content, file_format)))


def _cells(content: bytes, file_format: str) -> list[str]:
    if file_format == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        return [cell for row in rows for cell in row]
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [
        str(value)
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def export_figures_command(world: World) -> Rendered:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "figures.csv"
        call_command(
            "export_figures",
            year=2012,
            output=str(output),
            user=world.users["officer"].username,
            stdout=io.StringIO(),
        )
        return Rendered("cells", cells=frozenset(_cells(output.read_bytes(), "csv")))


@dataclass(frozen=True)
class Page:
    name: str
    read: Callable[[World], Rendered]
    shows: frozenset[str]


def page(name: str, read: Callable[[World], Rendered], *shows: str) -> Page:
    return Page(name, read, frozenset(shows))


def officer_page(url_name: str, *args_of: Callable[[World], object]):
    return lambda world: get_page(
        world, "officer", reverse(url_name, args=[arg(world) for arg in args_of])
    )


def partner_page(url_name: str, *args_of: Callable[[World], object]):
    return lambda world: get_page(
        world, "partner", reverse(url_name, args=[arg(world) for arg in args_of])
    )


def admin_page(model, view: str, query: str = ""):
    return lambda world: get_page(world, "officer", admin_url(model, view, world) + query)


def plan_pk(world: World) -> int:
    return world.plan.pk


def action_pk(world: World) -> int:
    return world.pk(Action)


def measure_pk(world: World) -> int:
    return world.pk(Measure)


PLAN_NARRATIVE = tuple(key_of(Plan, name) for name in Plan.NARRATIVE_FIELDS)
MEASURE_PERIODS = ("Measure.baseline_period", "Measure.target_period", "Measure.actual_period")
MEASURE_WORDS = ("Measure.label", "Measure.source", "Measure.target_text")
MEASURE_ALL = ("Measure.reference", *MEASURE_WORDS, *MEASURE_PERIODS)
SERIES_ROW = (
    "MeasureFigure.period_label",
    "MeasureFigure.note",
    "MeasureFigure.source",
    "MeasureFigure.reported_basis",
)
PROPOSALS = (
    "MeasureUpdate.note",
    "MeasureUpdate.proposed_period",
    "MeasureUpdate.review_note",
    "MeasureUpdate.proposed_note",
    "MeasureUpdate.proposed_basis",
)
ORGANISATION_ALL = (
    "Organisation.name",
    "Organisation.address",
    "Organisation.phone",
    "Organisation.website",
)
CONTACT_ALL = ("Contact.name", "Contact.job_title", "Contact.phone")
PRIORITY_ALL = (
    "Priority.title",
    "Priority.overview",
    "Priority.activities_intro",
    "Priority.other_key_partners",
)

PAGES = [
    # The portal's pages, as the officer, the Kent Police partner, and a user with no role.
    page("home, officer", officer_page("home"), "Partnership.name", "Partnership.short_name"),
    page(
        "home, partner",
        partner_page("home"),
        "Organisation.name",
        "Priority.title",
        "Action.description",
    ),
    page(
        "home, no role",
        lambda world: get_page(world, "no role", reverse("home")),
        "Partnership.name",
        "Partnership.phone",
    ),
    page(
        "accessibility statement, anonymous",
        lambda world: get_anonymous_page(reverse("accessibility-statement")),
        "Partnership.name",
        "Partnership.phone",
    ),
    page(
        "plan list",
        officer_page("actionplan:plan-list"),
        "Partnership.name",
        "Partnership.short_name",
    ),
    page(
        "plan overview",
        officer_page("performance:plan-overview", plan_pk),
        "Partnership.name",
        "Partnership.police_force",
        "Plan.police_targets_outcome",
        "Priority.title",
        "Organisation.name",
        *MEASURE_WORDS,
        "Measure.baseline_period",
        "Measure.actual_period",
    ),
    page(
        "plan completeness",
        officer_page("performance:plan-completeness", plan_pk),
        "Partnership.name",
        "Partnership.police_force",
        "Priority.title",
        "NarrativeFigure.label",
        "NarrativeFigure.section",
    ),
    page(
        "plan figures",
        officer_page("performance:plan-figures", plan_pk),
        "Partnership.name",
        "Partnership.police_force",
        "Priority.title",
        "Organisation.name",
        "Measure.reference",
        "Measure.label",
        "Measure.target_text",
        *MEASURE_PERIODS,
        "NarrativeFigure.label",
        "NarrativeFigure.section",
    ),
    page(
        "plan approval",
        officer_page("performance:plan-approval", plan_pk),
        "Partnership.name",
        "Plan.approval_note",
        "Plan.return_to_draft_reason",
    ),
    page(
        "update queue",
        officer_page("performance:update-queue"),
        "Measure.reference",
        "Measure.label",
        *MEASURE_PERIODS,
        *PROPOSALS,
        "Organisation.name",
        "User.first_name",
        "User.last_name",
    ),
    page(
        "my actions",
        partner_page("actionplan:my-actions"),
        "Organisation.name",
        "Priority.title",
        "Theme.title",
        "Action.description",
        "Action.progress_note",
    ),
    page(
        "my measures",
        partner_page("performance:my-measures"),
        "Organisation.name",
        "Measure.reference",
        "Measure.label",
        "Measure.baseline_period",
    ),
    page(
        "action detail",
        partner_page("actionplan:action-detail", action_pk),
        "Priority.title",
        "Theme.title",
        "Action.description",
        "Action.progress_note",
        "Organisation.name",
        "ActionUpdate.note",
    ),
    page(
        "measure detail",
        partner_page("performance:measure-detail", measure_pk),
        *MEASURE_ALL,
        "Organisation.name",
        *PROPOSALS,
        *SERIES_ROW,
    ),
    page(
        "measure detail, a report refused",
        lambda world: post_page(
            world,
            "partner",
            reverse("performance:measure-detail", args=[world.pk(Measure)]),
            {"note": "", "proposed_period": PAYLOADS["MeasureUpdate.proposed_period"]},
        ),
        *MEASURE_ALL,
        "Organisation.name",
        *PROPOSALS,
    ),
    # The admin, as the officer (a member of staff who edits the plan's content).
    page(
        "admin plan",
        admin_page(Plan, "change"),
        *PLAN_NARRATIVE,
        "Partnership.name",
        "Partnership.short_name",
        "ReviewSection.title",
        "ReviewSection.body",
        "Priority.title",
        "NarrativeFigure.label",
        "NarrativeFigure.section",
        "Organisation.name",
        *MEASURE_ALL,
    ),
    page(
        "admin priority",
        admin_page(Priority, "change"),
        *PRIORITY_ALL,
        "Theme.title",
        "Action.description",
        "Action.progress_note",
        "Outcome.text",
        "Organisation.name",
        "Partnership.short_name",
    ),
    page(
        "admin action",
        admin_page(Action, "change"),
        "Action.description",
        "Action.progress_note",
        "Priority.title",
        "Theme.title",
        "Organisation.name",
    ),
    page(
        "admin measure",
        admin_page(Measure, "change"),
        *MEASURE_ALL,
        "Organisation.name",
        "Priority.title",
        "Partnership.short_name",
    ),
    page("admin organisation", admin_page(Organisation, "change"), *ORGANISATION_ALL, *CONTACT_ALL),
    page("admin contact", admin_page(Contact, "change"), *CONTACT_ALL, "Organisation.name"),
    page(
        "admin partnership",
        admin_page(Partnership, "change"),
        "Partnership.name",
        "Partnership.short_name",
        "Partnership.phone",
        "Partnership.website",
        "Partnership.police_force",
        "Partnership.alternative_formats_notice",
    ),
    page(
        "admin review section",
        admin_page(ReviewSection, "change"),
        "ReviewSection.title",
        "ReviewSection.body",
        "NarrativeFigure.label",
        "Partnership.short_name",
    ),
    page(
        "admin narrative figure",
        admin_page(NarrativeFigure, "change"),
        "NarrativeFigure.label",
        "NarrativeFigure.section",
        "Organisation.name",
        "Partnership.short_name",
    ),
    page("admin theme", admin_page(Theme, "change"), "Theme.title", "Priority.title"),
    page("admin outcome", admin_page(Outcome, "change"), "Outcome.text", "Priority.title"),
    page(
        "admin action history",
        admin_page(Action, "history"),
        "HistoricalAction.history_change_reason",
        "Action.description",
    ),
    page("admin action delete", admin_page(Action, "delete"), "Action.description"),
    page(
        "admin plans list",
        admin_page(Plan, "changelist"),
        "Partnership.name",
        "Partnership.short_name",
    ),
    page(
        "admin priorities list",
        admin_page(Priority, "changelist"),
        "Priority.title",
        "Organisation.name",
        "Partnership.short_name",
    ),
    page(
        "admin actions list",
        admin_page(Action, "changelist"),
        "Action.description",
        "Organisation.name",
        "Priority.title",
        "Partnership.short_name",
    ),
    page(
        "admin actions searched for the payload",
        lambda world: get_page(
            world,
            "officer",
            admin_url(Action, "changelist", world)
            + "?"
            + urlencode({"q": PAYLOADS["Action.description"]}),
        ),
        "Action.description",
        "Organisation.name",
        "Priority.title",
        "Partnership.short_name",
    ),
    page(
        "admin measures list",
        admin_page(Measure, "changelist"),
        "Measure.reference",
        "Measure.label",
        "Organisation.name",
        "Partnership.short_name",
    ),
    page(
        "admin organisations list",
        admin_page(Organisation, "changelist"),
        "Organisation.name",
        "Organisation.phone",
        "Organisation.website",
    ),
    page(
        "admin contacts list",
        admin_page(Contact, "changelist"),
        *CONTACT_ALL,
        "Organisation.name",
    ),
    page(
        "admin partnerships list",
        admin_page(Partnership, "changelist"),
        "Partnership.name",
        "Partnership.short_name",
        "Partnership.phone",
        "Partnership.website",
    ),
    page(
        "admin review sections list",
        admin_page(ReviewSection, "changelist"),
        "ReviewSection.title",
        "Partnership.short_name",
    ),
    page(
        "admin narrative figures list",
        admin_page(NarrativeFigure, "changelist"),
        "NarrativeFigure.label",
        "NarrativeFigure.section",
        "Organisation.name",
        "Partnership.short_name",
    ),
    *[
        page(
            f"admin {plural} list",
            admin_page(model, "changelist"),
            text,
            "Priority.title",
            "Partnership.short_name",
        )
        for plural, model, text in [
            ("themes", Theme, "Theme.title"),
            ("outcomes", Outcome, "Outcome.text"),
        ]
    ],
    # The plan as a document: its HTML, and the text of the PDF WeasyPrint makes of it.
    *[
        page(
            name,
            read,
            "Partnership.name",
            "Partnership.phone",
            "Partnership.website",
            "Partnership.police_force",
            "Partnership.alternative_formats_notice",
            *PLAN_NARRATIVE,
            "ReviewSection.title",
            "ReviewSection.body",
            "NarrativeFigure.label",
            *PRIORITY_ALL,
            "Action.description",
            "Outcome.text",
            *ORGANISATION_ALL,
            "Measure.label",
            "Measure.source",
            "Measure.baseline_period",
            "Measure.target_text",
        )
        for name, read in [
            ("PDF HTML", lambda world: Rendered("html", render_plan_html(plan=world.plan))),
            ("PDF text", pdf_text),
        ]
    ],
    # Spreadsheets.
    *[
        page(
            f"{name} {file_format}",
            lambda world, resource=resource, file_format=file_format, queryset=queryset: (
                spreadsheet(resource, queryset(), file_format, world.users["officer"])
            ),
            *shows,
        )
        for file_format in ("csv", "xlsx")
        for name, resource, queryset, shows in [
            (
                "figures",
                MeasureFiguresResource,
                lambda: Measure.objects.filter(plan__start_year=2012),
                ("Measure.reference", "Measure.label", *MEASURE_PERIODS, "Organisation.name"),
            ),
            (
                "actions",
                ActionResource,
                Action.objects.all,
                ("Action.description", "Action.progress_note", "Theme.title", "Organisation.name"),
            ),
            (
                "organisations",
                OrganisationResource,
                Organisation.objects.all,
                ORGANISATION_ALL,
            ),
            ("contacts", ContactResource, Contact.objects.all, (*CONTACT_ALL, "Organisation.name")),
        ]
    ],
    page(
        "export_figures command",
        export_figures_command,
        "Measure.reference",
        "Measure.label",
        *MEASURE_PERIODS,
        "Organisation.name",
    ),
]
PAGES_BY_NAME = {p.name: p for p in PAGES}

# Known escaping bugs, (page, field) -> what is wrong. The fix is not a template change, so
# it is left to the form's owner; each case is a strict xfail, so the fix turns it into a
# failure that asks for its entry here to be removed.
# (page, field) pairs known to leak; empty now. A strict xfail entry here fails once fixed.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def rendered(world: World, page_name: str) -> Rendered:
    if page_name not in world.rendered:
        world.rendered[page_name] = PAGES_BY_NAME[page_name].read(world)
    return world.rendered[page_name]


# --- The tests -------------------------------------------------------------------------------


def test_every_model_with_text_fields_has_a_row_holding_the_payloads(world):
    models_with_text = {model for model, f in FIELDS if key_of(model, f.name) in PAYLOADS}
    models_with_text -= {Action.history.model}  # written by the saves of Action
    without_rows = sorted(model.__name__ for model in models_with_text - set(world.rows))
    assert without_rows == [], "pick a row of each in _build_world; add their pages to PAGES"


def test_every_stored_field_is_read_back_somewhere():
    shown = set().union(*(p.shows for p in PAGES))
    assert sorted(set(PAYLOADS) - shown) == [], "add the pages that show these fields to PAGES"
    assert sorted(shown - set(PAYLOADS)) == [], "PAGES names fields that hold no payload"


def test_the_rows_hold_the_payloads_as_typed(world):
    wrong = []
    for model, instances in world.rows.items():
        for instance in instances:
            stored = model._default_manager.get(pk=instance.pk)
            for model_field in model._meta.concrete_fields:
                key = key_of(model, model_field.name)
                if key in PAYLOADS:
                    value = getattr(stored, model_field.name)
                    if value != NARRATIVE_SYNTAX.get(key, PAYLOADS[key]):
                        wrong.append(f"{key} of {model.__name__} {instance.pk}: {value!r}")
    reason = Action.history.filter(id=world.pk(Action)).first().history_change_reason
    if reason != PAYLOADS["HistoricalAction.history_change_reason"]:
        wrong.append(f"HistoricalAction.history_change_reason: {reason!r}")
    assert wrong == []


@pytest.mark.parametrize("key", sorted(REFUSED), ids=str)
def test_a_field_whose_validators_refuse_the_payload_refuses_it(world, key):
    model, model_field = MODEL_FIELDS[key]
    instance = model._default_manager.get(pk=world.pk(model))
    payload = make_payload(key, 0, model_field.max_length)[: model_field.max_length]
    setattr(instance, model_field.name, payload)
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    codes = {error.code for error in refused.value.error_dict.get(model_field.name, [])}
    assert codes - {"max_length"}, (
        f"{key} (refused for its {REFUSED[key]}) accepted {payload!r}: give it a payload "
        "(it is no longer refused) and add the pages that show it to PAGES"
    )


SHOWN_AS_TYPED = [
    pytest.param(
        p.name,
        key,
        id=f"{p.name} | {key}",
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(p.name, key)])]
        if (p.name, key) in KNOWN_BUGS
        else [],
    )
    for p in PAGES
    for key in sorted(p.shows)
]


@pytest.mark.parametrize(("page_name", "key"), SHOWN_AS_TYPED)
def test_text_is_shown_as_typed(world, page_name, key):
    problem = rendered(world, page_name).problem_with(PAYLOADS[key])
    assert problem is None, f"{page_name}: {key}: {problem}"


@pytest.mark.parametrize("page_name", [p.name for p in PAGES], ids=str)
def test_no_stored_text_runs_as_script_or_template(world, page_name):
    known = frozenset(key for (name, key) in KNOWN_BUGS if name == page_name)
    problems = rendered(world, page_name).problems_anywhere(known)
    assert problems == [], f"{page_name}:\n" + "\n".join(problems)
