"""The audit log, relayed to Prefect: an event per transition and the per-cycle artifact.

Use cases never talk to Prefect (a CLI command stays fast and works without a server);
whatever changed a cycle, CLI or flow, a flow run relays it afterwards. Event ids are
derived from the audit event, so relaying the same rows twice is harmless: Prefect keeps
one event per id.

The relay is the system's own work across Kommunen (`tenant.across()`): it reads every
Kommune's audit rows and names each event's Kommune by its AGS (the resource label
`dkbm.kommune`, for the UI's filters); a cycle's artifact is read as its Kommune.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from dkbm import context, queries
from dkbm.flows.report import status_markdown
from dkbm.notifications import turns
from dkbm.store import repository as repo
from dkbm.store import tenant
from dkbm.store.db import transaction
from dkbm.store.tables import MunicipalityRow

RELAY = "prefect-events"
# Subjects without a state machine: each of their audit rows is an event.
_EVERY_ACTION = ("kennzahl", "dokument")
_LABELS = {"zyklus": "Zyklus", "sitzung": "Sitzung", "kennzahl": "Kennzahl", "dokument": "Dokument"}
_NAMESPACE = uuid.UUID("6f1c3c39-4b0e-4f5e-9a53-6a8c8f3f2d10")


def relay_transitions(batch_size: int = 500) -> int:
    """Emit the events and refresh the artifacts for audit rows not relayed yet: cycle
    transitions (`dkbm.zyklus.<trigger>`) and meeting steps (`dkbm.sitzung.<trigger>`)."""
    return relay_changes(batch_size)[0]


def relay_changes(batch_size: int = 500) -> tuple[int, set[int], bool]:
    """Like `relay_transitions`; also says which cycles changed and whether anything else
    the portal shows did (a meeting; a Kennzahl or a library document, whose every change
    is an event: `dkbm.kennzahl.<action>`, `dkbm.dokument.<action>`)."""
    cycles = _relay("zyklus", RELAY, batch_size)
    for cycle_id in sorted(cycles.touched):
        with turns.serving(cycles.kommune.get(cycle_id)):
            refresh_artifact(cycle_id)
    meetings = _relay("sitzung", f"{RELAY}-sitzung", batch_size)
    indicators = _relay("kennzahl", f"{RELAY}-kennzahl", batch_size)
    library = _relay("dokument", f"{RELAY}-dokument", batch_size)
    others = bool(meetings.count or indicators.count or library.count)
    return cycles.count + meetings.count + indicators.count + library.count, cycles.touched, others


class _Relayed:
    def __init__(self) -> None:
        self.count = 0
        self.touched: set[int] = set()
        self.kommune: dict[int, int | None] = {}  # subject id -> its Kommune's id


def _relay(subject: str, position: str, batch_size: int) -> _Relayed:
    from prefect.events import emit_event

    with tenant.across(), transaction() as s:
        start = repo.relay_position(s, position)
        rows = repo.audit_after(s, subject, start, batch_size)
        ags = _ags(s) if rows else {}
    relayed = _Relayed()
    for row in rows:
        relayed.touched.add(row.subject_id)
        relayed.kommune[row.subject_id] = row.municipality_id
        if row.trigger or subject in _EVERY_ACTION:
            emit_event(**event_of(row, ags.get(row.municipality_id)))
    if rows:
        with tenant.across(), transaction() as s:
            repo.advance_relay(s, position, rows[-1].id)
    relayed.count = len(rows)
    return relayed


def _ags(s: Any) -> dict[int, str | None]:
    """Every Kommune's AGS by its id (read once per batch: a few hundred at most)."""
    table = MunicipalityRow.__table__  # type: ignore[attr-defined]
    return dict(s.connection().execute(select(table.c.id, table.c.ags)).all())


def event_of(row: Any, ags: str | None = None) -> dict[str, Any]:
    """The event of an audit *row*; *ags*: its Kommune's, a label to filter by in the UI."""
    at = row.at
    kind = row.subject  # zyklus | sitzung | kennzahl | dokument
    label = _LABELS.get(kind, kind)
    resource = {
        "prefect.resource.id": f"dkbm.{kind}.{row.subject_id}",
        "prefect.resource.name": f"{label} {row.subject_id}",
    }
    if ags:
        resource["dkbm.kommune"] = ags
    return {
        "event": f"dkbm.{kind}.{row.trigger or row.action}",
        "resource": resource,
        "occurred": at,
        "id": uuid.uuid5(_NAMESPACE, f"{_prefix(kind)}{row.subject_id}:{row.id}:{at.isoformat()}"),
        "payload": {
            "from": row.from_state,
            "to": row.to_state,
            "version": row.version,
            "by": row.by,
            "reason": row.reason or None,
        },
    }


def _prefix(kind: str) -> str:
    """Cycle event ids stay as they were; other subjects get their own namespace."""
    return "" if kind == "zyklus" else f"{kind}:"


def refresh_artifact(cycle_id: int) -> None:
    from prefect.artifacts import create_markdown_artifact

    doc = queries.status(cycle_id, context.now())
    create_markdown_artifact(
        key=f"dkbm-zyklus-{cycle_id}",
        markdown=status_markdown(doc),
        description=f"Stand von Strategiezyklus {cycle_id}",
    )
