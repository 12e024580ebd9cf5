"""Wrong passwords sent at the same moment, each on its own connection to the database (as
from several server processes), are still checked no more than five times."""

import sqlite3
import threading

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from partners.roles import OFFICER
from partners.services import user_set_up

pytestmark = pytest.mark.django_db(transaction=True)

SIMULTANEOUS = 10


@pytest.fixture
def own_connections(roles, tmp_path):
    """Threads open their own connections. SQLite's in-memory test database is shared
    between them with table locks that fail at once instead of waiting, which no server
    ever sees: on SQLite the threads use a file copy of it, where writers wait their turn
    as in production. PostgreSQL needs nothing."""
    user_set_up(username="sam", password="correct-horse-battery", role=OFFICER)  # noqa: S106
    if connection.vendor != "sqlite":
        yield
        return
    copy = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(copy)}
    try:
        yield
    finally:
        connections.settings["default"] = original


@pytest.fixture
def password_checks(monkeypatch):
    checked = []
    lock = threading.Lock()
    real = AbstractBaseUser.check_password
    slow = threading.Event()

    def counting(user, raw_password):
        with lock:
            checked.append(raw_password)
        slow.wait(0.05)  # a real password hash takes a while; the race needs that time
        return real(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", counting)
    return checked


def test_ten_simultaneous_wrong_passwords_get_at_most_five_checks(own_connections, password_checks):
    start = threading.Barrier(SIMULTANEOUS)
    answers, errors = [], []

    def attempt(number):
        try:
            start.wait()
            response = Client().post(
                reverse("login"),
                {"username": "sam", "password": f"wrong-{number}"},
                REMOTE_ADDR=f"192.0.2.{number}",
            )
            answers.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported below, with the others
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(SIMULTANEOUS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert answers == [200] * SIMULTANEOUS
    assert len(password_checks) <= 5
