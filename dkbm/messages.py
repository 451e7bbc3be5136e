"""Compose outbox rows: who is told what, rendered in each recipient's language.

Called inside a use case's transaction, so the rows commit with the change that
causes them. Keys are (cause, recipient, kind): writing a row twice is a no-op.

A message that asks something of an Akteur carries her personal link (`Ask`), issued in
the same transaction; the row holds a marker for it, the sender the link itself
(`notifications.personal_links`). Only Akteure get links, never a Gremium's channels or
the escalation contact.

Identifiers name the Kommune when it was set up with an AGS: calendar UIDs
(`dkbm-sitzung-4@09162000.dkbm`) and Message-IDs (`<…@09162000.dkbm.local>`). The AGS is
the one in the Kommune's `eingerichtet` audit entry, which never changes: a Kommune set up
without one (every Kommune from before AGS existed, `dkbm init` without `--ags`) keeps
today's identifiers for good, also once it is given an AGS, and a Kommune whose AGS changes
keeps the first. So a meeting's later changes and its cancellation reach the calendar entry
its Ladung made, and a message composed again keeps its Message-ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from dkbm import member_links
from dkbm.notifications.ics import deadline_uid
from dkbm.notifications.outbox import (
    DIGEST,
    PENDING,
    mail_domain_of,
    message_id,
    sending_address,
)
from dkbm.notifications.personal_links import marker
from dkbm.notifications.render import render
from dkbm.states.cycle import STAGE_NAMES
from dkbm.states.meeting import Meeting
from dkbm.states.model import Board, MemberRole, Municipality, StrategyCycle
from dkbm.states.vocabulary import name_of
from dkbm.store import reads, tenant
from dkbm.store import repository as repo
from dkbm.store.db import Tx

_TASK = {
    "de": {
        "beteiligung": "Ihre Rückmeldung zur Beteiligung „{stufe}“",
        "abstimmung": "Ihre Stimme in der Abstimmung „{stufe}“",
        "massnahme_bericht": "den Fortschrittsbericht zur Maßnahme „{gegenstand}“",
        "sitzung": "Ihre Zu- oder Absage zur Sitzung {gegenstand}",
        "protokoll": "das Protokoll der Sitzung {gegenstand}",
        "aufgabe": "die Aufgabe „{gegenstand}“",
    },
    "en": {
        "beteiligung": 'your feedback to the consultation "{stufe}"',
        "abstimmung": 'your vote on "{stufe}"',
        "massnahme_bericht": 'the progress report on the measure "{gegenstand}"',
        "sitzung": "your reply (attending or not) to the meeting {gegenstand}",
        "protokoll": "the minutes of the meeting {gegenstand}",
        "aufgabe": 'the task "{gegenstand}"',
    },
}
_OCCASION = {
    "de": {
        "beteiligung": "Beteiligung „{stufe}“",
        "abstimmung": "Abstimmung „{stufe}“",
        "massnahme_bericht": "Fortschrittsbericht „{gegenstand}“",
        "sitzung": "Sitzung {gegenstand}",
        "protokoll": "Protokoll {gegenstand}",
        "aufgabe": "Aufgabe „{gegenstand}“",
    },
    "en": {
        "beteiligung": 'consultation "{stufe}"',
        "abstimmung": 'vote "{stufe}"',
        "massnahme_bericht": 'progress report "{gegenstand}"',
        "sitzung": "meeting {gegenstand}",
        "protokoll": "minutes {gegenstand}",
        "aufgabe": 'task "{gegenstand}"',
    },
}


_DEPUTY = {"de": " als Vertretung für {vertritt}", "en": " as deputy of {vertritt}"}


def identifier_ags(kommune_id: int | None = None) -> str | None:
    """The AGS the identifiers (calendar UIDs, Message-IDs) of the Kommune served carry: the
    one it was set up with (`municipality.identifier_ags`, never changed, so an entry sent
    keeps its UID), else None (the identifiers without one)."""
    scope = tenant.current()
    if scope is None or (kommune_id is not None and kommune_id != scope.id):
        return None
    return scope.identifier_ags


def served_identifier_ags() -> str | None:
    """`identifier_ags` of the Kommune served, read on its own (a page, a feed)."""
    with reads.reader():
        return identifier_ags()


def organizer(kommune: Municipality) -> str:
    """The Koordination's address in calendar entries: its Reply-To, else the address mail
    goes out from (`DKBM_MAIL_URL`'s from=), else the Kommune's contact."""
    return kommune.reply_to or sending_address() or kommune.contact_email


def represented(board: Board, meeting: Meeting | None, names: dict[int, str]) -> dict[int, str]:
    """Whom each Stellvertretung among *board*'s members (or named in a Vertretung for
    *meeting*) represents, by name."""
    found = {
        m.actor_id: names[m.deputy_for]
        for m in board.members
        if m.role is MemberRole.STELLVERTRETUNG and m.deputy_for in names
    }
    if meeting is not None:
        for a in meeting.attendance.values():
            if a.reply == "vertretung" and a.deputy_id is not None and a.actor_id in names:
                found[a.deputy_id] = names[a.actor_id]
    return found


def represented_in(s: Tx, board: Board, meeting: Meeting | None = None) -> dict[int, str]:
    """`represented`, the names read in one query."""
    ids = {m.deputy_for for m in board.members if m.deputy_for is not None}
    if meeting is not None:
        ids |= {a.actor_id for a in meeting.attendance.values() if a.reply == "vertretung"}
    if not ids:
        return {}
    return represented(board, meeting, {r.id: r.name for r in repo.actor_rows(s, list(ids))})


@dataclass(frozen=True)
class _Held:
    """The meeting a deadline belongs to (the reply before it, the Protokoll after it)."""

    board: str
    start: datetime
    end: datetime | None
    represents: dict[int, str]

    def label(self, lang: str) -> str:
        shown = span(self.start, self.end, lang)
        return f'"{self.board}" on {shown}' if lang == "en" else f"„{self.board}“ am {shown}"


def _meeting_of(s: Tx, deadline: Any) -> _Held | None:
    kind, _, number = str(getattr(deadline, "ref", "")).partition(":")
    if kind not in ("sitzung", "protokoll") or deadline.kind != kind or not number.isdigit():
        return None
    from dkbm.store import meetings

    m = meetings.meeting(s, int(number))
    board = repo.board(s, m.board_id)
    return _Held(board.name, m.starts_at, m.ends_at, represented_in(s, board, m))


@dataclass(frozen=True)
class Target:
    """A recipient: an Akteur, a Gremium's own channels, or the escalation contact."""

    type: str
    id: int | None = None
    name: str = ""
    email: str = ""
    lang: str = "de"
    digest: bool = False

    def key(self) -> str:
        return f"{self.type}:{self.id if self.id is not None else self.email}"

    def doc(self) -> dict[str, Any]:
        if self.type == "contact":
            return {"type": "contact", "name": self.name, "email": self.email}
        return {"type": self.type, "id": self.id}


