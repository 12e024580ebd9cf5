"""The annual plan as a PDF: bytes from a plan, usable by a view, a command and a test alike.

WeasyPrint renders a Django template. It is given a URL fetcher that serves only the
project's own static files and data: URLs, so nothing in a plan's text can make the server
read a local file or call the network.
"""

import enum
import mimetypes
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from actionplan.models import Action, KeyPartner, Plan
from partners.models import Organisation

from .selectors import measure_sections

# A host that cannot exist (RFC 2606): relative URLs in the template resolve against it,
# and the fetcher maps its /static/ paths to the project's static files.
BASE_URL = "https://csp-portal.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class Variant(enum.StrEnum):
    STANDARD = "standard"
    LARGE_PRINT = "large-print"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves data: URLs and the project's static files; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_PREFIX):
            raise ValueError(f"The PDF may only use the portal's own static files, not {url}")
        relative = posixpath.normpath(unquote(urlsplit(url).path).removeprefix("/static/"))
        if relative.startswith(("..", "/")):
            raise ValueError(f"Refused a path outside the static files: {url}")
        path = finders.find(relative)
        if path is None:
            raise ValueError(f"No such static file: {relative}")
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


@dataclass(frozen=True)
class PlanDocument:
    filename: str
    content_type: str
    content: bytes


def plan_filename(plan: Plan, variant: Variant = Variant.STANDARD) -> str:
    """tonbridge-and-malling-csp-action-plan-2012-13.pdf"""
    suffix = "-large-print" if variant == Variant.LARGE_PRINT else ""
    years = f"{plan.start_year}-{str(plan.start_year + 1)[-2:]}"
    return f"{plan.partnership.slug}-action-plan-{years}{suffix}.pdf"


def plan_pdf_context(plan: Plan, variant: Variant) -> dict:
    """Everything the template shows, fetched in a fixed number of queries."""
    priorities = list(
        plan.priorities.select_related("lead_organisation")
        .prefetch_related(
            "themes",
            "outcomes",
            Prefetch("actions", queryset=Action.objects.order_by("number")),
            Prefetch(
                "keypartner_set",
                queryset=KeyPartner.objects.select_related("organisation").order_by("order"),
            ),
        )
        .order_by("order")
    )
    sections = measure_sections(plan, with_standing=True)
    by_key = {section.key: section for section in sections}
    measures_by_priority = {s.priority.pk: s.measures for s in sections if s.priority}
    for priority in priorities:
        priority.plan_measures = measures_by_priority.get(priority.pk, [])
    return {
        "plan": plan,
        "partnership": plan.partnership,
        "variant": variant.value,
        "is_draft": plan.status == Plan.Status.DRAFT,
        "figures": {figure.label: figure for figure in plan.narrative_figures.all()},
        "review_sections": list(plan.review_sections.order_by("order")),
        "key_successes": by_key["key-successes"],
        "police_targets": by_key["police-targets"],
        "priorities": priorities,
        "members": list(
            Organisation.objects.filter(is_csp_member=True).order_by("member_order", "name")
        ),
    }


def render_plan_html(*, plan: Plan, variant: Variant = Variant.STANDARD) -> str:
    return render_to_string("pdf/plan.html", plan_pdf_context(plan, variant))


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: tagged PDF/UA with the document's language and title."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def render_plan_pdf(*, plan: Plan, variant: Variant = Variant.STANDARD) -> bytes:
    return html_to_pdf(render_plan_html(plan=plan, variant=variant))


def plan_document(*, plan: Plan, variant: Variant = Variant.STANDARD) -> PlanDocument:
    return PlanDocument(
        filename=plan_filename(plan, variant),
        content_type="application/pdf",
        content=render_plan_pdf(plan=plan, variant=variant),
    )
