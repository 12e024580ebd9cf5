"""The annual plan PDF reads like the seed document, complete, marked and accessible.

Each test renders a real PDF with WeasyPrint and reads it back with pypdf or pdfplumber.
"""

import io
import re
import statistics
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from actionplan.models import Plan
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up
from performance.models import Measure
from performance.pdf import (
    StaticFilesOnlyFetcher,
    Variant,
    html_to_pdf,
    plan_pdf_context,
    render_plan_html,
    render_plan_pdf,
)
from performance.tests.factories import build_scaled_plan

pytestmark = pytest.mark.django_db

PARTS = [
    "Introduction",
    "Key successes 2011/12",
    "Review of projects and initiatives",
    "Priority issues for 2012 - 2013",
    "Targets for West Kent Police",
    "Action Plan 2012 - 2013",
    "Membership of the Community Safety Partnership and contact details",
]


@pytest.fixture
def plan(seed_plan):
    return Plan.objects.select_related("partnership").get(start_year=2012)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def first_page_starting_with(pages: list[str], heading: str, after: int) -> int:
    """1-based number of the first page after `after` whose text (past the running
    header) starts with the heading."""
    for number, text in enumerate(pages, start=1):
        body = " ".join(text.replace("DRAFT", "", 1).split())
        if number > after and body.startswith(heading):
            return number
    raise AssertionError(f"No page starts with {heading!r}")


def test_draft_plan_has_every_part_in_order_and_true_contents_page_numbers(plan):
    pages = page_texts(render_plan_pdf(plan=plan))

    cover = pages[0]
    for words in [
        "Tonbridge and Malling Community Safety Partnership",
        "Annual Action Plan 2012 - 2013",
        "Status: Draft",
    ]:
        assert words in cover
    assert "If you have difficulty reading this document" in re.sub(r"\s+", " ", pages[0])

    contents_page = next(i for i, text in enumerate(pages, 1) if "Contents" in text)
    listed = dict(
        re.findall(r"^(.+?) \.{3,}\s*(\d+)$", pages[contents_page - 1], flags=re.MULTILINE)
    )
    assert list(listed) == PARTS
    starts = [first_page_starting_with(pages, part, after=contents_page) for part in PARTS]
    assert starts == sorted(starts), "the parts are out of the document's order"
    assert [int(listed[part]) for part in PARTS] == starts

    # Words wrapped in narrow cells ("measures/ targets") are joined up again.
    action_plan_text = " ".join(" ".join(pages[starts[5] - 1 :]).split()).replace("/ ", "/")
    for heading in [
        "Anti-Social Behaviour (including Environmental crime) – Lead agency Kent Police",
        "Domestic abuse – Lead agency Tonbridge and Malling Borough Council",
        "Substance Misuse – Lead agency Tonbridge and Malling Borough Council",
    ]:
        assert heading in action_plan_text
    for row in [
        "Overview",
        "Activities",
        "Performance measures/targets",
        "Intended outcomes",
        "Key partners",
    ]:
        assert action_plan_text.count(row) >= 3
    assert "Kent Police, 1 Pembury Road" not in pages[-1]  # addresses keep their lines
    assert "1 Pembury Road" in pages[-1]


def test_draft_is_on_every_page_of_a_draft_and_on_none_once_approved(plan):
    draft_pages = page_texts(render_plan_pdf(plan=plan))
    assert all("DRAFT" in text for text in draft_pages)

    plan.status = Plan.Status.APPROVED
    plan.save()
    approved_pages = page_texts(render_plan_pdf(plan=plan))
    assert len(approved_pages) == len(draft_pages)
    assert not any("DRAFT" in text for text in approved_pages)
    assert "Status: Approved" in approved_pages[0]


def test_key_successes_column_holds_the_computed_change_once_an_actual_is_entered(plan):
    burglaries = Measure.objects.get(plan__start_year=2011, reference="KS5")
    assert (burglaries.baseline_value, burglaries.target_value) == (667, 634)
    burglaries.actual_value = Decimal("634")
    burglaries.actual_period = "2011/12"
    burglaries.save()

    text = "\n".join(page_texts(render_plan_pdf(plan=plan)))
    row = re.search(r"burglaries\s+667\s+634\s+634\s+(.+)", text)
    assert row, "the burglaries row is missing from the key successes table"
    assert row.group(1).startswith("4.9% reduction")


