"""What every benchmark does first: set Django up on a throwaway SQLite database of its own,
so that a benchmark never touches the portal's database, and remove it at the end."""

import atexit
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def set_up() -> Path:
    """Django on a new, empty SQLite file (deleted when the benchmark ends); its path."""
    sys.path.insert(0, str(ROOT))
    handle, name = tempfile.mkstemp(suffix=".sqlite3")
    os.close(handle)
    atexit.register(os.unlink, name)
    os.environ["DATABASE_URL"] = f"sqlite:///{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")

    import django

    django.setup()
    return Path(name)
