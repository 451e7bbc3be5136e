"""The audit log, relayed to Prefect: an event per transition and the per-cycle artifact.

Use cases never talk to Prefect (a CLI command stays fast and works without a server);
whatever changed a cycle, CLI or flow, a flow run relays it afterwards. Event ids are
derived from the audit event, so relaying the same rows twice is harmless: Prefect keeps
one event per id.
"""

from __future__ import annotations

import uuid
from typing import Any

from dkbm import context, queries
from flows.report import status_markdown
from store import repository as repo
from store.db import transaction

RELAY = "prefect-events"
_NAMESPACE = uuid.UUID("6f1c3c39-4b0e-4f5e-9a53-6a8c8f3f2d10")


def relay_transitions(batch_size: int = 500) -> int:
    """Emit the events and refresh the artifacts for audit rows not relayed yet."""
    from prefect.events import emit_event

    with transaction() as s:
        start = repo.relay_position(s, RELAY)
        rows = repo.audit_after(s, "zyklus", start, batch_size)
    touched: set[int] = set()
    for row in rows:
        touched.add(row.subject_id)
        if row.trigger:
            emit_event(**event_of(row))
    for cycle_id in sorted(touched):
        refresh_artifact(cycle_id)
    if rows:
        with transaction() as s:
            repo.advance_relay(s, RELAY, rows[-1].id)
    return len(rows)


def event_of(row: Any) -> dict[str, Any]:
    at = row.at
    return {
        "event": f"dkbm.zyklus.{row.trigger}",
        "resource": {
            "prefect.resource.id": f"dkbm.zyklus.{row.subject_id}",
            "prefect.resource.name": f"Zyklus {row.subject_id}",
        },
        "occurred": at,
        "id": uuid.uuid5(_NAMESPACE, f"{row.subject_id}:{row.id}:{at.isoformat()}"),
        "payload": {
            "from": row.from_state,
            "to": row.to_state,
            "version": row.version,
            "by": row.by,
            "reason": row.reason or None,
        },
    }


def refresh_artifact(cycle_id: int) -> None:
    from prefect.artifacts import create_markdown_artifact

    doc = queries.status(cycle_id, context.now())
    create_markdown_artifact(
        key=f"dkbm-zyklus-{cycle_id}",
        markdown=status_markdown(doc),
        description=f"Stand von Strategiezyklus {cycle_id}",
    )