@dataclass(frozen=True)
class Ask:
    """What a message asks of its recipients, answered through their personal links: the
    object, the moment the answer is due, and (if not every Akteur addressed) who is asked."""

    target: member_links.Target
    until: datetime
    only: frozenset[int] | None = None

    @classmethod
    def of_deadline(cls, deadline: Any) -> Ask | None:
        """What settles a Frist, if a member settles it through a link."""
        target = member_links.for_deadline(
            deadline.kind, deadline.ref, getattr(deadline, "cycle_id", None)
        )
        return cls(target, deadline.due_at) if target is not None else None

    def links(self, s: Tx, targets: list[Target], now: datetime) -> dict[int, int]:
        """The link id of each asked Akteur among *targets*."""
        asked = [
            t.id
            for t in targets
            if t.type == "actor" and t.id is not None and (self.only is None or t.id in self.only)
        ]
        return member_links.issue_many(s, asked, self.target, self.until, now)


def targets_by_id(s: Tx, ids: set[int] | list[int]) -> dict[int, Target]:
    """Akteure as message targets, read in one query; deactivated and erased ones get nothing."""
    return {
        r.id: Target("actor", r.id, r.name, r.email, r.lang, r.delivery == "taeglich")
        for r in repo.actor_rows(s, list(ids))
        if (getattr(r, "status", None) or "aktiv") == "aktiv"
    }


def actor_targets(s: Tx, ids: list[int]) -> list[Target]:
    found = targets_by_id(s, ids)
    return [found[a] for a in ids if a in found]


def span(start: datetime, end: datetime | None, lang: str) -> str:
    """A meeting's time as a reader writes it: one date and a time range on one day
    ("09.02.2027, 17:00–19:00 Uhr"), both moments across days, just the start without an end."""
    if end is None or end <= start:
        return when(start, lang)
    from dkbm.context import BERLIN

    first, last = start.astimezone(BERLIN), end.astimezone(BERLIN)
    if first.date() != last.date():
        return f"{when(start, lang)} – {when(end, lang)}"
    day = first.strftime("%d %b %Y" if lang == "en" else "%d.%m.%Y")
    hours = f"{first:%H:%M}–{last:%H:%M}"
    return f"{day}, {hours}" if lang == "en" else f"{day}, {hours} Uhr"


@lru_cache(maxsize=4096)
def when(moment: datetime, lang: str) -> str:
    """*moment* as a reader in Berlin writes it; messages of a batch share few moments."""
    from dkbm.context import BERLIN

    local = moment.astimezone(BERLIN)
    if lang == "en":
        return local.strftime("%d %b %Y, %H:%M")
    return local.strftime("%d.%m.%Y, %H:%M Uhr")


