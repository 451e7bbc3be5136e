"""Which Kommune a transaction serves.

One installation may hold many Kommunen (PostgreSQL); every transaction serves one of them,
or, for the system's own work across Kommunen (the sweep and the sender choosing whose turn
it is, `kommune list`, migrations), none. The Kommune is asked for by its AGS (`--kommune`,
`DKBM_KOMMUNE`, a flow's parameter) or, for data that names it, by its id; with a single
Kommune in the database it is the default.

The walls: the resolved Kommune's id goes into every row written (`current_id`, the column
default of `store.tables`), and on PostgreSQL with several Kommunen each transaction runs
as the Kommune's database role (`SET LOCAL ROLE`), whose row-level security policies
(migration 0016) show and accept only that Kommune's rows, whatever SQL runs. A
coordinator's own login as that role meets the same policies.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from dkbm.states.errors import DkbmError
from dkbm.states.i18n import t
from dkbm.states.kommune import checked_ags


@dataclass(frozen=True)
class Scope:
    """The Kommune a transaction serves."""

    id: int
    ags: str | None
    name: str
    role: str | None  # its database role (PostgreSQL with several Kommunen), else None
    mail_route: str = ""  # the environment variable with its own Apprise mail URL
    sender_address: str = ""  # the address its mail goes out from; empty: the route's
    identifier_ags: str | None = None  # the AGS its UIDs and Message-IDs carry, set once


_ACROSS = "*"


class ByName(str):
    """A Kommune asked for by its name: `DKBM_KOMMUNE` as `runbook.sh init` of earlier
    versions wrote it (the name of the one Kommune), which keeps choosing it."""


_asked: ContextVar[str | int | None] = ContextVar("dkbm_kommune_asked", default=None)
_current: ContextVar[Scope | None] = ContextVar("dkbm_kommune_current", default=None)
# The Kommunen resolved within one `serving` block, by database and what was asked: a batch
# of many transactions for one Kommune looks it up once.
_resolved: ContextVar[dict[tuple[str, Any], Scope] | None] = ContextVar(
    "dkbm_kommune_resolved", default=None
)

_SELECT = (
    "SELECT id, ags, name, db_role, mail_route, sender_address, identifier_ags FROM municipality"
)


@contextmanager
def asking(ags: str) -> Iterator[None]:
    """Transactions inside serve the Kommune *ags* (the CLI's `--kommune`), checked first."""
    with serving(checked_ags(ags, "--kommune")):
        yield


def asked() -> str | int | None:
    """The Kommune asked for: by `ask`/`serving`, else `DKBM_KOMMUNE`, else None."""
    value = _asked.get()
    if value is not None:
        return value
    env = os.environ.get("DKBM_KOMMUNE", "").strip()
    if env and not any(c.isdigit() for c in env):
        return ByName(env)  # an environment file of an earlier version: the Kommune's name
    return checked_ags(env, "DKBM_KOMMUNE") if env else None


@contextmanager
def serving(kommune: str | int | None) -> Iterator[None]:
    """Transactions inside serve *kommune* (an AGS, or a municipality id from stored data)."""
    token = _asked.set(kommune)
    cache = _resolved.set({})
    try:
        yield
    finally:
        _resolved.reset(cache)
        _asked.reset(token)


@contextmanager
def across() -> Iterator[None]:
    """Transactions inside serve no single Kommune: the system's own work over all of them
    (as the database's owner; rows written here must name their Kommune themselves)."""
    token = _asked.set(_ACROSS)
    try:
        yield
    finally:
        _asked.reset(token)


def current() -> Scope | None:
    """The Kommune the running transaction serves (None outside one, or across Kommunen)."""
    return _current.get()


def current_id() -> int | None:
    """The id of `current()`: the default of every row's `municipality_id`."""
    scope = _current.get()
    return scope.id if scope is not None else None


def adopt(scope: Scope) -> None:
    """The running transaction serves *scope* from now on (it created the first Kommune)."""
    _current.set(scope)


def resolve(rows: list[Any], dialect: str) -> Scope | None:
    """The Kommune asked for among *rows* (id, ags, name, db_role of every Kommune the
    connection can see), None for none asked and none there, or across Kommunen.

    Refused in one line: an AGS that is not there, or several Kommunen and none asked."""
    want = asked()
    if want == _ACROSS:
        return None
    if want is None:
        if not rows:
            return None
        if len(rows) == 1:
            return _scope(rows[0], dialect)
        raise DkbmError("kommune_ambiguous", known=known(rows))
    matching = [row for row in rows if row[_column(want)[1]] == want]
    if len(matching) > 1:  # a name two Kommunen share (there are many a Neustadt)
        raise DkbmError("kommune_ambiguous", known=known(matching))
    if matching:
        return _scope(matching[0], dialect)
    if isinstance(want, ByName):
        raise DkbmError("kommune_env_is_name", value=want)
    raise DkbmError("kommune_unknown", ags=want, known=known(rows) or "-")


def _column(want: str | int) -> tuple[str, int]:
    if isinstance(want, int):
        return "id", 0
    return ("name", 2) if isinstance(want, ByName) else ("ags", 1)


def _scope(row: Any, dialect: str) -> Scope:
    role = row[3] if dialect == "postgresql" else None
    return Scope(
        id=row[0],
        ags=row[1],
        name=row[2],
        role=role or None,
        mail_route=row[4] or "",
        sender_address=row[5] or "",
        identifier_ags=row[6] or None,
    )


def known(rows: list[Any]) -> str:
    return ", ".join(f"{r[1] or t('kommune_without_ags')} {r[2]}" for r in rows)


def quoted(name: str) -> str:
    """*name* as a PostgreSQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def enter_dbapi(cursor: Any, dialect: str, database: str = "") -> Scope | None:
    """Resolve the Kommune on a DBAPI *cursor* at the start of its transaction and, where it
    has a role, run the transaction as that role. Returns the scope (also `current()`).
    Within a `serving` block a Kommune of *database* is looked up once."""
    want = asked()
    if want == _ACROSS:
        _current.set(None)
        return None
    cache = _resolved.get()
    scope = cache.get((database, want)) if cache is not None and want is not None else None
    became = False
    if scope is None:
        scope, became = _looked_up(cursor, dialect, want)
        if cache is not None and scope is not None and want is not None:
            cache[(database, want)] = scope
    if scope is not None and scope.role and not became:
        cursor.execute(f"SET LOCAL ROLE {quoted(scope.role)}")
    _current.set(scope)
    return scope


# On PostgreSQL the lookup itself takes on the Kommune's role for the rest of the transaction
# (`set_config('role', …, true)` is `SET LOCAL ROLE`): one round trip instead of two.
_BECOME = ", CASE WHEN db_role IS NOT NULL THEN set_config('role', db_role, true) END"


def _looked_up(cursor: Any, dialect: str, want: str | int | None) -> tuple[Scope | None, bool]:
    """The Kommune asked for, and whether the transaction already runs as its role."""
    mark = "?" if dialect == "sqlite" else "%s"
    # only for a Kommune asked for: of two rows found for none asked, the second's role
    # would hide the first from the listing that names them
    become = _BECOME if dialect == "postgresql" and want is not None else ""
    if want is None:
        cursor.execute(f"{_SELECT} ORDER BY id LIMIT 2")
    else:
        column = _column(want)[0]
        cursor.execute(
            f"{_SELECT.replace(' FROM', become + ' FROM')} WHERE {column} = {mark}",
            (str(want) if column != "id" else want,),
        )
    rows = list(cursor.fetchall())
    if (want is None and len(rows) > 1) or (want is not None and not rows):
        cursor.execute(f"{_SELECT} ORDER BY id")
        rows = list(cursor.fetchall())
    return resolve(rows, dialect), bool(become)


def hold() -> Any:
    """Remember `current()`, to give it back with `release` when a transaction ends."""
    return _current.set(_current.get())


def release(token: Any) -> None:
    _current.reset(token)
