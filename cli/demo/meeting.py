"""`dkbm demo`, within stage 3: the Lenkungsgruppe decides in a Sitzung (Ladung, replies,
Anwesenheit, votes, an Aufgabe and the Protokoll's draft)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dkbm import meetings, minutes
from dkbm.cli.demo.network import DEPUTY, STEERING
from dkbm.cli.demo.story import BY, Clock, say
from dkbm.states.meeting import BERLIN as LOCAL


def decide(clock: Clock, cycle_id: int, board_id: int) -> None:
    """The Lenkungsgruppe decides in a Sitzung: Ladung, replies, attendance, vote, minutes."""
    day = (clock.now + timedelta(days=10)).astimezone(LOCAL).date()
    start = datetime.combine(day, time(17, 0), tzinfo=LOCAL)
    m = meetings.plan(
        board_id=board_id,
        starts_at=start,
        ends_at=None,
        place="Kreishaus, Sitzungssaal",
        video="",
        public=True,
        by=BY,
        now=clock.now,
    )
    meetings.add_item(
        m.id or 0,
        title="Bericht der Koordination zur Beteiligung",
        public=True,
        documents=[f"https://musterland.example/bildung/beteiligung-{clock.now.year}.pdf"],
        cycle_id=None,
        by=BY,
        now=clock.now,
    )
    meetings.add_item(
        m.id or 0, title="", public=True, documents=[], cycle_id=cycle_id, by=BY, now=clock.now
    )
    meetings.invite(m.id or 0, by=BY, now=clock.now)
    say(
        f"  Sitzung {m.id} geplant am {start:%d.%m.%Y %H:%M} Uhr, Ladung mit 2 TOPs und "
        "Kalendereintrag an 10 Mitglieder.",
        f"  Meeting {m.id} planned for {start:%d %b %Y %H:%M}, invitation with 2 items and a "
        "calendar entry to 10 members.",
    )
    meetings.reply(m.id or 0, 5, "vertretung", by=BY, now=clock.now)
    meetings.reply(m.id or 0, 24, "absage", by=BY, now=clock.now)
    clock.now = start + timedelta(hours=2)
    present = [a for a in STEERING if a not in (5, 24)] + [DEPUTY]
    meetings.record_attendance(
        m.id or 0,
        present=present,
        excused=[24],
        absent=[],
        represented=[5],
        by=BY,
        now=clock.now,
    )
    meetings.hold(m.id or 0, by=BY, now=clock.now)
    meetings.vote(
        m.id or 0, 1, unanimous=True, discussion="Zur Kenntnis genommen.", by=BY, now=clock.now
    )
    held = meetings.vote(
        m.id or 0,
        2,
        yes=7,
        no=0,
        abstain=1,
        discussion="Die Strategien werden mit den AGs umgesetzt.",
        by=BY,
        now=clock.now,
    )
    result = held.items[1].vote
    assert result is not None
    say(
        f"  Sitzung: {result.seats} von 9 Sitzen besetzt (Mitglied 5 vertreten), TOP 2: "
        f"{result.yes} ja / {result.no} nein / {result.abstain} Enthaltung{'' if result.abstain == 1 else 'en'} – beschlossen.",
        f"  Meeting: {result.seats} of 9 seats filled (member 5 represented), item 2: "
        f"{result.yes} yes / {result.no} no / {result.abstain} abstain – decided.",
    )
    task = meetings.add_task(
        m.id or 0,
        2,
        title="Tandem-Konzept mit den Kitas abstimmen",
        owner_id=DEPUTY,
        due_at=clock.deadline(weeks=4),
        by=BY,
        now=clock.now,
    )
    meetings.draft_minutes(m.id or 0, minutes.draft(m.id or 0, by=BY), by=BY, now=clock.now)
    say(
        f"  Aufgabe {task} vergeben; Protokollentwurf erstellt ('dkbm sitzung protokoll {m.id}').",
        f"  Task {task} assigned; minutes drafted ('dkbm sitzung protokoll {m.id}').",
    )
