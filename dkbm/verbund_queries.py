"""Read models of regionale Verbünde, in the stable `--json` shapes."""

from __future__ import annotations

from datetime import date
from typing import Any

from dkbm.states.verbund import Verbund
from dkbm.store.reads import reader
from dkbm.store.reads import verbuende as read
from dkbm.store.settings import database_url


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def verbund_doc(v: Verbund, boards: dict[int, str]) -> dict[str, Any]:
    """A Verbund for the Koordination: with its partners' contacts (never published)."""
    return {
        "id": v.id,
        "name": v.name,
        "vereinbarung": v.agreement,
        "link": v.agreement_url,
        "von": _day(v.valid_from),
        "bis": _day(v.valid_to),
        "gremium": ({"id": v.board_id, "name": boards.get(v.board_id, "")} if v.board_id else None),
        "partner": [
            {
                "id": p.id,
                "name": p.name,
                "ags": p.ags,
                "kontakt": p.contact_name,
                "kontakt_email": p.contact_email,
            }
            for p in v.partners
        ],
    }


def verbuende() -> list[dict[str, Any]]:
    """Every Verbund, by number."""
    with reader(database_url()) as r:
        found = read.verbuende(r)
        boards = read.board_names(r)
    return [verbund_doc(v, boards) for v in found]


def verbund(verbund_id: int) -> dict[str, Any]:
    """One Verbund with its Gremium's members (and their partner Kommune), the Akteure
    of its partner Kommunen, and the cycles and Maßnahmen run in it."""
    with reader(database_url()) as r:
        v = read.verbund(r, verbund_id)
        boards = read.board_names(r)
        members = read.members(r, v.board_id) if v.board_id else []
        people = read.partner_actors(r, verbund_id)
        cycles = read.cycles(r, verbund_id)
        measures = read.measures(r, verbund_id)
    return {
        **verbund_doc(v, boards),
        "mitglieder": [
            {"id": m.id, "name": m.name, "rolle": m.role, "partner": m.partner_id} for m in members
        ],
        "akteure": [
            {"id": a.id, "name": a.name, "status": a.status, "partner": a.partner_id}
            for a in people
        ],
        "zyklen": [{"id": c.id, "titel": c.title, "zustand": c.state} for c in cycles],
        "massnahmen": [
            {"zyklus": m.cycle_id, "zyklus_titel": m.cycle, "id": m.item_id, "titel": m.title}
            for m in measures
        ],
    }


def of_cycle(cycle_id: int) -> dict[str, Any]:
    """The Verbund a cycle runs in and those of its Maßnahmen: {"verbund": {id, name,
    partner: [names]} | None, "massnahmen": {item id: {id, name}}}."""
    with reader(database_url()) as r:
        own, measured = read.of_cycle(r, cycle_id)
        wanted = sorted({*measured.values(), *([own] if own else [])})
        found = {v.id: v for v in read.verbuende(r, wanted)}

    def short(verbund_id: int) -> dict[str, Any]:
        v = found[verbund_id]
        return {"id": v.id, "name": v.name, "partner": [p.name for p in v.partners]}

    return {
        "verbund": short(own) if own else None,
        "massnahmen": {item: short(v) for item, v in measured.items()},
    }
