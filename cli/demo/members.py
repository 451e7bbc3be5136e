"""`dkbm demo`, today: the Lenkungsgruppe's next Sitzung is called, and each member answers
it herself through her personal link; the demo ends with one of them and the command that
serves it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dkbm import context, meetings, member_links, network_queries
from dkbm.cli.demo.network import STEERING
from dkbm.cli.demo.story import BY, say, step
from dkbm.states.meeting import BERLIN as LOCAL


def next_meeting(board_id: int) -> str:
    """Plan and call the next Sitzung four weeks from today; return one member's link."""
    now = context.now()
    day = (now + timedelta(days=28)).astimezone(LOCAL).date()
    start = datetime.combine(day, time(17, 0), tzinfo=LOCAL)
    m = meetings.plan(
        board_id=board_id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Kreishaus, Sitzungssaal",
        video="",
        public=True,
        by=BY,
        now=now,
    )
    meetings.add_item(
        m.id or 0,
        title="Sachstand der Maßnahmen",
        public=True,
        documents=[],
        cycle_id=None,
        by=BY,
        now=now,
    )
    meetings.invite(m.id or 0, by=BY, now=now)
    member = STEERING[1]
    [url] = [x["url"] for x in member_links.listing(member, now) if x["zweck"] == "sitzung"]
    who = network_queries.actor(member)
    step("Mitwirken ohne Konto", "Taking part without an account")
    say(
        f"  Ladung zur Sitzung {m.id} am {start:%d.%m.%Y %H:%M} Uhr an die Lenkungsgruppe, "
        "an jedes Mitglied mit ihrem persönlichen Link: Zusage, Absage oder Vertretung gibt "
        "sie selbst, ohne Konto.",
        f"  Invitation to meeting {m.id} on {start:%d %b %Y %H:%M} to the steering group, to "
        "each member with her personal link: she replies, or names her deputy, herself, "
        "without an account.",
    )
    say(
        f"  So sieht es {who['name']} ({who['organisation']}):",
        f"  This is what {who['name']} ({who['organisation']}) sees:",
    )
    return url
