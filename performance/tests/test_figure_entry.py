"""The officer's figures page: entering figures, refusing bad ones, and never overwriting a
newer save by someone else.

The tests drive the page as a browser would: they read every input of the form from the
page (with the hidden inputs that say what the officer started from), change some, and post
them back.
"""

import re
import threading
import time
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplan.models import NarrativeFigure, Plan
from conftest import join
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up
from performance.figure_rules import MEASURE_FIGURE_FIELDS
from performance.models import Measure
from performance.services import MeasureEdit, plan_figures_save
from performance.tests.factories import build_scaled_plan

pytestmark = pytest.mark.django_db

# Session, user, the user's and the groups' permissions, plan, previous plan, measures,
# priorities, narrative figures: nine queries, whatever the size of the plan; one to spare.
MAX_PAGE_QUERIES = 10


class _FormInputs(HTMLParser):
    """name -> value of every <input> on a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            self.values[attributes["name"]] = attributes.get("value") or ""


def form_data(response) -> dict[str, str]:
    parser = _FormInputs()
    parser.feed(response.content.decode())
    return parser.values


def figures_url(plan) -> str:
    return reverse("performance:plan-figures", args=[plan.pk])


def measure(reference, start_year=None) -> Measure:
    lookup = {"plan__start_year": start_year} if start_year else {}
    return Measure.objects.get(reference=reference, **lookup)


def saved_figures() -> list[dict]:
    """Every figure row and history row as stored, to prove that nothing was saved."""
    return [
        *Measure.objects.order_by("pk").values(),
        *NarrativeFigure.objects.order_by("pk").values(),
        {"measure history": Measure.history.count()},
        {"figure history": NarrativeFigure.history.count()},
    ]


def row_html(response, anchor: str) -> str:
    """The row with this id, and the notes row under it if there is one."""
    html = response.content.decode()
    start = html.index(f'<tr id="{anchor}"')
    end = html.find('<tr id="', start + 1)
    return html[start : end if end != -1 else None]


def error_summary(response) -> str:
    """The error summary at the top of the page, an alert, from its start to its list's end."""
    html = response.content.decode()
    start = html.index('<div class="alert alert-danger" role="alert"')
    return html[start : html.index("</ul>", start)]


def post_changes(client, plan, changes: dict[str, str], *, page=None):
    """Open the page (unless given one already opened), change some inputs, save."""
    data = form_data(page or client.get(figures_url(plan)))
    for name, value in changes.items():
        assert name in data, f"no input {name} on the page"
        data[name] = value
    return client.post(figures_url(plan), data)


@pytest.fixture
def plan(small_plan):
    return Plan.objects.get(start_year=2012)


@pytest.fixture
def other_officer_client(seed_partnership):
    user = user_set_up(username="other-officer", password="other-pass-12345", role=roles.OFFICER)
    join(user, seed_partnership)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partner_client(small_plan):
    user = user_set_up(
        username="police-partner",
        password="partner-pass-123",
        role=roles.PARTNER,
        organisation=Organisation.objects.get(name="Kent Police"),
    )
    client = Client()
    client.force_login(user)
    return client


# Valid input


def test_page_groups_every_measure_as_the_document_does(officer_client, plan):
    response = officer_client.get(figures_url(plan))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Figures – Annual Action Plan 2012 - 2013 – CSP Portal</title>" in html
    assert html.count("<h1") == 1
    captions = re.findall(r'<h2 class="h4" id="[\w-]+-title">([^<]+)</h2>', html)
    assert captions == [
        "Key successes 2011/12",
        "Targets for West Kent Police",
        "Anti-Social Behaviour (including Environmental crime)",
        "Substance Misuse",
    ]
    previous = Plan.objects.get(start_year=2011)
    shown = {int(pk) for pk in re.findall(r'<tr id="measure-(\d+)"', html)}
    assert shown == set(Measure.objects.filter(plan=plan).values_list("pk", flat=True)) | set(
        Measure.objects.filter(plan=previous, category="partnership").values_list("pk", flat=True)
    )
    ks5 = measure("KS5").pk
    assert f'<label class="visually-hidden" for="id_m{ks5}-baseline_value">Baseline for KS5' in html


