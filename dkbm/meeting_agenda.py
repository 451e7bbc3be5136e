"""A Sitzung's Tagesordnung: TOPs added to a meeting still to come, a cycle's TOP carrying
that stage's vote.

Each use case is one change of the meeting (`meeting_changes.change`).
"""

from __future__ import annotations

from datetime import datetime

from dkbm import documents, meeting_messages, minutes
from dkbm.documents import Upload
from dkbm.effects import Effects
from dkbm.meeting_changes import agenda_item, change, upcoming
from dkbm.states import links
from dkbm.states import meeting as rules
from dkbm.states.cycle import STAGE_NAMES, describe_state
from dkbm.states.documents import Document
from dkbm.states.errors import InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import language, t
from dkbm.states.meeting import AgendaItem, Meeting
from dkbm.states.model import Board
from dkbm.store import documents as document_store
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction

MAX_RESOLUTION = 20_000  # characters of one TOP's Beschlusstext


def add_item(
    meeting_id: int,
    *,
    title: str,
    public: bool,
    documents: list[str],
    cycle_id: int | None,
    resolution: str = "",
    by: str,
    now: datetime,
) -> Meeting:
    """A TOP; on a cycle it carries that stage's vote and is titled by the stage. It can be
    prepared from the stage's Beteiligung on, so the Ladung need not wait for the vote.
    *resolution* is the Beschlusstext as proposed (worded finally in the meeting).
    After the Ladung, members get the amended agenda (the calendar entry's SEQUENCE rises)."""
    if not title.strip() and cycle_id is None:
        raise InvalidValue("titel", title, "Text")
    documents = [links.checked("--unterlage", d) for d in documents if d.strip()]
    resolution = checked_resolution(resolution)

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        upcoming(m, "top")
        item = AgendaItem(
            max((i.number for i in m.items), default=0) + 1,
            title.strip(),
            public=public,
            documents=documents,
            resolution=resolution,
        )
        if cycle_id is not None:
            c = repo.cycle(s, cycle_id)
            if c.board_id != m.board_id:
                raise Refused("top", Reason("reason_cycle_other_board", id=cycle_id))
            if not c.state.endswith(("_beteiligung", "_abstimmung")):
                state = describe_state(c.state, language())
                raise Refused("top", Reason("reason_top_cycle_not_ready", state=state))
            item.cycle_id, item.stage = cycle_id, c.stage
            item.title = item.title or f"{c.title}: {STAGE_NAMES['de'][c.stage]}"
        m.items.append(item)
        effects = Effects("top", payload={"top": item.number, "zyklus": cycle_id})
        return _amended(s, m, board, now, effects, [_said("neu", item)])

    return change(meeting_id, by, now, decide)


def edit_item(
    meeting_id: int,
    number: int,
    *,
    title: str | None = None,
    public: bool | None = None,
    resolution: str | None = None,
    by: str,
    now: datetime,
) -> Meeting:
    """Rename a TOP (or make it (non-)public) while the meeting is still to come. Its
    Beschlusstext may also be worded after the meeting while the Protokoll is a draft; the
    draft follows where it still holds the earlier wording (or the TOP's result line)."""
    if title is not None and not title.strip():
        raise InvalidValue("titel", title, "Text")
    if resolution is not None:
        resolution = checked_resolution(resolution)

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        item = agenda_item(m, number)
        if title is not None or public is not None or resolution is None:
            upcoming(m, "top-aendern")
        before, was_public, proposed = item.title, item.public, item.resolution
        if title is not None:
            item.title = title.strip()
        if public is not None:
            item.public = public
        payload: dict[str, object] = {
            "top": number,
            "von": before,
            "titel": item.title,
            "oeffentlich": item.public,
        }
        if resolution is not None and resolution != item.resolution:
            payload.update(reword(m, item, resolution, "top-aendern"))
        if title is None and public is None and m.state not in rules.UPCOMING:
            # worded after the meeting: the Protokoll follows, nobody is sent anything
            return Effects("top_geaendert", payload=payload)
        said = []
        if item.title != before:
            said.append(_said("umbenannt", item, von=before))
        if item.public != was_public:
            said.append(_said("oeffentlich" if item.public else "nichtoeffentlich", item))
        if item.resolution != proposed:
            said.append(_said("beschlussvorschlag", item, entfaellt=not item.resolution))
        return _amended(s, m, board, now, Effects("top_geaendert", payload=payload), said)

    return change(meeting_id, by, now, decide)


def checked_resolution(text: str) -> str:
    """A Beschlusstext as typed: Markdown, kept as it is but for surrounding blanks."""
    if len(text) > MAX_RESOLUTION:
        raise InvalidValue("--beschlusstext", f"{len(text)} Zeichen", f"<= {MAX_RESOLUTION}")
    return text.strip()


def reword(
    m: Meeting, item: AgendaItem, resolution: str, what: str, *, correction: bool = False
) -> dict[str, object]:
    """Set *item*'s Beschlusstext while it may still be worded (a *correction* with its
    reason also later); a drafted Protokoll takes the new wording where it can find the TOP.
    Returns what the audit keeps."""
    if m.state not in rules.RESOLUTION_OPEN and not correction:
        raise Refused(what, Reason("reason_resolution_closed", state=m.state))
    before = item.resolution
    item.resolution = resolution
    payload: dict[str, object] = {"beschlusstext": resolution, "beschlusstext_vorher": before}
    if m.state == rules.DRAFT:
        redrafted = minutes.reword(m.minutes, item.number, before, resolution)
        if redrafted is not None:
            m.minutes = redrafted
        payload["protokoll_nachgefuehrt"] = redrafted is not None
    return payload


