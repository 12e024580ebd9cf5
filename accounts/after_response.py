"""Work that must not make a request slower, or slower for some answers than for others
(sending a password reset e-mail), done once the response has gone.

Jobs deferred while a request is served start in a thread when Django signals that the
response is finished; outside a request they run at once. There is no job queue yet: a job
still running when its server process stops is lost.
"""

import logging
import threading
from functools import partial

from django.core.signals import request_finished, request_started

logger = logging.getLogger("csp_portal.errors")

_request = threading.local()
_unfinished = 0  # jobs deferred and not yet done, in every thread
_changed = threading.Condition()


def defer(job, *args, **kwargs) -> None:
    global _unfinished
    pending = getattr(_request, "jobs", None)
    if pending is None:
        job(*args, **kwargs)
        return
    with _changed:
        _unfinished += 1
    pending.append(partial(job, *args, **kwargs))


def _run(jobs) -> None:
    global _unfinished
    for job in jobs:
        try:
            job()
        except Exception:
            logger.exception("A job after the response failed")
        finally:
            with _changed:
                _unfinished -= 1
                _changed.notify_all()


def _open(**kwargs) -> None:
    _request.jobs = []


def _finish(**kwargs) -> None:
    jobs, _request.jobs = getattr(_request, "jobs", None), None
    if jobs:
        threading.Thread(target=_run, args=(jobs,), daemon=True).start()


def wait_for_jobs(timeout: float = 10) -> None:
    """Wait until every job deferred so far has been done (tests and commands), even one
    whose request has not quite finished yet."""
    with _changed:
        _changed.wait_for(lambda: _unfinished == 0, timeout)


def connect() -> None:
    request_started.connect(_open, dispatch_uid="csp-after-response-open")
    request_finished.connect(_finish, dispatch_uid="csp-after-response-finish")
