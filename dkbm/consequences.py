"""What a transition causes beyond its new state: deadlines opened or closed, people told,
personal links issued with the messages that ask something and revoked once overtaken.

Runs inside the use case's transaction; returns the outbox rows to write with it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from typing import Any, NamedTuple

from sqlalchemy import select

from dkbm import deadlines, member_links, superseded
from dkbm.context import BERLIN
from dkbm.messages import Ask, Target, actor_targets, compose
from dkbm.notifications import markup
from dkbm.states.model import VOTING_ROLES, StrategyCycle, Vote
from dkbm.store import meetings
from dkbm.store import repository as repo
from dkbm.store.db import Tx
from dkbm.store.tables import OutboxRow

_OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]

# A cycle that leaves its stage (or is reopened, or closed) overtakes the links of the
# stages so far: reason kept with each revoked link
_LINKS_OVERTAKEN = {
    "naechste_stufe": "neue_stufe",
    "wiedereroeffnen": "neue_stufe",
    "abschliessen": "abgeschlossen",
}
_NOTICES = {
    "abstimmung_starten": "abstimmung_einladung",
    "beschliessen": "beschluss_mitteilung",
    "ueberarbeiten": "ueberarbeitung_mitteilung",
}


class DecidedIn(NamedTuple):
    """The Sitzung whose TOP decided a stage: its id, date and the TOP's Beschlusstext."""

    meeting: int
    at: datetime
    resolution: str = ""


def of_transition(
    s: Tx,
    c: StrategyCycle,
    trigger: str,
    source: str,
    now: datetime,
    reason: str,
    decided_in: DecidedIn | None = None,
) -> list[dict[str, Any]]:
    """*decided_in* names the meeting whose vote caused the step, for the notice."""
    cause = f"zyklus:{c.id}:v{c.version}"
    if trigger == "beteiligung_starten":
        assert c.consultation is not None
        deadline = deadlines.open_deadline(
            s, c, "beteiligung", f"{c.stage}:{c.round}", c.consultation.deadline, now
        )
        return compose(
            s,
            cause=cause,
            kind="beteiligung_einladung",
            cycle=c,
            targets=actor_targets(s, c.consultation.invited),
            now=now,
            context={"inhalt": _summary(c)},
            deadline=deadline,
            ask=Ask.of_deadline(deadline),
        )
    rows: list[dict[str, Any]] = []
    if trigger == "ueberarbeiten":
        member_links.revoke_round(s, c.id or 0, c.round, now)
        rows += _withdraw_round(s, c, cause, now)
    if trigger in _LINKS_OVERTAKEN:
        member_links.revoke_cycle(s, c.id or 0, now, _LINKS_OVERTAKEN[trigger])
    if source.endswith("_beteiligung"):
        closing = deadlines.open_deadlines(s, c.id, "beteiligung")
        superseded.withdraw(s, [d.id for d in closing], "superseded_consultation_over")
        deadlines.close(s, closing)
    if source.endswith("_abstimmung"):
        closing = deadlines.open_deadlines(s, c.id, "abstimmung")
        superseded.withdraw(s, [d.id for d in closing], "superseded_vote_over")
        superseded.withdraw_kinds(s, c.id, ("abstimmung_einladung",), "superseded_vote_over")
        deadlines.close(s, closing)
    if trigger in ("wirkung_pruefen", "wiedereroeffnen", "abschliessen"):
        deadlines.close(s, deadlines.open_deadlines(s, c.id))
    if trigger == "naechste_stufe" and c.state == "umsetzung":
        for m in c.measures:
            if m.deadline is not None:
                deadlines.open_deadline(
                    s, c, "massnahme_bericht", f"massnahme:{m.id}", end_of(m.deadline), now
                )
    if trigger not in _NOTICES:
        return rows
    board = repo.board(s, c.board_id)
    recipients = [m.actor_id for m in board.members]
    if trigger == "beschliessen" and c.consultation:
        recipients += [a for a in c.consultation.invited if a not in recipients]
    targets = actor_targets(s, recipients)
    if board.id is not None and repo.board_channels(s, board.id):
        targets.append(Target("board", board.id, board.name))
    vote_deadline, ask = None, None
    if trigger == "abstimmung_starten" and c.vote_deadline is not None:
        vote_deadline = deadlines.open_deadline(
            s, c, "abstimmung", f"{c.stage}:{c.round}", c.vote_deadline, now
        )
        asked = Ask.of_deadline(vote_deadline)
        voters = frozenset(m.actor_id for m in board.members if m.role in VOTING_ROLES)
        ask = replace(asked, only=voters) if asked is not None else None
    context: dict[str, Any] = {
        "gremium": board.name,
        "quorum": board.quorum_needed,
        "stimmberechtigt": board.voting_members,
        "grund": reason,
        "inhalt": _summary(c),
        "ort": c.vote_place,
        "termin_zeit": c.vote_meeting,
        "sitzung_zeit": decided_in[1] if decided_in else None,
        **_resolution(decided_in.resolution if decided_in else ""),
    }
    if trigger == "beschliessen" and c.vote is not None:
        context["ergebnis"] = {
            "anwesend": c.vote.present,
            "ja": c.vote.yes,
            "nein": c.vote.no,
            "enthaltung": c.vote.abstain,
            "schriftlich": c.vote_deadline is not None,
        }
    return rows + compose(
        s,
        cause=cause,
        kind=_NOTICES[trigger],
        cycle=c,
        targets=targets,
        now=now,
        context=context,
        deadline=vote_deadline,
        ask=ask,
    )


