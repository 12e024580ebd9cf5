from django.http import HttpResponse
from django.views import View

from ..pdf import Variant, plan_document
from .access import PlanPageMixin


class PlanPdfView(PlanPageMixin, View):
    """Download the annual plan as PDF (?variant=large-print for the large-print one)."""

    def get(self, request, *args, **kwargs):
        try:
            variant = Variant(request.GET.get("variant", Variant.STANDARD))
        except ValueError:
            variant = Variant.STANDARD
        document = plan_document(plan=self.get_plan(), variant=variant)
        response = HttpResponse(document.content, content_type=document.content_type)
        response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
        return response
