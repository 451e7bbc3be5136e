"""Messages about a meeting: the Ladung (also a deputy's own), changes, the cancellation,
the Protokoll and an Aufgabe's notice.

Each carries the meeting's calendar entry (one UID per meeting, with the Kommune's AGS if it
was set up with one, `messages.identifier_ags`; SEQUENCE from the meeting)
and is composed inside the use case's transaction. The Ladung and its changes carry each
member's personal link for her Zusage, Absage or Vertretung; an Aufgabe's notice its owner's.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

from dkbm import member_links, superseded
from dkbm.context import BERLIN
from dkbm.messages import (
    Ask,
    Target,
    actor_targets,
    compose,
    identifier_ags,
    represented_in,
    span,
)
from dkbm.notifications import markup
from dkbm.notifications.ics import meeting_uid
from dkbm.states import links
from dkbm.states.errors import NotFound
from dkbm.states.meeting import Meeting
from dkbm.states.model import Board
from dkbm.store import documents
from dkbm.store import repository as repo
from dkbm.store.db import Tx
from dkbm.store.tables import AuditEventRow

if TYPE_CHECKING:
    from dkbm.deadlines import Deadline


def _targets(s: Tx, board: Board) -> list[Target]:
    targets = actor_targets(s, [m.actor_id for m in board.members])
    if board.id is not None and repo.board_channels(s, board.id):
        targets.append(Target("board", board.id, board.name))
    return targets


def agenda(s: Tx, m: Meeting) -> list[dict[str, Any]]:
    """The Tagesordnung as templates show it; library documents attached to a TOP by
    their titles (the members find them on their personal page); a Beschlusstext worded
    before the vote as the Beschlussvorschlag."""
    return [
        {
            "nummer": i.number,
            "titel": i.title,
            "oeffentlich": i.public,
            "unterlagen": i.documents,
            "anlagen": attached_titles(s, i.attachments),
            "beschlussvorschlag": i.resolution if i.vote is None else "",
            "beschlussvorschlag_html": markup.to_html(i.resolution)
            if i.vote is None and i.resolution
            else "",
            "protokoll_von": i.minutes_of,
            "zyklus": i.cycle_id,
        }
        for i in m.items
    ]


def attached_titles(s: Tx, document_ids: list[int]) -> list[str]:
    """Titles of the library documents still there (one removed from the library is gone)."""
    titles = []
    for document_id in document_ids:
        try:
            titles.append(documents.document(s, document_id).title)
        except NotFound:
            continue
    return titles


def _context(s: Tx, m: Meeting, board: Board) -> dict[str, Any]:
    return {
        "gremium": board.name,
        "ag": board.kind.value == "arbeitsgruppe",
        "termin_zeit": m.starts_at,
        "termin_ende": m.ends_at,
        "ort": m.place,
        "video": m.video,
        "oeffentlich": m.public,
        "tagesordnung": agenda(s, m),
        "dringlich": m.urgency,
        "sitzung_nr": m.id,
    }


def _event(s: Tx, m: Meeting, board: Board, method: str = "REQUEST") -> dict[str, Any]:
    """The meeting's calendar entry; `compose` names the Koordination its organizer."""
    assert m.id is not None
    lines = [f"TOP {i.number}: {i.title}" for i in m.items]
    return {
        "kind": "sitzung",
        "uid": meeting_uid(m.id, identifier_ags()),
        "sequence": m.sequence,
        "starts_at": m.starts_at.isoformat(),
        "ends_at": (m.ends_at or m.starts_at).isoformat(),
        "location": m.place or m.video,
        "url": links.shown(m.video) or "",
        "description": "\n".join(lines),
        "method": method,
    }


def _reply(m: Meeting) -> Ask:
    """Members reply until the meeting begins."""
    return Ask(member_links.Target("sitzung", meeting_id=m.id), m.starts_at)


def invitation(
    s: Tx, m: Meeting, board: Board, now: datetime, targets: list[Target] | None = None
) -> list[dict[str, Any]]:
    """The Ladung (to the board, or to *targets*), with the meeting as it stands."""
    return compose(
        s,
        cause=f"sitzung:{m.id}:s{m.sequence}",
        kind="sitzung_einladung",
        cycle=None,
        targets=_targets(s, board) if targets is None else targets,
        represents=represented_in(s, board, m),
        now=now,
        context=_context(s, m, board),
        event=_event(s, m, board),
        ask=_reply(m),
    )


