"""Rows <-> domain objects. The cycle's content is kept as one JSON document; its
Beteiligung's answers and its written vote's ballots are rows of their own (`store.answers`),
put in with `with_answers` and `with_ballots` by whoever loads them.

Rows may be ORM objects, Core rows or `store.reads` namespaces: anything with
the columns as attributes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from dkbm.states.model import (
    Actor,
    Board,
    BoardKind,
    Consultation,
    CoordinationForm,
    EducationArea,
    Goal,
    Measure,
    MemberRole,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Placement,
    Report,
    Sector,
    Strategy,
    StrategyCycle,
    Vote,
    vote_from_ballots,
)

if TYPE_CHECKING:
    from dkbm.store.tables import (
        ActorRow,
        BoardMemberRow,
        BoardRow,
        CycleRow,
        MunicipalityRow,
        OrganisationRow,
    )


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _dt(value: str | None) -> datetime | None:
    return aware(datetime.fromisoformat(value)) if value else None


def municipality(row: MunicipalityRow) -> Municipality:
    return Municipality(
        id=row.id,
        name=row.name,
        bundesland=row.bundesland,
        form=CoordinationForm(row.form),
        placement=Placement(row.placement),
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        link_grace_days=row.link_grace_days,
        sender_name=row.sender_name or "",
        signature=row.signature or "",
        reply_to=row.reply_to or "",
        escalation_title=row.escalation_title or "",
        ags=getattr(row, "ags", None),
        mail_route=getattr(row, "mail_route", "") or "",
        sender_address=getattr(row, "sender_address", "") or "",
    )


def actor(row: ActorRow) -> Actor:
    """An Akteur; her organisation's name comes with the row as `organisation` (the readers
    join it: `store.repository.ACTOR_WITH_ORGANISATION`, `store.reads.network`)."""
    return Actor(
        id=row.id,
        name=row.name,
        organisation=getattr(row, "organisation", None) or "",
        organisation_id=getattr(row, "organisation_id", None),
        function=getattr(row, "function", None) or "",
        email=row.email,
        sector=Sector(row.sector),
        areas=[EducationArea(a) for a in row.areas or []],
        consent_publication=bool(row.consent_publication),
        lang=row.lang,
        channels=list(getattr(row, "channels", None) or []),
        delivery=getattr(row, "delivery", "sofort"),
        status=getattr(row, "status", None) or "aktiv",
    )


def organisation(row: OrganisationRow) -> Organisation:
    return Organisation(
        id=row.id,
        name=row.name,
        kind=OrganisationKind(row.kind),
        sector=Sector(row.sector),
        areas=[EducationArea(a) for a in row.areas or []],
        locality=row.locality or "",
        address=row.address or "",
        website=row.website or "",
    )


def board(row: BoardRow, members: list[BoardMemberRow]) -> Board:
    return Board(
        id=row.id,
        name=row.name,
        kind=BoardKind(row.kind),
        quorum_percent=row.quorum_percent,
        notice_days=getattr(row, "notice_days", 7),
        notice_working_days=bool(getattr(row, "notice_working_days", False)),
        members=[
            Membership(m.actor_id, MemberRole(m.role), getattr(m, "deputy_for", None))
            for m in members
        ],
    )


def cycle(row: CycleRow) -> StrategyCycle:
    doc = row.content or {}
    consultation = doc.get("consultation")
    vote = doc.get("vote")
    return StrategyCycle(
        id=row.id,
        municipality_id=row.municipality_id,
        title=row.title,
        board_id=row.board_id,
        state=row.state,
        version=row.version,
        round=row.round,
        vision=doc.get("vision", ""),
        goals=[Goal(**g) for g in doc.get("goals", [])],
        strategies=[Strategy(**s) for s in doc.get("strategies", [])],
        measures=[_measure(m) for m in doc.get("measures", [])],
        consultation=_consultation(consultation) if consultation else None,
        vote=Vote(**vote) if vote else None,
        vote_deadline=_dt(doc.get("vote_deadline")),
        vote_meeting=_dt(doc.get("vote_meeting")),
        vote_place=doc.get("vote_place", ""),
        decided={k: _dt(v) for k, v in doc.get("decided", {}).items()},
        seeded_from=row.seeded_from,
        rounds=_rounds(doc, row.round),
    )


def _rounds(doc: dict[str, Any], round_: int) -> dict[str, int]:
    """A document from before rounds were kept names at least its running Beteiligung's."""
    rounds = {str(k): int(v) for k, v in (doc.get("rounds") or {}).items()}
    consultation = doc.get("consultation")
    if consultation and rounds.get(consultation["stage"], 0) < round_:
        rounds[consultation["stage"]] = round_
    return rounds


def with_answers(c: StrategyCycle, answers: dict[int, str]) -> StrategyCycle:
    """*c* with its Beteiligung's answers (Akteur -> text) of the current round."""
    if c.consultation is not None:
        c.consultation.answers = answers
    return c


def with_ballots(c: StrategyCycle, ballots: dict[int, str], board: Board | None) -> StrategyCycle:
    """*c* with its written vote's ballots of the current round; the result follows from
    them (judged against *board*'s members now) as soon as there is one."""
    c.ballots = ballots
    if ballots and board is not None:
        c.vote = vote_from_ballots(c.stage, ballots, board)
    return c


def _measure(doc: dict[str, Any]) -> Measure:
    return Measure(
        id=doc["id"],
        strategy_id=doc["strategy_id"],
        title=doc["title"],
        owner_id=doc.get("owner_id"),
        indicator=doc.get("indicator", ""),
        target_value=doc.get("target_value", ""),
        deadline=date.fromisoformat(doc["deadline"]) if doc.get("deadline") else None,
        reports=[
            Report(at=_dt(r["at"]), text=r["text"], value=r.get("value"))
            for r in doc.get("reports", [])
        ],
    )


def _consultation(doc: dict[str, Any]) -> Consultation:
    return Consultation(
        stage=doc["stage"],
        deadline=_dt(doc["deadline"]),
        invited=list(doc["invited"]),
    )


def content(c: StrategyCycle) -> dict[str, Any]:
    """The cycle's content as a JSON-ready document."""
    return {
        "vision": c.vision,
        "goals": [{"id": g.id, "title": g.title, "areas": list(g.areas)} for g in c.goals],
        "strategies": [{"id": s.id, "goal_id": s.goal_id, "title": s.title} for s in c.strategies],
        "measures": [
            {
                "id": m.id,
                "strategy_id": m.strategy_id,
                "title": m.title,
                "owner_id": m.owner_id,
                "indicator": m.indicator,
                "target_value": m.target_value,
                "deadline": m.deadline.isoformat() if m.deadline else None,
                "reports": [
                    {"at": r.at.isoformat(), "text": r.text, "value": r.value} for r in m.reports
                ],
            }
            for m in c.measures
        ],
        "consultation": (
            {
                "stage": c.consultation.stage,
                "deadline": c.consultation.deadline.isoformat(),
                "invited": c.consultation.invited,
            }
            if c.consultation
            else None
        ),
        "vote": vars(c.vote).copy() if c.vote else None,
        "vote_deadline": c.vote_deadline.isoformat() if c.vote_deadline else None,
        "vote_meeting": c.vote_meeting.isoformat() if c.vote_meeting else None,
        "vote_place": c.vote_place,
        "decided": {k: v.isoformat() for k, v in c.decided.items()},
        "rounds": dict(c.rounds),
    }