def test_entering_an_actual_shows_its_change_after_saving(officer_client, officer, plan):
    burglaries = measure("KS5")

    response = post_changes(
        officer_client,
        plan,
        {f"m{burglaries.pk}-actual_value": "634", f"m{burglaries.pk}-actual_period": "2011/12"},
    )

    assert response.status_code == 302
    assert response.url == figures_url(plan)
    page = officer_client.get(response.url)
    assert "Saved 1 changed figure." in page.content.decode()
    row = row_html(page, f"measure-{burglaries.pk}")
    assert "4.9% reduction" in row
    assert "Achieved" in row and "Green" in row
    burglaries.refresh_from_db()
    assert burglaries.actual_value == Decimal("634")
    assert burglaries.actual_period == "2011/12"


def test_saving_an_unchanged_page_saves_nothing(officer_client, plan):
    before = saved_figures()

    response = post_changes(officer_client, plan, {})

    assert response.status_code == 302
    assert "No figures changed." in officer_client.get(response.url).content.decode()
    assert saved_figures() == before


def test_only_changed_rows_get_a_new_version_and_history(officer_client, plan):
    crime, burglaries = measure("PT1"), measure("KS5")
    history_before = Measure.history.filter(id=burglaries.pk).count()

    response = post_changes(
        officer_client,
        plan,
        {f"m{crime.pk}-actual_value": "100,500", f"m{crime.pk}-actual_period": "2012/13"},
    )

    assert response.status_code == 302
    crime.refresh_from_db()
    burglaries.refresh_from_db()
    assert crime.actual_value == Decimal("100500")
    assert crime.version == 2
    assert burglaries.version == 1
    assert Measure.history.filter(id=burglaries.pk).count() == history_before


def test_every_saved_change_is_in_the_history_with_who_and_when(officer_client, officer, plan):
    burglaries = measure("KS5")
    started = timezone.now()

    post_changes(
        officer_client,
        plan,
        {f"m{burglaries.pk}-actual_value": "634", f"m{burglaries.pk}-actual_period": "2011/12"},
    )

    latest, before = Measure.history.filter(id=burglaries.pk).order_by("-history_date")[:2]
    assert latest.history_user == officer
    assert started <= latest.history_date <= timezone.now()
    assert latest.history_type == "~"
    assert (latest.actual_value, latest.actual_period) == (Decimal("634"), "2011/12")
    assert (before.actual_value, before.actual_period) == (None, "")
    delta = latest.diff_against(before)
    assert {change.field: (change.old, change.new) for change in delta.changes} == {
        "actual_value": (None, Decimal("634.00")),
        "actual_period": ("", "2011/12"),
    }


def test_filling_a_narrative_figure_slot_saves_it_with_its_history(officer_client, officer, plan):
    slot = NarrativeFigure.objects.get(
        plan=plan, label="young people dealt with by the ASB Task Group"
    )

    response = post_changes(officer_client, plan, {f"f{slot.pk}-value": "143"})

    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.value == Decimal("143")
    assert slot.history.latest().history_user == officer
    page = officer_client.get(response.url)
    assert 'value="143"' in row_html(page, f"figure-{slot.pk}")


# Bad input: the message at the field and in the summary, and nothing saved


def assert_refused(response, field_id: str, message: str, before: list[dict]):
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Figures – Annual Action Plan 2012 - 2013" in html
    summary = error_summary(response)
    assert "There is a problem" in summary
    assert summary.count(f'href="#{field_id}"') == 1, "one error per field, not one per check"
    assert message in summary
    field = re.search(rf'<input [^>]*id="{field_id}"[^>]*>', html).group(0)
    assert "is-invalid" in field and 'aria-invalid="true"' in field
    assert f'aria-describedby="{field_id}_error"' in field
    error = re.search(
        rf'<div class="invalid-feedback d-block" id="{field_id}_error">(.*?)</div>', html
    )
    assert error and message in error.group(1)
    assert saved_figures() == before


