"""The outbox as a work queue: claim due rows, mark them sent, failed or dead.

Rows move `pending` -> `sent`, or after failures back to `pending` with a later
`due_at` (exponential backoff) and finally to `dead`. `digest` rows wait for the
recipient's daily digest and become `bundled`; `cancelled` rows were reminders
made moot by a closed stage or a changed deadline. A claim is a lease
(`claimed_until`): a sender that dies leaves its rows to be claimed again once
the lease ran out, which is the only way a message can go out twice.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Table, bindparam, insert, or_, text

from dkbm.notifications import routes
from dkbm.states.errors import InvalidValue, NotFound
from dkbm.store import tenant
from dkbm.store.db import Tx
from dkbm.store.tables import MessageLogRow, OutboxRow, UtcDateTime

OUTBOX: Table = OutboxRow.__table__  # type: ignore[attr-defined]

_MOMENTS = ("now", "lease", "due")


def _sql(statement: str) -> Any:
    """A text statement whose timestamp parameters are processed like the mapped columns."""
    clause = text(statement)
    present = [n for n in _MOMENTS if f":{n}" in statement]
    return clause.bindparams(*(bindparam(n, type_=UtcDateTime()) for n in present))


PENDING, DIGEST, SENT, DEAD, CANCELLED, BUNDLED = (
    "pending",
    "digest",
    "sent",
    "dead",
    "cancelled",
    "bundled",
)


@dataclass(frozen=True)
class Policy:
    """How often and how patiently a message is retried (environment: DKBM_SEND_*)."""

    max_attempts: int = 6
    backoff_seconds: float = 60.0
    max_backoff_seconds: float = 6 * 3600
    lease_seconds: float = 300.0

    @classmethod
    def from_env(cls) -> Policy:
        return cls(
            max_attempts=int(_setting("DKBM_SEND_MAX_ATTEMPTS", cls.max_attempts)),
            backoff_seconds=_setting("DKBM_SEND_BACKOFF_SECONDS", cls.backoff_seconds),
            lease_seconds=_setting("DKBM_SEND_LEASE_SECONDS", cls.lease_seconds),
        )

    def delay(self, attempts: int) -> timedelta:
        return timedelta(
            seconds=min(self.backoff_seconds * 2 ** max(attempts - 1, 0), self.max_backoff_seconds)
        )


def _setting(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e7:
        raise InvalidValue(name, raw, "eine positive Zahl")
    return value


def mail_domain() -> str:
    """The domain of the Message-IDs dkbm writes (`DKBM_MAIL_DOMAIN`)."""
    return os.environ.get("DKBM_MAIL_DOMAIN", "dkbm.local")


def mail_domain_of(ags: str | None) -> str:
    """The domain of a Kommune's Message-IDs: `DKBM_MAIL_DOMAIN`, below the AGS its
    identifiers carry, if any (`municipality.identifier_ags`)."""
    return f"{ags}.{mail_domain()}" if ags else mail_domain()


def served_mail_domain() -> str:
    """`mail_domain_of` the Kommune the running transaction serves."""
    scope = tenant.current()
    return mail_domain_of(scope.identifier_ags if scope is not None else None)


def sending_address() -> str:
    """The address mail goes out from: the Kommune's own, else its mail route's from= (a
    name in it left aside)."""
    if own := routes.own_sending_address():
        return own
    return _from_address(routes.mail_url())


@lru_cache(maxsize=64)
def _from_address(url: str) -> str:
    """The from= address of mail URL *url* (asked once per message a sweep composes)."""
    from email.utils import parseaddr
    from urllib.parse import parse_qs, urlsplit

    try:
        given = parse_qs(urlsplit(url).query).get("from", [""])[0]
    except ValueError:
        return ""
    address = parseaddr(given)[1]
    return address if "@" in address else ""


def message_id(key: str, domain: str | None = None) -> str:
    """A Message-ID derived from the idempotency key: the same message, the same id."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain or mail_domain()}>"


def due_now(now: datetime) -> tuple[Any, ...]:
    """What makes an outbox row due for a sender at *now* (the claim's own condition)."""
    c = OUTBOX.c
    return (
        c.status == PENDING,
        c.due_at <= now,
        or_(c.claimed_until.is_(None), c.claimed_until < now),
    )


def digests_due(now: datetime) -> tuple[Any, ...]:
    """What makes an outbox row wait for a digest bundled at *now*."""
    return (OUTBOX.c.status == DIGEST, OUTBOX.c.due_at <= now)


