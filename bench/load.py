"""Load benchmark: gunicorn serving the seed plan to 50 concurrent users for 60 seconds.

Officers, partners and the public mix their requests (bench/locustfile.py). A second run
measures a trivial view (/health/) on the same server for comparison. Loopback only.

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/load.py [--users 50] [--seconds 60]

Prints requests per second, median and 99th percentile latency, and failures.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 8765


def run(*args, env):
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def wait_for_server():
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def locust(user_classes, users, seconds, workdir, env):
    prefix = workdir / "_".join(user_classes)
    subprocess.run(  # noqa: S603
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            *user_classes,
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv") as handle:
        return {row["Name"]: summary(row) for row in csv.DictReader(handle)}


def summary(row):
    return {
        "rps": float(row["Requests/s"]),
        "median": float(row["50%"]),
        "p99": float(row["99%"]),
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
    }


def print_table(title, rows):
    print(f"\n{title}")
    print(f"{'request':<16}{'count':>8}{'failures':>10}{'req/s':>9}{'median ms':>11}{'p99 ms':>9}")
    for name, result in rows.items():
        print(
            f"{name:<16}{result['requests']:>8}{result['failures']:>10}{result['rps']:>9.1f}"
            f"{result['median']:>11.0f}{result['p99']:>9.0f}"
        )


def main():
    parser = argparse.ArgumentParser(description="Load benchmark on loopback.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="csp-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DEBUG": "true",  # demo users need it; the server runs gunicorn, not runserver
        "LOGIN_FAILURE_LIMIT": "100000",
        "LOG_LEVEL": "WARNING",
    }
    run(str(BIN / "python"), "manage.py", "migrate", "--no-input", env=env)
    run(str(BIN / "python"), "manage.py", "load_demo", env=env)
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "csp_portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_server()
        mixed = locust(["Officer", "Partner", "Public"], args.users, args.seconds, workdir, env)
        trivial = locust(["Trivial"], args.users, args.seconds, workdir, env)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    print_table("Mixed officers, partners and public", mixed)
    print_table("Trivial view (/health/)", trivial)
    ratio = mixed["Aggregated"]["rps"] / trivial["Aggregated"]["rps"]
    print(f"\nmixed / trivial throughput: {ratio:.2f}")


if __name__ == "__main__":
    main()