@pytest.fixture
def also_a_valid_change(plan):
    """A valid change posted with the bad one, to prove the save is all or nothing."""
    pt1 = measure("PT1")
    return {f"m{pt1.pk}-actual_value": "101000", f"m{pt1.pk}-actual_period": "2012/13"}


def test_text_where_a_number_belongs_is_refused_and_nothing_is_saved(
    officer_client, plan, also_a_valid_change
):
    burglaries = measure("KS5")
    before = saved_figures()

    response = post_changes(
        officer_client,
        plan,
        {
            **also_a_valid_change,
            f"m{burglaries.pk}-actual_value": "about 630",
            f"m{burglaries.pk}-actual_period": "2011/12",
        },
    )

    assert_refused(
        response, f"id_m{burglaries.pk}-actual_value", "Enter a number, like 634 or 21.5", before
    )
    # The officer's entry is kept for them to correct.
    assert 'value="about 630"' in row_html(response, f"measure-{burglaries.pk}")


def test_a_negative_count_is_refused_and_nothing_is_saved(
    officer_client, plan, also_a_valid_change
):
    burglaries = measure("KS5")
    before = saved_figures()

    response = post_changes(
        officer_client, plan, {**also_a_valid_change, f"m{burglaries.pk}-baseline_value": "-667"}
    )

    assert_refused(
        response, f"id_m{burglaries.pk}-baseline_value", "A count cannot be negative", before
    )


@pytest.mark.parametrize("value", ["101", "-0.5"])
def test_a_percentage_outside_0_to_100_is_refused_and_nothing_is_saved(
    officer_client, plan, also_a_valid_change, value
):
    satisfaction = measure("PT2")
    before = saved_figures()

    response = post_changes(
        officer_client,
        plan,
        {
            **also_a_valid_change,
            f"m{satisfaction.pk}-actual_value": value,
            f"m{satisfaction.pk}-actual_period": "2012/13",
        },
    )

    assert_refused(
        response,
        f"id_m{satisfaction.pk}-actual_value",
        "A percentage must be between 0 and 100",
        before,
    )


@pytest.mark.parametrize(
    ("reference", "value", "message"),
    [
        ("KS6", "21.55", "Give at most 1 decimal place for this measure"),
        ("KS5", "633.5", "Give a whole number for this measure, with no decimal places"),
    ],
)
def test_more_decimal_places_than_the_measure_allows_is_refused_and_nothing_is_saved(
    officer_client, plan, also_a_valid_change, reference, value, message
):
    target = measure(reference)
    before = saved_figures()

    response = post_changes(
        officer_client,
        plan,
        {
            **also_a_valid_change,
            f"m{target.pk}-actual_value": value,
            f"m{target.pk}-actual_period": "2011/12",
        },
    )

    assert_refused(response, f"id_m{target.pk}-actual_value", message, before)


def test_an_actual_without_its_period_is_refused_and_nothing_is_saved(
    officer_client, plan, also_a_valid_change
):
    burglaries = measure("KS5")
    before = saved_figures()

    response = post_changes(
        officer_client, plan, {**also_a_valid_change, f"m{burglaries.pk}-actual_value": "634"}
    )

    assert_refused(
        response,
        f"id_m{burglaries.pk}-actual_period",
        "Say which period the actual figure is for, e.g. 2011/12",
        before,
    )


def test_a_negative_narrative_figure_is_refused_and_nothing_is_saved(
    officer_client, plan, also_a_valid_change
):
    slot = NarrativeFigure.objects.get(plan=plan, label="fly tipping incidents reported")
    before = saved_figures()

    response = post_changes(
        officer_client, plan, {**also_a_valid_change, f"f{slot.pk}-value": "-3"}
    )

    assert_refused(response, f"id_f{slot.pk}-value", "A count cannot be negative", before)


def test_figures_may_be_typed_with_thousands_separators(officer_client, plan):
    crime = measure("PT1")

    response = post_changes(
        officer_client,
        plan,
        {f"m{crime.pk}-actual_value": "101,874", f"m{crime.pk}-actual_period": "2012/13"},
    )

    assert response.status_code == 302
    crime.refresh_from_db()
    assert crime.actual_value == Decimal("101874")