def of_correction(
    s: Tx,
    c: StrategyCycle,
    before: Vote,
    after: Vote,
    reason: str,
    revoked: bool,
    now: datetime,
    resolution: str = "",
    meeting: int | None = None,
) -> list[dict[str, Any]]:
    """A corrected vote result. Who already got the stage's Beschlussmitteilung is told the
    corrected result, its reason, and whether the decision stands; a Beschlussmitteilung
    still queued with the wrong result is withdrawn and, while the decision stands, sent
    anew with the corrected one (no correction notice for who never read the wrong one).
    *meeting* is the Sitzung whose TOP decided it, named in the new Beschlussmitteilung."""
    rows = s.connection().execute(
        select(_OUTBOX.c.id, _OUTBOX.c.status, _OUTBOX.c.payload).where(
            _OUTBOX.c.kind == "beschluss_mitteilung",
            _OUTBOX.c.cycle_id == c.id,
            _OUTBOX.c.status != "cancelled",
        )
    )
    told: tuple[list[int], list[int]] = ([], [])
    queued: tuple[list[int], list[int]] = ([], [])
    queued_rows: list[int] = []
    for row_id, status, payload in rows:
        if not payload or payload.get("stage") != before.stage:
            continue
        waiting = status in superseded.QUEUED
        if waiting:
            queued_rows.append(row_id)
        actors, boards = queued if waiting else told
        target = payload.get("target") or {}
        kind, ident = target.get("type"), target.get("id")
        if kind == "actor" and ident not in actors:
            actors.append(ident)
        elif kind == "board" and ident not in boards:
            boards.append(ident)
    superseded.withdraw_rows(s, queued_rows, "superseded_result_corrected")
    # the notice names the stage whose result was corrected, also from a later state
    about = c if c.stage == before.stage else replace(c, state=f"{before.stage}_beschlossen")
    cause = f"zyklus:{c.id}:v{c.version}"
    board = repo.board(s, c.board_id)
    out: list[dict[str, Any]] = []
    fresh = _targets(s, [a for a in queued[0] if a not in told[0]], [])
    fresh += _targets(s, [], [b for b in queued[1] if b not in told[1]])
    if fresh and not revoked:
        held = meetings.meeting(s, meeting).starts_at if meeting is not None else None
        out += compose(
            s,
            cause=cause,
            kind="beschluss_mitteilung",
            cycle=about,
            targets=fresh,
            now=now,
            context={
                "gremium": board.name,
                "quorum": after.quorum_needed,
                "stimmberechtigt": after.voting_members,
                "grund": "",
                "inhalt": _summary(about),
                "ort": "",
                "termin_zeit": None,
                "sitzung_zeit": held,
                **_resolution(resolution),
                "ergebnis": {
                    "anwesend": after.present,
                    "ja": after.yes,
                    "nein": after.no,
                    "enthaltung": after.abstain,
                    "schriftlich": False,
                },
            },
        )
    targets = _targets(s, *told)
    if not targets:
        return out
    context: dict[str, Any] = {
        "gremium": board.name,
        "grund": reason,
        "vorher": _result(before),
        "nachher": _result(after),
        "aufgehoben": revoked,
        **_resolution(resolution),
    }
    return out + compose(
        s,
        cause=cause,
        kind="korrektur_mitteilung",
        cycle=about,
        targets=targets,
        now=now,
        context=context,
    )


