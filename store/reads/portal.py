"""Where the database stands, for the portal's rebuild: every change the portal shows leaves
an audit entry (meetings, Kennzahlen, library documents, Akteure and their organisations,
Gremien, the Kommune) or a new version of a cycle, so the audit entries per subject, with
each cycle's version, say whether anything changed since a build without reading what
changed."""

from __future__ import annotations

from datetime import datetime

from dkbm.store.reads.connection import Reader

# subjects besides the cycles whose changes the portal shows
OTHER_SUBJECTS = (
    "kommune",
    "akteur",
    "organisation",
    "beziehung",
    "verbund",
    "gremium",
    "sitzung",
    "kennzahl",
    "dokument",
)


def audit_stamps(r: Reader) -> dict[str, tuple[int, int]]:
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


def data_moments(r: Reader) -> tuple[datetime | None, datetime | None]:
    """When the data last changed (the newest audit entry), and when a meeting last did:
    the stamps a build gives its files, so that building twice writes nothing new."""
    newest = r.one("SELECT MAX(at) AS at FROM audit_event")
    meetings = r.one("SELECT MAX(at) AS at FROM audit_event WHERE subject = 'sitzung'")
    return (newest.at if newest else None), (meetings.at if meetings else None)


def cycle_marks(r: Reader) -> dict[int, tuple[int, str]]:
    """Per cycle (by id, ascending): its version and when it was written. Every audit entry
    of a cycle is written with a new version of it (`dkbm.cycles._change_in`), so these also
    say whether its timeline or decisions moved."""
    return {
        row.id: (row.version, row.updated_at.isoformat())
        for row in r.rows("SELECT id, version, updated_at FROM cycle ORDER BY id")
    }
