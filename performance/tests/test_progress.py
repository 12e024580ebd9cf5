"""Partners report progress and propose actual figures on their own measures; officers
accept or return each proposed figure, and only an accepted one changes the measure."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Plan
from partners.models import Organisation
from performance.models import Measure, MeasureUpdate
from performance.progress import measure_report_progress, measure_update_return
from performance.services import ADMIN_REASON, measure_save

pytestmark = pytest.mark.django_db

# Session, user, the user's and the groups' permissions, the partner profile, the pending
# updates, the recent decisions, and the session's save (savepoint, update, release): ten,
# whatever the number of updates.
MAX_QUEUE_QUERIES = 10
# The same, with the measure and its latest reports in place of the queue's two lists.
MAX_DETAIL_QUERIES = 10


def measure(reference, start_year=2012) -> Measure:
    return Measure.objects.get(reference=reference, plan__start_year=start_year)


def detail_url(target: Measure) -> str:
    return reverse("performance:measure-detail", args=[target.pk])


def measure_state(target: Measure) -> dict:
    """Everything stored about a measure, with its history and reports, to prove no change."""
    return {
        "row": Measure.objects.filter(pk=target.pk).values().get(),
        "history": target.history.count(),
        "updates": list(MeasureUpdate.objects.filter(measure=target).values()),
    }


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def decide(client, url, data=None) -> list[str]:
    """Post an officer's decision as a browser would, and return the messages shown after."""
    response = client.post(url, data or {}, follow=True)
    assert response.redirect_chain == [(reverse("performance:update-queue"), 302)]
    return [str(message) for message in response.context["messages"]]


def seen(target: Measure) -> dict:
    """What the queue page posts with an accept: the measure's version as it was shown."""
    return {"seen_version": Measure.objects.get(pk=target.pk).version}


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def propose(
    update_author, target: Measure, figure="634", period="2011/12", note=""
) -> MeasureUpdate:
    return measure_report_progress(
        measure=target,
        acting_user=update_author,
        note=note,
        proposed_actual=Decimal(figure),
        proposed_period=period,
    )


@pytest.fixture
def police_client(small_plan_partner):
    client = Client()
    client.force_login(small_plan_partner)
    return client


@pytest.fixture
def ks5(small_plan):
    """KS5 (burglaries, 667 -> target 634) has no responsible organisation in the small plan."""
    target = measure("KS5", start_year=2011)
    target.responsible_organisation = Organisation.objects.get(name="Kent Police")
    target.save()
    return target


# The measure page


def test_partner_sees_their_organisations_measure_with_its_figures_and_a_report_form(
    police_client,
):
    pt1 = measure("PT1")
    response = police_client.get(detail_url(pt1))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Measure PT1",
        "Level of recorded crime",
        "Genesis",
        "Kent Police",
        "102,904",
        "Jan to Dec 2011",
        "101,950",
        "1% reduction",
        "Not reported",
        "Awaiting figures",
        "Annual Action Plan",
    ):
        assert text in html, text
    for name in ("note", "proposed_actual", "proposed_period"):
        assert f'name="{name}"' in html
    assert "No progress has been reported yet." in html


def test_partner_sees_another_organisations_measure_as_not_found(police_client):
    sm2 = measure("SM2")  # Kenward Trust's
    before = measure_state(sm2)
    url = detail_url(sm2)
    assert police_client.get(url).status_code == 404
    response = police_client.post(
        url, {"note": "Done", "proposed_actual": "6", "proposed_period": "2012/13"}
    )
    assert response.status_code == 404
    assert measure_state(sm2) == before
    assert not MeasureUpdate.objects.exists()


def test_a_measure_that_does_not_exist_looks_the_same_as_one_the_partner_may_not_see(
    police_client,
):
    missing = Measure.objects.order_by("-pk").first().pk + 1
    url = reverse("performance:measure-detail", args=[missing])
    assert police_client.get(url).status_code == 404


