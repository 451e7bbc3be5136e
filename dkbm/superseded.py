"""Messages overtaken by events: withdrawn from the outbox before they go out.

When a draft goes back for revision or a deadline moves, whatever is still queued about
the old state (an invitation with the old deadline, a reminder) must not be sent. Those
rows are cancelled with the reason; who already received the old one is told instead.
"""

from __future__ import annotations

from sqlalchemy import text

from dkbm.store.db import Tx

INVITATIONS = ("beteiligung_einladung", "abstimmung_einladung", "frist_geaendert")
# an outbox row not yet sent (a digest row waits for its digest)
QUEUED = ("pending", "digest")


def withdraw_rows(s: Tx, row_ids: list[int], reason: str) -> set[int]:
    """Cancel these outbox rows if still queued (a Beschlussmitteilung with a result since
    corrected); returns whose were withdrawn."""
    if not row_ids:
        return set()
    ids = ", ".join(str(int(i)) for i in row_ids)
    rows = s.connection().execute(
        text(
            "UPDATE outbox SET status = 'cancelled', last_error = :reason "
            f"WHERE status IN ('pending', 'digest') AND id IN ({ids}) RETURNING recipient_id"
        ),
        {"reason": reason},
    )
    return {r.recipient_id for r in rows if r.recipient_id is not None}


def withdraw(s: Tx, deadline_ids: list[int], reason: str, kinds: tuple[str, ...] = ()) -> set[int]:
    """Cancel queued messages tied to *deadline_ids* (all kinds, or only *kinds*); returns
    the recipients whose message was withdrawn. *reason* is a catalog key (`superseded_*`),
    kept with the row and shown in the reader's language."""
    if not deadline_ids:
        return set()
    ids = ", ".join(str(int(i)) for i in deadline_ids)
    only = f" AND kind IN ({', '.join(repr(k) for k in kinds)})" if kinds else ""
    rows = s.connection().execute(
        text(
            "UPDATE outbox SET status = 'cancelled', last_error = :reason "
            f"WHERE status IN ('pending', 'digest') AND deadline_id IN ({ids}){only} "
            "RETURNING recipient_id"
        ),
        {"reason": reason},
    )
    return {r.recipient_id for r in rows if r.recipient_id is not None}


def withdraw_kinds(s: Tx, cycle_id: int, kinds: tuple[str, ...], reason: str) -> set[int]:
    """Cancel queued messages of *kinds* about a cycle, whatever deadline they belong to."""
    names = ", ".join(repr(k) for k in kinds)
    rows = s.connection().execute(
        text(
            "UPDATE outbox SET status = 'cancelled', last_error = :reason "
            f"WHERE status IN ('pending', 'digest') AND cycle_id = :cycle AND kind IN ({names}) "
            "RETURNING recipient_id"
        ),
        {"reason": reason, "cycle": cycle_id},
    )
    return {r.recipient_id for r in rows if r.recipient_id is not None}


def received(s: Tx, deadline_ids: list[int]) -> set[int]:
    """Recipients who already got an invitation or a changed deadline for these deadlines
    (and so a calendar entry that now needs changing)."""
    if not deadline_ids:
        return set()
    ids = ", ".join(str(int(i)) for i in deadline_ids)
    kinds = ", ".join(repr(k) for k in INVITATIONS)
    rows = s.connection().execute(
        text(
            "SELECT DISTINCT recipient_id FROM outbox WHERE status = 'sent' "
            f"AND deadline_id IN ({ids}) AND kind IN ({kinds})"
        )
    )
    return {r.recipient_id for r in rows if r.recipient_id is not None}


MEETING_NOTICES = ("sitzung_einladung", "sitzung_geaendert")


def withdraw_meeting(s: Tx, meeting_id: int, reason: str) -> set[int]:
    """Cancel queued invitations and changes of a meeting (a newer one replaces them, or it
    was cancelled); returns whose were withdrawn."""
    names = ", ".join(repr(k) for k in MEETING_NOTICES)
    rows = s.connection().execute(
        text(
            "UPDATE outbox SET status = 'cancelled', last_error = :reason "
            f"WHERE status IN ('pending', 'digest') AND kind IN ({names}) AND key LIKE :prefix "
            "RETURNING recipient_id"
        ),
        {"reason": reason, "prefix": f"sitzung:{int(meeting_id)}:%"},
    )
    return {r.recipient_id for r in rows if r.recipient_id is not None}


def meeting_received(s: Tx, meeting_id: int) -> set[int | None]:
    """Recipients (None: a board channel) who already have the meeting in their calendar."""
    names = ", ".join(repr(k) for k in MEETING_NOTICES)
    rows = s.connection().execute(
        text(
            "SELECT DISTINCT recipient_id FROM outbox WHERE status = 'sent' "
            f"AND kind IN ({names}) AND key LIKE :prefix"
        ),
        {"prefix": f"sitzung:{int(meeting_id)}:%"},
    )
    return {r.recipient_id for r in rows}
