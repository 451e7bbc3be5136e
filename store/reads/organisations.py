"""The organisations of the network and who belongs to them."""

from __future__ import annotations

from dkbm.states.errors import NotFound
from dkbm.states.model import Actor, Organisation
from dkbm.store import mapping
from dkbm.store.reads.connection import Reader
from dkbm.store.reads.network import ACTORS


def organisations(r: Reader) -> list[tuple[Organisation, int]]:
    """Every organisation, by name, with how many Akteure belong to it."""
    rows = r.rows(
        "SELECT o.*, (SELECT COUNT(*) FROM actor a WHERE a.organisation_id = o.id) AS members "
        "FROM organisation o ORDER BY o.name_key, o.id"
    )
    return [(mapping.organisation(row), int(row.members)) for row in rows]


def organisation(r: Reader, organisation_id: int) -> Organisation:
    row = r.one("SELECT * FROM organisation WHERE id = %(id)s", id=organisation_id)
    if row is None:
        raise NotFound("organisation", organisation_id)
    return mapping.organisation(row)


def members(r: Reader, organisation_id: int) -> list[Actor]:
    """The Akteure of an organisation, by id."""
    rows = r.rows(f"{ACTORS} WHERE a.organisation_id = %(id)s ORDER BY a.id", id=organisation_id)
    return [mapping.actor(row) for row in rows]
