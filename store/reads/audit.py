"""The audit log: what happened to a subject, by whom and when."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from dkbm.store.reads.connection import Reader, placeholders


def events(r: Reader, subject: str, subject_id: int) -> list[SimpleNamespace]:
    """The audit entries of one subject (`zyklus`, `kennzahl`, …), oldest first."""
    return r.rows(
        "SELECT * FROM audit_event WHERE subject = %(subject)s AND subject_id = %(id)s ORDER BY id",
        subject=subject,
        id=subject_id,
    )


def last_event(r: Reader, subject: str, subject_id: int, action: str) -> SimpleNamespace | None:
    """The newest audit entry of a subject with *action*."""
    return r.one(
        "SELECT * FROM audit_event WHERE subject = %(subject)s AND subject_id = %(id)s "
        "AND action = %(action)s ORDER BY id DESC LIMIT 1",
        subject=subject,
        id=subject_id,
        action=action,
    )


def events_by_cycle(
    r: Reader, ids: Iterable[int] | None = None
) -> dict[int, list[SimpleNamespace]]:
    """The audit entries of the cycles named (all: None), oldest first, by cycle."""
    sql, params = "SELECT * FROM audit_event WHERE subject = 'zyklus'", {}
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return {}
        marks, params = placeholders(wanted)
        sql += f" AND subject_id IN ({marks})"
    found: dict[int, list[SimpleNamespace]] = {}
    for row in r.rows(sql + " ORDER BY id", **params):
        found.setdefault(row.subject_id, []).append(row)
    return found
