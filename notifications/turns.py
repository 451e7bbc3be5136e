"""Kommunen take turns at the queues: the reminder sweep, the sender and the digests serve
every Kommune with due work one batch at a time, round-robin, so a Kommune with a backlog of
50,000 mails delays another Kommune's ten Ladungen by one batch at most.

Which Kommunen have due work is one query across Kommunen (`tenant.across()`, over the
`(municipality_id, status, due)` indexes of migration 0016); each batch then serves its
Kommune (`tenant.serving(id)`): its database role, its settings. With one Kommune (SQLite
always), or with one asked for (`--kommune`, `DKBM_KOMMUNE`, `tenant.serving`), none of this
happens: the batches serve that Kommune as they always did.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Table, exists, select

from dkbm.store import tenant
from dkbm.store.db import database_url, transaction
from dkbm.store.tables import MunicipalityRow

R = TypeVar("R")
_KOMMUNE: Table = MunicipalityRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Kommune:
    """A Kommune whose turn it is: its id (what a batch serves) and AGS (what reports show)."""

    id: int
    ags: str | None

    @property
    def label(self) -> str:
        return self.ags or str(self.id)


def with_work(table: Table, *due: Any) -> list[Kommune] | None:
    """The Kommunen with rows of *table* that meet *due*, in the order of their ids; None
    when the work serves one Kommune as before (one in the database, or one asked for)."""
    if tenant.asked() is not None or database_url().startswith("sqlite"):
        return None
    waiting = exists().where(table.c.municipality_id == _KOMMUNE.c.id, *due)
    query = select(_KOMMUNE.c.id, _KOMMUNE.c.ags, waiting.label("due")).order_by(_KOMMUNE.c.id)
    with tenant.across(), transaction() as s:
        rows = s.connection().execute(query).all()
    if len(rows) <= 1:
        return None
    return [Kommune(r.id, r.ags) for r in rows if r.due]


def serving(kommune: int | str | None) -> AbstractContextManager[None]:
    """Transactions inside serve *kommune* (an id or an AGS); None: whatever they served."""
    return nullcontext() if kommune is None else tenant.serving(kommune)


def in_turn(
    kommunen: list[Kommune] | None,
    batch: Callable[[Kommune | None], R],
    more: Callable[[R], bool],
    max_batches: int,
) -> Iterator[tuple[Kommune | None, R]]:
    """Run *batch* for the Kommunen in turn, one batch each per round, until none has work
    left or *max_batches* ran. *more* tells from a batch's report whether its Kommune may
    have more: a batch that came back short of its size took all there was, so its Kommune
    leaves the rotation at once (no second, empty batch, which costs a transaction as its
    role). *kommunen* None: batches for the one Kommune served, until *more* says no."""
    if kommunen is None:
        for _ in range(max_batches):
            report = batch(None)
            yield None, report
            if not more(report):
                return
        return
    waiting = deque(kommunen)
    for _ in range(max_batches):
        if not waiting:
            return
        kommune = waiting.popleft()
        report = batch(kommune)
        yield kommune, report
        if more(report):
            waiting.append(kommune)


def labels(kommunen: list[Kommune]) -> list[str]:
    """The AGS of *kommunen*, each once, in the order first served."""
    return list(dict.fromkeys(k.label for k in kommunen))
