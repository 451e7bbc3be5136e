"""Rückmeldungen and Stimmen as rows of their own (tables `answer`, `ballot`): one per Akteur
in a stage's round, so that hundreds answering at once never contend for the cycle's version.
A second answer or ballot of the same Akteur replaces her first (insert or update on the
unique key, atomically on both databases).

Like `store.hotpath`, straight on the DBAPI connection of the caller's transaction: loading a
cycle during a Beteiligung or a vote reads these rows every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from dkbm.store import codec, tenant
from dkbm.store.db import Tx
from dkbm.store.hotpath import Driver, read_moment

_KEY = "cycle_id = ? AND stage = ? AND round = ?"
_ANSWERS = f"SELECT actor_id, text FROM answer WHERE {_KEY} ORDER BY actor_id"
_ANSWER = (
    "SELECT text, items, given_at, given_by, source, replaced FROM answer "
    f"WHERE {_KEY} AND actor_id = ?"
)
_PUT_ANSWER = (
    "INSERT INTO answer (cycle_id, stage, round, actor_id, text, items, given_at, given_by, "
    "source, municipality_id, replaced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) "
    "ON CONFLICT (cycle_id, stage, round, actor_id) DO UPDATE SET text = excluded.text, "
    "items = excluded.items, given_at = excluded.given_at, given_by = excluded.given_by, "
    "source = excluded.source, replaced = answer.replaced + 1 "
    "RETURNING replaced"
)
_BALLOTS = f"SELECT actor_id, choice FROM ballot WHERE {_KEY} ORDER BY actor_id"
_BALLOT = f"SELECT choice FROM ballot WHERE {_KEY} AND actor_id = ?"
_PUT_BALLOT = (
    "INSERT INTO ballot (cycle_id, stage, round, actor_id, choice, cast_at, cast_by, source, "
    "municipality_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (cycle_id, stage, round, actor_id) DO UPDATE SET choice = excluded.choice, "
    "cast_at = excluded.cast_at, cast_by = excluded.cast_by, source = excluded.source"
)


class Round(NamedTuple):
    """What an answer or a ballot belongs to: a cycle's stage in one round."""

    cycle_id: int
    stage: str
    round: int


@dataclass(frozen=True)
class Answer:
    """One Akteur's Rückmeldung as kept."""

    text: str
    items: dict[str, Any] | None
    given_at: datetime
    given_by: str
    source: str
    replaced: int


def answers(s: Tx, key: Round) -> dict[int, str]:
    """Akteur -> text of every answer given in *key*."""
    return dict(Driver(s).execute(_ANSWERS, tuple(key)).fetchall())


def answer(s: Tx, key: Round, actor_id: int) -> Answer | None:
    row = Driver(s).execute(_ANSWER, (*key, actor_id)).fetchone()
    if row is None:
        return None
    text, items, given_at, given_by, source, replaced = row
    if isinstance(items, str):
        items = codec.loads(items)
    return Answer(text, items or None, read_moment(given_at), given_by, source, replaced)


def put_answer(
    s: Tx,
    key: Round,
    actor_id: int,
    text: str,
    items: dict[str, Any] | None,
    *,
    at: datetime,
    by: str,
    source: str,
) -> int:
    """Keep *actor_id*'s answer in *key*, replacing an earlier one; returns how often an
    answer of hers was replaced there (0: this is her first)."""
    driver = Driver(s)
    params = (
        *key,
        actor_id,
        text,
        driver.json(items),
        driver.moment(at),
        by,
        source,
        tenant.current_id(),
    )
    return int(driver.execute(_PUT_ANSWER, params).fetchone()[0])


def ballots(s: Tx, key: Round) -> dict[int, str]:
    """Akteur -> ja|nein|enthaltung of every ballot cast in *key*."""
    return dict(Driver(s).execute(_BALLOTS, tuple(key)).fetchall())


def ballot(s: Tx, key: Round, actor_id: int) -> str | None:
    row = Driver(s).execute(_BALLOT, (*key, actor_id)).fetchone()
    return row[0] if row else None


def put_ballot(
    s: Tx, key: Round, actor_id: int, choice: str, *, at: datetime, by: str, source: str
) -> None:
    """Keep *actor_id*'s ballot in *key*, replacing an earlier one."""
    driver = Driver(s)
    driver.execute(
        _PUT_BALLOT,
        (*key, actor_id, choice, driver.moment(at), by, source, tenant.current_id()),
    )


def given(s: Tx, table: str, keys: Iterable[Round]) -> dict[Round, set[int]]:
    """Who answered (*table* `answer`) or voted (`ballot`) in each of *keys*, in one query:
    what the reminder sweep asks of a whole batch."""
    if table not in ("answer", "ballot"):
        raise ValueError(table)
    wanted = set(keys)
    if not wanted:
        return {}
    cycle_ids = sorted({k.cycle_id for k in wanted})
    rounds = sorted({k.round for k in wanted})
    sql = (
        f"SELECT cycle_id, stage, round, actor_id FROM {table} "
        f"WHERE cycle_id IN ({', '.join('?' for _ in cycle_ids)}) "
        f"AND round IN ({', '.join('?' for _ in rounds)})"
    )
    found: dict[Round, set[int]] = {k: set() for k in wanted}
    for cycle_id, stage, round_, actor_id in Driver(s).execute(sql, (*cycle_ids, *rounds)):
        key = Round(cycle_id, stage, round_)
        if key in found:
            found[key].add(actor_id)
    return found
