"""A previewed file waiting for its confirmation.

The file waits in a private folder under a random name that only the user's session knows,
with its checksum and the digest of the preview, so the confirmation can name neither
another file nor a changed one, and is used once.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

PENDING_FOLDER = Path(tempfile.gettempdir()) / "csp-portal-imports"
PENDING_SESSION_KEY = "spreadsheet_imports"
PENDING_SECONDS = 2 * 60 * 60
PENDING_PER_SESSION = 5


def save(request, model_label, filename, data, digest) -> str:
    PENDING_FOLDER.mkdir(mode=0o700, exist_ok=True)
    now = time.time()
    for old in PENDING_FOLDER.iterdir():
        if old.stat().st_mtime < now - PENDING_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (PENDING_FOLDER / token).write_bytes(data)
    pending = request.session.get(PENDING_SESSION_KEY, {})
    pending[token] = {
        "model": model_label,
        "filename": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
        "digest": digest,
        "saved_at": now,
    }
    for dropped in list(pending)[:-PENDING_PER_SESSION]:
        (PENDING_FOLDER / dropped).unlink(missing_ok=True)
        del pending[dropped]
    request.session[PENDING_SESSION_KEY] = pending
    return token


def take(request, token, model_label):
    """(filename, bytes, digest) of this session's pending file, once; None otherwise."""
    taken = take_any(request, token, (model_label,))
    return None if taken is None else taken[1:]


def take_any(request, token, model_labels):
    """(its label, filename, bytes, digest) of this session's pending file saved under one of
    `model_labels`, once; None otherwise."""
    pending = request.session.get(PENDING_SESSION_KEY, {})
    entry = pending.pop(token, None)
    request.session[PENDING_SESSION_KEY] = pending
    if entry is None:
        return None
    # The token is one this session was given, so the path is one this view wrote.
    path = PENDING_FOLDER / token
    try:
        data = path.read_bytes()
    except OSError:
        return None
    finally:
        path.unlink(missing_ok=True)
    if (
        entry["model"] not in model_labels
        or entry["saved_at"] < time.time() - PENDING_SECONDS
        or hashlib.sha256(data).hexdigest() != entry["sha256"]
    ):
        return None
    return entry["model"], entry["filename"], data, entry["digest"]
