"""Read models of organisations, in the stable `--json` shapes."""

from __future__ import annotations

from typing import Any

from dkbm.states.model import Organisation
from dkbm.store.reads import organisations as read
from dkbm.store.reads import reader
from dkbm.store.settings import database_url


def organisation_doc(o: Organisation) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "art": o.kind.value,
        "sektor": o.sector.value,
        "bildungsbereiche": [a.value for a in o.areas],
        "gemeinde": o.locality,
        "adresse": o.address,
        "website": o.website,
    }


def organisations() -> list[dict[str, Any]]:
    """Every organisation, by name, with how many Akteure belong to it."""
    with reader(database_url()) as r:
        found = read.organisations(r)
    return [{**organisation_doc(o), "akteure": count} for o, count in found]


def organisation(organisation_id: int) -> dict[str, Any]:
    """One organisation with its Akteure (number, name, role there, status)."""
    with reader(database_url()) as r:
        o = read.organisation(r, organisation_id)
        people = read.members(r, organisation_id)
    return {
        **organisation_doc(o),
        "akteure": [
            {"id": a.id, "name": a.name, "funktion": a.function, "status": a.status} for a in people
        ],
    }
