"""The seed fixture: the whole draft 2012-13 plan of Tonbridge and Malling CSP, as data.

These tests protect the transcription of /work/shared/seed/tmbc-csp-annual-action-plan-2012-13.txt
into fixtures/seed_plan.json: what the document says is there, blanks are figure slots or
empty figures (never text), and the fixture loads by natural keys, repeatably.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from actionplan.models import (
    Action,
    KeyPartner,
    NarrativeFigure,
    Outcome,
    Partnership,
    Plan,
    Priority,
    ReviewSection,
    Theme,
)
from actionplan.narrative import figure_labels_in
from partners.models import Organisation
from performance.models import Measure

SLUG = "tonbridge-and-malling-csp"
TMBC = "Tonbridge and Malling Borough Council"
FIXTURE_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed_plan.json"

SEED_MODELS = [
    Organisation,
    Partnership,
    Plan,
    NarrativeFigure,
    ReviewSection,
    Priority,
    KeyPartner,
    Theme,
    Action,
    Outcome,
    Measure,
]


@pytest.fixture
def seed(db):
    call_command("loaddata", "seed_plan", verbosity=0)


@pytest.fixture
def plan(seed):
    return Plan.objects.get(partnership__slug=SLUG, start_year=2012)


@pytest.fixture
def previous_plan(seed):
    return Plan.objects.get(partnership__slug=SLUG, start_year=2011)


def row_counts():
    counts = {model._meta.label: model.objects.count() for model in SEED_MODELS}
    through = Action.supporting_organisations.through
    counts[through._meta.label] = through.objects.count()
    return counts


def narrative_texts(plan):
    """(where, text) for every text of the plan that may carry [[figure]] markers."""
    texts = [(field, getattr(plan, field)) for field in Plan.NARRATIVE_FIELDS]
    texts += [(f"review: {s.title}", s.body) for s in plan.review_sections.all()]
    for priority in plan.priorities.all():
        texts.append((f"{priority.code}: overview", priority.overview))
        texts.append((f"{priority.code}: activities_intro", priority.activities_intro))
    return texts


# ------------------------------------------------------------------ the fixture file


def test_fixture_uses_natural_keys_and_no_primary_keys():
    objects = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    assert objects, "the fixture is empty"
    assert all("pk" not in obj for obj in objects)
    models = [obj["model"] for obj in objects]
    # Dependencies come first, so a plain loaddata resolves every natural key.
    first = {label: models.index(label) for label in dict.fromkeys(models)}
    assert first["partners.organisation"] < first["actionplan.partnership"]
    assert first["actionplan.partnership"] < first["actionplan.plan"]
    assert first["actionplan.plan"] < first["actionplan.priority"]
    assert first["actionplan.priority"] < first["actionplan.theme"] < first["actionplan.action"]
    assert first["actionplan.priority"] < first["performance.measure"]


def test_loading_the_fixture_twice_changes_no_row_count(seed):
    before = row_counts()
    call_command("loaddata", "seed_plan", verbosity=0)
    assert row_counts() == before


def test_every_loaded_object_passes_full_clean(seed):
    checked = 0
    for model in SEED_MODELS:
        for instance in model.objects.all():
            instance.full_clean()
            checked += 1
    assert (
        checked
        == sum(row_counts().values()) - Action.supporting_organisations.through.objects.count()
    )


# ------------------------------------------------------------------ partnership and plans


def test_partnership_contact_details_and_alternative_formats_notice(seed):
    partnership = Partnership.objects.get(slug=SLUG)
    assert partnership.name == "Tonbridge and Malling Community Safety Partnership"
    assert partnership.short_name == "Tonbridge and Malling CSP"
    assert partnership.phone == "01732 844522"
    assert partnership.email == "csp@tmbc.gov.uk"
    assert partnership.website == "www.tmcommunitysafety.org.uk"
    notice = partnership.alternative_formats_notice
    assert notice.startswith("If you have difficulty reading this document")
    assert notice.endswith("please call 01732 876132 or email csp@tmbc.gov.uk")


def test_2012_plan_is_a_draft_with_its_narrative(plan):
    assert plan.status == Plan.Status.DRAFT
    assert len(re.split(r"\n\n", plan.introduction)) == 4
    assert len(re.split(r"\n\n", plan.key_successes_text)) == 2
    assert plan.review_intro.startswith("During 2011/12 the Community Safety Partnership")
    priorities_list = (
        "- Anti-Social Behaviour (including environmental crime)\n"
        "- Domestic Abuse\n"
        "- Substance Misuse"
    )
    assert priorities_list in plan.priority_issues_text
    assert plan.priority_issues_text.endswith("throughout 2012/13.")
    assert plan.police_targets_intro.startswith(
        "The table below sets out targets for West Kent Police"
    )
    assert plan.action_plan_intro.startswith("This year the Action Plan gives details")
    assert "<" not in "".join(getattr(plan, field) for field in Plan.NARRATIVE_FIELDS)


def test_truncated_key_successes_sentence_is_completed_with_a_figure_slot(plan):
    assert (
        "recorded crime levels within Tonbridge and Malling fell by "
        "[[reduction in recorded crime 2010/11]]. As well as" in plan.key_successes_text
    )
    figure = plan.narrative_figures.get(label="reduction in recorded crime 2010/11")
    assert figure.unit == "percent" and figure.value is None


def test_2011_plan_is_published_and_holds_the_ten_key_success_measures(previous_plan):
    assert previous_plan.status == Plan.Status.PUBLISHED
    measures = list(previous_plan.measures.order_by("order"))
    assert len(measures) == 10
    assert [m.reference for m in measures] == [f"KS{i}" for i in range(1, 11)]
    assert previous_plan.measures.exclude(category=Measure.Category.PARTNERSHIP).count() == 0
    for measure in measures:
        assert measure.priority is None
        assert measure.baseline_period == "2010/11"
        assert measure.baseline_value is not None
        assert measure.target_period == "2011/12"
        assert measure.actual_value is None
        assert measure.actual_period == ""
    assert all(getattr(previous_plan, field) == "" for field in Plan.NARRATIVE_FIELDS)


def test_key_success_figures_units_and_stated_targets(previous_plan):
    by_ref = {m.reference: m for m in previous_plan.measures.all()}
    youth = by_ref["KS2"]
    assert (youth.unit, youth.direction) == ("count", "reduce")
    assert (youth.baseline_value, youth.target_value, youth.target_text) == (
        Decimal("659"),
        Decimal("646"),
        "2% reduction",
    )
    drunk = by_ref["KS3"]
    assert (drunk.unit, drunk.decimal_places) == ("percent", 1)
    assert (drunk.baseline_value, drunk.target_value) == (Decimal("7.5"), Decimal("6.5"))
    repeat = by_ref["KS6"]
    assert (repeat.unit, repeat.decimal_places, repeat.target_text) == ("percent", 1, "to 20%")
    notices = by_ref["KS8"]
    assert (notices.unit, notices.decimal_places) == ("count", 1)
    assert (notices.baseline_value, notices.target_value) == (Decimal("2"), Decimal("2.4"))
    assert by_ref["KS1"].unit == "percent" and by_ref["KS1"].target_text == "80% of cases"
    assert by_ref["KS10"].target_text == "25% increase"


def test_killed_or_seriously_injured_has_a_baseline_and_no_target(previous_plan):
    ksi = previous_plan.measures.get(label__icontains="killed or seriously injured")
    assert ksi.baseline_value == Decimal("52")
    assert ksi.target_value is None
    assert ksi.target_text == ""


# ------------------------------------------------------------------ police targets


def test_seven_police_targets_with_source_baseline_period_and_values(plan):
    police = list(plan.measures.filter(category=Measure.Category.POLICE).order_by("order"))
    assert [m.reference for m in police] == [f"PT{i}" for i in range(1, 8)]
    for measure in police:
        assert measure.source in {
            "Genesis",
            "User Satisfaction survey",
            "Kent Crime and Victimisation Survey",
        }
        assert measure.baseline_period == "Jan to Dec 2011"
        assert measure.target_period == "2012/13"
        assert measure.responsible_organisation.name == "Kent Police"
        assert measure.baseline_value is not None and measure.target_value is not None
    crime, asb_satisfaction, rape = police[0], police[1], police[6]
    assert (crime.unit, crime.source, crime.direction) == ("count", "Genesis", "reduce")
    assert (crime.baseline_value, crime.target_value) == (Decimal("102904"), Decimal("101950"))
    assert crime.target_text == "1% reduction"
    assert (asb_satisfaction.direction, asb_satisfaction.target_text) == (
        "maintain",
        "maintain this level",
    )
    assert (asb_satisfaction.baseline_value, asb_satisfaction.target_value) == (
        Decimal("76.2"),
        Decimal("79.3"),
    )
    assert (rape.unit, rape.source) == ("percent", "Genesis")
    assert (rape.baseline_value, rape.target_value) == (Decimal("28.4"), Decimal("32"))
    assert all(m.direction == "increase" and m.decimal_places == 1 for m in police[2:])
    assert plan.police_targets_outcome == (
        "Outcome – reducing crime and effectively dealing with anti-social behaviour"
    )
    assert plan.partnership.police_force == "West Kent Police"


# ------------------------------------------------------------------ priorities


def test_three_priorities_in_order_with_their_lead_agencies(plan):
    priorities = [
        (p.code, p.title, p.lead_organisation.name) for p in plan.priorities.order_by("order")
    ]
    assert priorities == [
        ("asb", "Anti-Social Behaviour (including Environmental crime)", "Kent Police"),
        ("domestic-abuse", "Domestic abuse", TMBC),
        ("substance-misuse", "Substance Misuse", TMBC),
    ]


def test_nine_intended_outcomes_two_four_three(plan):
    assert Outcome.objects.filter(priority__plan=plan).count() == 9
    per_priority = [p.outcomes.count() for p in plan.priorities.order_by("order")]
    assert per_priority == [2, 4, 3]
    for priority in plan.priorities.all():
        numbers = list(priority.outcomes.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))


def test_activities_are_actions_with_asb_grouped_under_two_themes(plan):
    asb = plan.priorities.get(code="asb")
    assert list(asb.themes.values_list("title", flat=True)) == [
        "Anti-social behaviour",
        "Environmental crime",
    ]
    assert [p.actions.count() for p in plan.priorities.order_by("order")] == [8, 6, 6]
    assert not asb.actions.filter(theme__isnull=True).exists()
    environmental = asb.actions.filter(theme__title="Environmental crime")
    assert {a.lead_organisation.name for a in environmental} == {
        "Kent Police",
        "Kent Probation Service",
    }
    assert (
        not Action.objects.filter(priority__plan=plan)
        .exclude(priority=asb)
        .filter(theme__isnull=False)
        .exists()
    )
    assert not Action.objects.filter(priority__plan=plan).exclude(status="not_started").exists()
    publicise = plan.priorities.get(code="domestic-abuse").actions.get(number=1)
    assert publicise.lead_organisation.name == "K-DASH"
    assert list(publicise.supporting_organisations.values_list("name", flat=True)) == ["DAVSS"]
    ify = plan.priorities.get(code="substance-misuse").actions.get(number=6)
    assert ify.lead_organisation.name == "Kenward Trust"


def test_key_partners_in_document_order(plan):
    def partners(code):
        priority = plan.priorities.get(code=code)
        return [kp.organisation.name for kp in priority.keypartner_set.order_by("order")]

    assert partners("asb") == [
        TMBC,
        "Kent Police",
        "Kent Probation Service",
        "Registered social landlords",
        "KCC Youth Offending Service",
        "KCC Children, Families and Education",
        "Maidstone Mediation",
    ]
    assert plan.priorities.get(code="asb").other_key_partners == "members of the ASB Task Group"
    assert partners("domestic-abuse") == [
        "K-DASH",
        "DAVSS",
        TMBC,
        "St Giles Trust",
        "Kent Police",
        "Victim Support",
        "Kent Probation Service",
    ]
    assert partners("substance-misuse") == [
        "KCC Trading Standards",
        "Kenward Trust",
        "Kent Police",
        TMBC,
        "NHS West Kent",
        "Kent Probation Service",
    ]


def test_every_organisation_named_as_lead_or_key_partner_exists(seed):
    named = {
        "Kent Police",
        TMBC,
        "Kent Probation Service",
        "Registered social landlords",
        "KCC Youth Offending Service",
        "KCC Children, Families and Education",
        "Maidstone Mediation",
        "K-DASH",
        "DAVSS",
        "St Giles Trust",
        "Victim Support",
        "KCC Trading Standards",
        "Kenward Trust",
        "NHS West Kent",
    }
    existing = set(Organisation.objects.values_list("name", flat=True))
    assert named <= existing
    non_members = Organisation.objects.filter(is_csp_member=False)
    assert not non_members.exclude(address="").exists()


def test_priority_measures_split_and_missing_targets_empty(plan):
    def refs(code):
        return list(
            plan.measures.filter(priority__code=code)
            .order_by("order")
            .values_list("reference", flat=True)
        )

    assert refs("asb") == [f"ASB{i}" for i in range(1, 10)]
    assert refs("domestic-abuse") == [f"DA{i}" for i in range(1, 8)]
    assert refs("substance-misuse") == [f"SM{i}" for i in range(1, 5)]
    priority_measures = plan.measures.filter(category=Measure.Category.PRIORITY)
    assert not priority_measures.filter(priority__isnull=True).exists()
    assert not priority_measures.filter(baseline_value__isnull=False).exists()
    assert not priority_measures.exclude(baseline_period="").exists()
    yisp = plan.measures.filter(label__startswith="YISP Power Project").order_by("order")
    assert [m.target_value for m in yisp] == [Decimal("40"), Decimal("45")]
    assert all(m.responsible_organisation.name == "KCC Youth Offending Service" for m in yisp)
    davss = plan.measures.filter(label__startswith="DAVSS").order_by("order")
    assert [m.target_value for m in davss] == [None, Decimal("10")]
    mediation = plan.measures.get(label__icontains="Mediation Service")
    assert mediation.target_value is None and mediation.responsible_organisation.name == TMBC
    assert plan.measures.get(reference="ASB4").target_value == Decimal("4")
    assert plan.measures.get(reference="SM1").target_value == Decimal("5")
    assert plan.measures.get(reference="ASB9").unit == "milestone"
    assert plan.measures.get(reference="SM4").unit == "milestone"


# ------------------------------------------------------------------ review of projects


def test_eight_review_sections_in_document_order(plan):
    assert list(plan.review_sections.order_by("order").values_list("title", flat=True)) == [
        "Tackling anti-social behaviour (ASB) including, targeting persistent offenders & "
        "providing diversionary and educational activities",
        "Young People's issues",
        "Tackling substance misuse",
        "Driver behaviour",
        "Tackling burglary",
        "Tackling domestic abuse",
        "Tackling violent crime",
        "Environmental Crime",
    ]
    assert not plan.review_sections.filter(body="").exists()


# ------------------------------------------------------------------ membership


def test_fifteen_member_organisations_with_addresses_phones_and_websites(seed):
    members = list(Organisation.objects.filter(is_csp_member=True).order_by("member_order"))
    assert [m.member_order for m in members] == list(range(1, 16))
    assert members[0].name == TMBC
    assert members[-1].name == "Neighbourhood Watch"
    for member in members:
        assert member.address and "\n" in member.address
        assert not re.search(r"\d (st|nd|rd|th)\b", member.address)
    no_phone = {m.name for m in members if not m.phone}
    assert no_phone == {"KCC Families and Social Care", "Neighbourhood Watch"}
    for member in members:
        if member.phone:
            assert re.fullmatch(r"0\d{3,4}( \d{3,6})+", member.phone), member.phone
    no_website = {m.name for m in members if not m.website}
    assert no_website == {"Kent Drug and Alcohol Action Team"}
    assert all(m.website.startswith("www.") for m in members if m.website)


def test_kent_police_address_and_phone(seed):
    police = Organisation.objects.get(name="Kent Police")
    assert police.address == "1 Pembury Road\nTonbridge\nKent TN9 2HS"
    assert police.phone == "01732 771055"
    assert police.website == "www.kent.police.uk"
    authority = Organisation.objects.get(name="Kent Police Authority")
    assert authority.address.startswith("1st Floor, Gail House")
    assert authority.website == "www.kentpa.kent.police.uk"


# ------------------------------------------------------------------ blanks


def test_every_marker_names_a_figure_of_its_plan_and_every_figure_is_used(seed):
    for plan in Plan.objects.all():
        labels = set(plan.narrative_figures.values_list("label", flat=True))
        used = set()
        for where, text in narrative_texts(plan):
            for label in figure_labels_in(text):
                assert label in labels, f"{where}: [[{label}]] names no figure of {plan}"
                used.add(label)
        assert labels == used, f"figures of {plan} no text uses: {labels - used}"
    plan = Plan.objects.get(partnership__slug=SLUG, start_year=2012)
    orders = list(plan.narrative_figures.order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))
    assert not plan.narrative_figures.exclude(value__isnull=True).exists()


PLACEHOLDERS = [
    ("an ellipsis", re.compile(r"\.\.")),
    ("a standalone X", re.compile(r"\bX\b")),
    ("a % with no number", re.compile(r"(?<!\d)%")),
    ("the IJan typo", re.compile(r"IJan")),
    ("a double space", re.compile(r"  ")),
    ("a split word", re.compile(r"Behav viour|werereferrals")),
]


def stored_texts():
    for plan in Plan.objects.all():
        yield from ((f"{plan}: {where}", text) for where, text in narrative_texts(plan))
    for section in ReviewSection.objects.all():
        yield f"review title {section.pk}", section.title
    for priority in Priority.objects.all():
        yield f"priority {priority.code} title", priority.title
        yield f"priority {priority.code} other_key_partners", priority.other_key_partners
    for figure in NarrativeFigure.objects.all():
        yield f"figure {figure.pk} label", figure.label
        yield f"figure {figure.pk} section", figure.section
    for measure in Measure.objects.all():
        yield f"measure {measure.reference} label", measure.label
        yield f"measure {measure.reference} target_text", measure.target_text
        yield (
            f"measure {measure.reference} periods",
            measure.baseline_period + " " + measure.target_period,
        )
    for action in Action.objects.all():
        yield f"action {action.reference}", action.description
    for outcome in Outcome.objects.all():
        yield f"outcome {outcome.pk}", outcome.text
    for partnership in Partnership.objects.all():
        yield "alternative formats notice", partnership.alternative_formats_notice


def test_no_placeholder_is_stored_as_text(seed):
    for where, text in stored_texts():
        for what, pattern in PLACEHOLDERS:
            assert not pattern.search(text), f"{where} holds {what}: {text!r}"


def test_percent_figure_slots_leave_no_percent_sign_in_the_text(plan):
    for where, text in narrative_texts(plan):
        assert not re.search(r"\]\]\s*%", text), where
    overview = plan.priorities.get(code="domestic-abuse").overview
    assert "has risen by [[" in overview
    assert plan.narrative_figures.filter(unit="percent").count() == 5


def test_safer_town_scheme_expanded_to_include_west_malling(plan):
    body = plan.review_sections.get(title="Tackling violent crime").body
    assert "expanded this year to include West Malling" in body
    assert "exclude" not in body
