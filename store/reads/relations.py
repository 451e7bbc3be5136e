"""Relations between organisations, and what the network picture draws: organisations,
their relations, and the Gremien and AGs with the organisations of their members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dkbm.states.errors import NotFound
from dkbm.states.model import Organisation
from dkbm.states.relations import Relation, RelationKind
from dkbm.store import mapping
from dkbm.store.reads.connection import Reader


@dataclass(frozen=True)
class Hub:
    """A Gremium or an AG, with the organisations its active members belong to."""

    id: int
    name: str
    kind: str
    organisations: tuple[int, ...]


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def relation_of(row: Any) -> Relation:
    return Relation(
        id=row.id,
        from_id=row.from_id,
        to_id=row.to_id,
        kind=RelationKind(row.kind),
        valid_from=_day(row.valid_from),
        valid_to=_day(row.valid_to),
        note=row.note or "",
    )


def relations(
    r: Reader, *, current_on: date | None = None, organisation: int | None = None
) -> list[Relation]:
    """The relations by id: those current on *current_on* (`Relation.current`: begun and
    not ended; None: all), of one organisation (either end) or of all."""
    where, params = [], {}
    if current_on is not None:
        where.append("(valid_from IS NULL OR valid_from <= %(today)s)")
        where.append("(valid_to IS NULL OR valid_to >= %(today)s)")
        params["today"] = current_on.isoformat() if r.dialect == "sqlite" else current_on
    if organisation is not None:
        where.append("(from_id = %(org)s OR to_id = %(org)s)")
        params["org"] = organisation
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = r.rows(f"SELECT * FROM organisation_relation{clause} ORDER BY id", **params)
    return [relation_of(row) for row in rows]


def relation(r: Reader, relation_id: int) -> Relation:
    row = r.one("SELECT * FROM organisation_relation WHERE id = %(id)s", id=relation_id)
    if row is None:
        raise NotFound("beziehung", relation_id)
    return relation_of(row)


def organisations(r: Reader) -> list[Organisation]:
    """Every organisation, by id."""
    return [mapping.organisation(row) for row in r.rows("SELECT * FROM organisation ORDER BY id")]


def hubs(r: Reader) -> list[Hub]:
    """Every Gremium and AG, by id, with the organisations of its active members."""
    links = r.rows(
        "SELECT DISTINCT m.board_id, a.organisation_id FROM board_member m "
        "JOIN actor a ON a.id = m.actor_id "
        "WHERE a.organisation_id IS NOT NULL AND a.status = 'aktiv' "
        "ORDER BY m.board_id, a.organisation_id"
    )
    by_board: dict[int, list[int]] = {}
    for link in links:
        by_board.setdefault(link.board_id, []).append(link.organisation_id)
    return [
        Hub(row.id, row.name, row.kind, tuple(by_board.get(row.id, ())))
        for row in r.rows("SELECT id, name, kind FROM board ORDER BY id")
    ]