def compose(
    s: Tx,
    *,
    cause: str,
    kind: str,
    cycle: StrategyCycle | None,
    targets: list[Target],
    now: datetime,
    context: dict[str, Any],
    deadline: Any = None,
    kommune: Municipality | None = None,
    calendar: str = "PUBLISH",
    event: dict[str, Any] | None = None,
    attachments: list[dict[str, str]] | None = None,
    ask: Ask | None = None,
    represents: dict[int, str] | None = None,
) -> list[dict[str, Any]]:
    """Rendered outbox rows for *targets* (one per target); a *deadline* comes with its
    calendar entry (*calendar* "CANCEL" withdraws it), or *event* is the entry (a meeting).
    Without a *cycle* the message is about a meeting or a task. With *ask*, each asked
    Akteur's message carries her personal link. *represents*: for a Stellvertretung among
    the targets, whom she represents (a meeting's reminders find it themselves)."""
    kommune = kommune or repo.municipality(s)
    ags = identifier_ags(kommune.id)
    domain = mail_domain_of(ags)
    stamp = now.isoformat()
    links = ask.links(s, targets, now) if ask is not None else {}
    meeting = _meeting_of(s, deadline) if deadline is not None else None
    represents = dict(represents or {})
    if meeting is not None:
        represents = {**meeting.represents, **represents}
    rows = []
    for target in targets:
        link = links.get(target.id) if target.type == "actor" and target.id is not None else None
        lang = target.lang
        stage = cycle.stage if cycle and cycle.stage in STAGE_NAMES[lang] else "leitbild"
        ctx = {
            "kommune": kommune.name,
            "absender": kommune.closing(lang),
            "empfaenger": target.name,
            "zyklus": cycle.title if cycle else "",
            "stufe": STAGE_NAMES[lang][stage] if cycle else "",
            "rolle": name_of("eskalation", kommune.escalation_role, lang),
            "link": marker(link) if link is not None else "",
            "link_zweck": ask.target.purpose if ask is not None else "",
            **context,
        }
        if target.type == "actor" and target.id in represents and "vertritt" not in context:
            ctx["vertritt"] = represents[target.id]
        if meeting is not None:
            ctx["gegenstand"] = meeting.label(lang)
            ctx["frist_ist_beginn"] = deadline.kind == "sitzung"
        if ctx.get("termin_zeit") is not None:
            ctx["termin"] = span(ctx["termin_zeit"], ctx.get("termin_ende"), lang)
        ctx.pop("termin_zeit", None)
        ctx.pop("termin_ende", None)
        for moment, shown in (("frist_zeit", "frist"), ("eingang_zeit", "eingang")):
            if ctx.get(moment) is not None:
                ctx[shown] = when(ctx[moment], lang)
            ctx.pop(moment, None)
        held = ctx.pop("sitzung_zeit", None)
        ctx.setdefault("sitzung", when(held, lang) if held is not None else "")
        if deadline is not None:
            ctx.setdefault("frist", when(deadline.due_at, lang))
            ctx.setdefault("fristart", deadline.kind)
            ctx.setdefault("gegenstand", "")
            ctx.setdefault("aufgabe", _TASK[lang].get(deadline.kind, "").format(**ctx))
            if "vertritt" in ctx and deadline.kind == "sitzung":
                ctx["aufgabe"] += _DEPUTY[lang].format(vertritt=ctx["vertritt"])
            ctx.setdefault("anlass", _OCCASION[lang].get(deadline.kind, "").format(**ctx))
        rendered = render(kind, lang, ctx)
        key = f"{cause}:{kind}:{target.key()}"
        payload: dict[str, Any] = {
            "target": target.doc(),
            "lang": lang,
            "stage": cycle.stage if cycle else None,
            "subject": rendered.subject,
            "text": rendered.text,
            "html": rendered.html,
            "cycle_title": cycle.title if cycle else "",
        }
        if deadline is not None:
            payload["ics"] = {
                "uid": deadline_uid(deadline.id, ags),
                "sequence": deadline.revision,
                "due_at": deadline.due_at.isoformat(),
                "summary": rendered.subject,
                "description": f"{ctx['zyklus']}: {ctx['stufe']}" if cycle else rendered.subject,
                "stamp": stamp,
                "method": calendar,
            }
        if attachments:
            payload["attachments"] = attachments
        if link is not None:
            payload["links"] = [link]
        if event is not None:
            payload["ics"] = {
                "summary": rendered.subject,
                **event,
                "attendee": target.email,
                "stamp": stamp,
            }
        if "ics" in payload:
            payload["ics"]["organizer"] = organizer(kommune)
            payload["ics"]["organizer_name"] = kommune.sender(lang)
        rows.append(
            {
                "key": key,
                "kind": kind,
                "cycle_id": cycle.id if cycle else None,
                "recipient_id": target.id if target.type == "actor" else None,
                "payload": payload,
                "created_at": now,
                "due_at": now,
                "status": DIGEST if target.digest else PENDING,
                "attempts": 0,
                "message_id": message_id(key, domain),
                "deadline_id": deadline.id if deadline is not None else None,
            }
        )
    return rows
