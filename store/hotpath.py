"""The statements every use case runs, straight on the DBAPI connection of the caller's
transaction: load a cycle, write it back with its version check, append the audit event,
queue outbox rows; and the reminder sweep's reads (due deadlines, Maßnahmen) and its
move of next checks.

Through SQLAlchemy each of them costs ~0.1 ms of statement handling, several times what
SQLite itself needs; `make bench` holds a persisted transition against the bare state
machine, so this path stays as thin as the drivers allow. The rows kept beside a cycle
(its answers and ballots, `store.answers`) go the same way, through `Driver`. It is the write side's one
exception (the read side, `store.reads`, opens connections of its own): measured again
when the reads moved there, the same statements as Core statements cost a state+audit
transition on SQLite a third of its rate (docs/architecture.md, "A thin hot path"). Failures reach `store.dberrors` through the
`store.db` transaction around these statements. Everything else uses the engine. Both
paths read and write the same formats: JSON documents, and timestamps in UTC (SQLite:
SQLAlchemy's text form; PostgreSQL: timestamptz).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, NamedTuple

from dkbm.store import codec, tenant
from dkbm.store.db import Tx

_COLUMNS = (
    "id",
    "municipality_id",
    "board_id",
    "title",
    "state",
    "version",
    "round",
    "content",
    "items_digest",
    "seeded_from",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM cycle WHERE id = ?"
_UPDATE = (
    "UPDATE cycle SET state = ?, version = ?, round = ?, title = ?, content = ?, items_digest = ?, "
    "updated_at = ? "
    "WHERE id = ? AND version = ?"
)
_AUDIT_COLUMNS = (
    "subject",
    "subject_id",
    "version",
    "at",
    "by",
    "action",
    "trigger",
    "from_state",
    "to_state",
    "reason",
    "payload",
    "source",
    "municipality_id",
)
_INSERT_AUDIT = (
    f"INSERT INTO audit_event ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in _AUDIT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _AUDIT_COLUMNS)})"
)


_OUTBOX_COLUMNS = (
    "key",
    "kind",
    "cycle_id",
    "recipient_id",
    "payload",
    "created_at",
    "due_at",
    "status",
    "attempts",
    "message_id",
    "deadline_id",
    "municipality_id",
)
_INSERT_OUTBOX = (
    f"INSERT INTO outbox ({', '.join(_OUTBOX_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _OUTBOX_COLUMNS)}) ON CONFLICT (key) DO NOTHING"
)
# On PostgreSQL a batch's rows go in one statement each, as arrays: one plan, one round trip,
# and row-level security's policy subquery (an InitPlan) run once, not once per row. The
# arrays go in binary (%b): as text psycopg escapes every quote of every payload.
_INSERT_OUTBOX_ROWS = (
    f"INSERT INTO outbox ({', '.join(_OUTBOX_COLUMNS)}) "
    "SELECT k, kd, c, r, p::json, ca, da, st, a, mi, d, mu FROM unnest("
    "%b::text[], %b::text[], %b::int[], %b::int[], %b::text[], %b::timestamptz[], "
    "%b::timestamptz[], %b::text[], %b::int[], %b::text[], %b::int[], %b::int[]"
    ") AS v(k, kd, c, r, p, ca, da, st, a, mi, d, mu) ON CONFLICT (key) DO NOTHING"
)
_NEXT_CHECK = (
    "UPDATE deadline SET next_check_at = ? WHERE id = ? AND revision = ? AND status = 'offen'"
)
_NEXT_CHECKS = (
    "UPDATE deadline SET next_check_at = v.at "
    "FROM unnest(%b::timestamptz[], %b::int[], %b::int[]) AS v(at, id, rev) "
    "WHERE deadline.id = v.id AND deadline.revision = v.rev AND deadline.status = 'offen' "
    "RETURNING deadline.id"
)
# The sweep's batch on PostgreSQL: its next checks moved and the reminders of the deadlines
# moved written, in one statement (a deadline moved or closed meanwhile gets none).
_MOVE_AND_QUEUE = f"WITH moved AS ({_NEXT_CHECKS}) " + _INSERT_OUTBOX_ROWS.replace(
    " ON CONFLICT", " WHERE v.d IN (SELECT id FROM moved) ON CONFLICT"
)
_DUE = (
    "SELECT id, cycle_id, kind, ref, due_at, revision, next_check_at FROM deadline "
    "WHERE {kommune}status = 'offen' AND next_check_at <= ? ORDER BY next_check_at, id LIMIT ?"
)


# With each due deadline what the sweep needs of it besides: its cycle's header, and for a
# Maßnahme's report the Maßnahme and its owner (an index lookup each, by primary key).
_DUE_WITH = (
    "SELECT d.id, d.cycle_id, d.kind, d.ref, d.due_at, d.revision, d.next_check_at, "
    "c.municipality_id, c.board_id, c.title, c.state, c.version, c.round, "
    "ms.title, ms.owner_id, ms.reports, a.name, a.email, a.lang, a.delivery, a.status "
    "FROM (" + _DUE + ") AS d "
    "LEFT JOIN cycle AS c ON c.id = d.cycle_id "
    "LEFT JOIN measure AS ms ON ms.cycle_id = d.cycle_id AND ms.item_id = CASE "
    "WHEN d.kind = 'massnahme_bericht' AND substr(d.ref, 1, 10) = 'massnahme:' "
    "THEN CAST(substr(d.ref, 11) AS INTEGER) END "
    "LEFT JOIN actor AS a ON a.id = ms.owner_id "
    "ORDER BY d.next_check_at, d.id"
)


class DueRow(NamedTuple):
    """A deadline whose next reminder step fell due, as the sweep reads it: with its
    cycle's header (id, municipality, board, title, state, version, round), and for a
    Maßnahme's report the Maßnahme (title, owner, reports) and its owner (id, name, e-mail,
    language, delivery, status), None where there is none."""

    id: int
    cycle_id: int | None
    kind: str
    ref: str
    due_at: datetime
    revision: int
    next_check_at: datetime
    cycle: tuple[Any, ...] | None = None
    measure: tuple[Any, ...] | None = None
    owner: tuple[Any, ...] | None = None


@lru_cache(maxsize=4096)
def _sqlite_moment(value: datetime) -> str:
    """SQLAlchemy's text form of a UTC moment on SQLite; a batch repeats few moments."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@lru_cache(maxsize=4096)
