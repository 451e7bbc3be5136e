"""The Kommune, its Akteure and Gremien."""

from __future__ import annotations

from collections.abc import Iterable

from dkbm.states.errors import DkbmError, NotFound
from dkbm.states.model import Actor, Board, Municipality
from dkbm.store import mapping, tenant
from dkbm.store.reads.connection import Reader, placeholders


def municipality(r: Reader) -> Municipality:
    """The Kommune the read serves (`store.tenant`)."""
    kommune = tenant.current_id()
    row = r.one("SELECT * FROM municipality WHERE id = %(id)s", id=kommune) if kommune else None
    if row is None:
        raise DkbmError("no_municipality")
    return mapping.municipality(row)


# An Akteur with her organisation's name as `organisation` (what mapping.actor reads).
ACTORS = (
    "SELECT a.*, o.name AS organisation FROM actor a "
    "LEFT JOIN organisation o ON o.id = a.organisation_id"
)


def actors(r: Reader, ids: Iterable[int] | None = None) -> list[Actor]:
    """The Akteure (all: None; missing ids are left out), by id."""
    if ids is None:
        return [mapping.actor(row) for row in r.rows(f"{ACTORS} ORDER BY a.id")]
    wanted = sorted(set(ids))
    if not wanted:
        return []
    marks, params = placeholders(wanted)
    rows = r.rows(f"{ACTORS} WHERE a.id IN ({marks}) ORDER BY a.id", **params)
    return [mapping.actor(row) for row in rows]


def actor(r: Reader, actor_id: int) -> Actor:
    row = r.one(f"{ACTORS} WHERE a.id = %(id)s", id=actor_id)
    if row is None:
        raise NotFound("actor", actor_id)
    return mapping.actor(row)


def actor_names(r: Reader, ids: Iterable[int]) -> dict[int, str]:
    """Names of the given Akteure (missing ids are left out)."""
    wanted = list(ids)
    if not wanted:
        return {}
    marks, params = placeholders(wanted, "a")
    rows = r.rows(f"SELECT id, name FROM actor WHERE id IN ({marks})", **params)
    return {row.id: row.name for row in rows}


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