# Two officers at once


def test_stale_edit_is_refused_and_shows_what_the_other_officer_saved(
    officer_client, other_officer_client, plan
):
    burglaries = measure("KS5")
    prefix = f"m{burglaries.pk}"
    my_page = officer_client.get(figures_url(plan))
    saved = post_changes(
        other_officer_client,
        plan,
        {f"{prefix}-actual_value": "640", f"{prefix}-actual_period": "2011/12"},
    )
    assert saved.status_code == 302
    before = saved_figures()

    response = post_changes(
        officer_client,
        plan,
        {f"{prefix}-actual_value": "634", f"{prefix}-actual_period": "2011/12"},
        page=my_page,
    )

    assert response.status_code == 200
    assert saved_figures() == before
    assert measure("KS5").actual_value == Decimal("640")
    assert f'href="#measure-{burglaries.pk}"' in error_summary(response)
    row = row_html(response, f"measure-{burglaries.pk}")
    assert re.search(
        r"other-officer saved this at \d\d:\d\d on \d+ \w+ \d{4}, after you opened this page: "
        r"actual figure 640 for 2011/12\. Nothing has been saved\.",
        row,
    )
    # The officer's own entry is still in the box, and the saved figure is what the row's
    # change is worked out from.
    assert f'name="{prefix}-actual_value" value="634"' in row
    assert "4.0% reduction" in row


def test_after_seeing_the_other_save_the_officer_can_save_over_it(
    officer_client, other_officer_client, officer, plan
):
    burglaries = measure("KS5")
    prefix = f"m{burglaries.pk}"
    my_page = officer_client.get(figures_url(plan))
    post_changes(
        other_officer_client,
        plan,
        {f"{prefix}-actual_value": "640", f"{prefix}-actual_period": "2011/12"},
    )
    refused = post_changes(
        officer_client,
        plan,
        {f"{prefix}-actual_value": "634", f"{prefix}-actual_period": "2011/12"},
        page=my_page,
    )

    response = post_changes(officer_client, plan, {}, page=refused)

    assert response.status_code == 302
    burglaries.refresh_from_db()
    assert burglaries.actual_value == Decimal("634")
    assert burglaries.version == 3
    assert Measure.history.filter(id=burglaries.pk).latest().history_user == officer


def test_a_stale_row_means_nothing_in_the_post_is_saved(officer_client, other_officer_client, plan):
    burglaries, youth_crime = measure("KS5"), measure("KS2")
    my_page = officer_client.get(figures_url(plan))
    post_changes(
        other_officer_client,
        plan,
        {f"m{burglaries.pk}-actual_value": "640", f"m{burglaries.pk}-actual_period": "2011/12"},
    )
    before = saved_figures()

    # KS2 is saved first (it comes first), then KS5 turns out stale: KS2 must not stay saved.
    assert youth_crime.pk < burglaries.pk
    response = post_changes(
        officer_client,
        plan,
        {
            f"m{youth_crime.pk}-actual_value": "600",
            f"m{youth_crime.pk}-actual_period": "2011/12",
            f"m{burglaries.pk}-actual_value": "634",
            f"m{burglaries.pk}-actual_period": "2011/12",
        },
        page=my_page,
    )

    assert response.status_code == 200
    assert saved_figures() == before
    # The valid change is still on the page, for the officer to save again.
    assert f'name="m{youth_crime.pk}-actual_value" value="600"' in response.content.decode()


def test_rows_the_officer_did_not_touch_are_not_put_back_from_their_stale_page(
    officer_client, other_officer_client, plan
):
    burglaries, youth_crime = measure("KS5"), measure("KS2")
    my_page = officer_client.get(figures_url(plan))
    post_changes(
        other_officer_client,
        plan,
        {f"m{burglaries.pk}-actual_value": "640", f"m{burglaries.pk}-actual_period": "2011/12"},
    )

    response = post_changes(
        officer_client,
        plan,
        {f"m{youth_crime.pk}-actual_value": "600", f"m{youth_crime.pk}-actual_period": "2011/12"},
        page=my_page,
    )

    assert response.status_code == 302
    assert measure("KS2").actual_value == Decimal("600")
    assert measure("KS5").actual_value == Decimal("640")