def _targets(s: Tx, actors: list[int], boards: list[int]) -> list[Target]:
    """Akteure and (one) board channel a notice goes to, as a Beschlussmitteilung went."""
    targets = actor_targets(s, actors)
    if boards:
        board = repo.board(s, boards[0])
        targets.append(Target("board", board.id, board.name))
    return targets


def _resolution(text: str) -> dict[str, str]:
    """A TOP's Beschlusstext for a notice: as typed for the text part, and its Markdown as
    HTML (typed HTML shown, links under the link policy) for the HTML part."""
    return {"beschlusstext": text, "beschlusstext_html": markup.to_html(text) if text else ""}


def _result(v: Vote) -> dict[str, Any]:
    return {
        "anwesend": v.present,
        "stimmberechtigt": v.voting_members,
        "quorum": v.quorum_needed,
        "ja": v.yes,
        "nein": v.no,
        "enthaltung": v.abstain,
        "beschlussfaehig": v.quorate,
        "angenommen": v.quorate and v.majority,
    }


def _withdraw_round(s: Tx, c: StrategyCycle, cause: str, now: datetime) -> list[dict[str, Any]]:
    """Back to the draft: what is queued about this round is withdrawn, and who already has
    its deadline in the calendar gets the entry cancelled (METHOD:CANCEL)."""
    rows = []
    for deadline in deadlines.open_deadlines(s, c.id):
        if deadline.kind not in ("beteiligung", "abstimmung"):
            continue
        superseded.withdraw(s, [deadline.id], "superseded_back_to_draft")
        told = superseded.received(s, [deadline.id])
        if not told:
            continue
        gone = replace(deadline, revision=deadline.revision + 1)
        rows += compose(
            s,
            cause=f"{cause}:frist-{deadline.id}",
            kind="frist_entfallen",
            cycle=c,
            targets=actor_targets(s, sorted(told)),
            now=now,
            context={},
            deadline=gone,
            calendar="CANCEL",
        )
    return rows


def of_report(s: Tx, c: StrategyCycle, measure_id: int) -> None:
    """A progress report settles what the measure's owner owed."""
    deadlines.close(
        s, deadlines.open_deadlines(s, c.id, "massnahme_bericht", f"massnahme:{measure_id}")
    )


def of_new_deadline(s: Tx, c: StrategyCycle, due: datetime, now: datetime) -> list[dict[str, Any]]:
    """The Beteiligung's deadline moved: reschedule reminders; an invitation not yet sent is
    replaced by one with the new deadline; who still owes an answer is told the change."""
    assert c.consultation is not None
    rows = []
    for deadline in deadlines.open_deadlines(s, c.id, "beteiligung"):
        unsent = superseded.withdraw(
            s, [deadline.id], "superseded_new_deadline", kinds=("beteiligung_einladung",)
        )
        superseded.withdraw(s, [deadline.id], "superseded_new_deadline", kinds=("frist_geaendert",))
        moved = deadlines.move(s, deadline, due, now)
        rows += compose(
            s,
            cause=f"frist:{moved.id}:r{moved.revision}:einladung",
            kind="beteiligung_einladung",
            cycle=c,
            targets=actor_targets(s, [a for a in c.consultation.missing() if a in unsent]),
            now=now,
            context={"inhalt": _summary(c)},
            deadline=moved,
            ask=Ask.of_deadline(moved),
        )
        rows += compose(
            s,
            cause=f"frist:{moved.id}:r{moved.revision}:geaendert",
            kind="frist_geaendert",
            cycle=c,
            targets=actor_targets(s, [a for a in c.consultation.missing() if a not in unsent]),
            now=now,
            context={},
            deadline=moved,
            ask=Ask.of_deadline(moved),
        )
    return rows


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=BERLIN)


def _summary(c: StrategyCycle) -> str:
    if c.stage == "leitbild":
        return c.vision
    items = {"ziele": c.goals, "strategien": c.strategies, "massnahmen": c.measures}.get(
        c.stage, []
    )
    return "\n".join(f"- {x.title}" for x in items)
