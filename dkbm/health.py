"""`dkbm health`: what a monitoring system (Icinga, Nagios, Zabbix) asks of dkbm.

Each check gives OK, WARNING or CRITICAL with one line of detail; the worst decides the
exit code (0, 1, 2), as monitoring plugins expect. The database checks are here; the
Prefect checks (server, workers, last runs, waiting moderations) are in flows/health.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import text

from states.errors import DkbmError

OK, WARNING, CRITICAL = "OK", "WARNING", "CRITICAL"
EXIT = {OK: 0, WARNING: 1, CRITICAL: 2}
# How old the oldest due message may get before someone should look (the sender runs
# every minute).
BACKLOG_WARNING = timedelta(minutes=15)
BACKLOG_CRITICAL = timedelta(hours=2)


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str

    def doc(self) -> dict[str, str]:
        return asdict(self)


def worst(checks: list[Check]) -> str:
    return max((c.status for c in checks), key=EXIT.__getitem__, default=OK)


def database(now: datetime) -> list[Check]:
    """Reachable and migrated; the outbox backlog and its dead letters."""
    from store.db import engine
    from store.migrate import revisions
    from store.settings import database_url, masked

    url = database_url()
    try:
        current, head = revisions(url)
    except DkbmError as exc:
        return [Check("datenbank", CRITICAL, exc.message())]
    if current != head:
        return [
            Check(
                "datenbank",
                CRITICAL,
                f"{masked(url)}: Schema {current or 'leer'}, diese Version braucht {head} "
                "('dkbm db upgrade')",
            )
        ]
    checks = [Check("datenbank", OK, f"{masked(url)}: Schema {head}")]
    try:
        with engine(url).connect() as conn:
            due = conn.execute(
                text(
                    "SELECT COUNT(*), MIN(due_at) FROM outbox "
                    "WHERE status = 'pending' AND due_at <= :now"
                ),
                {"now": now},
            ).one()
            dead = conn.execute(text("SELECT COUNT(*) FROM outbox WHERE status = 'dead'")).scalar()
    except Exception as exc:  # the boundary: one line, whatever the driver said
        from store.dberrors import is_database_error, translate

        if not is_database_error(exc):
            raise
        return [*checks, Check("postausgang", CRITICAL, translate(exc, url).message())]
    checks.append(_backlog(due[0], due[1], now))
    checks.append(
        Check(
            "dead_letters",
            WARNING if dead else OK,
            f"{dead} unzustellbar ('dkbm nachrichten fehler')" if dead else "keine",
        )
    )
    return checks


def _backlog(count: int, oldest: datetime | str | None, now: datetime) -> Check:
    if not count or oldest is None:
        return Check("postausgang", OK, "nichts fällig")
    from store.mapping import aware

    moment = aware(datetime.fromisoformat(oldest) if isinstance(oldest, str) else oldest)
    age = now - moment
    status = CRITICAL if age > BACKLOG_CRITICAL else WARNING if age > BACKLOG_WARNING else OK
    minutes = int(age.total_seconds() // 60)
    return Check("postausgang", status, f"{count} fällig, die älteste seit {minutes} min")
