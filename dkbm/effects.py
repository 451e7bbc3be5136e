"""What a change of a cycle or a meeting causes besides its new state, and its audit entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from dkbm.store import repository as repo
from dkbm.store.db import Tx


@dataclass
class Effects:
    """What a change causes besides the new state: the audit entry's details and messages."""

    action: str
    trigger: str | None = None
    reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    outbox: list[dict[str, Any]] = field(default_factory=list)


class Changed(Protocol):
    """What changed: a strategy cycle or a meeting, with its new version and state."""

    @property
    def id(self) -> int | None: ...

    @property
    def version(self) -> int: ...

    @property
    def state(self) -> str: ...


def audit(
    s: Tx,
    subject: str,
    changed: Changed,
    now: datetime,
    by: str,
    fx: Effects,
    source: str | None,
    cause: str | None = None,
) -> None:
    """The audit entry of a change of *subject* (`zyklus`, `sitzung`) from state *source*;
    with *cause*, what caused it."""
    repo.append_audit(
        s,
        subject=subject,
        subject_id=changed.id,
        version=changed.version,
        at=now,
        by=by,
        action=fx.action,
        trigger=fx.trigger,
        from_state=source,
        to_state=changed.state,
        reason=fx.reason,
        payload=fx.payload or None,
        source=cause,
    )