@pytest.mark.parametrize(
    "write_elsewhere",
    [
        # A plain save() outside the writer (a fix made in the shell) leaves the version
        # as it was too: the figures still give it away.
        lambda burglaries: Measure.save(burglaries),
        # A bulk UPDATE (a restore, a one-off fix) leaves the version as it was: the page
        # still notices, because the figures themselves are no longer the ones it showed.
        lambda burglaries: Measure.objects.filter(pk=burglaries.pk).update(
            target_value=burglaries.target_value
        ),
    ],
    ids=["saved outside the writer", "written, leaving the version"],
)
def test_an_edit_made_elsewhere_since_the_page_was_opened_is_not_overwritten(
    officer_client, plan, write_elsewhere
):
    burglaries = measure("KS5")
    my_page = officer_client.get(figures_url(plan))
    burglaries.target_value = Decimal("630")
    write_elsewhere(burglaries)
    assert measure("KS5").target_value == Decimal("630")

    response = post_changes(
        officer_client,
        plan,
        {f"m{burglaries.pk}-actual_value": "634", f"m{burglaries.pk}-actual_period": "2011/12"},
        page=my_page,
    )

    assert response.status_code == 200
    assert "Someone else saved this" in row_html(response, f"measure-{burglaries.pk}")
    assert "target 630 for 2011/12" in row_html(response, f"measure-{burglaries.pk}")
    assert "Nothing has been saved. Someone else saved some of the rows" in error_summary(response)
    assert measure("KS5").actual_value is None


