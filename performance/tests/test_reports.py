"""The plan overview and completeness pages, and the computed columns of the measures admin."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import escape

from actionplan.models import Plan
from conftest import join
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up
from performance.models import MeasureFigure
from performance.tests.factories import PlanFactory, build_scaled_plan

pytestmark = pytest.mark.django_db

# One bound for the seed and for a plan ten times its size: the pages must not query per row.
MAX_PAGE_QUERIES = 12

PAGES = ["performance:plan-overview", "performance:plan-completeness"]


@pytest.fixture
def plan(seed_plan):
    return Plan.objects.get(partnership__slug="tonbridge-and-malling-csp", start_year=2012)


@pytest.fixture
def previous_plan(plan):
    return plan.previous_plan()


def key_success(previous_plan, reference):
    return previous_plan.measures.get(reference=reference)


def set_actual(measure, value, period="2011/12"):
    measure.actual_value = Decimal(value)
    measure.actual_period = period
    measure.save()


def page(client, name, plan):
    response = client.get(reverse(name, args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def row_of(html, text):
    """The <tr> holding text, with the flag rows that follow it, up to the next data row."""
    start = html.index(text)
    row_start = html.rindex("<tr", 0, start)
    next_data_row = re.compile(r"<tr>\s*<th scope=\"row\"").search(html, start)
    table_end = html.index("</tbody>", start)
    end = min(next_data_row.start() if next_data_row else table_end, table_end)
    return html[row_start:end]


def figures_link(plan, anchor):
    return f'href="{reverse("performance:plan-figures", args=[plan.pk])}#{anchor}"'


# ------------------------------------------------------------------ the overview


def test_overview_shows_burglary_reduction_once_its_actual_is_in(
    officer_client, plan, previous_plan
):
    set_actual(key_success(previous_plan, "KS5"), "634")
    row = row_of(page(officer_client, "performance:plan-overview", plan), "number of burglaries")
    assert "<td>667</td>" in row
    assert "<td>634</td>" in row
    assert "<td>4.9% reduction</td>" in row
    assert "Green – achieved" in row


def test_overview_shows_not_reported_and_na_where_a_key_success_actual_is_missing(
    officer_client, plan
):
    html = page(officer_client, "performance:plan-overview", plan)
    row = row_of(html, "number of burglaries")
    assert "<td>Not reported</td>" in row
    assert "<td>n/a</td>" in row
    assert "Awaiting figures" in row
    assert "No target" in row_of(html, "killed or seriously injured")


def test_key_successes_table_is_headed_with_the_plans_own_periods(officer_client, plan):
    html = page(officer_client, "performance:plan-overview", plan)
    for heading in [
        "Action/target",
        "Baseline 2010/11",
        "2011/12 target",
        "2011/12 actual figures",
        "Percentage reduction/increase achieved",
        "Status",
    ]:
        assert f'<th scope="col">{heading}</th>' in html


def test_overview_names_every_rag_colour_in_words(officer_client, plan, previous_plan):
    set_actual(key_success(previous_plan, "KS5"), "634")  # 667 -> 634, target 634
    set_actual(key_success(previous_plan, "KS2"), "650")  # 659 -> 650, short of 646
    set_actual(key_success(previous_plan, "KS9"), "1200")  # 1191 -> 1200, the wrong way
    html = page(officer_client, "performance:plan-overview", plan)
    assert 'text-bg-success">Green – achieved' in row_of(html, "number of burglaries")
    assert 'text-bg-warning">Amber – not achieved' in row_of(html, "youth on youth crime")
    assert 'text-bg-danger">Red – not achieved' in row_of(html, "night time incidents")


def test_police_targets_show_figures_as_stated_and_the_recorded_crime_flag(officer_client, plan):
    html = page(officer_client, "performance:plan-overview", plan)
    row = row_of(html, "Level of recorded crime")
    assert "<td>Genesis</td>" in row
    assert "<td>102,904 (Jan to Dec 2011)</td>" in row
    assert "<td>101,950 (1% reduction)</td>" in row
    assert "<td>0.9% reduction</td>" in row
    assert "Check: The target 101,950 is a 0.93% reduction" in row
    satisfied = row_of(html, "who report ASB who are satisfied")
    assert "Check: The target is stated as &#x27;maintain this level&#x27;" in satisfied
    assert "Check:" not in row_of(html, "rape offences detected")


def test_police_targets_table_is_headed_by_the_plans_outcome(officer_client, plan):
    plan.police_targets_outcome = "Outcome – reducing crime"
    plan.save()
    html = page(officer_client, "performance:plan-overview", plan)
    assert '<th scope="col">Outcome – reducing crime</th>' in html


def test_each_priority_shows_its_lead_agency_and_measures(officer_client, plan):
    html = page(officer_client, "performance:plan-overview", plan)
    for priority in plan.priorities.select_related("lead_organisation"):
        section = html[html.index(f'id="priority-{priority.code}-heading"') :]
        assert f"Lead agency: {priority.lead_organisation}" in section[: section.index("</h2>")]
        for measure in priority.measures.all():
            assert escape(measure.label) in section
    row = row_of(html, "Refer at least four families to Parents Plus")
    assert "<td>4</td>" in row and "Awaiting figures" in row


def test_overview_links_to_the_figures_and_completeness_pages(officer_client, plan):
    html = page(officer_client, "performance:plan-overview", plan)
    assert f'href="{reverse("performance:plan-figures", args=[plan.pk])}"' in html
    assert f'href="{reverse("performance:plan-completeness", args=[plan.pk])}"' in html


def test_overview_of_a_plan_without_a_previous_year_says_there_are_no_key_successes(
    officer_client, seed_partnership
):
    plan = PlanFactory(partnership=seed_partnership)
    html = page(officer_client, "performance:plan-overview", plan)
    assert "no key successes to report" in html
    assert "This plan has no police targets." in html


# ------------------------------------------------------------------ the completeness report


def test_completeness_counts_missing_figures_and_inconsistencies_at_the_top(officer_client, plan):
    html = page(officer_client, "performance:plan-completeness", plan)
    summary = html[: html.index('id="missing-heading"')]
    assert "40 missing figures" in summary
    assert "2 inconsistencies" in summary


def test_completeness_lists_every_missing_key_success_actual_with_its_anchor(
    officer_client, plan, previous_plan
):
    html = page(officer_client, "performance:plan-completeness", plan)
    assert html.count("No actual figure for 2011/12") == 10
    for measure in previous_plan.measures.all():
        assert figures_link(plan, f"measure-{measure.pk}") in html


def test_completeness_lists_the_missing_killed_or_seriously_injured_target(
    officer_client, plan, previous_plan
):
    ksi = previous_plan.measures.get(reference="KS4")
    html = page(officer_client, "performance:plan-completeness", plan)
    link = figures_link(plan, f"measure-{ksi.pk}")
    assert re.search(
        re.escape(link) + r">Reduction in the number of people killed or seriously injured</a>: "
        r"No target figure for 2011/12",
        html,
    )


def test_completeness_flags_the_recorded_crime_target_against_its_stated_one_percent(
    officer_client, plan
):
    recorded_crime = plan.measures.get(reference="PT1")
    html = page(officer_client, "performance:plan-completeness", plan)
    flags = html[html.index('id="flags-heading"') :]
    link = figures_link(plan, f"measure-{recorded_crime.pk}")
    assert f"{link}>Level of recorded crime</a>: The target 101,950 is a 0.93% reduction" in flags
    assert "not the stated 1% reduction" in flags


def test_completeness_lists_every_empty_narrative_slot_by_section(officer_client, plan):
    html = page(officer_client, "performance:plan-completeness", plan)
    empty = plan.narrative_figures.filter(value__isnull=True)
    assert empty.count() == 25
    assert html.count("No figure in the text") == 25
    for figure in empty:
        assert figures_link(plan, f"figure-{figure.pk}") in html
    assert '<h3 class="h5 mt-3">Environmental Crime</h3>' in html


def test_a_filled_figure_disappears_from_the_completeness_report(
    officer_client, plan, previous_plan
):
    burglaries = key_success(previous_plan, "KS5")
    set_actual(burglaries, "634")
    slot = plan.narrative_figures.get(label="fly tipping incidents reported")
    slot.value = Decimal("412")
    slot.save()
    html = page(officer_client, "performance:plan-completeness", plan)
    assert "38 missing figures" in html
    assert html.count("No actual figure for 2011/12") == 9
    assert figures_link(plan, f"measure-{burglaries.pk}") not in html
    assert figures_link(plan, f"figure-{slot.pk}") not in html


def test_a_marker_naming_no_figure_links_to_the_plans_text_in_the_admin(officer_client, plan):
    plan.introduction += "\n\nWe met [[meetings held]] times."
    plan.save()
    html = page(officer_client, "performance:plan-completeness", plan)
    assert "3 inconsistencies" in html
    admin_link = reverse("admin:actionplan_plan_change", args=[plan.pk])
    assert f'<a href="{admin_link}">meetings held</a> (in the plan\'s text)' in html


def test_a_period_the_portal_cannot_read_is_listed_with_its_measure(officer_client, plan):
    measure = plan.measures.filter(category="police").first()
    measure.baseline_period = "last spring"
    measure.save()
    html = page(officer_client, "performance:plan-completeness", plan)
    message = escape('The baseline period "last spring" is not one the portal can read')
    assert message in html
    assert figures_link(plan, f"measure-{measure.pk}") in html


def test_a_figure_by_period_whose_period_cannot_be_read_is_listed_once_with_its_measure(
    officer_client, plan
):
    measure = plan.measures.filter(category="police").first()
    for label in ("Q1 2012/13", "the spring quarter"):
        MeasureFigure.objects.create(
            measure=measure, what="actual", period_label=label, value=Decimal("100")
        )
    html = page(officer_client, "performance:plan-completeness", plan)
    message = escape('The actual period "the spring quarter" is not one the portal can read')
    assert html.count(message) == 1
    assert "Q1 2012/13&quot; is not one" not in html
    assert figures_link(plan, f"measure-{measure.pk}") in html


def test_every_period_the_seed_prints_is_one_the_portal_reads(officer_client, plan):
    for year in (plan, plan.previous_plan()):
        assert "is not one the portal can read" not in page(
            officer_client, "performance:plan-completeness", year
        )


def test_a_complete_plan_says_so(officer_client, seed_partnership):
    plan = PlanFactory(partnership=seed_partnership)
    html = page(officer_client, "performance:plan-completeness", plan)
    assert "No missing figures" in html and "No inconsistencies" in html
    assert "Every figure is in" in html


# ------------------------------------------------------------------ accessibility of both pages


class StructureParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.tables, self.captions, self.unscoped_th = [], 0, 0, 0

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and "scope" not in dict(attrs):
            self.unscoped_th += 1


@pytest.mark.parametrize("name", PAGES)
def test_page_has_one_h1_headings_in_order_and_captioned_scoped_tables(
    name, officer_client, plan, previous_plan
):
    set_actual(key_success(previous_plan, "KS5"), "634")
    parser = StructureParser()
    parser.feed(page(officer_client, name, plan))
    assert parser.headings.count(1) == 1 and parser.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(parser.headings, parser.headings[1:], strict=False))
    assert parser.tables == parser.captions
    assert parser.unscoped_th == 0


# ------------------------------------------------------------------ who may see them


@pytest.fixture
def partner_client(client, seed_plan):
    partner = user_set_up(
        username="partner",
        password="partner-pass-123",  # noqa: S106
        role=roles.PARTNER,
        organisation=Organisation.objects.get(name="Kent Police"),
    )
    client.force_login(partner)
    return client


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [roles.OFFICER, roles.ADMINISTRATOR])
def test_officer_and_administrator_can_read_the_page(name, role, client, plan):
    reader = user_set_up(username="reader", password="reader-pass-123", role=role)  # noqa: S106
    client.force_login(join(reader, plan.partnership))
    assert plan.title in page(client, name, plan)


@pytest.mark.parametrize("name", PAGES)
def test_partner_user_finds_no_page_as_if_the_plan_did_not_exist(name, partner_client, plan):
    assert partner_client.get(reverse(name, args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_officer_of_another_partnership_finds_no_page(
    name, client, other_partnership_officer, plan
):
    client.force_login(other_partnership_officer)
    assert client.get(reverse(name, args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_user_is_sent_to_sign_in(name, client, plan):
    url = reverse(name, args=[plan.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_unknown_plan_is_not_found(name, officer_client, plan):
    assert officer_client.get(reverse(name, args=[plan.pk + 1000])).status_code == 404


def test_plan_list_links_officers_to_overview_and_completeness(officer_client, plan):
    html = officer_client.get(reverse("actionplan:plan-list")).content.decode()
    assert f'href="{reverse("performance:plan-overview", args=[plan.pk])}"' in html
    assert f'href="{reverse("performance:plan-completeness", args=[plan.pk])}"' in html


def test_plan_list_shows_partner_users_no_report_links(partner_client, plan):
    html = partner_client.get(reverse("actionplan:plan-list")).content.decode()
    assert reverse("performance:plan-overview", args=[plan.pk]) not in html
    assert reverse("performance:plan-completeness", args=[plan.pk]) not in html


# ------------------------------------------------------------------ cost


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("size", ["seed", "scale-10"])
def test_page_costs_the_same_bounded_queries_for_the_seed_and_a_plan_ten_times_larger(
    name, size, officer_client, officer, seed_plan, django_assert_max_num_queries
):
    if size == "seed":
        plan = Plan.objects.get(start_year=2012, partnership__slug="tonbridge-and-malling-csp")
    else:
        plan = build_scaled_plan(scale=10)
        join(officer, plan.partnership)
    url = reverse(name, args=[plan.pk])
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        response = officer_client.get(url)
    assert response.status_code == 200
    assert plan.title in response.content.decode()


# ------------------------------------------------------------------ the admin


def test_measures_changelist_shows_change_status_and_rag_columns(officer_client, previous_plan):
    set_actual(key_success(previous_plan, "KS5"), "634")
    html = officer_client.get(reverse("admin:performance_measure_changelist")).content.decode()
    for column in ["change_display", "status_display", "rag_word"]:
        assert f'class="column-{column}"' in html
    burglaries = row_of_admin(html, "KS5")
    assert "4.9% reduction" in burglaries
    assert "Achieved" in burglaries
    assert "Green" in burglaries


def test_measure_change_page_shows_results_read_only(officer_client, plan):
    recorded_crime = plan.measures.get(reference="PT1")
    response = officer_client.get(
        reverse("admin:performance_measure_change", args=[recorded_crime.pk])
    )
    html = response.content.decode()
    assert "Results (computed from the figures)" in html
    assert "0.9% reduction" in html  # target change
    assert "Awaiting figures" in html
    assert "Check: The target 101,950 is a 0.93% reduction" in html
    form_fields = response.context["adminform"].form.fields
    assert not {"change_display", "status_display", "rag_word", "flag_list"} & set(form_fields)


def test_measure_add_page_has_no_results_yet(officer_client, seed_plan):
    html = officer_client.get(reverse("admin:performance_measure_add")).content.decode()
    assert "Results (computed from the figures)" not in html


def row_of_admin(html, reference):
    start = html.index(f">{reference}</a>")
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]
