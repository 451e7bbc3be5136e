"""Read models of relations between organisations, in the stable `--json` shape."""

from __future__ import annotations

from datetime import date
from typing import Any

from dkbm.states.relations import Relation
from dkbm.store.reads import reader
from dkbm.store.reads import relations as read
from dkbm.store.settings import database_url


def relation_doc(r: Relation, names: dict[int, str], today: date) -> dict[str, Any]:
    return {
        "id": r.id,
        "von_organisation": {"id": r.from_id, "name": names.get(r.from_id, "")},
        "zu_organisation": {"id": r.to_id, "name": names.get(r.to_id, "")},
        "art": r.kind.value,
        "von": r.valid_from.isoformat() if r.valid_from else None,
        "bis": r.valid_to.isoformat() if r.valid_to else None,
        "laufend": r.current(today),
        "notiz": r.note,
    }


def relations(
    today: date, *, ended_too: bool = False, organisation: int | None = None
) -> list[dict[str, Any]]:
    """The relations by id: those current on *today* (begun and not ended; with
    *ended_too*: all, ended and future ones too), of one organisation (either end) or of
    all."""
    with reader(database_url()) as r:
        if organisation is not None:
            from dkbm.store.reads import organisations

            organisations.organisation(r, organisation)  # NotFound for an unknown number
        found = read.relations(
            r, current_on=None if ended_too else today, organisation=organisation
        )
        names = {o.id: o.name for o in read.organisations(r)}
    return [relation_doc(x, names, today) for x in found]  # type: ignore[misc]
