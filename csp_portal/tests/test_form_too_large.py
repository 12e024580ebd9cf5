"""A form too large for the server to read answers a page that says so, that nothing was
saved and how to go back: not a bare 400, not a 500. A form within every text limit is never
too large (csp_portal/tests/test_text_limits.py)."""

import pytest
from django.conf import settings
from django.test import Client

from actionplan.models import Plan
from conftest import stored_state
from performance.tests.test_admin import admin_url, management_and_existing_form_data


@pytest.fixture
def plan(seed_plan):
    return Plan.objects.get(start_year=2012)


def signed_in(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


@pytest.mark.parametrize("enforce_csrf_checks", [True, False], ids=["csrf-checked", "csrf-off"])
def test_a_form_too_large_to_read_answers_the_too_large_page_and_saves_nothing(
    officer, plan, enforce_csrf_checks
):
    """With CSRF checks the middleware is first to read the form; without, the admin's view
    is. Either way the same page, and the plan as it was."""
    client = signed_in(officer, enforce_csrf_checks=enforce_csrf_checks)
    url = admin_url(Plan, "change", plan.pk)
    page = client.get(url)
    data = management_and_existing_form_data(page)
    data["csrfmiddlewaretoken"] = page.context["csrf_token"]
    data["introduction"] = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    before = stored_state(Plan)

    response = client.post(url, data)

    assert response.status_code == 413
    html = response.content.decode()
    assert '<h1 class="h2">The form was too large to send</h1>' in html
    assert "nothing has been saved" in html
    assert "a section of the plan can be at most 15,000 characters" in html
    assert f'<a href="{url}">Open the form again</a>' in html
    assert "Signed in as test-officer" in html
    assert stored_state(Plan) == before


def test_the_too_large_page_leads_back_only_to_a_page_of_this_site(rf):
    from web.errors import form_too_large

    request = rf.post("//elsewhere.example/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    html = form_too_large(request).content.decode()
    assert 'href="//elsewhere.example/"' not in html
    assert '<a href="/">Open the form again</a>' in html


def test_any_other_bad_request_still_answers_the_plain_bad_request_page(officer):
    client = signed_in(officer)
    response = client.get("/", headers={"host": "bad host name"})
    assert response.status_code == 400
    assert "too large" not in response.content.decode()