def _parse_moment(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def read_moment(value: Any) -> datetime:
    if isinstance(value, str):
        return _parse_moment(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Driver:
    """What differs between sqlite3 and psycopg: placeholders, JSON and timestamps."""

    def __init__(self, s: Tx) -> None:
        connection = s.connection()
        self.raw = connection.connection.driver_connection
        self.postgres = connection.dialect.name == "postgresql"

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.postgres else statement

    def json(self, value: Any) -> Any:
        if value is None:
            return None
        if self.postgres:
            from psycopg.types.json import Json

            return Json(value, dumps=codec.dumps)
        return codec.dumps(value)

    def moment(self, value: datetime) -> Any:
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one")
        return value.astimezone(UTC) if self.postgres else _sqlite_moment(value)

    def execute(self, statement: str, params: tuple[Any, ...]) -> Any:
        cursor = self.raw.cursor()
        cursor.execute(self.sql(statement), params)
        return cursor


def load_cycle(s: Tx) -> Any:
    """A loader bound to the session: cycle id -> row (attribute access) or None."""
    driver = Driver(s)

    def load(cycle_id: int) -> SimpleNamespace | None:
        row = driver.execute(_SELECT, (cycle_id,)).fetchone()
        if row is None:
            return None
        doc = dict(zip(_COLUMNS, row, strict=True))
        if isinstance(doc["content"], str):
            doc["content"] = codec.loads(doc["content"])
        return SimpleNamespace(**doc)

    return load


def write_cycle(
    s: Tx, values: dict[str, Any], cycle_id: int, expected_version: int, now: datetime
) -> int:
    """UPDATE … WHERE version = expected; returns the number of rows written (0 or 1)."""
    driver = Driver(s)
    cursor = driver.execute(
        _UPDATE,
        (
            values["state"],
            values["version"],
            values["round"],
            values["title"],
            driver.json(values["content"]),
            values["items_digest"],
            driver.moment(now),
            cycle_id,
            expected_version,
        ),
    )
    return cursor.rowcount


def write_audit(s: Tx, fields: dict[str, Any]) -> None:
    driver = Driver(s)
    row = {
        **dict.fromkeys(_AUDIT_COLUMNS),
        "reason": "",
        "municipality_id": tenant.current_id(),
        **fields,
    }
    row["at"] = driver.moment(row["at"])
    row["payload"] = driver.json(row["payload"])
    driver.execute(_INSERT_AUDIT, tuple(row[c] for c in _AUDIT_COLUMNS))


def write_outbox(s: Tx, rows: list[dict[str, Any]]) -> int | None:
    """Insert outbox rows whose key is new; returns how many were new. None when a row
    carries a column this path does not write (the caller then takes the engine)."""
    if any(row.keys() - set(_OUTBOX_COLUMNS) for row in rows):
        return None
    if not rows:
        return 0
    driver = Driver(s)
    params = _outbox_params(driver, rows)
    cursor = driver.raw.cursor()
    if driver.postgres:
        cursor.execute(_INSERT_OUTBOX_ROWS, [list(c) for c in zip(*params, strict=True)])
        return cursor.rowcount
    before = driver.raw.total_changes
    cursor.executemany(_INSERT_OUTBOX, params)
    return driver.raw.total_changes - before


def _outbox_params(driver: Driver, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    kommune = tenant.current_id()
    # PostgreSQL takes the payloads as text in an array (cast to json there)
    payload = codec.dumps if driver.postgres else driver.json
    return [
        (
            row["key"],
            row["kind"],
            row.get("cycle_id"),
            row.get("recipient_id"),
            None if row["payload"] is None else payload(row["payload"]),
            driver.moment(row["created_at"]),
            driver.moment(row["due_at"]),
            row.get("status", "pending"),
            row.get("attempts", 0),
            row.get("message_id"),
            row.get("deadline_id"),
            row.get("municipality_id", kommune),
        )
        for row in rows
    ]


def move_and_write(
    s: Tx, checks: list[tuple[datetime, int, int]], rows: list[dict[str, Any]]
) -> int | None:
    """`move_next_checks`, then `write_outbox` of those *rows* whose deadline moved, in one
    statement; returns how many rows were new. None (nothing done) where that is not one
    statement (SQLite, a row with a column of its own): the caller takes the two steps."""
    driver = Driver(s)
    if not driver.postgres or any(row.keys() - set(_OUTBOX_COLUMNS) for row in rows):
        return None
    if not rows or not checks:
        move_next_checks(s, checks)
        return 0
    at, ids, revisions = (list(c) for c in zip(*checks, strict=True))
    columns = [list(c) for c in zip(*_outbox_params(driver, rows), strict=True)]
    cursor = driver.raw.cursor()
    cursor.execute(_MOVE_AND_QUEUE, [[driver.moment(a) for a in at], ids, revisions, *columns])
    return cursor.rowcount


def move_next_checks(s: Tx, checks: list[tuple[datetime, int, int]]) -> set[int]:
    """(next check, deadline id, revision read): only a deadline still open in that
    revision moves; one moved or closed meanwhile keeps what that change wrote. Returns the
    ids moved, locked until the transaction ends (SQLite: under its write lock)."""
    if not checks:
        return set()
    driver = Driver(s)
    cursor = driver.raw.cursor()
    if driver.postgres:
        at, ids, revisions = (list(c) for c in zip(*checks, strict=True))
        cursor.execute(_NEXT_CHECKS, ([driver.moment(a) for a in at], ids, revisions))
        return {row[0] for row in cursor.fetchall()}
    cursor.executemany(_NEXT_CHECK, [(driver.moment(at), i, rev) for at, i, rev in checks])
    return current_deadlines(s, {i: rev for _, i, rev in checks})


def due_deadlines(s: Tx, now: datetime, limit: int) -> list[DueRow]:
    """Open deadlines whose next check is at or before *now*, the earliest first.

    A Kommune served as its role (one of several) sees only its rows anyway; naming it
    lets the query read them off `ix_deadline_kommune_status_next_check_at` in order."""
    driver = Driver(s)
    scope = tenant.current()
    own = scope is not None and scope.role is not None
    sql = _DUE_WITH.format(kommune="municipality_id = ? AND " if own else "")
    params = (scope.id, driver.moment(now), limit) if own else (driver.moment(now), limit)  # type: ignore[union-attr]
    return [_due_row(row) for row in driver.execute(sql, params)]


def _due_row(row: tuple[Any, ...]) -> DueRow:
    i, c, kind, ref, due, rev, check = row[:7]
    header = (c, *row[7:13]) if row[7] is not None else None
    measure = row[13:16] if row[13] is not None else None
    owner = (row[14], *row[16:21]) if row[16] is not None else None
    return DueRow(
        i, c, kind, ref, read_moment(due), rev, read_moment(check), header, measure, owner
    )


def current_deadlines(s: Tx, read: dict[int, int]) -> set[int]:
    """Of the deadline ids in *read* (id -> revision read), those still open in that
    revision; on PostgreSQL the rows stay locked until the transaction ends."""
    if not read:
        return set()
    driver = Driver(s)
    sql = (
        "SELECT id, revision FROM deadline WHERE status = 'offen' "
        f"AND id IN ({', '.join('?' for _ in read)})" + (" FOR UPDATE" if driver.postgres else "")
    )
    return {i for i, rev in driver.execute(sql, tuple(read)) if read[i] == rev}


def measures(s: Tx, cycle_ids: set[int], item_ids: set[int]) -> list[tuple[Any, ...]]:
    """(cycle, Maßnahme, title, owner, reports) of the Maßnahmen in *cycle_ids* whose
    number is in *item_ids*; what the reminder sweep asks of them."""
    if not cycle_ids or not item_ids:
        return []
    driver = Driver(s)
    sql = (
        "SELECT cycle_id, item_id, title, owner_id, reports FROM measure "
        f"WHERE cycle_id IN ({', '.join('?' for _ in cycle_ids)}) "
        f"AND item_id IN ({', '.join('?' for _ in item_ids)})"
    )
    return driver.execute(sql, (*cycle_ids, *item_ids)).fetchall()
