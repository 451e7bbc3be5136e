"""`dkbm demo`: a sample Landkreis runs a strategy cycle from Leitbild to Umsetzung.

Everything goes through the same use cases as the CLI; only the clock is
simulated, so weeks of consultation pass in a second.
"""

from __future__ import annotations

from dkbm import context, queries
from dkbm.cli.demo import indicators as demo_indicators
from dkbm.cli.demo import library as demo_library
from dkbm.cli.demo import members as demo_members
from dkbm.cli.demo import network as demo_network
from dkbm.cli.demo import netzwerk as demo_netzwerk
from dkbm.cli.demo import stages as demo_stages
from dkbm.cli.demo.story import Clock, say, step, story_start
from dkbm.cli.output import day, h, table
from dkbm.states.errors import DkbmError, state_name, step_name
from dkbm.store import repository as repo
from dkbm.store.db import database_url, safe_url, session
from dkbm.store.migrate import upgrade
from dkbm.store.tables import ActorRow


def run() -> None:
    upgrade()
    with session() as s:
        if repo.count(s, ActorRow):
            raise DkbmError(
                "invalid_value",
                field="DKBM_DATABASE_URL",
                value="…",
                expected=h("eine leere Datenbank für die Demo", "an empty database for the demo"),
            )
    clock = Clock(story_start(context.now()))
    board_id, ag_ids = demo_network.set_up(clock)
    cycle_id = demo_stages.leitbild(clock, board_id)
    demo_stages.goals(clock, cycle_id, ag_ids)
    demo_stages.strategies(clock, cycle_id, board_id)
    demo_stages.measures(clock, cycle_id)
    demo_indicators.review(clock, cycle_id)
    demo_library.fill(clock, cycle_id, ag_ids)
    demo_netzwerk.connect(clock, cycle_id)
    _finale(clock, cycle_id)
    _member_view(demo_members.next_meeting(board_id))


def _finale(clock: Clock, cycle_id: int) -> None:
    step("Stand des Zyklus", "Where the cycle stands")
    doc = queries.status(cycle_id, clock.now)
    print(f"  {doc['titel']}: {doc['bezeichnung']} (Version {doc['version']})")
    for m in doc["inhalt"]["massnahmen"]:
        target, until = h("Ziel", "target"), h("bis", "until")
        together = (
            f", {h('im Verbund', 'in the alliance')} {m['verbund']['name']}"
            if m.get("verbund")
            else ""
        )
        print(
            f"  - {m['titel']} ({m['indikator']}, {target} {m['zielwert']}, {until} {day(m['frist']) if m['frist'] else '–'}{together})"
        )
    for s in doc["naechste_schritte"]:
        mark = "✓" if s["moeglich"] else "✗"
        print(f"  {mark} {step_name(s['schritt'])} {s['grund'] or ''}".rstrip())
    step("Verlauf (Übergänge)", "History (transitions)")
    rows = [
        [
            e["version"],
            day(e["zeit"]),
            step_name(e["schritt"]),
            state_name(e["aus"]) if e["aus"] else "-",
            state_name(e["nach"]),
            e["grund"],
        ]
        for e in queries.history(cycle_id)
        if e["schritt"]
    ]
    table(
        [
            "V",
            h("Datum", "Date"),
            h("Schritt", "Step"),
            h("Aus", "From"),
            h("Nach", "To"),
            h("Grund", "Reason"),
        ],
        rows,
    )
    with session() as s:
        queued = sum(1 for m in repo.outbox(s, cycle_id) if m.status in ("pending", "digest"))
    print()
    say(
        f"{queued} Nachrichten (Einladungen, Mitteilungen) liegen im Postausgang. "
        f"Weiter mit: DKBM_DATABASE_URL={safe_url(database_url())} .venv/bin/dkbm zyklus status {cycle_id}",
        f"{queued} messages (invitations, notices) are queued in the outbox. "
        f"Next: DKBM_DATABASE_URL={safe_url(database_url())} .venv/bin/dkbm zyklus status {cycle_id}",
    )


def _member_view(url: str) -> None:
    """The demo's last lines: the one command that serves the members' pages, and a link."""
    say(
        f"    DKBM_DATABASE_URL={safe_url(database_url())} .venv/bin/dkbm web",
        f"    DKBM_DATABASE_URL={safe_url(database_url())} .venv/bin/dkbm web",
    )
    say(f"  und im Browser öffnen: {url}", f"  and open in a browser: {url}")
