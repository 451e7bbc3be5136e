"""Regionale Verbünde: each with its partner Kommunen, its Gremium's members, and the
cycles and Maßnahmen run in it."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from dkbm.states.errors import NotFound
from dkbm.states.verbund import Partner, Verbund
from dkbm.store.reads.connection import Reader, placeholders


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _verbund(row: SimpleNamespace, partners: list[Partner]) -> Verbund:
    return Verbund(
        id=row.id,
        municipality_id=row.municipality_id,
        name=row.name,
        agreement=row.agreement,
        agreement_url=row.agreement_url,
        valid_from=_day(row.valid_from),
        valid_to=_day(row.valid_to),
        board_id=row.board_id,
        partners=partners,
    )


def _partners(r: Reader, ids: list[int]) -> dict[int, list[Partner]]:
    found: dict[int, list[Partner]] = {i: [] for i in ids}
    if not ids:
        return found
    marks, params = placeholders(ids)
    for p in r.rows(
        f"SELECT * FROM verbund_partner WHERE verbund_id IN ({marks}) ORDER BY id", **params
    ):
        found[p.verbund_id].append(
            Partner(
                id=p.id,
                verbund_id=p.verbund_id,
                name=p.name,
                ags=p.ags,
                contact_name=p.contact_name,
                contact_email=p.contact_email,
            )
        )
    return found


def verbuende(r: Reader, ids: list[int] | None = None) -> list[Verbund]:
    """The Verbünde (all: None), by id, each with its partner Kommunen."""
    if ids is None:
        rows = r.rows("SELECT * FROM verbund ORDER BY id")
    elif not ids:
        return []
    else:
        marks, params = placeholders(ids)
        rows = r.rows(f"SELECT * FROM verbund WHERE id IN ({marks}) ORDER BY id", **params)
    partners = _partners(r, [row.id for row in rows])
    return [_verbund(row, partners[row.id]) for row in rows]


def verbund(r: Reader, verbund_id: int) -> Verbund:
    found = verbuende(r, [verbund_id])
    if not found:
        raise NotFound("verbund", verbund_id)
    return found[0]


def board_names(r: Reader) -> dict[int, str]:
    return {row.id: row.name for row in r.rows("SELECT id, name FROM board")}


def members(r: Reader, board_id: int) -> list[SimpleNamespace]:
    """The members of a Gremium with their role and, for an Akteur of a partner Kommune,
    its name: (id, name, role, status, partner_id, partner)."""
    return r.rows(
        "SELECT a.id, a.name, a.status, m.role, a.partner_id, p.name AS partner "
        "FROM board_member m JOIN actor a ON a.id = m.actor_id "
        "LEFT JOIN verbund_partner p ON p.id = a.partner_id "
        "WHERE m.board_id = %(b)s ORDER BY a.id",
        b=board_id,
    )


def partner_actors(r: Reader, verbund_id: int) -> list[SimpleNamespace]:
    """The Akteure marked as belonging to a partner Kommune of the Verbund:
    (id, name, status, partner_id, partner)."""
    return r.rows(
        "SELECT a.id, a.name, a.status, a.partner_id, p.name AS partner FROM actor a "
        "JOIN verbund_partner p ON p.id = a.partner_id "
        "WHERE p.verbund_id = %(v)s ORDER BY a.id",
        v=verbund_id,
    )


def cycles(r: Reader, verbund_id: int) -> list[SimpleNamespace]:
    """The cycles run in the Verbund: (id, title, state)."""
    return r.rows(
        "SELECT id, title, state FROM cycle WHERE verbund_id = %(v)s ORDER BY id", v=verbund_id
    )


def measures(r: Reader, verbund_id: int) -> list[SimpleNamespace]:
    """The Maßnahmen run in the Verbund: (cycle_id, cycle, item_id, title)."""
    return r.rows(
        "SELECT m.cycle_id, c.title AS cycle, m.item_id, m.title FROM measure m "
        "JOIN cycle c ON c.id = m.cycle_id WHERE m.verbund_id = %(v)s "
        "ORDER BY m.cycle_id, m.position",
        v=verbund_id,
    )


def of_cycle(r: Reader, cycle_id: int) -> tuple[int | None, dict[int, int]]:
    """The Verbund a cycle is run in (or None), and its Maßnahmen's: item -> Verbund."""
    row = r.one("SELECT verbund_id FROM cycle WHERE id = %(c)s", c=cycle_id)
    if row is None:
        raise NotFound("cycle", cycle_id)
    measured = r.rows(
        "SELECT item_id, verbund_id FROM measure WHERE cycle_id = %(c)s AND verbund_id IS NOT NULL",
        c=cycle_id,
    )
    return row.verbund_id, {m.item_id: m.verbund_id for m in measured}


def of_cycles(r: Reader) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """Every cycle's Verbund and every Maßnahme's ((cycle, item) -> Verbund)."""
    cycles_ = {
        row.id: row.verbund_id
        for row in r.rows("SELECT id, verbund_id FROM cycle WHERE verbund_id IS NOT NULL")
    }
    measures_ = {
        (row.cycle_id, row.item_id): row.verbund_id
        for row in r.rows(
            "SELECT cycle_id, item_id, verbund_id FROM measure WHERE verbund_id IS NOT NULL"
        )
    }
    return cycles_, measures_
