"""Strategiezyklen, mapped with the write side's `store.mapping`, with the answers and ballots
kept beside them (tables `answer`, `ballot`) where their state shows them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from dkbm.states.errors import NotFound
from dkbm.states.model import StrategyCycle
from dkbm.store import codec, mapping
from dkbm.store.reads import network
from dkbm.store.reads.connection import Reader, placeholders


def cycle(r: Reader, cycle_id: int) -> StrategyCycle:
    row = r.one("SELECT * FROM cycle WHERE id = %(id)s", id=cycle_id)
    if row is None:
        raise NotFound("cycle", cycle_id)
    (found,) = _with_rows(r, [mapping.cycle(row)])
    return found


def cycles(r: Reader, ids: Iterable[int] | None = None) -> list[StrategyCycle]:
    """The cycles (all: None; missing ids are left out), by id."""
    if ids is None:
        rows = r.rows("SELECT * FROM cycle ORDER BY id")
    else:
        wanted = list(ids)
        if not wanted:
            return []
        marks, params = placeholders(wanted)
        rows = r.rows(f"SELECT * FROM cycle WHERE id IN ({marks}) ORDER BY id", **params)
    return _with_rows(r, [mapping.cycle(row) for row in rows])


def answers(r: Reader, cycle_id: int, stage: str, round_: int) -> list[SimpleNamespace]:
    """The answers of one Beteiligung round as kept: actor_id, text, items, given_at,
    given_by, source, replaced; by Akteur."""
    rows = r.rows(
        "SELECT actor_id, text, items, given_at, given_by, source, replaced FROM answer "
        "WHERE cycle_id = %(c)s AND stage = %(s)s AND round = %(r)s ORDER BY actor_id",
        c=cycle_id,
        s=stage,
        r=round_,
    )
    for row in rows:
        row.items = (codec.loads(row.items) if isinstance(row.items, str) else row.items) or None
        row.given_at = _moment(row.given_at)
    return rows


def _with_rows(r: Reader, found: list[StrategyCycle]) -> list[StrategyCycle]:
    """Each cycle with the answers of its Beteiligung round (while it has one) and the
    ballots of its stage's round (during a vote, and a written vote's after it); the result
    follows from the ballots while they are cast. One query per table for all of them."""
    asked = [c for c in found if c.consultation is not None]
    for c, given in zip(asked, _given(r, "answer", "text", asked), strict=True):
        mapping.with_answers(c, given)
    voted = [c for c in found if c.state.endswith("_abstimmung") or c.vote_deadline]
    for c, given in zip(voted, _given(r, "ballot", "choice", voted), strict=True):
        running = given and c.state.endswith("_abstimmung")
        mapping.with_ballots(c, given, network.board(r, c.board_id) if running else None)
    return found


def _given(r: Reader, table: str, column: str, found: list[StrategyCycle]) -> list[dict[int, str]]:
    """Akteur -> *column* of *table*'s rows in each cycle's current stage and round."""
    if not found:
        return []
    marks, params = placeholders([c.id for c in found])
    rows = r.rows(
        f"SELECT cycle_id, stage, round, actor_id, {column} AS value FROM {table} "
        f"WHERE cycle_id IN ({marks}) ORDER BY actor_id",
        **params,
    )
    by_key: dict[tuple[Any, ...], dict[int, str]] = {}
    for row in rows:
        by_key.setdefault((row.cycle_id, row.stage, row.round), {})[row.actor_id] = row.value
    return [by_key.get((c.id, _stage(c), c.round), {}) for c in found]


def _stage(c: StrategyCycle) -> str:
    return c.consultation.stage if c.consultation is not None else c.stage


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
