"""What the portal reads through the DBAPI driver (`store.readonly`): where the database
stands, and the cycles a rebuild renders with only the Akteure they name.

Every change the portal shows leaves an audit entry (meetings, Kennzahlen, library documents,
Akteure, Gremien, the Kommune) or a new version of a cycle, so the newest entry per subject,
with each cycle's version, says whether anything changed since a build without reading what
changed.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from dkbm.states.model import Actor, StrategyCycle
from dkbm.store import mapping
from dkbm.store.readonly import Reader

# subjects besides the cycles whose changes the portal shows
OTHER_SUBJECTS = ("kommune", "akteur", "gremium", "sitzung", "kennzahl", "dokument")


def _marks(ids: list[int]) -> tuple[str, dict[str, int]]:
    return ", ".join(f"%(i{n})s" for n in range(len(ids))), {f"i{n}": v for n, v in enumerate(ids)}


def last_audit(r: Reader) -> dict[str, tuple[int, int]]:
    """(count, newest id) of the audit entries of each subject but the cycles. The count
    too: on PostgreSQL ids are handed out in insert order, not commit order, so an entry
    committed after a younger one leaves the newest id as it was, but not the count."""
    found = dict.fromkeys(OTHER_SUBJECTS, (0, 0))
    for subject in OTHER_SUBJECTS:
        # one query per subject: an index lookup, where GROUP BY would scan the table
        row = r.one(
            "SELECT COUNT(*) AS n, MAX(id) AS last FROM audit_event WHERE subject = %(s)s",
            s=subject,
        )
        found[subject] = (row.n, row.last or 0) if row else (0, 0)
    return found


def data_moments(r: Reader) -> tuple[Any, Any]:
    """When the data last changed (the newest audit entry), and when a meeting last did:
    the stamps a build gives its files, so that building twice writes nothing new."""
    newest = r.one("SELECT MAX(at) AS at FROM audit_event")
    meetings = r.one("SELECT MAX(at) AS at FROM audit_event WHERE subject = 'sitzung'")
    return (newest.at if newest else None), (meetings.at if meetings else None)


def cycle_marks(r: Reader) -> dict[int, tuple[Any, ...]]:
    """Per cycle (by id, ascending): its version and when it was written. Every audit entry
    of a cycle is written with a new version of it (`dkbm.cycles._change_in`), so these also
    say whether its timeline or decisions moved."""
    return {
        row.id: (row.version, row.updated_at.isoformat())
        for row in r.rows("SELECT id, version, updated_at FROM cycle ORDER BY id")
    }


def cycles(r: Reader, ids: list[int] | None = None) -> list[StrategyCycle]:
    """The cycles named (all: None), by id."""
    if ids is None:
        rows = r.rows("SELECT * FROM cycle ORDER BY id")
    elif not ids:
        return []
    else:
        marks, params = _marks(ids)
        rows = r.rows(f"SELECT * FROM cycle WHERE id IN ({marks}) ORDER BY id", **params)
    return [mapping.cycle(row) for row in rows]


def cycle_events(r: Reader, ids: list[int] | None = None) -> dict[int, list[SimpleNamespace]]:
    """The audit entries of the cycles named (all: None), oldest first, by cycle."""
    sql, params = "SELECT * FROM audit_event WHERE subject = 'zyklus'", {}
    if ids is not None:
        if not ids:
            return {}
        marks, params = _marks(ids)
        sql += f" AND subject_id IN ({marks})"
    found: dict[int, list[SimpleNamespace]] = {}
    for row in r.rows(sql + " ORDER BY id", **params):
        found.setdefault(row.subject_id, []).append(row)
    return found


def actors(r: Reader, ids: set[int]) -> list[Actor]:
    """The Akteure named, by id (missing ids are left out)."""
    if not ids:
        return []
    marks, params = _marks(sorted(ids))
    return [
        mapping.actor(row)
        for row in r.rows(f"SELECT * FROM actor WHERE id IN ({marks}) ORDER BY id", **params)
    ]
