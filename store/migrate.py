"""Apply Alembic migrations programmatically (`dkbm db upgrade`, `dkbm init`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from dkbm.states.errors import DatabaseError
from dkbm.store.db import database_url, engine, safe_url
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
        with engine(cfg.attributes["url"]).connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                _foreign_keys(connection, on=False)
            try:
                with connection.begin():
                    if not sqlite:
                        # rewriting a large table may take its time; a held lock still ends
                        # the wait
                        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                    cfg.attributes["connection"] = connection
                    _refuse_unknown(cfg, connection)
                    command.upgrade(cfg, revision)
                    if not sqlite:
                        # tables a migration added reach the Kommunen's roles too
                        from dkbm.store.tenant_roles import grant

                        grant(connection)
                    if sqlite:
                        _require_foreign_keys_hold(connection, cfg.attributes["url"])
            finally:
                if sqlite:
                    _foreign_keys(connection, on=True)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise translate(exc, cfg.attributes["url"]) from None


def _foreign_keys(connection: Connection, *, on: bool) -> None:
    """SQLite rebuilds a table to alter it (copy, drop, rename): with foreign keys enforced,
    dropping a table that rows refer to fails (a Gremium with members), so they are off
    while migrating, as SQLite's own procedure for altering tables says. The pragma only
    works outside a transaction."""
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    connection.commit()


def _require_foreign_keys_hold(connection: Connection, url: str) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        detail = f"PRAGMA foreign_key_check: {table} {rowid} -> {parent} ({len(broken)})"
        raise DatabaseError("database_corrupt", url=safe_url(url), detail=detail)


def _refuse_unknown(cfg: Config, connection: Connection) -> None:
    """A database a newer dkbm set up (its revision is none of ours) is left as it is: this
    version cannot know what that schema holds, and Alembic's own answer is a traceback."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(cfg)
    known = {script.revision for script in scripts.walk_revisions()}
    for current in MigrationContext.configure(connection).get_current_heads():
        if current not in known:
            raise DatabaseError(
                "database_newer",
                url=safe_url(cfg.attributes["url"]),
                current=current,
                head=scripts.get_current_head() or "",
            )


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