# On PostgreSQL the ids are taken as an array (`= ANY(ARRAY(...))`): an InitPlan, run once.
# As `IN (...)` the planner may put the locking subquery on the inner side of a nested loop
# and run it again per row, each run skipping the rows just claimed: more than *n* claimed
# (seen with row-level security, whose policy makes the estimates small).
_CLAIM = """
UPDATE outbox SET claimed_until = :lease
WHERE id {within} (
    SELECT id FROM outbox
    WHERE {kommune}status = 'pending' AND due_at <= :now
      AND (claimed_until IS NULL OR claimed_until < :now)
    ORDER BY due_at, id
    LIMIT :n{lock}
){close}
RETURNING id, key, kind, cycle_id, recipient_id, payload, attempts, message_id, deadline_id
"""


def claim(s: Tx, now: datetime, n: int, policy: Policy) -> tuple[list[Any], datetime]:
    """Take up to *n* due rows for this sender until the returned lease runs out.

    On PostgreSQL concurrent senders skip each other's locked rows; SQLite runs the
    single statement under its write lock. A Kommune served as its role (one of several)
    sees only its rows anyway; naming it lets the claim read them off
    `ix_outbox_kommune_status_due_at` in order.
    """
    conn = s.connection()
    postgres = conn.dialect.name == "postgresql"
    scope = tenant.current()
    own = scope is not None and scope.role is not None
    lease = now + timedelta(seconds=policy.lease_seconds)
    sql = _CLAIM.format(
        within="= ANY(ARRAY" if postgres else "IN",
        close=")" if postgres else "",
        lock="\n    FOR UPDATE SKIP LOCKED" if postgres else "",
        kommune="municipality_id = :kommune AND " if own else "",
    )
    statement = _sql(sql).columns(payload=JSON)
    params: dict[str, Any] = {"lease": lease, "now": now, "n": n}
    if own:
        params["kommune"] = scope.id  # type: ignore[union-attr]
    rows = conn.execute(statement, params).all()
    return sorted(rows, key=lambda r: r.id), lease


# Every change after a claim holds only while the row is still pending under this sender's
# lease: a row cancelled meanwhile, or taken over after the lease ran out, is left alone.
_HELD = "WHERE id = :id AND status = 'pending' AND claimed_until = :lease"


def still_held(s: Tx, row_id: int, lease: datetime) -> bool:
    found = s.connection().execute(
        _sql(f"SELECT 1 FROM outbox {_HELD}"), {"id": row_id, "lease": lease}
    )
    return found.first() is not None


_LOG: Table = MessageLogRow.__table__  # type: ignore[attr-defined]
_LOG_COLUMNS = {
    "outbox_id": "integer",
    "at": "timestamptz",
    "recipient_id": "integer",
    "recipient": "text",
    "channel": "text",
    "kind": "text",
    "cycle_id": "integer",
    "stage": "text",
    "subject": "text",
    "message_id": "text",
    "municipality_id": "integer",
}
# On PostgreSQL the mark and its message log are one statement: the log rows are written
# only if the row was still held (the UPDATE returned it).
_SENT_LOGGED = (
    "WITH sent AS (UPDATE outbox SET status = 'sent', sent_at = :now, claimed_until = NULL "
    f"{_HELD} RETURNING id) "
    f"INSERT INTO message_log ({', '.join(_LOG_COLUMNS)}) "
    f"SELECT {', '.join(f'v.{c}' for c in _LOG_COLUMNS)} FROM sent CROSS JOIN unnest("
    + ", ".join(f"CAST(:{c} AS {t}[])" for c, t in _LOG_COLUMNS.items())
    + f") AS v({', '.join(_LOG_COLUMNS)})"
)


# …and whether the row to go next is still held: the sender's one statement per mail.
_SENT_LOGGED_NEXT = (
    _SENT_LOGGED.replace(") INSERT INTO message_log", "), logged AS (INSERT INTO message_log", 1)
    + ") SELECT (SELECT count(*) FROM sent), EXISTS (SELECT 1 FROM outbox "
    + _HELD.replace(":id", ":next")
    + ")"
)


def mark_sent(
    s: Tx, row_id: int, now: datetime, lease: datetime, log: list[dict[str, Any]] | None = None
) -> bool:
    """Mark a row sent if still held, and write its message *log* rows (one per channel)
    in the same transaction; False (nothing written) when the row was not held."""
    conn = s.connection()
    held = {"now": now, "id": row_id, "lease": lease}
    if log and conn.dialect.name == "postgresql":
        return conn.execute(_sql(_SENT_LOGGED), {**held, **_log_arrays(log)}).rowcount > 0
    result = conn.execute(
        _sql(f"UPDATE outbox SET status = 'sent', sent_at = :now, claimed_until = NULL {_HELD}"),
        held,
    )
    if result.rowcount != 1:
        return False
    if log:
        conn.execute(insert(_LOG), log)
    return True


