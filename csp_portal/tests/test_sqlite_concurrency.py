"""Saves that arrive together on SQLite wait their turn instead of failing "database is locked".

Each save runs in its own process with its own connection to one database file, as gunicorn's
workers do; the project's settings open the connection.
"""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SIMULTANEOUS_SAVES = 10

# Every save reads the row, thinks a little and writes it back, as a form's save does: the
# read comes first, so on a plain BEGIN two saves that read together cannot both write.
WORKER = """
import sys, time
import django
django.setup()
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone

if sys.argv[1] == "create":
    with connection.schema_editor() as editor:
        editor.create_model(Session)
    Session.objects.create(session_key="report", session_data="0", expire_date=timezone.now())
    sys.exit(0)
connection.ensure_connection()
print("ready", flush=True)
sys.stdin.readline()
try:
    with transaction.atomic():
        row = Session.objects.get(session_key="report")
        time.sleep(0.2)
        row.session_data = str(int(row.session_data) + 1)
        row.save()
except Exception as error:
    print(f"failed: {error}", flush=True)
    sys.exit(1)
print("saved", flush=True)
"""


def worker(database: Path, *args: str, **popen) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}},
        "DJANGO_SETTINGS_MODULE": "csp_portal.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", WORKER, *args], cwd=PROJECT, env=env, text=True, **popen
    )


def test_ten_simultaneous_saves_on_sqlite_all_succeed(tmp_path):
    database = tmp_path / "portal.sqlite3"
    assert worker(database, "create").wait(timeout=60) == 0

    saves = [
        worker(database, "save", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for _ in range(SIMULTANEOUS_SAVES)
    ]
    try:
        # Every process connected and waiting; then all start their save at once.
        assert [save.stdout.readline().strip() for save in saves] == ["ready"] * len(saves)
        for save in saves:
            save.stdin.write("go\n")
            save.stdin.flush()
        outcomes = [save.communicate(timeout=60)[0].strip() for save in saves]
    finally:
        for save in saves:
            if save.poll() is None:
                save.kill()

    assert outcomes == ["saved"] * SIMULTANEOUS_SAVES
    # Each save counted once: none was lost to another's write.
    with closing(sqlite3.connect(database)) as db:
        (count,) = db.execute(
            "SELECT session_data FROM django_session WHERE session_key = 'report'"
        ).fetchone()
    assert count == str(SIMULTANEOUS_SAVES)