def test_user_without_a_partner_organisation_sees_no_measure(client, small_plan):
    client.force_login(get_user_model().objects.create_user("nobody", password="nobody-pass-12"))  # noqa: S106
    assert client.get(detail_url(measure("PT1"))).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, small_plan_partner):
    pt1 = measure("PT1")
    update = propose(small_plan_partner, pt1)
    for url in (
        detail_url(pt1),
        reverse("performance:update-queue"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("performance:update-accept", args=[update.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    update.refresh_from_db()
    assert update.state == MeasureUpdate.State.SUBMITTED


def test_partner_report_with_a_proposed_figure_leaves_the_measure_unchanged_until_accepted(
    police_client, small_plan_partner
):
    pt1 = measure("PT1")
    before = measure_state(pt1)
    response = police_client.post(
        detail_url(pt1),
        {
            "note": "Recorded crime fell in every quarter.",
            "proposed_actual": "101,234",
            "proposed_period": "2012/13",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(pt1)
    assert message_texts(response) == [
        "Your report on PT1 has been sent. An officer will check the proposed figure."
    ]
    update = MeasureUpdate.objects.get()
    assert (update.measure, update.author, update.organisation.name) == (
        pt1,
        small_plan_partner,
        "Kent Police",
    )
    assert (update.proposed_actual, update.proposed_period, update.state) == (
        Decimal("101234"),
        "2012/13",
        MeasureUpdate.State.SUBMITTED,
    )
    after = measure_state(pt1)
    assert after["row"] == before["row"]
    assert after["history"] == before["history"]

    page = police_client.get(detail_url(pt1)).content.decode()
    assert "Awaiting an officer" in page
    assert "101,234" in page
    assert "Recorded crime fell in every quarter." in page


def test_partner_can_send_a_note_without_a_figure(police_client, officer_client):
    pt1 = measure("PT1")
    response = police_client.post(detail_url(pt1), {"note": "Figures due in April."})
    assert message_texts(response) == ["Your report on PT1 has been sent."]
    update = MeasureUpdate.objects.get()
    assert (update.note, update.proposed_actual, update.proposed_period) == (
        "Figures due in April.",
        None,
        "",
    )
    # A note proposes nothing for an officer to accept.
    assert "PT1" not in officer_client.get(reverse("performance:update-queue")).content.decode()


def test_partner_cannot_change_the_measure_by_posting_its_fields(police_client):
    pt1 = measure("PT1")
    before = measure_state(pt1)["row"]
    police_client.post(
        detail_url(pt1),
        {
            "note": "Quarter one.",
            "proposed_actual": "100000",
            "proposed_period": "2012/13",
            # Fields a partner must not be able to change, whatever the form posts:
            "baseline_value": "1",
            "target_value": "2",
            "actual_value": "3",
            "actual_period": "2099",
            "responsible_organisation": str(Organisation.objects.get(name="Kenward Trust").pk),
            "label": "Rewritten by a partner",
            "reference": "X1",
            "version": "99",
        },
    )
    assert MeasureUpdate.objects.count() == 1
    assert Measure.objects.filter(pk=pt1.pk).values().get() == before


@pytest.mark.parametrize(
    ("reference", "posted", "field", "message"),
    [
        ("PT1", {"proposed_actual": "lots"}, "proposed_actual", "Enter a number, like 634 or 21.5"),
        ("PT1", {"proposed_actual": "-5"}, "proposed_actual", "A count cannot be negative"),
        (
            "PT2",
            {"proposed_actual": "120"},
            "proposed_actual",
            "A percentage must be between 0 and 100",
        ),
        (
            "PT1",
            {"proposed_actual": "634.5"},
            "proposed_actual",
            "Give a whole number for this measure, with no decimal places",
        ),
        (
            "PT2",
            {"proposed_actual": "76.25"},
            "proposed_actual",
            "Give at most 1 decimal place for this measure",
        ),
        (
            "PT1",
            {"proposed_actual": "101000", "proposed_period": ""},
            "proposed_period",
            "Say which period the actual figure is for, e.g. 2012/13",
        ),
        (
            "PT1",
            {"proposed_actual": "", "proposed_period": "2012/13"},
            "proposed_actual",
            "Give the figure for 2012/13, or leave the period empty",
        ),
        (
            "PT1",
            {"note": "  ", "proposed_actual": "", "proposed_period": ""},
            "note",
            "Say what progress has been made, or propose an actual figure.",
        ),
    ],
    ids=[
        "text",
        "negative-count",
        "percent-120",
        "decimals-on-a-whole-number-measure",
        "too-many-decimals",
        "figure-without-period",
        "period-without-figure",
        "nothing-to-report",
    ],
)
def test_bad_report_is_refused_with_messages_and_nothing_saved(
    police_client, reference, posted, field, message
):
    target = measure(reference)
    before = measure_state(target)
    data = {"note": "Quarter one.", "proposed_period": "2012/13", **posted}
    response = police_client.post(detail_url(target), data)
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert f'href="#id_{field}"' in summary
    assert message in summary
    # ...and again at the field itself.
    assert html.count(message) >= 2
    assert measure_state(target) == before
    assert not MeasureUpdate.objects.exists()
    assert not message_texts(response)


def test_officer_may_report_on_any_measure(officer_client, small_plan):
    sm2 = measure("SM2")
    response = officer_client.post(
        detail_url(sm2),
        {"note": "Two referrals", "proposed_actual": "2", "proposed_period": "Q1 2012/13"},
    )
    assert response.status_code == 302
    assert MeasureUpdate.objects.get().organisation is None


def test_measure_page_costs_the_same_queries_whatever_the_number_of_reports(
    police_client, small_plan_partner
):
    pt1 = measure("PT1")

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert police_client.get(detail_url(pt1)).status_code == 200
        return len(queries)

    propose(small_plan_partner, pt1, "100000", "2012/13")
    with_one = page_queries()
    for _ in range(25):
        propose(small_plan_partner, pt1, "100000", "2012/13", note="Again")
    assert page_queries() == with_one <= MAX_DETAIL_QUERIES


# The officers' queue


def test_officer_queue_lists_every_pending_proposed_figure(
    officer_client, small_plan_partner, small_plan_other_partner, ks5
):
    propose(small_plan_partner, ks5, "634", "2011/12", note="From Genesis, year end.")
    sm2_update = propose(small_plan_other_partner, measure("SM2"), "4", "Q1")
    # Neither a note without a figure nor a decided figure waits for an officer.
    measure_report_progress(
        measure=ks5,
        acting_user=small_plan_partner,
        note="Note only",
        proposed_actual=None,
        proposed_period="",
    )
    response = officer_client.get(reverse("performance:update-queue"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "KS5",
        "Reduction in the number of burglaries",
        "police-user",
        "Kent Police",
        "634",
        "2011/12",
        "From Genesis, year end.",
        "Not reported",
        "Kenward Trust",
        "Awaiting an officer (2)",
    ):
        assert text in html, text
    assert reverse("performance:update-accept", args=[sm2_update.pk]) in html
    assert reverse("performance:update-return", args=[sm2_update.pk]) in html
    assert "Note only" not in html


def test_officer_accepting_a_figure_makes_it_the_actual_with_history_naming_both_people(
    officer_client, officer, small_plan_partner, ks5
):
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    response = officer_client.post(
        reverse("performance:update-accept", args=[update.pk]), seen(ks5)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:update-queue")
    assert message_texts(response) == ["634 for 2011/12 is now the actual figure of KS5."]
    ks5.refresh_from_db()
    assert (ks5.actual_value, ks5.actual_period) == (Decimal("634"), "2011/12")
    latest = ks5.history.latest()
    assert latest.history_user == officer
    assert "police-user" in latest.history_change_reason
    assert "Kent Police" in latest.history_change_reason
    update.refresh_from_db()
    assert (update.state, update.reviewed_by) == (MeasureUpdate.State.ACCEPTED, officer)

    page = officer_client.get(reverse("performance:update-queue")).content.decode()
    assert "Awaiting an officer (0)" in page
    assert "Accepted</span> by test-officer" in page
    detail = officer_client.get(detail_url(ks5)).content.decode()
    assert "4.9% reduction" in detail


def test_accepting_twice_is_refused_with_a_message(officer_client, small_plan_partner, ks5):
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    url = reverse("performance:update-accept", args=[update.pk])
    decide(officer_client, url, seen(ks5))
    before = measure_state(ks5)
    refused = ["KS5: This report was already accepted; nothing was changed."]
    assert decide(officer_client, url, seen(ks5)) == refused
    assert measure_state(ks5) == before
    return_url = reverse("performance:update-return", args=[update.pk])
    assert decide(officer_client, return_url, {"reason": "Wrong year"}) == refused
    assert measure_state(ks5) == before


def test_returning_a_figure_needs_a_reason_and_records_it(
    officer_client, officer, small_plan_partner, police_client, ks5
):
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    url = reverse("performance:update-return", args=[update.pk])
    before = measure_state(ks5)
    refused = officer_client.post(url, {"reason": "   "})
    # Shown at the figure's reason field, as a form with an error: not a passing message.
    assert refused.status_code == 200
    assert page_title(refused).startswith("Error: Proposed figures")
    html = refused.content.decode()
    message = "KS5: Say why the figure is being returned, so the partner can fix it."
    start = html.index('id="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert f'<a class="alert-link" href="#reason-{update.pk}">{message}</a>' in summary
    assert html.count(message) == 2, "once in the summary, once at the field"
    assert (
        f'aria-invalid="true" aria-describedby="reason-{update.pk}-error reason-{update.pk}-hint"'
        in html
    )
    update.refresh_from_db()
    assert update.state == MeasureUpdate.State.SUBMITTED
    assert measure_state(ks5) == before

    assert decide(officer_client, url, {"reason": "This is the 2010/11 figure."}) == [
        "The figure for KS5 has been returned to Kent Police."
    ]
    update.refresh_from_db()
    assert (update.state, update.reviewed_by, update.review_note) == (
        MeasureUpdate.State.RETURNED,
        officer,
        "This is the 2010/11 figure.",
    )
    ks5.refresh_from_db()
    assert ks5.actual_value is None
    # The partner sees why, on the measure's page.
    page = police_client.get(detail_url(ks5)).content.decode()
    assert "Returned</span> by test-officer" in page
    assert "This is the 2010/11 figure." in page


def test_partner_cannot_open_the_queue_or_accept_or_return_a_figure(
    police_client, small_plan_partner, ks5
):
    # The queue is a 403 (a page for officers); their own report is not theirs to review: a
    # 404, as for one that does not exist.
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    before = measure_state(ks5)
    assert police_client.get(reverse("performance:update-queue")).status_code == 403
    assert (
        police_client.post(reverse("performance:update-accept", args=[update.pk])).status_code
        == 404
    )
    assert (
        police_client.post(
            reverse("performance:update-return", args=[update.pk]), {"reason": "No"}
        ).status_code
        == 404
    )
    assert measure_state(ks5) == before


def test_accept_and_return_are_post_only(officer_client, small_plan_partner, ks5):
    update = propose(small_plan_partner, ks5)
    for name in ("performance:update-accept", "performance:update-return"):
        assert officer_client.get(reverse(name, args=[update.pk])).status_code == 405
    update.refresh_from_db()
    assert update.state == MeasureUpdate.State.SUBMITTED


def test_accepting_a_report_that_does_not_exist_is_not_found(officer_client, small_plan):
    assert officer_client.post(reverse("performance:update-accept", args=[999])).status_code == 404


def test_queue_costs_a_fixed_number_of_queries_whatever_the_number_of_updates(
    officer_client, officer, small_plan_partner
):
    measures = list(Measure.objects.filter(responsible_organisation__name="Kent Police"))

    def add_updates(first, last):
        for n in range(first, last):
            # Each for a period of its own: a second figure for a period replaces the first.
            period = f"{1990 + n}/{(91 + n) % 100:02d}"
            update = propose(small_plan_partner, measures[n % len(measures)], "50", period)
            if n % 3 == 0:
                measure_update_return(update=update, acting_user=officer, reason="Check it")

    def queue_queries(expected_pending):
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get(reverse("performance:update-queue"))
        assert response.content.decode().count('name="reason"') == expected_pending
        return len(queries)

    add_updates(0, 3)
    with_three = queue_queries(expected_pending=2)
    add_updates(3, 30)
    with_thirty = queue_queries(expected_pending=20)
    assert with_three == with_thirty <= MAX_QUEUE_QUERIES


# The accepted figure, everywhere the plan's figures are read


def test_accepted_figure_shows_its_change_on_the_plan_overview(
    officer_client, small_plan_partner, ks5
):
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    officer_client.post(reverse("performance:update-accept", args=[update.pk]), seen(ks5))
    plan = Plan.objects.get(start_year=2012)
    html = officer_client.get(reverse("performance:plan-overview", args=[plan.pk])).content.decode()
    row = html[html.index("Reduction in the number of burglaries") :]
    row = row[: row.index("</tr>")]
    assert "634" in row
    assert "4.9% reduction" in row


def test_an_accept_the_measure_refuses_is_shown_at_its_button_and_changes_nothing(
    officer_client, small_plan_partner, ks5
):
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    # The measure changed after the partner proposed: 634 is no longer a possible figure.
    Measure.objects.filter(pk=ks5.pk).update(unit=Measure.Unit.PERCENT)
    before = measure_state(ks5)
    refused = officer_client.post(reverse("performance:update-accept", args=[update.pk]), seen(ks5))
    assert refused.status_code == 200
    assert page_title(refused).startswith("Error: Proposed figures")
    html = refused.content.decode()
    assert f'<a class="alert-link" href="#accept-{update.pk}">KS5: ' in html
    assert f'id="accept-{update.pk}" aria-describedby="accept-{update.pk}-error"' in html
    assert f'<p class="invalid-feedback d-block" id="accept-{update.pk}-error">' in html
    update.refresh_from_db()
    assert update.state == MeasureUpdate.State.SUBMITTED
    assert measure_state(ks5) == before


def shown_version(client, update: MeasureUpdate) -> dict:
    """The version the queue page's accept form for `update` carries, as a browser posts it."""
    html = client.get(reverse("performance:update-queue")).content.decode()
    form = html[html.index(reverse("performance:update-accept", args=[update.pk])) :]
    return {"seen_version": re.search(r'name="seen_version" value="(\d+)"', form).group(1)}


def test_an_accept_after_the_figures_changed_elsewhere_is_refused_then_allowed_once_seen(
    officer_client, small_plan_partner, ks5
):
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    url = reverse("performance:update-accept", args=[update.pk])
    on_the_page = shown_version(officer_client, update)
    # Meanwhile another officer enters a figure on the figures page.
    Measure.objects.filter(pk=ks5.pk).update(
        actual_value=Decimal("640"), actual_period="2011/12", version=F("version") + 1
    )
    before = measure_state(ks5)

    refused = officer_client.post(url, on_the_page)

    assert refused.status_code == 200
    assert page_title(refused).startswith("Error: Proposed figures")
    html = refused.content.decode()
    message = (
        "KS5: The measure was changed after this page was opened; its current actual is 640 "
        "for 2011/12. Check the proposed figure against it, then accept again."
    )
    assert f'<a class="alert-link" href="#accept-{update.pk}">{message}</a>' in html
    assert f'id="accept-{update.pk}" aria-describedby="accept-{update.pk}-error"' in html
    assert measure_state(ks5) == before
    # The page sent back shows the new figure and carries its version: accepting from it
    # is deliberate, and works.
    assert decide(officer_client, url, shown_version(officer_client, update)) == [
        "634 for 2011/12 is now the actual figure of KS5."
    ]
    ks5.refresh_from_db()
    assert (ks5.actual_value, ks5.version) == (Decimal("634"), before["row"]["version"] + 1)


@pytest.mark.parametrize("posted", [{}, {"seen_version": ""}, {"seen_version": "two"}])
def test_an_accept_that_does_not_say_which_figures_it_saw_changes_nothing(
    officer_client, small_plan_partner, ks5, posted
):
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    before = measure_state(ks5)
    refused = officer_client.post(reverse("performance:update-accept", args=[update.pk]), posted)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Nothing has been saved." in html
    assert "This page was out of date. Check the figures below, then accept again." in html
    assert measure_state(ks5) == before


def test_an_edit_saved_anywhere_else_also_stops_a_stale_accept(
    officer_client, small_plan_partner, ks5
):
    """The admin and its plan and priority inlines save a measure through the one writer:
    that moves the version on too, so the queue cannot write over a figure typed there."""
    update = propose(small_plan_partner, ks5, "634", "2011/12")
    on_the_page = shown_version(officer_client, update)
    ks5 = measure_save(
        measure=ks5,
        seen_version=ks5.version,
        values={"actual_value": Decimal("645"), "actual_period": "2011/12"},
        acting_user=None,
        reason=ADMIN_REASON,
    )
    assert ks5.version == int(on_the_page["seen_version"]) + 1
    before = measure_state(ks5)
    refused = officer_client.post(
        reverse("performance:update-accept", args=[update.pk]), on_the_page
    )
    assert "its current actual is 645 for 2011/12" in refused.content.decode()
    assert measure_state(ks5) == before