def mark_sent_then_held(
    s: Tx, row_id: int, now: datetime, lease: datetime, log: list[dict[str, Any]], next_id: int
) -> tuple[bool, bool] | None:
    """`mark_sent`, and `still_held` of the row *next_id*, in one statement: (sent, next
    held). None (nothing done) where that is not one statement (SQLite, no log)."""
    conn = s.connection()
    if not log or conn.dialect.name != "postgresql":
        return None
    params = {"now": now, "id": row_id, "lease": lease, "next": next_id, **_log_arrays(log)}
    sent, held = conn.execute(_sql(_SENT_LOGGED_NEXT), params).one()
    return sent > 0, bool(held)


def _log_arrays(log: list[dict[str, Any]]) -> dict[str, list[Any]]:
    kommune = tenant.current_id()
    rows = [{"municipality_id": kommune, **entry} for entry in log]
    return {c: [r.get(c) for r in rows] for c in _LOG_COLUMNS}


def mark_cancelled(s: Tx, row_id: int, lease: datetime) -> None:
    s.connection().execute(
        _sql(f"UPDATE outbox SET status = 'cancelled', claimed_until = NULL {_HELD}"),
        {"id": row_id, "lease": lease},
    )


def release(s: Tx, row_id: int, error: str, lease: datetime) -> None:
    """Give a row back untried: nothing was wrong with it, only with the set-up (no route)."""
    s.connection().execute(
        _sql(f"UPDATE outbox SET claimed_until = NULL, last_error = :error {_HELD}"),
        {"id": row_id, "lease": lease, "error": error[:500]},
    )


def release_claims(s: Tx, row_ids: list[int], lease: datetime) -> int:
    """Hand claimed rows that were not tried back at once (the sender is stopping), so the
    next sender takes them without waiting for the lease to run out."""
    if not row_ids:
        return 0
    result = s.connection().execute(
        _sql(
            "UPDATE outbox SET claimed_until = NULL WHERE id IN ("
            + ", ".join(str(int(i)) for i in row_ids)
            + ") AND status = 'pending' AND claimed_until = :lease"
        ),
        {"lease": lease},
    )
    return result.rowcount


def mark_failed(
    s: Tx,
    row_id: int,
    attempts: int,
    error: str,
    now: datetime,
    policy: Policy,
    lease: datetime,
    payload: dict[str, Any] | None = None,
) -> str:
    """Count a failed attempt; the row is retried after a backoff or becomes a dead letter.

    *payload* replaces the stored one (the sender records which channels already took it).
    """
    attempts += 1
    status = DEAD if attempts >= policy.max_attempts else PENDING
    s.connection().execute(
        _sql(
            "UPDATE outbox SET status = :status, attempts = :attempts, last_error = :error, "
            f"due_at = :due, claimed_until = NULL, payload = COALESCE(:payload, payload) {_HELD}"
        ).bindparams(bindparam("payload", type_=JSON)),
        {
            "status": status,
            "attempts": attempts,
            "error": error[:500],
            "due": now + policy.delay(attempts),
            "id": row_id,
            "lease": lease,
            "payload": payload,
        },
    )
    return status


def retry_dead(s: Tx, now: datetime, ids: list[int] | None = None) -> int:
    """Give dead letters (all, or the given ones) a fresh set of attempts, due now."""
    conn = s.connection()
    where = "status = 'dead'"
    params: dict[str, Any] = {"now": now}
    if ids:
        dead = {
            row[0]
            for row in conn.execute(
                text(
                    "SELECT id FROM outbox WHERE status = 'dead' AND id IN ("
                    + ", ".join(str(int(i)) for i in ids)
                    + ")"
                )
            )
        }
        missing = [i for i in ids if i not in dead]
        if missing:
            raise NotFound("dead_letter", missing[0])
        where += " AND id IN (" + ", ".join(f":id{i}" for i in range(len(ids))) + ")"
        params.update({f"id{i}": v for i, v in enumerate(ids)})
    result = conn.execute(
        _sql(
            f"UPDATE outbox SET status = 'pending', attempts = 0, due_at = :now, "
            f"claimed_until = NULL WHERE {where}"
        ),
        params,
    )
    return result.rowcount
