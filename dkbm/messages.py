"""Compose outbox rows: who is told what, rendered in each recipient's language.

Called inside a use case's transaction, so the rows commit with the change that
causes them. Keys are (cause, recipient, kind): writing a row twice is a no-op.

A message that asks something of an Akteur carries her personal link (`Ask`), issued in
the same transaction; the row holds a marker for it, the sender the link itself
(`notifications.personal_links`). Only Akteure get links, never a Gremium's channels or
the escalation contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from dkbm import member_links
from dkbm.notifications.ics import deadline_uid
from dkbm.notifications.outbox import DIGEST, PENDING, mail_domain, message_id
from dkbm.notifications.personal_links import marker
from dkbm.notifications.render import render
from dkbm.states.cycle import STAGE_NAMES
from dkbm.states.model import Municipality, StrategyCycle
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
) -> list[dict[str, Any]]:
    """Rendered outbox rows for *targets* (one per target); a *deadline* comes with its
    calendar entry (*calendar* "CANCEL" withdraws it), or *event* is the entry (a meeting).
    Without a *cycle* the message is about a meeting or a task. With *ask*, each asked
    Akteur's message carries her personal link."""
    kommune = kommune or repo.municipality(s)
    domain = mail_domain()
    stamp = now.isoformat()
    links = ask.links(s, targets, now) if ask is not None else {}
    rows = []
    for target in targets:
        link = links.get(target.id) if target.type == "actor" and target.id is not None else None
        lang = target.lang
        stage = cycle.stage if cycle and cycle.stage in STAGE_NAMES[lang] else "leitbild"
        ctx = {
            "kommune": kommune.name,
            "absender": ("Education office, " if lang == "en" else "Bildungsbüro ") + kommune.name,
            "empfaenger": target.name,
            "zyklus": cycle.title if cycle else "",
            "stufe": STAGE_NAMES[lang][stage] if cycle else "",
            "rolle": kommune.escalation_role,
            "link": marker(link) if link is not None else "",
            "link_zweck": ask.target.purpose if ask is not None else "",
            **context,
        }
        if ctx.get("termin_zeit") is not None:
            ctx["termin"] = when(ctx["termin_zeit"], lang)
        ctx.pop("termin_zeit", None)
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
                "uid": deadline_uid(deadline.id),
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
