"""Where the data lives, from the environment (no SQLAlchemy import, read commands use it)."""

from __future__ import annotations

import os

from states.errors import DatabaseError

DEFAULT_URL = "sqlite:///dkbm.db"


def database_url() -> str:
    """`DKBM_DATABASE_URL`, else a SQLite file in the working directory."""
    return os.environ.get("DKBM_DATABASE_URL") or DEFAULT_URL


def require_sqlite_file(url: str) -> None:
    """Opening a SQLite file that does not exist would create an empty one: say `dkbm init`
    instead (or that its directory is missing)."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return
    path = url.removeprefix("sqlite:///")
    if not os.path.exists(path):
        if os.path.isdir(os.path.dirname(os.path.abspath(path))):
            raise DatabaseError("database_not_initialised", url=url)
        raise DatabaseError("database_unreachable", url=url, detail="unable to open database file")
