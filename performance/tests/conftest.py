import pytest

from actionplan.models import Plan


@pytest.fixture
def plan(seed_plan):
    """The seed's 2012/13 plan, with its partnership."""
    return Plan.objects.select_related("partnership").get(
        partnership__slug="tonbridge-and-malling-csp", start_year=2012
    )