def deputy_invitation(
    s: Tx, m: Meeting, board: Board, deputy_id: int, represented_id: int, now: datetime
) -> list[dict[str, Any]]:
    """The Stellvertretung named in a member's Vertretung gets a Ladung of her own, saying
    whom she represents, with her own link (one per represented member and Ladung)."""
    represented = repo.actor(s, represented_id)
    return compose(
        s,
        cause=f"sitzung:{m.id}:s{m.sequence}:vertretung:{represented_id}",
        kind="sitzung_einladung",
        cycle=None,
        targets=actor_targets(s, [deputy_id]),
        now=now,
        context={**_context(s, m, board), "vertritt": represented.name},
        event=_event(s, m, board),
        ask=_reply(m),
    )


def changed(
    s: Tx,
    m: Meeting,
    board: Board,
    now: datetime,
    changes: list[dict[str, Any]],
    targets: list[Target] | None = None,
) -> list[dict[str, Any]]:
    """The updated Ladung: the meeting as it now stands, and what changed in words.
    *changes* are what `agenda_change` and `date_change` describe (the template words each
    by its "art"); the subject follows them ("Neuer Termin", "Ergänzte Tagesordnung" when
    items were only added, else "Geänderte Tagesordnung")."""
    arts = {c["art"] for c in changes}
    what = "termin" if arts & {"termin", "ort"} else "ergaenzt" if arts == {"neu"} else "geaendert"
    return compose(
        s,
        cause=f"sitzung:{m.id}:s{m.sequence}",
        kind="sitzung_geaendert",
        cycle=None,
        targets=_targets(s, board) if targets is None else targets,
        represents=represented_in(s, board, m),
        now=now,
        context={**_context(s, m, board), "aenderung": what, "aenderungen": changes},
        event=_event(s, m, board),
        ask=_reply(m),
    )


