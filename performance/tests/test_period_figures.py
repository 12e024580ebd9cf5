"""The figures page by period: the officer picks a period of the plan's year and enters each
due measure's figure for it, read against its previous figure, the same period last year,
the baseline and the target for the period; one save, all or nothing, refused whole when
someone saved one of the changed measures since the page was drawn."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from actionplan.models import Partnership, Plan
from csp_portal.tests.form_fields import FormFields
from performance.models import Measure, MeasureFigure
from performance.plan_periods import (
    plan_period,
    plan_periods,
    reported_for,
    same_period_last_year,
)
from performance.services.period_figures import PeriodFigureEdit, period_figures_save
from performance.tests.test_measure_standing import add_actual, queries

# ------------------------------------------------------------------ the periods


def test_a_plan_year_has_the_year_four_quarters_and_twelve_months_from_its_start():
    plan = Plan(partnership=Partnership(year_start_month=4), start_year=2012)
    periods = plan_periods(plan)
    assert [each.slug for each in periods[:6]] == ["year", "q1", "q2", "q3", "q4", "april"]
    assert [each.label for each in periods[:3]] == ["2012/13", "Q1 2012/13", "Q2 2012/13"]
    assert periods[-1].slug == "march" and periods[-1].period.end == date(2013, 3, 31)
    assert len(periods) == 17
    q2 = plan_period(plan, "q2").period
    assert (q2.start, q2.end) == (date(2012, 7, 1), date(2012, 9, 30))
    last_year = same_period_last_year(plan, "q2")
    assert (last_year.start, last_year.end) == (date(2011, 7, 1), date(2011, 9, 30))
    assert plan_period(plan, "q5") is None


def test_a_january_year_puts_january_in_the_first_quarter():
    plan = Plan(partnership=Partnership(year_start_month=1), start_year=2012)
    q1 = plan_period(plan, "q1").period
    assert (q1.start, q1.end) == (date(2012, 1, 1), date(2012, 3, 31))
    assert plan_periods(plan)[5].slug == "january"


# ------------------------------------------------------------------ the page


@pytest.fixture
def quarterly(plan):
    """PT1 (recorded crime, a count) and PT5 (a percentage) reported every quarter; the rest
    yearly."""
    Measure.objects.filter(plan=plan, reference__in=["PT1", "PT5"]).update(frequency="quarterly")
    return plan


def url(plan, slug="q2", query=""):
    return reverse("performance:period-figures", args=[plan.pk, slug]) + query


def measure(plan, reference):
    return Measure.objects.get(plan=plan, reference=reference)


def post(client, plan, changes, *, slug="q2", page=None, query=""):
    """Open the page (unless given it opened), change some fields, save. `query` "?reported=1"
    is the page with the change as the source reported it."""
    data = FormFields((page or client.get(url(plan, slug, query))).content.decode()).data
    for name, value in changes.items():
        assert name in data, f"no field {name} on the page"
        data[name] = [value]
    return client.post(url(plan, slug, query), data)


def field(plan, reference, name):
    return f"m{measure(plan, reference).pk}-{name}"


def actuals(plan, reference):
    return list(
        MeasureFigure.objects.filter(measure=measure(plan, reference), what="actual")
        .order_by("period_end")
        .values_list("period_label", "value", "state", "note")
    )


def test_the_page_lists_only_the_measures_due_for_the_period(officer_client, quarterly):
    html = officer_client.get(url(quarterly)).content.decode()
    assert '<h1 class="h2">Figures for Q2 2012/13</h1>' in html
    assert html.count('<tr id="measure-') == 2
    assert "Level of recorded crime" in html
    yearly = officer_client.get(url(quarterly, "year")).content.decode()
    assert "Level of recorded crime" not in yearly
    assert 'aria-current="page" class="fw-bold">2012/13</a>' in yearly


def test_each_row_reads_against_last_figure_last_year_baseline_and_target_pro_rata(
    officer_client, quarterly
):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    add_actual("PT1", 2012, "Q2 2011/12", "26100")
    html = officer_client.get(url(quarterly)).content.decode()
    headings = html[html.index("<thead>") : html.index("</thead>")]
    assert [cell for cell in re.findall(r'<th scope="col"[^>]*>([^<]*)', headings)] == [
        "Measure",
        "Previous figure",
        "Same period last year (Q2 2011/12)",
        "Baseline",
        "Target for Q2 2012/13",
        "Value",
        "State",
        "Note",
    ]
    row = html[html.index(f'<tr id="measure-{measure(quarterly, "PT1").pk}"') :]
    row = row[: row.index("</tr>")]
    # In the order of the headings: previous, last year (its period is the heading's), the
    # baseline and 101,950 for the year pro rata, three of its twelve months.
    assert re.findall(r"<td>([^<]+)", row) == [
        "25,000 (Q1 2012/13)",
        "26,100",
        "102,904 (Jan to Dec 2011)",
        "25,487.5 (pro rata: 3 of 12 months)",
    ]


def test_saving_a_quarter_writes_its_actual_with_history_and_moves_the_version_on(
    officer_client, officer, quarterly
):
    before = measure(quarterly, "PT1").version
    response = post(officer_client, quarterly, {field(quarterly, "PT1", "value"): "24,800"})
    # Back at the measure saved.
    assert response.status_code == 302
    assert response.url == url(quarterly) + f"#measure-{measure(quarterly, 'PT1').pk}"
    assert actuals(quarterly, "PT1") == [("Q2 2012/13", Decimal("24800"), "provided", "")]
    saved = MeasureFigure.objects.get(measure=measure(quarterly, "PT1"), what="actual")
    assert saved.entered_by == officer
    assert saved.history.latest().history_user == officer
    assert measure(quarterly, "PT1").version > before
    assert measure(quarterly, "PT1").actual_value == Decimal("24800")  # the headline follows


def test_a_figure_not_yet_available_is_saved_with_its_state_and_no_value(officer_client, quarterly):
    post(
        officer_client,
        quarterly,
        {
            field(quarterly, "PT5", "state"): "not yet available",
            field(quarterly, "PT5", "note"): "The survey reports in November.",
        },
    )
    assert actuals(quarterly, "PT5") == [
        ("Q2 2012/13", None, "not yet available", "The survey reports in November.")
    ]


def test_an_unchanged_page_saves_nothing(officer_client, quarterly):
    before = list(Measure.objects.order_by("pk").values_list("version", flat=True))
    response = post(officer_client, quarterly, {})
    assert response.status_code == 302
    assert list(Measure.objects.order_by("pk").values_list("version", flat=True)) == before
    assert not MeasureFigure.objects.filter(what="actual", period_label="Q2 2012/13").exists()


def stored():
    return [
        *MeasureFigure.objects.order_by("pk").values(),
        *Measure.objects.order_by("pk").values("pk", "version", "actual_value"),
        {"history": MeasureFigure.history.count()},
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "lots"}, "Enter a number"),
        ({"value": "105"}, "A percentage must be between 0 and 100"),
        ({"state": "not yet available", "value": "12"}, "Leave the value empty"),
        ({"state": "lagged"}, "Say in the note how late the figure is."),
        ({"note": "Figures from the new system."}, "Enter the figure, or choose why"),
        ({"value": "12", "reported_change": "-5.1"}, "Give both the reported change"),
    ],
    ids=[
        "text",
        "percentage over 100",
        "value not provided",
        "lagged no note",
        "note only",
        "half",
    ],
)
def test_a_bad_row_is_refused_with_its_message_and_nothing_of_the_page_is_saved(
    officer_client, quarterly, changes, message
):
    before = stored()
    response = post(
        officer_client,
        quarterly,
        {
            field(quarterly, "PT1", "value"): "24,800",  # a good row beside it
            **{field(quarterly, "PT5", name): value for name, value in changes.items()},
        },
        query="?reported=1" if "reported_change" in changes else "",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Nothing has been saved." in html
    assert escape(message) in html or message in html
    assert stored() == before


def test_a_stale_page_is_refused_whole_and_shows_what_was_saved_since(
    officer_client, officer, quarterly
):
    page = officer_client.get(url(quarterly))
    pt1 = measure(quarterly, "PT1")
    # Someone else enters PT1's quarter after the page was drawn.
    period_figures_save(
        plan=quarterly,
        edits=[
            PeriodFigureEdit(
                measure=pt1,
                seen_version=pt1.version,
                figure=MeasureFigure(
                    measure=pt1, what="actual", period_label="Q2 2012/13", value=Decimal("24900")
                ),
            )
        ],
        acting_user=officer,
    )
    before = stored()
    response = post(
        officer_client,
        quarterly,
        {field(quarterly, "PT1", "value"): "24,800", field(quarterly, "PT5", "value"): "80"},
        page=page,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "its figure for Q2 2012/13 is now 24,900 (Q2 2012/13)" in html
    assert stored() == before
    # Saving the re-offered page is a deliberate overwrite by someone who has seen it.
    again = officer_client.post(url(quarterly), FormFields(html).data)
    assert again.status_code == 302
    assert actuals(quarterly, "PT1") == [("Q2 2012/13", Decimal("24800"), "provided", "")]


def test_emptying_a_saved_figure_removes_it(officer_client, quarterly):
    add_actual("PT1", 2012, "Q2 2012/13", "24800")
    post(officer_client, quarterly, {field(quarterly, "PT1", "value"): ""})
    assert actuals(quarterly, "PT1") == []


def test_an_approved_plan_still_takes_actuals_by_period(officer_client, quarterly):
    Plan.objects.filter(pk=quarterly.pk).update(status=Plan.Status.APPROVED)
    response = post(officer_client, quarterly, {field(quarterly, "PT1", "value"): "24,800"})
    assert response.status_code == 302
    assert actuals(quarterly, "PT1") == [("Q2 2012/13", Decimal("24800"), "provided", "")]


def test_a_period_the_year_does_not_have_is_not_found(officer_client, quarterly):
    assert officer_client.get(url(quarterly, "q5")).status_code == 404


def test_the_page_costs_the_same_queries_whatever_the_length_of_the_series(
    officer_client, quarterly
):
    few = queries(lambda: officer_client.get(url(quarterly)))
    for year in range(2006, 2012):
        for quarter in range(1, 5):
            add_actual("PT1", 2012, f"Q{quarter} {year}/{(year + 1) % 100:02d}", "25000")
    assert queries(lambda: officer_client.get(url(quarterly))) == few


def test_only_the_plans_own_measures_but_milestones_take_figures_by_period(quarterly):
    previous = quarterly.previous_plan()
    key_success = Measure.objects.filter(plan=previous).first()
    assert reported_for(key_success, quarterly) is None
    assert reported_for(measure(quarterly, "PT1"), quarterly) == "quarterly"
    assert reported_for(Measure(plan=quarterly, unit="milestone"), quarterly) is None


# ------------------------------------------------------------------ the table and its record


def row_html(html, plan, reference):
    row = html[html.index(f'<tr id="measure-{measure(plan, reference).pk}"') :]
    return row[: row.index("</tr>")]


def test_each_field_is_named_by_its_column_heading_and_its_measure(officer_client, quarterly):
    html = officer_client.get(url(quarterly)).content.decode()
    headings = dict(re.findall(r'<th scope="(?:col|row)" id="([^"]+)">([^<]+)', html))
    pt1 = measure(quarterly, "PT1")
    row = row_html(html, quarterly, "PT1")
    names = {
        name: " ".join(headings[part] for part in ids.split())
        for name, ids in re.findall(r'name="m\d+-(\w+)" aria-labelledby="([^"]+)"', row)
    }
    measure_heading = f"PT1 {pt1.label}"
    assert names == {
        "value": f"Value {measure_heading}",
        "state": f"State {measure_heading}",
        "note": f"Note {measure_heading}",
    }


def test_a_refused_field_is_linked_from_the_summary_and_described_by_its_message(
    officer_client, quarterly
):
    response = post(officer_client, quarterly, {field(quarterly, "PT5", "value"): "105"})
    html = response.content.decode()
    name = field(quarterly, "PT5", "value")
    assert f'<a class="alert-link" href="#{name}">PT5, value: A percentage' in html
    control = re.search(rf'<input id="{name}" name="{name}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in control
    assert f'aria-describedby="{name}_error"' in control
    assert f'<div id="{name}_error" class="invalid-feedback"><strong>A percentage' in html


def test_a_row_someone_else_saved_is_no_conflict_when_the_officer_left_it_alone(
    officer_client, officer, quarterly
):
    page = officer_client.get(url(quarterly))
    pt1 = measure(quarterly, "PT1")
    period_figures_save(
        plan=quarterly,
        edits=[
            PeriodFigureEdit(
                measure=pt1,
                seen_version=pt1.version,
                figure=MeasureFigure(
                    measure=pt1, what="actual", period_label="Q2 2012/13", value=Decimal("24900")
                ),
            )
        ],
        acting_user=officer,
    )
    response = post(officer_client, quarterly, {field(quarterly, "PT5", "value"): "80"}, page=page)
    assert response.status_code == 302
    # PT1 as the other person saved it; PT5 as the officer entered it.
    assert actuals(quarterly, "PT1") == [("Q2 2012/13", Decimal("24900"), "provided", "")]
    assert actuals(quarterly, "PT5") == [("Q2 2012/13", Decimal("80"), "provided", "")]


def test_a_damaged_record_refuses_each_changed_row_and_saves_nothing(officer_client, quarterly):
    data = FormFields(officer_client.get(url(quarterly)).content.decode()).data
    version_and_digest = data["seen"][0].rsplit(":", 1)[0]
    data["seen"] = [version_and_digest.replace(".", ".9", 1) + ":forged"]
    data[field(quarterly, "PT1", "value")] = ["24,800"]
    response = officer_client.post(url(quarterly), data)
    assert response.status_code == 200
    assert "reload the page and enter your changes again" in response.content.decode()
    assert actuals(quarterly, "PT1") == []


def test_a_note_of_several_lines_posted_back_as_a_browser_sends_it_is_unchanged(
    officer_client, quarterly
):
    MeasureFigure.objects.create(
        measure=measure(quarterly, "PT1"),
        what="actual",
        period_label="Q2 2012/13",
        value=Decimal("24800"),
        note="From the new system.\nChecked by the analyst.",
    )
    before = stored()
    data = FormFields(officer_client.get(url(quarterly)).content.decode()).data
    note = field(quarterly, "PT1", "note")
    data[note] = [data[note][0].replace("\n", "\r\n")]
    response = officer_client.post(url(quarterly), data)
    assert response.status_code == 302
    assert stored() == before


def test_the_change_as_reported_is_entered_on_the_page_with_its_columns(officer_client, quarterly):
    default = officer_client.get(url(quarterly)).content.decode()
    assert "reported_change" not in default
    assert '<a href="?reported=1">Enter the change as each source reported it</a>' in default
    response = post(
        officer_client,
        quarterly,
        {
            field(quarterly, "PT1", "value"): "24,800",
            field(quarterly, "PT1", "reported_change"): "-5.1",
            field(quarterly, "PT1", "reported_change_kind"): "%",
            field(quarterly, "PT1", "reported_basis"): "on the same period last year",
        },
        query="?reported=1",
    )
    pt1 = measure(quarterly, "PT1")
    # Back on the page with its columns, at the measure saved.
    assert response.url == url(quarterly, query="?reported=1") + f"#measure-{pt1.pk}"
    saved = MeasureFigure.objects.get(measure=pt1, what="actual")
    assert (saved.reported_change, saved.reported_change_kind, saved.reported_basis) == (
        "-5.1",
        "%",
        "on the same period last year",
    )
    # The page without those columns still says it, under the note.
    row = row_html(officer_client.get(url(quarterly)).content.decode(), quarterly, "PT1")
    assert (
        '<p class="period-reported">Change as reported: -5.1 % (relative change), on the same '
        "period last year</p>"
    ) in row


def test_saving_without_the_reported_columns_keeps_a_saved_change_as_reported(
    officer_client, quarterly
):
    MeasureFigure.objects.create(
        measure=measure(quarterly, "PT1"),
        what="actual",
        period_label="Q2 2012/13",
        value=Decimal("24800"),
        reported_change="-5.1",
        reported_change_kind="%",
    )
    post(officer_client, quarterly, {field(quarterly, "PT1", "value"): "24,700"})
    saved = MeasureFigure.objects.get(measure=measure(quarterly, "PT1"), what="actual")
    assert (saved.value, saved.reported_change, saved.reported_change_kind) == (
        Decimal("24700"),
        "-5.1",
        "%",
    )
    # Emptying the boxes shown does not remove a figure whose change as reported is kept.
    response = post(
        officer_client,
        quarterly,
        {field(quarterly, "PT1", "value"): ""},
    )
    assert response.status_code == 200
    assert "Enter the figure, or choose why" in response.content.decode()
    assert MeasureFigure.objects.filter(measure=measure(quarterly, "PT1"), what="actual").exists()


def test_the_period_picker_keeps_the_reported_columns(officer_client, quarterly):
    html = officer_client.get(url(quarterly, query="?reported=1")).content.decode()
    assert f'href="{url(quarterly, "q3")}?reported=1"' in html


def test_a_row_costs_a_bounded_number_of_bytes_and_no_query(officer_client, quarterly):
    """The page's weight grows by at most 700 bytes a measure (goal: 300 KB for 500 measures,
    bench/series.py) and its queries not at all."""
    two = officer_client.get(url(quarterly)).content
    two_queries = queries(lambda: officer_client.get(url(quarterly)))
    more = Measure.objects.filter(plan=quarterly).exclude(reference__in=["PT1", "PT5"])
    Measure.objects.filter(pk__in=[m.pk for m in more[:10]]).update(frequency="quarterly")
    twelve = officer_client.get(url(quarterly)).content
    assert twelve.decode().count('<tr id="measure-') == 12
    assert (len(twelve) - len(two)) / 10 <= 700
    assert queries(lambda: officer_client.get(url(quarterly))) == two_queries


def test_a_measures_words_and_saved_figures_are_escaped_in_its_row(officer_client, quarterly):
    hostile = '"><script>alert(1)</script>'
    Measure.objects.filter(plan=quarterly, reference="PT1").update(label=f"Crime {hostile}")
    MeasureFigure.objects.create(
        measure=measure(quarterly, "PT1"),
        what="actual",
        period_label="Q2 2012/13",
        value=Decimal("24800"),
        note=f"</textarea>{hostile}",
        reported_change="-5.1",
        reported_change_kind="%",
        reported_basis=hostile,
    )
    row = row_html(officer_client.get(url(quarterly)).content.decode(), quarterly, "PT1")
    assert "<script>" not in row
    assert row.count("&lt;script&gt;") == 3  # the heading, the note, the basis under it
    assert "&lt;/textarea&gt;" in row
