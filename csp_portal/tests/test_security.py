"""Production safety: headers, cookies, sessions, error pages and the security log."""

import logging
import os
import subprocess
import sys
import time

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.sessions import LAST_SEEN
from partners import roles
from partners.services import user_set_up
from web.errors import server_error

from .test_settings import PROJECT

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "csp.example.org",
}


@pytest.fixture
def user(db):
    return user_set_up(username="sam", password="correct-horse-battery", role=roles.OFFICER)  # noqa: S106


def test_production_settings_pass_the_deployment_check():
    unwanted = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_response_carries_the_security_headers(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script(client, user):
    client.force_login(user)
    for url in [reverse("login"), reverse("actionplan:plan-list")]:
        html = client.get(url).content.decode()
        for tag in html.split("<script")[1:]:
            assert tag.split(">", 1)[0].strip().startswith("src="), tag[:80]


def test_signed_in_pages_are_never_cached(client, user):
    client.force_login(user)
    response = client.get(reverse("actionplan:plan-list"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_idle_session_is_signed_out_with_an_explanation(client, user, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    client.force_login(user)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 1801
    session.save()
    response = client.get(reverse("actionplan:plan-list"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_within_the_idle_limit_keeps_the_session(client, user):
    client.force_login(user)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 600
    session.save()
    response = client.get(reverse("actionplan:plan-list"))
    assert response.status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5


def test_staying_signed_in_is_a_post_that_renews_the_idle_clock(client, user):
    client.force_login(user)
    assert client.get(reverse("keep-alive")).status_code == 405
    response = client.post(reverse("keep-alive"))
    assert response.status_code == 204
    assert client.session[LAST_SEEN] >= int(time.time()) - 5


def test_sessions_last_twelve_hours_at_most(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_not_found_page_reveals_nothing_of_the_code(client, user):
    client.force_login(user)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    for leak in ["Traceback", "urlpatterns", "settings", "DEBUG", "csp_portal"]:
        assert leak not in html


def test_server_error_shows_a_reference_that_is_also_in_the_log(caplog):
    request = RequestFactory().get("/plans/")
    with caplog.at_level(logging.ERROR, logger="csp_portal.errors"):
        try:
            raise RuntimeError("database password is hunter2")
        except RuntimeError:
            response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    reference = html.split("give this reference: <strong>")[1].split("</strong>")[0]
    assert len(reference) == 10
    assert f"Server error {reference} on GET /plans/" in caplog.text
    assert "hunter2" not in html and "RuntimeError" not in html


def test_sign_in_and_out_are_logged_with_user_and_address(client, user, caplog):
    with caplog.at_level(logging.INFO, logger="csp_portal.security"):
        client.post(
            reverse("login"),
            {"username": "sam", "password": "correct-horse-battery"},
            REMOTE_ADDR="198.51.100.7",
        )
        session_key = client.cookies["sessionid"].value
        client.post(reverse("logout"), REMOTE_ADDR="198.51.100.7")
    assert "Signed in: sam from 198.51.100.7" in caplog.text
    assert "Signed out: sam from 198.51.100.7" in caplog.text
    assert "correct-horse-battery" not in caplog.text
    assert session_key and session_key not in caplog.text


def test_a_refused_request_is_logged(client, user, caplog):
    client.force_login(user)
    with caplog.at_level(logging.WARNING, logger="csp_portal.security"):
        client.get("/no-such-page/")
    assert "Refused GET /no-such-page/ to sam" in caplog.text


def test_health_check_answers_without_sign_in_and_says_nothing_else(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_forbidden_page_explains_in_plain_words_and_reveals_nothing(client, seed_plan):
    from conftest import make_partner

    client.force_login(make_partner("kp", "Kent Police"))
    response = client.get(reverse("performance:update-queue"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in html
    assert "Traceback" not in html and "permission_required" not in html


def test_bad_request_page_reveals_nothing(client, db):
    response = client.get(reverse("login"), HTTP_HOST="attacker.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Something was wrong with the request" in html
    assert "ALLOWED_HOSTS" not in html and "attacker.example" not in html