def test_pdf_is_tagged_with_its_language_and_title(plan):
    reader = PdfReader(io.BytesIO(render_plan_pdf(plan=plan)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == (
        "Tonbridge and Malling Community Safety Partnership – Annual Action Plan 2012 - 2013 "
        "(DRAFT)"
    )


def body_font_size(pdf: bytes) -> float:
    """The most common character size on the introduction's page: the body text."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = next(p for p in document.pages if "Introduction" in (p.extract_text() or "")[:80])
        return statistics.mode(round(char["size"], 1) for char in page.chars)


def test_large_print_variant_sets_body_text_at_least_16_point(plan):
    standard = body_font_size(render_plan_pdf(plan=plan))
    large = body_font_size(render_plan_pdf(plan=plan, variant=Variant.LARGE_PRINT))
    assert standard < 12
    assert large >= 16


def test_membership_is_one_column_in_large_print(plan):
    html = render_plan_html(plan=plan, variant=Variant.LARGE_PRINT)
    assert "pdf/large-print.css" in html


class CountingHandler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_renderer_refuses_file_and_network_references(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("server-secret-7f3a")
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    try:
        pdf = html_to_pdf(
            f"""<html lang="en"><head><title>t</title>
            <link rel="attachment" href="file://{secret}">
            <link rel="stylesheet" href="{address}/style.css">
            </head><body><p>Text</p>
            <img src="file://{secret}" alt="x"><img src="{address}/image.png" alt="y">
            <a rel="attachment" href="file://{secret}">a</a>
            </body></html>"""
        )
    finally:
        server.shutdown()
    assert CountingHandler.requests == []
    assert b"server-secret-7f3a" not in pdf
    assert not PdfReader(io.BytesIO(pdf)).attachments

    fetcher = StaticFilesOnlyFetcher()
    for url in [
        f"file://{secret}",
        f"{address}/image.png",
        "https://csp-portal.invalid/static/../../csp_portal/settings.py",
        "https://csp-portal.invalid/media/anything",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("https://csp-portal.invalid/static/pdf/plan.css").read().startswith(b"/*")


def test_user_text_is_printed_literally_never_run_as_a_template(plan):
    plan.introduction = "<script>alert(1)</script> {{ 7|add:1 }} {% now 'Y' %}"
    plan.save()
    html = render_plan_html(plan=plan)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7|add:1 }} {% now &#x27;Y&#x27; %}" in html
    assert "<script>" not in html


def test_empty_figure_slot_is_highlighted_and_a_filled_one_shows_its_value(plan):
    figure = plan.narrative_figures.get(label="young people dealt with by the ASB Task Group")
    html = render_plan_html(plan=plan)
    assert "[young people dealt with by the ASB Task Group: figure missing]" in html
    figure.value = Decimal("37")
    figure.save()
    html = render_plan_html(plan=plan)
    assert 'dealt with <span class="figure">37</span> young people' in html


def test_gathering_the_pdf_content_costs_the_same_queries_for_a_plan_ten_times_larger(
    plan, django_assert_max_num_queries
):
    bound = 20
    with django_assert_max_num_queries(bound):
        render_plan_html(plan=plan)
    big = build_scaled_plan(scale=10)
    with django_assert_max_num_queries(bound):
        render_plan_html(plan=big)
    assert len(plan_pdf_context(big, Variant.STANDARD)["police_targets"].measures) == 70


def test_export_command_writes_the_pdf_and_explains_a_missing_year(plan, officer, tmp_path):
    output = tmp_path / "plan.pdf"
    out = io.StringIO()
    as_officer = ("--user", officer.username)
    call_command(
        "export_plan_pdf", "--year", "2012", *as_officer, "--output", str(output), stdout=out
    )
    assert output.read_bytes().startswith(b"%PDF-")
    assert f"Wrote {output}" in out.getvalue()

    large = tmp_path / "large.pdf"
    call_command(
        "export_plan_pdf",
        *("--year", "2012", *as_officer, "--output", str(large), "--large-print"),
        stdout=out,
    )
    assert body_font_size(large.read_bytes()) >= 16

    with pytest.raises(CommandError, match="There is no plan starting in 1999"):
        call_command("export_plan_pdf", "--year", "1999", *as_officer, "--output", str(output))


def test_export_command_writes_no_pdf_without_a_user_or_for_one_who_may_not_see_the_plan(
    plan, other_partnership_officer, tmp_path
):
    output = tmp_path / "plan.pdf"
    with pytest.raises(CommandError, match="--user"):
        call_command("export_plan_pdf", "--year", "2012", "--output", str(output))
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command(
            "export_plan_pdf", "--year", "2012", "--user", "nobody", "--output", str(output)
        )
    outsider = other_partnership_officer.username
    with pytest.raises(CommandError, match=f"no plan starting in 2012 that {outsider} may see"):
        call_command(
            "export_plan_pdf", "--year", "2012", "--user", outsider, "--output", str(output)
        )
    assert not output.exists()


def test_officer_downloads_the_pdf_with_a_descriptive_file_name(officer_client, plan):
    response = officer_client.get(reverse("performance:plan-pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="tonbridge-and-malling-csp-action-plan-2012-13.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_partner_cannot_download_the_plan_pdf(client, plan):
    partner = user_set_up(
        username="partner",
        password="partner-pass-123",  # noqa: S106
        role=roles.PARTNER,
        organisation=Organisation.objects.get(name="Kent Police"),
    )
    client.force_login(partner)
    response = client.get(reverse("performance:plan-pdf", args=[plan.pk]))
    # Not a partner's plan to see: a 404, as for a plan that does not exist (not a 403).
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")
