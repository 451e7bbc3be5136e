"""Where the data lives, from the environment (no SQLAlchemy import, read commands use it)."""

from __future__ import annotations

import os

DEFAULT_URL = "sqlite:///dkbm.db"


def database_url() -> str:
    """`DKBM_DATABASE_URL`, else a SQLite file in the working directory."""
    return os.environ.get("DKBM_DATABASE_URL") or DEFAULT_URL
