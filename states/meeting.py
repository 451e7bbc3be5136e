"""Sitzungen: the meeting machine, its guards, the Ladungsfrist and quorum by attendance.

Pure like `states.cycle`: a meeting is a plain dataclass passed to one machine, time and
public holidays come in as arguments, and every refusal names its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from dkbm.states.errors import InvalidTrigger, Reason, Refused, UnknownTrigger
from dkbm.states.model import VOTING_ROLES, Board, BoardKind, MemberRole
from dkbm.states.reminders import shift_working_days

BERLIN = ZoneInfo("Europe/Berlin")

PLANNED, INVITED, HELD = "geplant", "eingeladen", "durchgefuehrt"
DRAFT, APPROVED, CANCELLED = "protokoll_entwurf", "protokoll_genehmigt", "abgesagt"
STATES = [PLANNED, INVITED, HELD, DRAFT, APPROVED, CANCELLED]
UPCOMING = (PLANNED, INVITED)

TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": "einladen",
        "source": PLANNED,
        "dest": INVITED,
        "conditions": ["has_agenda", "ahead", "notice_kept"],
    },
    {"trigger": "durchfuehren", "source": INVITED, "dest": HELD, "conditions": ["begun"]},
    {"trigger": "protokoll_entwerfen", "source": HELD, "dest": DRAFT},
    {"trigger": "protokoll_genehmigen", "source": DRAFT, "dest": APPROVED},
    {
        "trigger": "absagen",
        "source": [PLANNED, INVITED],
        "dest": CANCELLED,
        "conditions": ["reason_given"],
    },
]
TRIGGERS = tuple(dict.fromkeys(t["trigger"] for t in TRANSITIONS))

REPLIES = ("zusage", "absage", "vertretung")
PRESENCE = ("anwesend", "entschuldigt", "abwesend", "vertreten")
ACCEPTED, REJECTED, NOT_QUORATE = "angenommen", "abgelehnt", "nicht_beschlussfaehig"


@dataclass
class Attendance:
    """What a member said before the meeting (reply) and what the minutes record (presence)."""

    actor_id: int
    reply: str | None = None
    deputy_id: int | None = None  # the Stellvertretung who comes instead
    presence: str | None = None


@dataclass
class TopVote:
    """The result of one TOP: counts, and the quorum it was judged against."""

    seats: int  # voting seats filled and not befangen
    yes: int
    no: int
    abstain: int
    unanimous: bool = False
    quorum_needed: int | None = None  # None: the board has no quorum rule (an AG)

    @property
    def quorate(self) -> bool:
        return self.quorum_needed is None or self.seats >= self.quorum_needed

    @property
    def outcome(self) -> str:
        if not self.quorate:
            return NOT_QUORATE
        return ACCEPTED if self.yes > self.no else REJECTED


@dataclass
class AgendaItem:
    """TOP: a numbered item; it may carry a cycle stage's vote or a previous meeting's minutes."""

    number: int
    title: str
    public: bool = True
    documents: list[str] = field(default_factory=list)
    cycle_id: int | None = None
    stage: str | None = None
    minutes_of: int | None = None
    discussion: str = ""
    conflicted: list[int] = field(default_factory=list)  # befangen: excluded from the vote
    vote: TopVote | None = None
    resolution: str = ""  # the Beschlusstext as worded (Markdown a person typed)
    attachments: list[int] = field(default_factory=list)  # library documents (ids) for this TOP


@dataclass
class Meeting:
    id: int | None
    board_id: int
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    video: str = ""
    public: bool = True
    state: str = PLANNED
    version: int = 0
    sequence: int = 0  # ICS SEQUENCE: raised on every change members are told about
    invited_at: datetime | None = None
    urgency: str = ""  # why the Ladungsfrist was not kept (Dringlichkeit)
    cancel_reason: str = ""
    minutes: str = ""  # the Protokoll as Markdown
    approved_in: int | None = None
    items: list[AgendaItem] = field(default_factory=list)
    attendance: dict[int, Attendance] = field(default_factory=dict)

    def item(self, number: int) -> AgendaItem | None:
        return next((i for i in self.items if i.number == number), None)


# When a TOP's Beschlusstext may still be worded: before the meeting (the proposal), in it,
# and while its Protokoll is a draft (the wording is often final only in the meeting)
RESOLUTION_OPEN = (PLANNED, INVITED, HELD, DRAFT)


def move_item(meeting: Meeting, number: int, to: int) -> None:
    """Put TOP *number* at position *to* (1-based, clamped); the TOPs are numbered anew."""
    item = meeting.item(number)
    assert item is not None
    rest = [i for i in meeting.items if i is not item]
    rest.insert(max(0, min(to - 1, len(rest))), item)
    meeting.items = rest
    _renumber(meeting)


def remove_item(meeting: Meeting, number: int) -> AgendaItem:
    """Take TOP *number* off the agenda; those after it move up. One with a result stays."""
    item = meeting.item(number)
    assert item is not None
    if item.vote is not None:
        raise Refused("top-entfernen", Reason("reason_item_voted", top=number))
    meeting.items = [i for i in meeting.items if i is not item]
    _renumber(meeting)
    return item


def _renumber(meeting: Meeting) -> None:
    for n, i in enumerate(meeting.items, start=1):
        i.number = n


@dataclass(frozen=True)
class NoticeRule:
    """Ladungsfrist of a board: *days* before the meeting, counted in calendar or working days."""

    days: int = 7
    working_days: bool = False


def notice_period(rule: NoticeRule) -> Reason:
    """The Ladungsfrist as people read it: "7 Tage", "5 Arbeitstage"."""
    key = "notice_period_working_days" if rule.working_days else "notice_period_days"
    return Reason(key, days=rule.days)


def latest_invitation(starts_at: datetime, rule: NoticeRule, holidays: Container[date]) -> date:
    """The last day (Europe/Berlin) an invitation keeps the Ladungsfrist."""
    day = starts_at.astimezone(BERLIN).date()
    if rule.working_days:
        return shift_working_days(day, -rule.days, holidays) if rule.days else day
    return date.fromordinal(day.toordinal() - rule.days)


def notice_kept(now: datetime, latest: date) -> bool:
    return now.astimezone(BERLIN).date() <= latest


def has_quorum_rule(kind: BoardKind | str, percent: int) -> bool:
    """Whether a board of *kind* with *percent* has a quorum at all: an Arbeitsgruppe set to
    0 % has none (it decides with whoever comes); a Gremium always has one."""
    return not (BoardKind(kind) is BoardKind.ARBEITSGRUPPE and percent == 0)


def quorum_needed(board: Board) -> int | None:
    """Seats needed to decide; an Arbeitsgruppe without a quorum rule (0 %) needs none."""
    if not has_quorum_rule(board.kind, board.quorum_percent):
        return None
    return board.quorum_needed


def deputy_of(board: Board, actor_id: int) -> int | None:
    """The Stellvertretung linked to *actor_id* in *board*, if exactly one is."""
    found = [
        m.actor_id
        for m in board.members
        if m.role is MemberRole.STELLVERTRETUNG and m.deputy_for == actor_id
    ]
    return found[0] if len(found) == 1 else None


def seats(board: Board, meeting: Meeting) -> dict[int, int | None]:
    """Each voting member's seat and who fills it at the meeting: the member, her
    Stellvertretung (counted for the member she represents), or nobody."""
    filled: dict[int, int | None] = {}
    for m in board.members:
        if m.role not in VOTING_ROLES:
            continue
        a = meeting.attendance.get(m.actor_id)
        if a is not None and a.presence == "anwesend":
            filled[m.actor_id] = m.actor_id
        elif a is not None and a.presence == "vertreten" and a.deputy_id is not None:
            filled[m.actor_id] = a.deputy_id
        else:
            filled[m.actor_id] = None
    return filled


def voting_seats(board: Board, meeting: Meeting, item: AgendaItem | None = None) -> int:
    """Seats filled, without those whose holder is befangen for *item*."""
    excluded = set(item.conflicted) if item else set()
    return sum(
        1
        for member, holder in seats(board, meeting).items()
        if holder is not None and member not in excluded and holder not in excluded
    )


def top_vote(
    board: Board,
    meeting: Meeting,
    item: AgendaItem,
    *,
    yes: int,
    no: int,
    abstain: int,
    unanimous: bool,
) -> TopVote:
    """The result of a vote on *item*; einstimmig means every seat able to vote said yes."""
    n = voting_seats(board, meeting, item)
    if unanimous:
        yes, no, abstain = n, 0, 0
    if yes + no + abstain > n:
        raise Refused("abstimmen", Reason("reason_meeting_votes", cast=yes + no + abstain, seats=n))
    return TopVote(n, yes, no, abstain, unanimous, quorum_needed(board))


Guard = Callable[[Meeting, Mapping[str, Any]], Reason | None]


def _has_agenda(m: Meeting, kw: Mapping[str, Any]) -> Reason | None:
    return None if m.items else Reason("reason_meeting_no_agenda")


def _ahead(m: Meeting, kw: Mapping[str, Any]) -> Reason | None:
    return None if m.starts_at > kw["now"] else Reason("reason_meeting_date_past")


def _notice_kept(m: Meeting, kw: Mapping[str, Any]) -> Reason | None:
    latest: date = kw["latest"]
    if notice_kept(kw["now"], latest) or kw.get("urgency", "").strip():
        return None
    return Reason("reason_meeting_notice", latest=latest, period=kw["period"])


def _begun(m: Meeting, kw: Mapping[str, Any]) -> Reason | None:
    return None if kw["now"] >= m.starts_at else Reason("reason_meeting_not_begun")


def _reason_given(m: Meeting, kw: Mapping[str, Any]) -> Reason | None:
    return None if kw.get("reason", "").strip() else Reason("reason_meeting_cancel_reason")


GUARDS: dict[str, Guard] = {
    "has_agenda": _has_agenda,
    "ahead": _ahead,
    "notice_kept": _notice_kept,
    "begun": _begun,
    "reason_given": _reason_given,
}


def allowed_triggers(state: str) -> list[str]:
    return [t["trigger"] for t in TRANSITIONS if state in _sources(t)]


def _sources(row: Mapping[str, Any]) -> list[str]:
    return row["source"] if isinstance(row["source"], list) else [row["source"]]


def check(meeting: Meeting, trigger: str, **kw: Any) -> Reason | None:
    """Why *trigger* would be refused now, or None."""
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger, list(TRIGGERS))
    row = next((t for t in TRANSITIONS if t["trigger"] == trigger), None)
    assert row is not None
    if meeting.state not in _sources(row):
        raise InvalidTrigger(meeting.state, trigger, allowed_triggers(meeting.state))
    for name in row.get("conditions", []):
        reason = GUARDS[name](meeting, kw)
        if reason is not None:
            return reason
    return None


@cache
def _machine() -> Any:
    from transitions import Machine

    return Machine(
        model=None,
        states=STATES,
        transitions=[{k: v for k, v in t.items() if k != "conditions"} for t in TRANSITIONS],
        initial=PLANNED,
        auto_transitions=False,
    )


def fire(meeting: Meeting, trigger: str, **kw: Any) -> str:
    """Take *trigger* on *meeting* in place; returns the state left. The guards run first,
    so a refusal leaves the meeting unchanged."""
    reason = check(meeting, trigger, **kw)
    if reason is not None:
        raise Refused(trigger, reason)
    source = meeting.state
    if not _machine().events[trigger].trigger(meeting):
        raise RuntimeError(f"machine declined {trigger} in {source} after guards passed")
    return source
