"""One way to open the database for reading, from its URL: `sqlite3` on the file, read-only,
or `psycopg` in a read-only transaction with the lock and statement limits of
`store.settings`. Queries are written once with `%(name)s` parameters for both drivers;
rows come back as attribute objects with JSON documents decoded and moments in UTC, so
`store.mapping` maps them as it maps ORM rows. Every failure, opening or reading, goes
through `store.dberrors.translate`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, unquote

from dkbm.states.errors import DatabaseError, DkbmError, InvalidValue
from dkbm.store import codec, tenant
from dkbm.store.dberrors import translate
from dkbm.store.settings import (
    busy_timeout,
    database_url,
    masked,
    postgres_options,
    require_sqlite_file,
    sqlite_path,
    url_parts,
)

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
            raise translate(exc, self._url) from None

    def one(self, sql: str, **params: Any) -> SimpleNamespace | None:
        found = self.rows(sql, **params)
        return found[0] if found else None

    def moment(self, value: datetime) -> Any:
        """*value* as a parameter compared with a stored moment (SQLite: UTC text without
        zone, as `store.tables` writes it)."""
        if self._dialect != "sqlite":
            return value
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"


def placeholders(values: Iterable[Any], prefix: str = "i") -> tuple[str, dict[str, Any]]:
    """`%(i0)s, %(i1)s, …` and their parameters, for `IN (…)`."""
    params = {f"{prefix}{n}": v for n, v in enumerate(values)}
    return ", ".join(f"%({name})s" for name in params), params


_kept = threading.local()
_keeping = False


def keep_connections() -> None:
    """In a long-running server (`dkbm web`): each thread keeps its read connection between
    readers instead of opening one per reader (on PostgreSQL a connect costs more than the
    reads of a page). Each reader still sees the database as it is when it starts."""
    global _keeping
    _keeping = True


@contextmanager
def reader(url: str | None = None) -> Iterator[Reader]:
    """A `Reader` on *url* (default: the configured database), closed on leaving (kept for
    the thread's next reader after `keep_connections()`)."""
    url = url or database_url()
    if _keeping:
        yield from _kept_reader(url)
        return
    connection, dialect = _connect(url)
    try:
        with _serving(connection, dialect, url):
            yield Reader(connection, dialect, url)
    finally:
        connection.close()


@contextmanager
def _serving(connection: Any, dialect: str, url: str) -> Iterator[None]:
    """The read serves one Kommune (`store.tenant`), as its database role where it has one."""
    token = tenant.hold()
    try:
        cursor = connection.cursor()
        try:
            tenant.enter_dbapi(cursor, dialect, url)
        except DkbmError:
            raise
        except Exception as exc:
            raise translate(exc, url) from None
        finally:
            cursor.close()
        yield
    finally:
        tenant.release(token)


def _kept_reader(url: str) -> Iterator[Reader]:
    held: dict[str, tuple[Any, str]] = getattr(_kept, "connections", None) or {}
    _kept.connections = held
    if url not in held:
        held[url] = _connect(url)
    connection, dialect = held[url]
    ok = False
    try:
        with _serving(connection, dialect, url):
            yield Reader(connection, dialect, url)
        ok = True
    finally:
        try:
            connection.rollback()  # ends the read transaction: the next reader sees anew
        except Exception:
            ok = False
        if not ok:
            held.pop(url, None)
            connection.close()


def _connect(url: str) -> tuple[Any, str]:
    scheme = url.split(":", 1)[0]
    if scheme == "sqlite":
        return _sqlite(url), "sqlite"
    if scheme.startswith("postgresql"):
        return _postgres(url), "postgresql"
    if "://" in url:
        raise DatabaseError("unsupported_database", url=masked(url))
    raise InvalidValue("DKBM_DATABASE_URL", masked(url), "sqlite:///… oder postgresql+psycopg://…")


def _sqlite(url: str) -> Any:
    import sqlite3

    path = sqlite_path(url) if ":///" in url else ""
    if not path or path == ":memory:":
        raise InvalidValue("DKBM_DATABASE_URL", url, "sqlite:///pfad/zur/datei.db")
    require_sqlite_file(url)
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout())
    except sqlite3.Error as exc:
        raise translate(exc, url) from None


def _postgres(url: str) -> Any:
    import psycopg

    parts = url_parts(url)  # as the engine reads it: both sides reach the same server
    if parts is None:
        raise InvalidValue("DKBM_DATABASE_URL", masked(url), "Port als Zahl")
    query = parse_qs(parts["query"] or "")
    params = {
        "host": parts["ipv6host"] or parts["ipv4host"] or "localhost",
        "port": int(parts["port"] or 5432),
        "user": unquote(parts["user"] or ""),
        "password": unquote(parts["password"] or ""),
        "dbname": unquote(parts["path"] or ""),
        "connect_timeout": 10,
        "options": postgres_options(query.get("options", [None])[-1]),
    }
    try:
        connection = psycopg.connect(**{k: v for k, v in params.items() if v != ""})
    except psycopg.Error as exc:
        raise translate(exc, url) from None
    connection.read_only = True
    return connection


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key, value in row.items():
        if isinstance(value, str) and key in _JSON_COLUMNS:
            row[key] = codec.loads(value)
        elif key in _TIME_COLUMNS and value is not None:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else value
            row[key] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return row
