"""Password reset: limited per e-mail address and per client, and the e-mail goes after the
response, so a known address answers as fast as an unknown one."""

import logging
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from partners import roles
from partners.services import user_set_up

pytestmark = pytest.mark.django_db

KNOWN = "sam@example.org"


@pytest.fixture
def sam(db):
    user = user_set_up(username="sam", password="correct-horse-battery", role=roles.OFFICER)  # noqa: S106
    user.email = KNOWN
    user.save()
    return user


def wait_for_mail():
    from accounts.after_response import wait_for_jobs

    wait_for_jobs()


def ask_reset(client, email, address="192.0.2.40"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_a_reset_is_mailed_after_the_response_has_gone(client, sam, monkeypatch):
    answered = threading.Event()
    sent_after_answer = []
    real_send = EmailBackend.send_messages

    def send_when_answered(backend, messages):
        sent_after_answer.append(answered.wait(timeout=3))
        return real_send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_when_answered)
    response = ask_reset(client, KNOWN)
    answered.set()
    wait_for_mail()
    assert response.status_code == 302
    assert sent_after_answer == [True]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [KNOWN]


def test_known_and_unknown_addresses_get_the_same_answer(client, sam):
    known = ask_reset(client, KNOWN)
    unknown = ask_reset(client, "nobody@example.org")
    wait_for_mail()
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_one_address_gets_at_most_three_reset_mails_an_hour(client, sam, caplog, clock):
    with caplog.at_level(logging.WARNING, logger="csp_portal.security"):
        for number in range(6):
            response = ask_reset(client, KNOWN, address=f"192.0.2.{50 + number}")
            assert response.status_code == 302  # the same answer: nothing to learn from it
    wait_for_mail()
    assert len(mail.outbox) == 3
    assert "Password reset limit reached for an e-mail address" in caplog.text
    assert KNOWN not in caplog.text
    clock.move(hours=1, seconds=1)
    ask_reset(client, KNOWN)
    wait_for_mail()
    assert len(mail.outbox) == 4


def test_one_client_asking_for_many_addresses_is_stopped(client, sam):
    for number in range(10):
        assert ask_reset(client, f"guess{number}@example.org").status_code == 302
    response = ask_reset(client, KNOWN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Too many password reset requests from here. Wait an hour, then try again." in html
    wait_for_mail()
    assert len(mail.outbox) == 0
