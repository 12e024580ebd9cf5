"""factory_boy factories for plans and their measures, and a plan of any size."""

from decimal import Decimal

import factory

from actionplan.models import Action, NarrativeFigure, Outcome, Partnership, Plan, Priority
from partners.models import Organisation
from performance.models import Measure


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partner organisation {n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Test Community Safety Partnership {n}")
    short_name = factory.Sequence(lambda n: f"Test CSP {n}")
    slug = factory.Sequence(lambda n: f"test-csp-{n}")
    police_force = "Test Police"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    partnership = factory.SubFactory(PartnershipFactory)
    start_year = 2030


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"p{n}")
    title = factory.Sequence(lambda n: f"Priority {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    order = factory.Sequence(int)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    number = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Action {n}")
    lead_organisation = factory.SelfAttribute("priority.lead_organisation")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    reference = factory.Sequence(lambda n: f"M{n}")
    category = Measure.Category.POLICE
    label = factory.Sequence(lambda n: f"Measure {n}")
    unit = Measure.Unit.COUNT
    direction = Measure.Direction.REDUCE
    baseline_value = Decimal("667")
    baseline_period = "2011/12"
    target_value = Decimal("634")
    target_period = "2012/13"


def build_scaled_plan(*, scale: int, start_year: int = 2030) -> Plan:
    """A plan shaped like the seed (key successes, police targets, three priorities) with
    `scale` times as many measures, actions, outcomes and narrative figures in every part.

    Used to prove that pages cost a fixed number of queries whatever the plan's size.
    """
    partnership = PartnershipFactory()
    previous = PlanFactory(partnership=partnership, start_year=start_year - 1)
    plan = PlanFactory(partnership=partnership, start_year=start_year)
    lead = OrganisationFactory(name="Scaled plan lead organisation")
    for n in range(10 * scale):
        MeasureFactory(
            plan=previous,
            category=Measure.Category.PARTNERSHIP,
            reference=f"KS{n + 1}",
            actual_value=Decimal(600 + n) if n % 2 else None,
            actual_period="2029/30" if n % 2 else "",
        )
    for n in range(7 * scale):
        MeasureFactory(
            plan=plan,
            reference=f"PT{n + 1}",
            unit=Measure.Unit.PERCENT,
            direction=Measure.Direction.INCREASE,
            decimal_places=1,
            baseline_value=Decimal("76.2"),
            target_value=Decimal("79.3"),
            responsible_organisation=lead,
        )
    for p in range(3):
        priority = PriorityFactory(plan=plan, code=f"priority-{p}", lead_organisation=lead)
        for n in range(8 * scale):
            ActionFactory(priority=priority, number=n + 1, lead_organisation=lead)
            MeasureFactory(
                plan=plan,
                priority=priority,
                category=Measure.Category.PRIORITY,
                reference=f"P{p}M{n + 1}",
                baseline_value=None,
                target_value=Decimal(5) if n % 3 else None,
                direction=Measure.Direction.INCREASE,
                responsible_organisation=lead,
            )
        for n in range(3 * scale):
            Outcome.objects.create(priority=priority, number=n + 1, text=f"Outcome {n + 1}")
    markers = []
    for n in range(25 * scale):
        NarrativeFigure.objects.create(plan=plan, label=f"figure {n}", section="Review", order=n)
        markers.append(f"[[figure {n}]]")
    plan.review_intro = " ".join(markers)
    plan.save()
    return plan