def test_a_stale_narrative_figure_is_refused(officer_client, other_officer_client, plan):
    slot = NarrativeFigure.objects.get(plan=plan, label="fly tipping incidents reported")
    my_page = officer_client.get(figures_url(plan))
    post_changes(other_officer_client, plan, {f"f{slot.pk}-value": "210"})

    response = post_changes(officer_client, plan, {f"f{slot.pk}-value": "200"}, page=my_page)

    assert response.status_code == 200
    assert "other-officer saved this" in row_html(response, f"figure-{slot.pk}")
    assert ": 210." in row_html(response, f"figure-{slot.pk}")
    slot.refresh_from_db()
    assert slot.value == Decimal("210")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two concurrent writers: run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_for_one_row_cannot_both_win(small_plan, django_user_model):
    """A real race on PostgreSQL: the second save waits for the first to commit, then finds
    the row no longer as its officer saw it. (SQLite lets only one writer in at a time, so
    there the second save cannot even start until the first has finished.)"""
    # A bare user: an earlier transactional test may have flushed the role groups.
    officer = django_user_model.objects.create_user(username="racing-officer")
    plan = Plan.objects.get(start_year=2012)
    burglaries = measure("KS5")
    seen = {name: getattr(burglaries, name) for name in MEASURE_FIGURE_FIELDS}
    first_holds_the_row = threading.Event()
    results = {}

    def first_save():
        from django.db import transaction

        try:
            with transaction.atomic():
                Measure.objects.filter(pk=burglaries.pk).update(actual_value=Decimal("640"))
                first_holds_the_row.set()
                time.sleep(1)
        finally:
            connections.close_all()

    def second_save():
        first_holds_the_row.wait()
        try:
            results["second"] = plan_figures_save(
                plan=plan,
                measure_edits=[
                    MeasureEdit(
                        measure=burglaries,
                        seen_version=1,
                        seen=seen,
                        values={**seen, "actual_value": Decimal("634"), "actual_period": "2011/12"},
                    )
                ],
                figure_edits=[],
                acting_user=officer,
            )
            results["finished"] = timezone.now()
        finally:
            connections.close_all()

    started = timezone.now()
    threads = [threading.Thread(target=first_save), threading.Thread(target=second_save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not results["second"].ok
    assert results["finished"] - started >= timedelta(seconds=1)  # it waited for the lock
    burglaries.refresh_from_db()
    assert burglaries.actual_value == Decimal("640")


def test_the_save_service_checks_the_rules_itself(small_plan, officer):
    plan = Plan.objects.get(start_year=2012)
    burglaries = measure("KS5")
    seen = {name: getattr(burglaries, name) for name in MEASURE_FIGURE_FIELDS}

    with pytest.raises(ValidationError, match="KS5: A count cannot be negative"):
        plan_figures_save(
            plan=plan,
            measure_edits=[
                MeasureEdit(
                    measure=burglaries,
                    seen_version=1,
                    seen=seen,
                    values={**seen, "actual_value": Decimal(-1), "actual_period": "2011/12"},
                )
            ],
            figure_edits=[],
            acting_user=officer,
        )
    assert measure("KS5").actual_value is None


def test_the_save_service_refuses_a_measure_of_another_plan(small_plan, officer):
    plan = Plan.objects.get(start_year=2011)  # its page shows no 2012 police target
    crime = measure("PT1")
    seen = {name: getattr(crime, name) for name in MEASURE_FIGURE_FIELDS}

    with pytest.raises(ValueError, match="not on the figures page"):
        plan_figures_save(
            plan=plan,
            measure_edits=[MeasureEdit(measure=crime, seen_version=1, seen=seen, values=seen)],
            figure_edits=[],
            acting_user=officer,
        )


# Who may use the page


def test_partner_cannot_open_or_post_the_figures_page(partner_client, plan):
    # Not a partner's plan to see: a 404, as for a plan that does not exist (not a 403).
    burglaries = measure("KS5")
    before = saved_figures()

    assert partner_client.get(figures_url(plan)).status_code == 404
    response = partner_client.post(
        figures_url(plan),
        {f"m{burglaries.pk}-actual_value": "1", f"m{burglaries.pk}-actual_period": "2011/12"},
    )

    assert response.status_code == 404
    assert saved_figures() == before


def test_anonymous_user_is_sent_to_sign_in(client, plan):
    response = client.get(figures_url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_plan_list_links_officers_but_not_partners_to_the_figures_page(
    officer_client, partner_client, plan
):
    link = f'href="{figures_url(plan)}"'

    assert link in officer_client.get(reverse("actionplan:plan-list")).content.decode()
    assert link not in partner_client.get(reverse("actionplan:plan-list")).content.decode()


# Queries


@pytest.mark.parametrize("size", ["seed", "ten times the seed"])
def test_page_and_an_unchanged_save_cost_the_same_queries_whatever_the_plans_size(
    officer_client, officer, seed_plan, django_assert_max_num_queries, size
):
    plan = Plan.objects.get(start_year=2012) if size == "seed" else build_scaled_plan(scale=10)
    join(officer, plan.partnership)

    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        page = officer_client.get(figures_url(plan))
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        saved = officer_client.post(figures_url(plan), form_data(page))

    assert saved.status_code == 302
    rows = len(re.findall(r'<tr id="measure-\d+"', page.content.decode()))
    assert rows == (37 if size == "seed" else 410)


def test_a_save_costs_one_update_per_changed_row_and_one_history_insert(
    officer_client, plan, django_assert_max_num_queries
):
    page = officer_client.get(figures_url(plan))
    data = form_data(page)
    changed = Measure.objects.filter(plan=plan, category="police")
    for row in changed:
        data[f"m{row.pk}-actual_value"] = "50"
        data[f"m{row.pk}-actual_period"] = "2012/13"

    # Per changed row: one conditional UPDATE. Per save: the previous-plan lookup, a
    # savepoint and its release, and one history INSERT for all rows; for the series, its
    # rows and the year starts read at once, one INSERT of the new rows and one of their
    # history, whatever the number of rows.
    with django_assert_max_num_queries(MAX_PAGE_QUERIES + 4 + 4 + len(changed)):
        response = officer_client.post(figures_url(plan), data)

    assert response.status_code == 302
    assert set(changed.values_list("actual_value", flat=True)) == {Decimal("50")}
