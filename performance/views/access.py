"""Officer pages that join plan content with its figures."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actionplan.models import Plan
from actionplan.policy import Ability, may


def plan_for(request, plan_pk: int, ability: Ability = Ability.SEE_PLAN) -> Plan:
    """The plan, fetched through the user's scope: one they may not see is a 404, exactly as
    one that does not exist; one they see but may not do this to is a 403."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_pk)
    if not may(request.user, ability, plan):
        raise PermissionDenied
    return plan


class PlanPageMixin:
    """A page about one plan, for users who may do `ability` to it (see actionplan.policy)."""

    ability = Ability.SEE_PLAN

    def dispatch(self, request, *args, **kwargs):
        self._plan = plan_for(request, kwargs["plan_pk"], self.ability)
        return super().dispatch(request, *args, **kwargs)

    def get_plan(self) -> Plan:
        return self._plan

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), **kwargs)
