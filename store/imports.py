"""Akteure and organisations read and written in bulk, for an import: what exists is read
once, new rows go in with one statement per table (SQLAlchemy's insertmanyvalues, ids in
parameter order), changes as one executemany per table. Never a query per row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection, Row

from dkbm.store.tables import (
    ActorRow,
    AuditEventRow,
    ConsentEventRow,
    OrganisationRow,
)

_ACTOR = ActorRow.__table__  # type: ignore[attr-defined]
_ORGANISATION = OrganisationRow.__table__  # type: ignore[attr-defined]
_AUDIT = AuditEventRow.__table__  # type: ignore[attr-defined]
_CONSENT = ConsentEventRow.__table__  # type: ignore[attr-defined]

ACTOR_FIELDS = ("name", "organisation_id", "email", "sector", "areas", "consent_publication",
                "lang", "function")  # fmt: skip
ORGANISATION_FIELDS = ("name", "kind", "sector", "areas", "locality", "address", "website")


def organisations(conn: Connection, municipality_id: int) -> list[Row[Any]]:
    """Every organisation of the Kommune, by id."""
    return list(
        conn.execute(
            select(_ORGANISATION)
            .where(_ORGANISATION.c.municipality_id == municipality_id)
            .order_by(_ORGANISATION.c.id)
        )
    )


def actors(conn: Connection, municipality_id: int) -> list[Row[Any]]:
    """Every Akteur of the Kommune whose data are kept (not erased), by id."""
    return list(
        conn.execute(
            select(_ACTOR.c.id, _ACTOR.c.status, *(_ACTOR.c[f] for f in ACTOR_FIELDS))
            .where(_ACTOR.c.municipality_id == municipality_id, _ACTOR.c.status != "geloescht")
            .order_by(_ACTOR.c.id)
        )
    )


def add_organisations(
    conn: Connection, municipality_id: int, rows: list[dict[str, Any]], at: datetime
) -> list[int]:
    """Insert *rows* (ORGANISATION_FIELDS and name_key); their ids, in order."""
    if not rows:
        return []
    values = [
        {**r, "municipality_id": municipality_id, "created_at": at, "updated_at": at} for r in rows
    ]
    statement = insert(_ORGANISATION).returning(_ORGANISATION.c.id, sort_by_parameter_order=True)
    return [r[0] for r in conn.execute(statement, values)]


def change_organisations(conn: Connection, changes: list[dict[str, Any]], at: datetime) -> None:
    """*changes*: each `id` with every one of ORGANISATION_FIELDS but the name (as it is to be)."""
    if not changes:
        return
    fields = [f for f in ORGANISATION_FIELDS if f != "name"]
    statement = (
        update(_ORGANISATION)
        .where(_ORGANISATION.c.id == bindparam("row_id"))
        .values({f: bindparam(f"new_{f}") for f in [*fields, "updated_at"]})
    )
    conn.execute(
        statement,
        [
            {"row_id": c["id"], "new_updated_at": at} | {f"new_{f}": c[f] for f in fields}
            for c in changes
        ],
    )


def add_actors(conn: Connection, municipality_id: int, rows: list[dict[str, Any]]) -> list[int]:
    """Insert *rows* (ACTOR_FIELDS), active, told at once by e-mail; their ids, in order."""
    if not rows:
        return []
    values = [
        {**r, "municipality_id": municipality_id, "channels": [], "delivery": "sofort",
         "status": "aktiv"}
        for r in rows
    ]  # fmt: skip
    statement = insert(_ACTOR).returning(_ACTOR.c.id, sort_by_parameter_order=True)
    return [r[0] for r in conn.execute(statement, values)]


def change_actors(conn: Connection, changes: list[dict[str, Any]]) -> None:
    """*changes*: each `id` with every one of ACTOR_FIELDS (as it is to be)."""
    if not changes:
        return
    statement = (
        update(_ACTOR)
        .where(_ACTOR.c.id == bindparam("row_id"))
        .values({f: bindparam(f"new_{f}") for f in ACTOR_FIELDS})
    )
    conn.execute(
        statement,
        [{"row_id": c["id"]} | {f"new_{f}": c[f] for f in ACTOR_FIELDS} for c in changes],
    )


def audit(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Audit entries (subject, subject_id, at, by, action, payload), version 1 each, as
    the use cases on Akteure and organisations write them one by one."""
    if entries:
        conn.execute(insert(_AUDIT), [{"version": 1, "reason": "", **e} for e in entries])


def consent_events(conn: Connection, events: list[dict[str, Any]]) -> None:
    """Consent given or withdrawn (municipality_id, actor_id, given, at, by, reason)."""
    if events:
        conn.execute(insert(_CONSENT), events)
