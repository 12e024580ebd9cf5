"""The README's gunicorn command, run as written (on a free loopback port, one worker), serves
the portal in production mode, opens no control socket and names no gunicorn version."""

import http.client
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"


def readme_gunicorn_command() -> list[str]:
    """The one gunicorn command in the README's "Running it in production"."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\s*(\.venv/bin/gunicorn .+)$", readme, flags=re.MULTILINE)
    assert len(commands) == 1, commands
    return shlex.split(commands[0])


def with_option(command: list[str], option: str, value: str) -> list[str]:
    at = command.index(option)
    return [*command[: at + 1], value, *command[at + 2 :]]


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def get_health(port: int, deadline: float) -> http.client.HTTPResponse:
    """/health/ as the HTTPS proxy would ask for it, once gunicorn's worker answers."""
    while True:
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
        try:
            connection.request("GET", "/health/", headers={"X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            return response
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        finally:
            connection.close()


def test_the_readme_gunicorn_command_serves_without_a_control_socket_or_version(tmp_path):
    command = readme_gunicorn_command()
    assert "--no-control-socket" in command
    port = free_loopback_port()
    command = with_option(command, "--bind", f"{LOOPBACK}:{port}")
    command = with_option(command, "--workers", "1")
    runtime = tmp_path / "run"
    runtime.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": LOOPBACK,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        # Where gunicorn would put its control socket, were it on.
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(runtime),
    }
    server = subprocess.Popen(  # noqa: S603 - our own interpreter, the README's arguments
        [sys.executable, "-m", "gunicorn", *command[1:]],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        response = get_health(port, deadline=time.monotonic() + 60)
        # gunicorn starts its control socket, when on, just after its workers.
        time.sleep(1)
        sockets = [str(path) for path in tmp_path.rglob("*.ctl")]
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]

    assert response.status == 200, log
    assert sockets == [], log
    assert "control socket" not in log.lower()
    # gunicorn has no setting to drop its Server header; it must at least not say its version.
    assert not re.search(r"\d", response.getheader("Server", "")), response.getheader("Server")
