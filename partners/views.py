"""The partner pages: what a partner organisation is responsible for, and nothing else.

These views read plan content and figures only through the querysets that decide
visibility (Action.objects.visible_to, Measure.objects.visible_to).
"""

import time

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import ListView

from actionplan.models import Action, Partnership, partner_organisation_id
from performance.models import Measure

from .middleware import LAST_SEEN


class PartnerListMixin:
    """Lists limited to the signed-in partner's organisation; empty for anyone else."""

    def get_queryset(self):
        organisation_id = partner_organisation_id(self.request.user)
        if organisation_id is None:
            return self.model.objects.none()
        return self.scoped_queryset()

    def get_context_data(self, **kwargs):
        profile = getattr(self.request.user, "partner_profile", None)
        return super().get_context_data(
            organisation=profile.organisation if profile else None, **kwargs
        )


class MyActionsView(PartnerListMixin, ListView):
    model = Action
    template_name = "partners/my_actions.html"
    context_object_name = "actions"

    def scoped_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .annotate(last_reported=Max("updates__created_at"))
            .order_by("-priority__plan__start_year", "priority__order", "theme__order", "number")
        )


class MyMeasuresView(PartnerListMixin, ListView):
    model = Measure
    template_name = "partners/my_measures.html"
    context_object_name = "measures"

    def scoped_queryset(self):
        return Measure.objects.visible_to(self.request.user).order_by(
            "-plan__start_year", "category", "priority__order", "order"
        )


@require_POST
def keep_alive(request):
    """Called by the idle-timeout warning: renews the idle clock."""
    request.session[LAST_SEEN] = int(time.time())
    return HttpResponse(status=204)


@login_not_required
def health(request):
    """For load balancers and monitoring: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_safe
def accessibility_statement(request):
    """The public accessibility statement the accessibility regulations ask for.

    Lists each partnership that gives an e-mail address or a telephone number, in one query.
    """
    partnerships = (
        Partnership.objects.exclude(email="", phone="")
        .only("name", "short_name", "email", "phone")
        .order_by("name")
    )
    return render(
        request, "partners/accessibility_statement.html", {"partnerships": list(partnerships)}
    )
