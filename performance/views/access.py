from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404

from actionplan.models import Plan


class PlanPageMixin(PermissionRequiredMixin):
    """A page about one plan, for users who may read (or, with change_measure, edit) figures."""

    permission_required = "performance.view_measure"

    def get_plan(self) -> Plan:
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(
                Plan.objects.select_related("partnership"), pk=self.kwargs["plan_pk"]
            )
        return self._plan

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), **kwargs)
