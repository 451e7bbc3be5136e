"""Read-only access for the read commands, straight through the DBAPI driver.

`dkbm zyklus status` should answer in well under a second, and importing
SQLAlchemy and SQLModel alone costs about 0.3 s. Reads therefore go through
`sqlite3` or `psycopg` directly with plain SELECTs over the schema that
`store.tables` defines; everything that writes uses the engine in `store.db`.
Rows come back as attribute objects, so `store.mapping` maps them unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

from dkbm.states.errors import DatabaseError, DkbmError, InvalidValue, NotFound
from dkbm.states.model import Actor, Board, Municipality, StrategyCycle
from dkbm.store import codec, mapping
from dkbm.store.dberrors import translate as _translate
from dkbm.store.settings import busy_timeout, masked, require_sqlite_file, sqlite_path

_JSON_COLUMNS = {
    "areas",
    "channels",
    "content",
    "payload",
    "before_working_days",
    "overdue_working_days",
}
_TIME_COLUMNS = {
    "at",
    "added_at",
    "updated_at",
    "created_at",
    "due_at",
    "sent_at",
    "next_check_at",
    "claimed_until",
    "last_report_at",
}
_NAMED = re.compile(r"%\((\w+)\)s")


class Reader:
    """Runs SELECTs written with `%(name)s` parameters on either driver."""

    def __init__(self, connection: Any, dialect: str, url: str) -> None:
        self._connection = connection
        self._dialect = dialect
        self._url = url

    @property
    def dialect(self) -> str:
        return self._dialect

    def rows(self, sql: str, **params: Any) -> list[SimpleNamespace]:
        if self._dialect == "sqlite":
            sql = _NAMED.sub(r":\1", sql)
        try:
            cursor = self._connection.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [SimpleNamespace(**_decode(dict(zip(names, r, strict=True)))) for r in cursor]
        except Exception as exc:
            raise _translate(exc, self._url) from None

    def one(self, sql: str, **params: Any) -> SimpleNamespace | None:
        found = self.rows(sql, **params)
        return found[0] if found else None


@contextmanager
def reader(url: str) -> Iterator[Reader]:
    scheme = url.split(":", 1)[0]
    if scheme == "sqlite":
        yield from _sqlite(url)
    elif scheme.startswith("postgresql"):
        yield from _postgres(url)
    elif "://" in url:
        raise DatabaseError("unsupported_database", url=masked(url))
    else:
        raise InvalidValue("DKBM_DATABASE_URL", url, "sqlite:///… oder postgresql+psycopg://…")


def _sqlite(url: str) -> Iterator[Reader]:
    import sqlite3

    path = sqlite_path(url) if ":///" in url else ""
    if not path or path == ":memory:":
        raise InvalidValue("DKBM_DATABASE_URL", url, "sqlite:///pfad/zur/datei.db")
    require_sqlite_file(url)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout())
    except sqlite3.Error as exc:
        raise _translate(exc, url) from None
    try:
        yield Reader(conn, "sqlite", url)
    finally:
        conn.close()


def _postgres(url: str) -> Iterator[Reader]:
    import psycopg

    parts = urlsplit(url)
    try:
        port = parts.port or 5432
    except ValueError:
        raise InvalidValue("DKBM_DATABASE_URL", masked(url), "Port als Zahl") from None
    params = {
        "host": parts.hostname or "localhost",
        "port": port,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "dbname": parts.path.lstrip("/"),
        "connect_timeout": 10,
    }
    try:
        conn = psycopg.connect(**{k: v for k, v in params.items() if v != ""})
    except psycopg.Error as exc:
        raise _translate(exc, url) from None
    try:
        yield Reader(conn, "postgresql", url)
    finally:
        conn.close()


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key, value in row.items():
        if isinstance(value, str) and key in _JSON_COLUMNS:
            row[key] = codec.loads(value)
        elif key in _TIME_COLUMNS and value is not None:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else value
            row[key] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return row


def municipality(r: Reader) -> Municipality:
    row = r.one("SELECT * FROM municipality ORDER BY id LIMIT 1")
    if row is None:
        raise DkbmError("no_municipality")
    return mapping.municipality(row)


def actors(r: Reader) -> list[Actor]:
    return [mapping.actor(row) for row in r.rows("SELECT * FROM actor ORDER BY id")]


def actor_names(r: Reader, ids: list[int]) -> dict[int, str]:
    """Names of the given Akteure (missing ids are left out)."""
    if not ids:
        return {}
    marks = ", ".join(f"%(a{i})s" for i in range(len(ids)))
    rows = r.rows(
        f"SELECT id, name FROM actor WHERE id IN ({marks})",
        **{f"a{i}": v for i, v in enumerate(ids)},
    )
    return {row.id: row.name for row in rows}


def open_deadlines(r: Reader) -> dict[int, Any]:
    """The earliest open deadline per cycle."""
    rows = r.rows(
        "SELECT cycle_id, MIN(due_at) AS due_at FROM deadline WHERE status = 'offen' "
        "GROUP BY cycle_id"
    )
    return {row.cycle_id: row.due_at for row in rows}


def actor(r: Reader, actor_id: int) -> Actor:
    row = r.one("SELECT * FROM actor WHERE id = %(id)s", id=actor_id)
    if row is None:
        raise NotFound("actor", actor_id)
    return mapping.actor(row)


def boards(r: Reader) -> list[Board]:
    members = r.rows("SELECT * FROM board_member ORDER BY actor_id")
    return [
        mapping.board(row, [m for m in members if m.board_id == row.id])
        for row in r.rows("SELECT * FROM board ORDER BY id")
    ]


def board(r: Reader, board_id: int) -> Board:
    row = r.one("SELECT * FROM board WHERE id = %(id)s", id=board_id)
    if row is None:
        raise NotFound("board", board_id)
    members = r.rows(
        "SELECT * FROM board_member WHERE board_id = %(id)s ORDER BY actor_id", id=board_id
    )
    return mapping.board(row, members)


def cycles(r: Reader) -> list[StrategyCycle]:
    return [mapping.cycle(row) for row in r.rows("SELECT * FROM cycle ORDER BY id")]


def cycle(r: Reader, cycle_id: int) -> StrategyCycle:
    row = r.one("SELECT * FROM cycle WHERE id = %(id)s", id=cycle_id)
    if row is None:
        raise NotFound("cycle", cycle_id)
    return mapping.cycle(row)


def audit_events(r: Reader, subject: str, subject_id: int) -> list[SimpleNamespace]:
    return r.rows(
        "SELECT * FROM audit_event WHERE subject = %(subject)s AND subject_id = %(id)s ORDER BY id",
        subject=subject,
        id=subject_id,
    )


def last_action(r: Reader, subject_id: int, action: str) -> SimpleNamespace | None:
    """The newest audit entry of a cycle with *action*."""
    return r.one(
        "SELECT * FROM audit_event WHERE subject = 'zyklus' AND subject_id = %(id)s "
        "AND action = %(action)s ORDER BY id DESC LIMIT 1",
        id=subject_id,
        action=action,
    )


def message_log(r: Reader, cycle_id: int | None = None) -> list[SimpleNamespace]:
    if cycle_id is None:
        return r.rows("SELECT * FROM message_log ORDER BY id")
    return r.rows("SELECT * FROM message_log WHERE cycle_id = %(id)s ORDER BY id", id=cycle_id)


def outbox_rows(r: Reader, statuses: tuple[str, ...]) -> list[SimpleNamespace]:
    marks = ", ".join(f"%(s{i})s" for i in range(len(statuses)))
    return r.rows(
        "SELECT id, key, kind, cycle_id, recipient_id, status, attempts, due_at, last_error, "
        f"message_id, deadline_id FROM outbox WHERE status IN ({marks}) ORDER BY id",
        **{f"s{i}": v for i, v in enumerate(statuses)},
    )


def deadlines(r: Reader) -> list[SimpleNamespace]:
    return r.rows("SELECT * FROM deadline ORDER BY due_at, id")
