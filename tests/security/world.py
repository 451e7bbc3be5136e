"""A Kommune whose people typed the hostile texts of `payloads` everywhere they may type:
built once through the real use cases, then every output produced from it.

Each payload goes into a field of its own where each thing has one (a Ziel, a Maßnahme, a
TOP, an Akteur who consented to publication, a Wissen document, a Kennzahl), and all of
them together where there is only one (the Kommune's and the AG's names and the cycle's
title, one line each; the Leitbild, the meeting's place and the Protokoll as typed). The
video, Unterlagen and Wissen addresses are links the policy takes, but that would break
out of an unescaped attribute. An input a use case refuses is recorded with whether the
database stayed as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from dkbm import cycles, documents, indicators, meeting_queries, meetings, minutes, network
from dkbm.portal import report
from dkbm.portal.build import build
from dkbm.states.errors import DkbmError
from dkbm.states.indicators import ItemKind
from dkbm.store.db import engine
from tests.conftest import T0, dump
from tests.factories import BY, make_network
from tests.security.payloads import Payload

BASE = "https://bildung.kreis.example/"
MEETING = T0 + timedelta(days=21, hours=7)
HELD = MEETING + timedelta(hours=3)
BUILT = HELD + timedelta(hours=1)
MAIL_KINDS = ("sitzung_einladung", "beteiligung_einladung", "sitzung_protokoll")


@dataclass
class Refusal:
    field: str
    payload: str
    message: str
    unchanged: bool


@dataclass
class World:
    url: str
    payloads: list[Payload]
    portal: Path
    mails: list[dict[str, Any]] = field(default_factory=list)  # outbox rows: kind, payload
    protocol_html: str = ""
    protocol_pdf: bytes = b""
    report_html: dict[str, str] = field(default_factory=dict)  # the Sachstandsbericht by language
    refused: list[Refusal] = field(default_factory=list)


def allowed_but_breaking(pid: str, folder: str) -> str:
    """A web link the policy takes (https, a host, no space) that would end the attribute
    it is put in, and the element, if it were not escaped there."""
    return f"https://kreis.example/{folder}/{pid}\"onmouseover=\"alert('{pid}')\"><script>alert('{pid}')</script>"


def _joined(payloads: list[Payload], long: bool = False) -> str:
    """The payloads on one line (the very long ones only if *long*: a name is on every page)."""
    return " ".join(p.one_line for p in payloads if long or len(p.text) < 1000)


class _Attempts:
    """Each input tried through its use case; a refused one is recorded, with whether the
    database stayed as it was."""

    def __init__(self, world: World) -> None:
        self.world = world

    def __call__(self, field_name: str, p: Payload, action: Callable[[], Any]) -> Any:
        before = dump(self.world.url)
        try:
            return action()
        except DkbmError as exc:
            unchanged = dump(self.world.url) == before
            self.world.refused.append(Refusal(field_name, p.id, exc.message(), unchanged))
            return None


def create(url: str, payloads: list[Payload], out: Path) -> World:
    """The world in the (migrated, empty) database at *url*, its portal built into *out*."""
    world = World(url, payloads, out)
    attempt = _Attempts(world)
    net = make_network(voting=5, others=0)
    network.change_municipality(name=_joined(payloads), by=BY, now=T0)
    people = _people(attempt, payloads)
    ag = network.add_board(
        name=_joined(payloads), kind="arbeitsgruppe", quorum_percent=None, by=BY, now=T0
    )
    network.set_member(board_id=ag.id, actor_ids=people, role="mitglied", by=BY, now=T0)
    title = _joined(payloads, long=True)
    cycle = cycles.start(title=title, board_id=net.board, by=BY, now=T0).id or 0
    _cycle_content(attempt, payloads, cycle, people[0])
    _library(attempt, payloads, cycle)
    meeting = _meeting(attempt, payloads, ag.id or 0)

    # the messages last: a refused input above is compared with a small database
    now = T0
    cycles.advance(cycle, "beteiligung_starten", by=BY, now=now, deadline=now + timedelta(days=1))
    now += timedelta(days=2)
    cycles.advance(cycle, "abstimmung_starten", by=BY, now=now)
    cycles.record_vote(cycle, present=5, yes=4, no=1, abstain=0, by=BY, now=now)
    cycles.advance(cycle, "beschliessen", by=BY, now=now)
    cycles.advance(cycle, "naechste_stufe", by=BY, now=now)
    meetings.invite(meeting, by=BY, now=now)
    _minutes(world, meeting, people)

    build(out, BUILT, BASE)
    world.report_html = {lang: report.html(cycle, BUILT, lang) for lang in ("de", "en")}
    world.mails = _outbox(url)
    return world


def _people(attempt: _Attempts, payloads: list[Payload]) -> list[int]:
    """An Akteur named by each payload, consenting to publication; every third English."""
    people = []
    for n, p in enumerate(payloads):
        actor = attempt(
            "akteur name",
            p,
            lambda p=p, n=n: network.add_actor(
                name=p.text,
                organisation=f"Organisation {p.id}",
                email=f"{p.id.lower()}@example.org",
                sector="bildungseinrichtungen",
                areas=["schule"],
                consent=True,
                lang="en" if n % 3 == 2 else "de",
                by=BY,
                now=T0,
            ),
        )
        if actor is not None:
            people.append(actor.id)
    return people


def _cycle_content(attempt: _Attempts, payloads: list[Payload], cycle: int, owner: int) -> None:
    """The Leitbild with every payload; a Ziel, a Maßnahme and a Kennzahl per payload."""
    cycles.set_vision(cycle, "\n\n".join(p.text for p in payloads), by=BY, now=T0)
    for p in payloads:
        attempt("ziel", p, lambda p=p: cycles.add_goal(cycle, p.text, ["schule"], by=BY, now=T0))
    goal = cycles.replay_check(cycle)[0].goals[0].id
    strategy = cycles.add_strategy(cycle, goal, "Strategie", by=BY, now=T0).strategies[0].id
    for p in payloads:
        attempt(
            "massnahme",
            p,
            lambda p=p: cycles.save_measure(
                cycle,
                strategy_id=strategy,
                title=p.text,
                owner_id=owner,
                indicator=p.one_line,
                target_value=p.one_line,
                deadline=(T0 + timedelta(days=365)).date(),
                by=BY,
                now=T0,
            ),
        )
    for p in payloads:
        found = attempt(
            "kennzahl name",
            p,
            lambda p=p: indicators.add(
                cycle,
                item_kind=ItemKind.ZIEL,
                item_id=goal,
                name=p.text,
                unit="%-Punkte",
                source=p.one_line,
                baseline=(-5.0, 2024),
                target=(10.0, 2028),
                by=BY,
                now=T0,
            ),
        )
        if found is not None and p is payloads[0]:  # a negative number, which is no formula
            indicators.record_value(found.id or 0, year=2025, value=-3.5, by=BY, now=T0)


def _library(attempt: _Attempts, payloads: list[Payload], cycle: int) -> None:
    """A Wissen document per payload, as its title and description; where the title is
    refused (a line break), the payload is the description only."""
    for p in payloads:
        for field_name, title in (("wissen titel", p.text), ("wissen text", f"Dokument {p.id}")):
            added = attempt(
                field_name,
                p,
                lambda p=p, title=title: documents.add(
                    title=title,
                    description=p.text,
                    url=allowed_but_breaking(p.id, "wissen"),
                    cycle_id=cycle,
                    areas=["schule"],
                    by=BY,
                    now=T0,
                ),
            )
            if added is not None:
                break


def _meeting(attempt: _Attempts, payloads: list[Payload], board: int) -> int:
    """A public meeting of *board* at a place of every payload, with a TOP per payload."""
    place = " | ".join(p.text for p in payloads)
    meeting = meetings.plan(
        board_id=board,
        starts_at=MEETING,
        ends_at=None,
        place=place,
        video=allowed_but_breaking(payloads[0].id, "video"),
        public=True,
        by=BY,
        now=T0,
    )
    for p in payloads:
        attempt(
            "top titel",
            p,
            lambda p=p: meetings.add_item(
                meeting.id or 0,
                title=p.text,
                public=True,
                documents=[allowed_but_breaking(p.id, "sitzung")],
                cycle_id=None,
                by=BY,
                now=T0,
            ),
        )
    return meeting.id or 0


def _minutes(world: World, meeting: int, people: list[int]) -> None:
    """The meeting held, its Protokoll drafted, every payload typed into it, exported as
    HTML and PDF, and sent as `sitzung protokoll --versenden` sends it."""
    now = HELD
    meetings.record_attendance(
        meeting, present=people, excused=[], absent=[], represented=[], by=BY, now=now
    )
    meetings.hold(meeting, by=BY, now=now)
    meetings.draft_minutes(meeting, minutes.draft(meeting, by=BY), by=BY, now=now)
    typed = minutes.draft(meeting, by=BY) + "\n## Sonstiges\n\n"
    typed += "\n\n".join(p.text for p in world.payloads) + "\n"
    meetings.edit_minutes(meeting, typed, by=BY, now=now)
    world.protocol_html = minutes.document(meeting)
    world.protocol_pdf = minutes.pdf(meeting)
    stored = meeting_queries.minutes_text(meeting)
    meetings.send_minutes(
        meeting,
        html=minutes.body_html(stored),
        text=stored,
        pdf=world.protocol_pdf,
        by=BY,
        now=now,
    )


def _outbox(url: str) -> list[dict[str, Any]]:
    with engine(url).connect() as conn:
        rows = conn.execute(text("SELECT kind, payload FROM outbox ORDER BY id")).all()
    found = []
    for kind, payload in rows:
        doc = payload if isinstance(payload, dict) else json.loads(payload)
        found.append({"kind": kind, **doc})
    return found
