"""The public accessibility statement, and the footer link to it on every page."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from actionplan.models import Partnership

STATEMENT = "/accessibility/"
FOOTER_LINK = f'href="{STATEMENT}">Accessibility statement</a>'


def test_the_statement_has_its_own_public_address():
    assert reverse("accessibility-statement") == STATEMENT


def test_anonymous_visitors_can_read_the_statement_without_signing_in(client, db):
    response = client.get(STATEMENT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Accessibility statement – CSP Portal</title>" in html
    assert "partially compliant with WCAG 2.2 AA" in html
    assert "Equality and Human Rights Commission" in html
    assert "Equality Advisory and Support Service" in html
    assert "This statement was prepared on 28 November 2026." in html


def test_the_statement_names_each_partnerships_contact_details_from_the_database(client, seed_plan):
    Partnership.objects.create(
        name="Sevenoaks Community Safety Partnership",
        short_name="Sevenoaks CSP",
        slug="sevenoaks-csp",
        email="community.safety@sevenoaks.example",
        phone="01732 227000",
    )
    html = client.get(STATEMENT).content.decode()
    for partnership in Partnership.objects.all():
        assert escape(partnership.name) in html
        assert f'href="mailto:{partnership.email}"' in html
        assert partnership.phone in html


def test_a_partnership_without_contact_details_is_not_listed(client, db):
    Partnership.objects.create(name="Quiet Partnership", short_name="Quiet", slug="quiet")
    html = client.get(STATEMENT).content.decode()
    assert "Quiet Partnership" not in html
    assert "Contact the community safety partnership team" in html


def test_the_statement_offers_the_large_print_pdf(client, db):
    assert "large-print PDF" in client.get(STATEMENT).content.decode()


def test_the_statement_has_exactly_one_h1_and_no_skipped_heading_levels(client, seed_plan):
    html = client.get(STATEMENT).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_posting_to_the_statement_is_refused_with_405(client, db):
    assert client.post(STATEMENT).status_code == 405


def test_the_login_pages_footer_links_to_the_statement(client, db):
    html = client.get(reverse("login")).content.decode()
    footer = html[html.index("<footer") :]
    assert FOOTER_LINK in footer
    assert '<nav aria-label="Footer">' in footer


def test_a_signed_in_portal_pages_footer_links_to_the_statement(officer_client, seed_plan):
    html = officer_client.get(reverse("home")).content.decode()
    assert FOOTER_LINK in html[html.index("<footer") :]


def test_an_admin_pages_footer_links_to_the_statement(officer_client):
    response = officer_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert FOOTER_LINK in html[html.index('<footer id="footer">') :]
    assert "CSP Portal administration" in html  # the admin's own branding is kept


def test_the_admins_sign_in_page_links_to_the_statement(client, db):
    html = client.get(reverse("admin:login")).content.decode()
    assert FOOTER_LINK in html


@pytest.mark.parametrize("extra", [0, 5])
def test_the_statements_query_count_does_not_grow_with_more_partnerships(
    client, db, django_assert_num_queries, extra
):
    for number in range(extra):
        Partnership.objects.create(
            name=f"Partnership {number}",
            short_name=f"P{number}",
            slug=f"partnership-{number}",
            email=f"csp{number}@example.org",
            phone=f"01000 00000{number}",
        )
    with django_assert_num_queries(1):
        response = client.get(STATEMENT)
    assert response.content.decode().count("mailto:") == extra


def test_the_statement_costs_a_signed_in_officer_a_few_queries_only(
    officer_client, seed_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = officer_client.get(STATEMENT)
    assert response.status_code == 200


def test_the_server_error_page_links_to_the_statement_too(rf):
    from web.errors import server_error

    # The 500 page has its own plain template (no base.html) and a written-out path.
    html = server_error(rf.get("/")).content.decode()
    assert re.search(r"<footer[^>]*>\s*<a " + re.escape(FOOTER_LINK), html)
