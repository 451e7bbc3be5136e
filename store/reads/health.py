"""What `dkbm health` asks of the database: its schema revision, the outbox backlog, the
dead letters and which mail route each Kommune takes."""

from __future__ import annotations

from datetime import datetime

from dkbm.store.reads.connection import Reader


def schema_revision(r: Reader) -> str | None:
    """The Alembic revision the database is at (None before `dkbm init`)."""
    if r.dialect == "sqlite":
        exists = r.one("SELECT 1 AS x FROM sqlite_master WHERE name = 'alembic_version'")
    else:
        exists = r.one("SELECT 1 AS x WHERE to_regclass('alembic_version') IS NOT NULL")
    if exists is None:
        return None
    row = r.one("SELECT version_num FROM alembic_version")
    return row.version_num if row else None


def outbox_backlog(r: Reader, now: datetime) -> tuple[int, datetime | None]:
    """How many messages are due to be sent at *now*, and since when the oldest is."""
    row = r.one(
        "SELECT COUNT(*) AS n, MIN(due_at) AS due_at FROM outbox "
        "WHERE status = 'pending' AND due_at <= %(now)s",
        now=r.moment(now),
    )
    return (row.n, row.due_at) if row else (0, None)


def dead_letter_count(r: Reader) -> int:
    """Messages given up on after their last attempt."""
    row = r.one("SELECT COUNT(*) AS n FROM outbox WHERE status = 'dead'")
    return row.n if row else 0


def mail_routes(r: Reader) -> list[tuple[str, str, str]]:
    """(name, AGS, the variable named as its own mail route) of every Kommune the reader sees
    ("" where not set)."""
    found = r.rows("SELECT name, ags, mail_route FROM municipality ORDER BY id")
    return [(k.name, k.ags or "", k.mail_route or "") for k in found]
