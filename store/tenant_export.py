"""Everything of one Kommune, as one JSON document, and its removal (`dkbm kommune
entfernen`): every row of every tenant table that names it, in an order its foreign keys
allow, then the Kommune itself."""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from dkbm.store.tables import TENANT_TABLES, MunicipalityRow

_MUNICIPALITY = MunicipalityRow.__table__  # type: ignore[attr-defined]


def _tables() -> list[Table]:
    """The tenant tables, those referred to before those that refer to them."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name in TENANT_TABLES]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    return value


def as_json(doc: dict[str, Any]) -> bytes:
    """*doc* as JSON (keys of stored documents that are numbers become text)."""
    import orjson

    return orjson.dumps(doc, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_INDENT_2, default=str)


def exported(conn: Connection, kommune_id: int) -> dict[str, Any]:
    """Every row of the Kommune *kommune_id*, table by table (files as base64)."""
    own = conn.execute(select(_MUNICIPALITY).where(_MUNICIPALITY.c.id == kommune_id)).mappings()
    doc: dict[str, Any] = {"municipality": [{k: _plain(v) for k, v in r.items()} for r in own]}
    for table in _tables():
        rows = conn.execute(
            select(table).where(table.c.municipality_id == kommune_id).order_by(*table.primary_key)
        ).mappings()
        doc[table.name] = [{k: _plain(v) for k, v in r.items()} for r in rows]
    return doc


def remove(conn: Connection, kommune_id: int) -> dict[str, int]:
    """Delete every row of the Kommune *kommune_id*, then the Kommune; returns the count per
    table. In the caller's transaction: all of it or nothing."""
    counts = {}
    for table in reversed(_tables()):
        done = conn.execute(delete(table).where(table.c.municipality_id == kommune_id))
        counts[table.name] = done.rowcount
    conn.execute(delete(_MUNICIPALITY).where(_MUNICIPALITY.c.id == kommune_id))
    return counts