def renewed(
    s: Tx, m: Meeting, board: Board, now: datetime, changes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """After a meeting already invited changed (its SEQUENCE raised): whoever already has its
    Ladung or a change gets the change, saying what changed since the version she got (an
    earlier change still queued is replaced, its words carried over); whoever's Ladung had
    not gone out yet gets the new version as the Ladung itself. What was still queued about
    the meeting is withdrawn here. The caller keeps *changes* in its audit entry
    (`announced`), so that a later change can carry them over."""
    assert m.id is not None
    superseded.withdraw_meeting(s, m.id, "superseded_meeting_changed")
    got = _sequence_received(s, m.id)
    earlier = _announced(s, m.id)
    by_sequence: dict[int, list[Target]] = {}
    fresh = []
    for target in _targets(s, board):
        seen = got.get(target.id if target.type == "actor" else None)
        if seen is None:
            fresh.append(target)
        else:
            by_sequence.setdefault(seen, []).append(target)
    rows = []
    for seen, targets in sorted(by_sequence.items()):
        missed = [c for n, said in earlier if n > seen for c in said]
        rows += changed(s, m, board, now, missed + changes, targets)
    if fresh:
        rows += invitation(s, m, board, now, fresh)
    return rows


def announced(m: Meeting, changes: list[dict[str, Any]]) -> dict[str, Any]:
    """What an audit entry keeps of a change members were told about (`renewed`)."""
    return {"aenderungen": changes, "sequenz": m.sequence}


def _announced(s: Tx, meeting_id: int) -> list[tuple[int, list[dict[str, Any]]]]:
    """The changes members were told about, by the meeting's SEQUENCE they came with."""
    table = AuditEventRow.__table__  # type: ignore[attr-defined]
    rows = s.connection().execute(
        select(table.c.payload)
        .where(table.c.subject == "sitzung", table.c.subject_id == meeting_id)
        .order_by(table.c.id)
    )
    found = []
    for row in rows:
        payload = row.payload if isinstance(row.payload, dict) else {}
        if isinstance(payload.get("sequenz"), int) and payload.get("aenderungen"):
            found.append((payload["sequenz"], list(payload["aenderungen"])))
    return found


def _sequence_received(s: Tx, meeting_id: int) -> dict[int | None, int]:
    """The newest SEQUENCE of the meeting each recipient (None: a board channel) got in a
    Ladung or a change that went out."""
    kinds = ", ".join(repr(k) for k in superseded.MEETING_NOTICES)
    rows = s.connection().execute(
        text(
            "SELECT recipient_id, key FROM outbox WHERE status = 'sent' "
            f"AND kind IN ({kinds}) AND key LIKE :prefix"
        ),
        {"prefix": f"sitzung:{int(meeting_id)}:s%"},
    )
    got: dict[int | None, int] = {}
    for r in rows:
        number = r.key.split(":")[2][1:]
        if number.isdigit():
            got[r.recipient_id] = max(got.get(r.recipient_id, -1), int(number))
    return got


def date_change(
    old: datetime, old_end: datetime | None, old_place: str, m: Meeting
) -> list[dict[str, Any]]:
    """What a move changed, for `changed`: the date (with the one it replaces, in both
    languages) and the place if it changed too."""
    found: list[dict[str, Any]] = []
    if old != m.starts_at or old_end != m.ends_at:
        found.append(
            {"art": "termin", "bisher": {lang: span(old, old_end, lang) for lang in ("de", "en")}}
        )
    if old_place != m.place and m.place:
        found.append({"art": "ort", "ort": m.place})
    return found


def cancelled(s: Tx, m: Meeting, board: Board, now: datetime) -> list[dict[str, Any]]:
    return compose(
        s,
        cause=f"sitzung:{m.id}:s{m.sequence}",
        kind="sitzung_abgesagt",
        cycle=None,
        targets=_targets(s, board),
        now=now,
        context={**_context(s, m, board), "grund": m.cancel_reason},
        event=_event(s, m, board, "CANCEL"),
    )


def minutes(
    s: Tx, m: Meeting, board: Board, now: datetime, *, html: str, text: str, pdf: bytes
) -> list[dict[str, Any]]:
    """The Protokoll in the message body, and as a PDF attached."""
    day = m.starts_at.astimezone(BERLIN).strftime("%Y-%m-%d")
    attached = {
        "name": f"protokoll-{day}.pdf",
        "mime": "application/pdf",
        "base64": base64.b64encode(pdf).decode("ascii"),
    }
    return compose(
        s,
        cause=f"sitzung:{m.id}:protokoll:v{m.version + 1}",
        kind="sitzung_protokoll",
        cycle=None,
        targets=_targets(s, board),
        now=now,
        context={
            **_context(s, m, board),
            "genehmigt": m.state == "protokoll_genehmigt",
            "protokoll_text": text,
            "protokoll_html": html,
        },
        attachments=[attached],
    )


def task_notice(
    s: Tx,
    m: Meeting,
    board: Board,
    deadline: Deadline,
    *,
    number: int,
    title: str,
    owner_id: int,
    now: datetime,
) -> list[dict[str, Any]]:
    """An Aufgabe's owner is told what she took on, by when (the Frist in her calendar),
    and where she reports it done."""
    about = {"top": number, "gegenstand": title}
    # a notice not yet sent when the deadline moved is replaced by one per revision
    step = "mitteilung" if deadline.revision <= 1 else f"r{deadline.revision}:mitteilung"
    return _to_owner(s, m, board, deadline, "aufgabe_mitteilung", step, about, owner_id, now)


def task_deadline_notice(
    s: Tx,
    m: Meeting,
    board: Board,
    deadline: Deadline,
    *,
    number: int,
    title: str,
    owner_id: int,
    now: datetime,
) -> list[dict[str, Any]]:
    """An Aufgabe's deadline moved: her owner gets the new date, a calendar entry that
    replaces the old one (same UID, the deadline's next revision) and her link again."""
    about = {"top": number, "gegenstand": title}
    step = f"r{deadline.revision}:frist"
    return _to_owner(s, m, board, deadline, "aufgabe_frist_geaendert", step, about, owner_id, now)


def _to_owner(
    s: Tx,
    m: Meeting,
    board: Board,
    deadline: Deadline,
    kind: str,
    step: str,
    about: dict[str, Any],
    owner_id: int,
    now: datetime,
) -> list[dict[str, Any]]:
    return compose(
        s,
        cause=f"{deadline.ref}:{step}",
        kind=kind,
        cycle=None,
        targets=actor_targets(s, [owner_id]),
        now=now,
        context={**_context(s, m, board), **about},
        deadline=deadline,
        ask=Ask.of_deadline(deadline),
    )