def move_item(meeting_id: int, number: int, *, to: int, by: str, now: datetime) -> Meeting:
    """Put a TOP at position *to* (one of the agenda's positions); the TOPs are numbered
    anew."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        item = agenda_item(m, number)
        upcoming(m, "top-verschieben")
        if not 1 <= to <= len(m.items):
            raise InvalidValue("--nach", to, t("agenda_position_range", last=len(m.items)))
        rules.move_item(m, number, to)
        payload = {"top": number, "nach": to}
        said = [_said("reihenfolge", item, von=number)] if to != number else []
        return _amended(s, m, board, now, Effects("top_verschoben", payload=payload), said)

    return change(meeting_id, by, now, decide)


def remove_item(meeting_id: int, number: int, *, by: str, now: datetime) -> Meeting:
    """Take a TOP off the agenda; one that already has a result stays."""

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        if agenda_item(m, number).vote is None:
            upcoming(m, "top-entfernen")
        item = rules.remove_item(m, number)
        payload = {"top": number, "titel": item.title, "zyklus": item.cycle_id}
        said = [{**_said("entfernt", item), "top": number, "folgende": number <= len(m.items)}]
        return _amended(s, m, board, now, Effects("top_entfernt", payload=payload), said)

    return change(meeting_id, by, now, decide)


def summary_file_name(cycle_id: int, form: str) -> str:
    """The file name a Beteiligung's summary is kept under (which tells it apart from other
    documents attached to the TOP); Markdown as .txt, a type the library takes."""
    return f"rueckmeldungen-zyklus-{cycle_id}." + ("pdf" if form == "pdf" else "txt")


def attach_summary(
    meeting_id: int,
    number: int,
    cycle_id: int,
    *,
    upload: Upload,
    title: str,
    by: str,
    now: datetime,
) -> tuple[Meeting, Document, bool]:
    """Keep the Beteiligung's summary in the library (internal: it names who answered;
    tagged with the cycle and the meeting's Gremium) and attach it to TOP *number* of a
    meeting still to come. Run again, it replaces the summary already on that TOP (the same
    document, a new file) instead of adding one. After the Ladung, members are told as for
    any change of the agenda. Returns the meeting, the document and whether it replaced."""
    with transaction() as s:
        m = store.meeting(s, meeting_id)
        item = agenda_item(m, number)
        _attachable(m)
        repo.cycle(s, cycle_id)
        earlier = next(
            (d for d in _attached(s, item.attachments) if _is_summary(d, cycle_id)), None
        )
    if earlier is not None:
        doc, _ = documents.change(
            earlier.id or 0, upload=upload, title=title, public=False, by=by, now=now
        )
    else:
        doc = documents.add(
            title=title,
            upload=upload,
            cycle_id=cycle_id,
            board_id=m.board_id,
            public=False,
            by=by,
            now=now,
        )

    def decide(s: Tx, m: Meeting, board: Board) -> Effects:
        item = agenda_item(m, number)
        _attachable(m)
        kept = [d.id for d in _attached(s, item.attachments) if d.id != doc.id]
        item.attachments = [i for i in kept if i is not None] + [doc.id or 0]
        payload = {"top": number, "anlage": doc.id, "titel": doc.title, "ersetzt": bool(earlier)}
        said = [_said("anlage", item, anlage=doc.title, ersetzt=earlier is not None)]
        return _amended(s, m, board, now, Effects("top_geaendert", payload=payload), said)

    try:
        return change(meeting_id, by, now, decide), doc, earlier is not None
    except Exception:
        if earlier is None:  # nothing attached: the new document does not stay behind
            documents.remove(doc.id or 0, by=by, now=now)
        raise


def _attachable(m: Meeting) -> None:
    if m.state not in rules.UPCOMING:
        raise Refused("rueckmeldungen", Reason("reason_attach_meeting_state", state=m.state))


def _attached(s: Tx, ids: list[int]) -> list[Document]:
    """The documents attached to a TOP that the library still holds."""
    found = []
    for document_id in ids:
        try:
            found.append(document_store.document(s, document_id))
        except NotFound:
            continue
    return found


def _is_summary(d: Document, cycle_id: int) -> bool:
    return (
        d.cycle_id == cycle_id
        and d.file is not None
        and d.file.name.startswith(f"rueckmeldungen-zyklus-{cycle_id}.")
    )


def attachments(meeting_id: int) -> dict[int, list[Document]]:
    """The library documents attached to each TOP of a meeting (by TOP number), whether
    public or not: for the meeting's members, never for the portal."""
    with transaction() as s:
        m = store.meeting(s, meeting_id)
        return {i.number: _attached(s, i.attachments) for i in m.items if i.attachments}


def _said(art: str, item: AgendaItem, **more: object) -> dict[str, object]:
    """One change of the agenda as the updated Ladung words it (by *art*, in the template)."""
    return {"art": art, "top": item.number, "titel": item.title, **more}


def _amended(
    s: Tx,
    m: Meeting,
    board: Board,
    now: datetime,
    effects: Effects,
    changes: list[dict[str, object]],
) -> Effects:
    """After the Ladung, members get the amended agenda saying what changed (the calendar
    entry's SEQUENCE rises); what is still queued about the meeting is replaced by it, and
    whoever's Ladung had not gone out yet gets the new version as her Ladung. A change that
    changed nothing tells nobody."""
    if m.state == rules.INVITED and changes:
        m.sequence += 1
        effects.outbox = meeting_messages.renewed(s, m, board, now, changes)
        effects.payload = {**(effects.payload or {}), **meeting_messages.announced(m, changes)}
    return effects
