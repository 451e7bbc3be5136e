"""The one translation boundary for database failures, whichever path raised them.

Use cases go through SQLAlchemy (ORM and Core) and, on the hot path, straight through the
DBAPI driver (`store/hotpath.py`); read commands use the drivers without SQLAlchemy
(`store/reads/`). All of them hand what they catch to `translate`, which names what is
wrong and where in one line. Imports no SQLAlchemy (read commands stay fast).
"""

from __future__ import annotations

from dkbm.states.errors import DatabaseError


def is_database_error(exc: BaseException) -> bool:
    """A failure of the database or its driver (not of our own code)."""
    if isinstance(exc, OverflowError):  # sqlite3 cannot bind an integer beyond 64 bits
        return True
    root = type(exc).__module__.split(".")[0]
    if root in ("sqlite3", "psycopg"):
        return True
    return root == "sqlalchemy" and any(c.__name__ == "DBAPIError" for c in type(exc).__mro__)


def translate(exc: BaseException, url: str) -> DatabaseError:
    from dkbm.store.settings import lock_timeout, masked, statement_timeout

    orig = getattr(exc, "orig", None) or exc
    detail = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    lowered = detail.lower()
    where = masked(url)
    names = {c.__name__ for c in type(orig).__mro__} | {c.__name__ for c in type(exc).__mro__}
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        return DatabaseError("database_not_initialised", url=where)
    if "no such column" in lowered or ("column" in lowered and "does not exist" in lowered):
        return DatabaseError("database_outdated", url=where)
    if "LockNotAvailable" in names or "lock timeout" in lowered:
        return DatabaseError("database_lock_timeout", url=where, seconds=f"{lock_timeout():g}")
    if "statement timeout" in lowered:
        seconds = f"{statement_timeout():g}"
        return DatabaseError("database_statement_timeout", url=where, seconds=seconds)
    if "database is locked" in lowered or "database table is locked" in lowered:
        return DatabaseError("database_locked", url=where)
    if "readonly database" in lowered or "read-only" in lowered:
        return DatabaseError("database_read_only", url=where)
    if "file is not a database" in lowered or "malformed" in lowered:
        return DatabaseError("database_corrupt", url=where, detail=detail)
    if isinstance(orig, OverflowError) or "out of range" in lowered:
        return DatabaseError("database_value_range", detail=detail)
    if names & {"InsufficientPrivilege"} or "permission denied" in lowered:
        # a Kommune's own login at the installation's work, or at another Kommune's rows
        # (row-level security refuses those as a privilege too)
        return DatabaseError("database_not_permitted", url=where)
    if names & {"IntegrityError", "UniqueViolation"}:
        return DatabaseError("database_conflict", url=where)
    return DatabaseError("database_unreachable", url=where, detail=detail)
