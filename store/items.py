"""The relational image of a cycle's Ziele, Strategien, Maßnahmen and their reports.

A cycle's document (`cycle.content`) is what its use cases read and write under one
optimistic version. The tables `goal`, `strategy`, `measure` and `measure_report` hold
the same items as rows, for queries across cycles (every Maßnahme of an Akteur, every
Ziel of a Bildungsbereich) and for the reminder sweep, which then reads the ten
Maßnahmen it needs instead of whole documents. `sync` keeps them equal to the document
inside the transaction that writes the document (`store.repository`); a fingerprint of the items tells
whether anything is to do, so a plain transition writes no item row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, update

from dkbm.store import codec, mapping
from dkbm.store.db import Tx
from dkbm.store.tables import GoalRow, MeasureReportRow, MeasureRow, StrategyRow

GOAL: Table = GoalRow.__table__  # type: ignore[attr-defined]
STRATEGY: Table = StrategyRow.__table__  # type: ignore[attr-defined]
MEASURE: Table = MeasureRow.__table__  # type: ignore[attr-defined]
REPORT: Table = MeasureReportRow.__table__  # type: ignore[attr-defined]
# What an item row holds besides the document's image: the Verbund a Maßnahme runs in,
# set on the row by `dkbm.verbuende` (`sync` compares and writes only the image's columns,
# so it stays as it is while the Maßnahme does).
# The Kommune a row belongs to is the row's alone too (its column default, `store.tenant`).
ROW_ONLY = frozenset({"verbund_id", "municipality_id"})
_KEYS = {
    GOAL: ("item_id",),
    STRATEGY: ("item_id",),
    MEASURE: ("item_id",),
    REPORT: ("measure_id", "position"),
}


def digest(content: dict[str, Any]) -> str:
    """Fingerprint of the items of a cycle document (not its vote or Beteiligung)."""
    items = [content.get("goals", []), content.get("strategies", []), content.get("measures", [])]
    return hashlib.blake2b(codec.dumps(items).encode(), digest_size=16).hexdigest()


def _moment(value: str) -> datetime:
    return mapping.aware(datetime.fromisoformat(value)).astimezone(UTC)  # naive: UTC


def rows(cycle_id: int, content: dict[str, Any]) -> dict[Table, list[dict[str, Any]]]:
    """The rows the document's items make, per table."""
    measures, reports = [], []
    for n, m in enumerate(content.get("measures", [])):
        done = m.get("reports", [])
        last = done[-1] if done else None
        measures.append(
            {
                "cycle_id": cycle_id,
                "item_id": m["id"],
                "position": n,
                "strategy_id": m["strategy_id"],
                "title": m["title"],
                "owner_id": m.get("owner_id"),
                "indicator": m.get("indicator", ""),
                "target_value": m.get("target_value", ""),
                "deadline": date.fromisoformat(m["deadline"]) if m.get("deadline") else None,
                "reports": len(done),
                "last_report_at": _moment(last["at"]) if last else None,
                "last_value": last.get("value") if last else None,
            }
        )
        reports += [
            {
                "cycle_id": cycle_id,
                "measure_id": m["id"],
                "position": k,
                "at": _moment(r["at"]),
                "text": r["text"],
                "value": r.get("value"),
            }
            for k, r in enumerate(done)
        ]
    return {
        GOAL: [
            {
                "cycle_id": cycle_id,
                "item_id": g["id"],
                "position": n,
                "title": g["title"],
                "areas": list(g.get("areas", [])),
            }
            for n, g in enumerate(content.get("goals", []))
        ],
        STRATEGY: [
            {
                "cycle_id": cycle_id,
                "item_id": s["id"],
                "position": n,
                "goal_id": s["goal_id"],
                "title": s["title"],
            }
            for n, s in enumerate(content.get("strategies", []))
        ],
        MEASURE: measures,
        REPORT: reports,
    }


def sync(s: Tx, cycle_id: int, content: dict[str, Any]) -> None:
    """Bring the item rows of *cycle_id* to *content*, writing only what differs (a new
    report is one INSERT and one UPDATE)."""
    conn = s.connection()
    for table, wanted in rows(cycle_id, content).items():
        keys = _KEYS[table]
        stored = {
            tuple(r[k] for k in keys): dict(r)
            for r in conn.execute(select(table).where(table.c.cycle_id == cycle_id)).mappings()
        }
        fresh = {tuple(r[k] for k in keys): r for r in wanted}
        gone = [key for key in stored if key not in fresh]
        for key in gone:
            conn.execute(delete(table).where(_match(table, cycle_id, keys, key)))
        new = [row for key, row in fresh.items() if key not in stored]
        if new:
            conn.execute(insert(table), new)
        for key, row in fresh.items():
            if key in stored and not _same(stored[key], row):
                conn.execute(update(table).where(_match(table, cycle_id, keys, key)).values(row))


def _match(table: Table, cycle_id: int, keys: Iterable[str], key: tuple[Any, ...]) -> Any:
    return and_(
        table.c.cycle_id == cycle_id, *(table.c[k] == v for k, v in zip(keys, key, strict=True))
    )


def _same(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(stored.get(k) == v for k, v in wanted.items())


def stored(s: Tx, cycle_id: int) -> dict[Table, list[dict[str, Any]]]:
    """The item rows of *cycle_id* as `rows` gives them, in document order."""
    conn = s.connection()
    result = {}
    for table, keys in _KEYS.items():
        order = [table.c.position] if table is not REPORT else [table.c[k] for k in keys]
        query = select(table).where(table.c.cycle_id == cycle_id).order_by(*order)
        result[table] = [
            {k: v for k, v in r.items() if k not in ROW_ONLY}
            for r in conn.execute(query).mappings()
        ]
    return result
