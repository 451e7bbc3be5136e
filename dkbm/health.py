"""`dkbm health`: what a monitoring system (Icinga, Nagios, Zabbix) asks of dkbm.

Each check gives OK, WARNING or CRITICAL with one line of detail; the worst decides the
exit code (0, 1, 2), as monitoring plugins expect. The database checks are here; the
Prefect checks (server, workers, last runs, waiting moderations) are in flows/health.py.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from dkbm.states.errors import DkbmError
from dkbm.states.i18n import t

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
    """Reachable and migrated; the outbox backlog and its dead letters.

    Read straight through the driver (`store.reads`), without SQLAlchemy and Alembic: a
    monitoring system asks every minute and should get its answer in well under a second."""
    from dkbm.store import reads
    from dkbm.store.settings import database_url, masked

    url = database_url()
    head = head_revision()
    try:
        with _scope(), reads.reader(url) as r:
            current = reads.health.schema_revision(r)
            if current != head:
                return [
                    Check(
                        "datenbank",
                        CRITICAL,
                        t(
                            "health_schema_behind",
                            url=masked(url),
                            current=current or t("health_schema_empty"),
                            head=head,
                        ),
                    )
                ]
            due, oldest = reads.health.outbox_backlog(r, now)
            dead = reads.health.dead_letter_count(r)
            routes = reads.health.mail_routes(r)
    except DkbmError as exc:
        return [Check("datenbank", CRITICAL, exc.message())]
    return [
        Check("datenbank", OK, t("health_schema_ok", url=masked(url), head=head)),
        _backlog(due, oldest, now),
        Check(
            "dead_letters",
            WARNING if dead else OK,
            t("health_dead_letters", count=dead) if dead else t("health_no_dead_letters"),
        ),
        mail_routes(routes),
    ]


def mail_routes(kommunen: list[tuple[str, str, str]]) -> Check:
    """Every Kommune's mail route is set in this environment. A Kommune that named a route
    of its own (`kommune aendern --mail-route`) without its variable keeps its mail queued
    while the others send: WARNING, naming it. Without `DKBM_MAIL_URL` mail goes only where
    a Kommune has its own route (recipients' own channels still work): said, not warned."""
    import os

    from dkbm.notifications.routes import INSTALLATION_ROUTE

    unset = [
        f"{name} {ags}".strip() + f" ({own})"
        for name, ags, own in kommunen
        if own and not os.environ.get(own)
    ]
    if unset:
        return Check("mailweg", WARNING, t("health_route_unset", kommunen=", ".join(unset)))
    own = sum(1 for _, _, route in kommunen if route)
    if not os.environ.get(INSTALLATION_ROUTE) and own < len(kommunen):
        return Check("mailweg", OK, t("health_no_installation_route" if own else "health_no_mail"))
    if not own:
        return Check("mailweg", OK, t("health_installation_route"))
    return Check("mailweg", OK, t("health_routes_set", count=len(kommunen), own=own))


def _scope() -> AbstractContextManager[None]:
    """Without `--kommune`, the installation's view over all Kommunen; with it, the one."""
    from dkbm.store import tenant

    return nullcontext() if tenant.asked() is not None else tenant.across()


def head_revision() -> str:
    """This version's newest migration, read from the migration files' own lines (what
    Alembic finds; tests/cli/test_health_fast.py holds them equal)."""
    found, parents = _revisions()
    heads = sorted(found - parents)
    return heads[0] if len(heads) == 1 else ", ".join(heads)


def known_revisions() -> set[str]:
    """Every schema revision this version can upgrade from (a restored dump must be one)."""
    return _revisions()[0]


def _revisions() -> tuple[set[str], set[str]]:
    import re
    from pathlib import Path

    from dkbm import store

    versions = Path(store.__file__).parent / "migrations" / "versions"
    revision = re.compile(r'^revision(?::[^=]*)?=\s*["\']([^"\']+)', re.M)
    down = re.compile(r'^down_revision(?::[^=]*)?=\s*["\']([^"\']+)', re.M)
    found: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if m := revision.search(source):
            found.add(m.group(1))
        parents.update(down.findall(source))
    return found, parents


def _backlog(count: int, oldest: datetime | str | None, now: datetime) -> Check:
    if not count or oldest is None:
        return Check("postausgang", OK, t("health_nothing_due"))
    from dkbm.store.mapping import aware

    moment = aware(datetime.fromisoformat(oldest) if isinstance(oldest, str) else oldest)
    age = now - moment
    status = CRITICAL if age > BACKLOG_CRITICAL else WARNING if age > BACKLOG_WARNING else OK
    minutes = int(age.total_seconds() // 60)
    return Check("postausgang", status, t("health_backlog", count=count, minutes=minutes))
