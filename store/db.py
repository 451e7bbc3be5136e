"""Engine and sessions for the configured database (SQLite by default, PostgreSQL for IT)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import Session, create_engine

from dkbm.states.errors import DatabaseError, InvalidValue
from dkbm.store import codec, tenant
from dkbm.store.dberrors import is_database_error, translate
from dkbm.store.settings import (
    busy_timeout,
    database_url,
    masked,
    postgres_options,
    require_sqlite_file,
)


def safe_url(url: str) -> str:
    """The URL with any password masked, fit for messages and logs."""
    return masked(url)


# Cycle documents and outbox payloads are JSON; orjson reads and writes them several times
# faster than the standard library (it matters for the reminder sweep).
_JSON_CODEC = {"json_serializer": codec.dumps, "json_deserializer": codec.loads}


def engine(url: str | None = None) -> Engine:
    """The engine for *url* (default: the configured database), one per URL and process."""
    return _engine(url or database_url())


@cache
def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018  (a port that is no number fails here, not deep in a driver)
    except (ArgumentError, ValueError):
        raise InvalidValue("DKBM_DATABASE_URL", safe_url(url), "SQLAlchemy-URL") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            eng = create_engine(parsed, connect_args={"timeout": busy_timeout()}, **_JSON_CODEC)
            event.listen(eng, "connect", _sqlite_pragmas)
            return eng
        # a held lock or a runaway statement ends with an error instead of waiting forever
        given = parsed.query.get("options")
        options = postgres_options(" ".join(given) if isinstance(given, tuple) else given)
        return create_engine(
            parsed, pool_pre_ping=False, connect_args={"options": options}, **_JSON_CODEC
        )
    except (NoSuchModuleError, ImportError):
        raise DatabaseError("unsupported_database", url=safe_url(url)) from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
    cur.close()


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error.

    Database failures become one-line DatabaseErrors naming the (masked) URL.
    """
    url = url or database_url()
    require_sqlite_file(url)
    try:
        with Session(engine(url), expire_on_commit=False) as s, s.begin(), _serving(s.connection()):
            yield s
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise translate(exc, url) from None
    require_sqlite_file(url)  # committed into the file that is still there


@contextmanager
def _serving(connection: Connection) -> Iterator[None]:
    """The transaction serves one Kommune (`store.tenant`): resolved on its connection, run
    as the Kommune's database role where it has one."""
    token = tenant.hold()
    try:
        cursor = connection.connection.cursor()
        try:
            tenant.enter_dbapi(cursor, connection.dialect.name, str(connection.engine.url))
        finally:
            cursor.close()
        yield
    finally:
        tenant.release(token)


class Transaction:
    """A Core connection inside one transaction, for use cases that need no ORM: it offers
    the `connection()` that repository functions use, without a Session's bookkeeping."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def connection(self) -> Connection:
        return self._connection


Tx = Session | Transaction
"""What repository functions that only run Core statements accept."""


@contextmanager
def transaction(url: str | None = None) -> Iterator[Transaction]:
    """Like `session()`, cheaper: commit on success, roll back on any error."""
    url = url or database_url()
    require_sqlite_file(url)
    try:
        with engine(url).begin() as connection, _serving(connection):
            yield Transaction(connection)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise translate(exc, url) from None
    require_sqlite_file(url)  # committed into the file that is still there
