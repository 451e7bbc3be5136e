"""Apply Alembic migrations programmatically (`dkbm db upgrade`, `dkbm init`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from dkbm.store.db import database_url, engine
from dkbm.store.dberrors import is_database_error, translate

MIGRATIONS = Path(__file__).parent / "migrations"


def config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = url or database_url()
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    cfg = config(url)
    try:
        with engine(cfg.attributes["url"]).begin() as connection:
            if connection.dialect.name == "postgresql":
                # rewriting a large table may take its time; a held lock still ends the wait
                connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise translate(exc, cfg.attributes["url"]) from None


def revisions(url: str | None = None) -> tuple[str | None, str]:
    """(the database's revision, this version's head); the first is None before `dkbm init`."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = config(url)
    head = ScriptDirectory.from_config(cfg).get_current_head() or ""
    try:
        with engine(cfg.attributes["url"]).connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise translate(exc, cfg.attributes["url"]) from None
    return current, head
