"""An Akteur's consent to publication kept as a history: every time it is given or withdrawn,
when, by whom recorded and on what occasion (`consent_event`). Written inside the
transaction of the use case that sets or changes it (`network.add_actor`,
`people.change_actor`, `people.erase`); read by the Auskunft and `akteur show`.

The history keeps no name of hers: the Akteur's number, given or withdrawn, when, who
recorded it. If whoever recorded it went by her name (she asked herself and the
coordinator typed it), her erasure replaces it as it does everywhere else."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from dkbm.erasure_traces import Traces
from dkbm.store.db import Tx
from dkbm.store.tables import ConsentEventRow

_EVENT = ConsentEventRow.__table__  # type: ignore[attr-defined]

# Why it changed: the use case that recorded it.
ADDED, CHANGED, ERASED = "angelegt", "geaendert", "geloescht"


def record(
    s: Tx,
    *,
    municipality_id: int,
    actor_id: int,
    given: bool,
    at: datetime,
    by: str,
    reason: str,
) -> None:
    """Her consent as it now is (given or withdrawn), in the caller's transaction."""
    s.connection().execute(
        insert(_EVENT).values(
            municipality_id=municipality_id,
            actor_id=actor_id,
            given=given,
            at=at,
            by=by,
            reason=reason,
        )
    )


def scrub(conn: Connection, actor_id: int, traces: Traces) -> None:
    """Her history keeps its events, without her name or address where they were typed."""
    rows = conn.execute(
        select(_EVENT.c.id, _EVENT.c.by, _EVENT.c.reason).where(
            (_EVENT.c.actor_id == actor_id) | traces.found(_EVENT.c.by, _EVENT.c.reason)
        )
    ).all()
    for r in rows:
        by, reason = traces.replaced(r.by), traces.replaced(r.reason)
        if (by, reason) != (r.by, r.reason):
            conn.execute(update(_EVENT).where(_EVENT.c.id == r.id).values(by=by, reason=reason))
