"""Where the data lives, from the environment (no SQLAlchemy import, read commands use it)."""

from __future__ import annotations

import os

from dkbm.states.errors import DatabaseError

DEFAULT_URL = "sqlite:///dkbm.db"


def database_url() -> str:
    """`DKBM_DATABASE_URL`, else a SQLite file in the working directory."""
    return os.environ.get("DKBM_DATABASE_URL") or DEFAULT_URL


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for another one's lock (`DKBM_SQLITE_TIMEOUT`, default 30)."""
    try:
        return max(0.0, float(os.environ.get("DKBM_SQLITE_TIMEOUT") or 30))
    except ValueError:
        raise DatabaseError("invalid_setting", name="DKBM_SQLITE_TIMEOUT") from None


def masked(url: str) -> str:
    """The URL with any password masked, fit for messages and logs."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "<ungültige URL>"
    if password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{password}@", ":***@", 1)).geturl()


def sqlite_path(url: str) -> str:
    """The file of a `sqlite:///…` URL, also in its URI form (`sqlite:///file:…?mode=ro`)."""
    path = url.removeprefix("sqlite:///")
    if path.startswith("file:"):
        path = path.removeprefix("file:").split("?", 1)[0]
    return path


def require_sqlite_file(url: str) -> None:
    """Opening a SQLite file that does not exist would create an empty one: say `dkbm init`
    instead (or that its directory is missing)."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return
    path = sqlite_path(url)
    if not os.path.exists(path):
        if os.path.isdir(os.path.dirname(os.path.abspath(path))):
            raise DatabaseError("database_not_initialised", url=url)
        raise DatabaseError("database_unreachable", url=url, detail="unable to open database file")
