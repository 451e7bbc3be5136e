"""Rows of personal links (Core statements)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, select, update

from dkbm.store.db import Tx
from dkbm.store.tables import MemberLinkRow

_LINK = MemberLinkRow.__table__  # type: ignore[attr-defined]

OBJECT_COLUMNS = ("cycle_id", "stage", "round", "meeting_id", "task_id")


def open_for_actors(
    s: Tx, actor_ids: list[int], purpose: str, target: dict[str, Any], now: datetime
) -> dict[int, Any]:
    """The open link each of these Akteure holds for this purpose and object (the newest)."""
    if not actor_ids:
        return {}
    conditions = [
        _LINK.c.actor_id.in_(actor_ids),
        _LINK.c.purpose == purpose,
        _LINK.c.revoked_at.is_(None),
        _LINK.c.expires_at > now,
    ]
    for column in OBJECT_COLUMNS:
        value = target.get(column)
        conditions.append(_LINK.c[column].is_(None) if value is None else _LINK.c[column] == value)
    rows = s.connection().execute(select(_LINK).where(and_(*conditions)).order_by(_LINK.c.id))
    return {row.actor_id: row for row in rows}


def open_for(s: Tx, actor_id: int, purpose: str, target: dict[str, Any], now: datetime) -> Any:
    """The link this Akteur already holds for this purpose and object, if still open."""
    return open_for_actors(s, [actor_id], purpose, target, now).get(actor_id)


def add_many(s: Tx, rows: list[dict[str, Any]]) -> dict[int, int]:
    """Insert link rows; returns each new row's id by its Akteur."""
    if not rows:
        return {}
    statement = insert(_LINK).returning(_LINK.c.id, _LINK.c.actor_id, sort_by_parameter_order=True)
    return {r.actor_id: r.id for r in s.connection().execute(statement, rows)}


def set_expiries(s: Tx, link_ids: list[int], expires_at: datetime) -> None:
    if link_ids:
        s.connection().execute(
            update(_LINK).where(_LINK.c.id.in_(link_ids)).values(expires_at=expires_at)
        )


def by_ids(s: Tx, link_ids: list[int]) -> list[Any]:
    if not link_ids:
        return []
    return list(s.connection().execute(select(_LINK).where(_LINK.c.id.in_(link_ids))))


def add(s: Tx, **values: Any) -> int:
    return s.connection().execute(insert(_LINK).values(**values)).inserted_primary_key[0]


def by_hash(s: Tx, token_hash: str) -> Any:
    return s.connection().execute(select(_LINK).where(_LINK.c.token_hash == token_hash)).first()


def by_id(s: Tx, link_id: int) -> Any:
    return s.connection().execute(select(_LINK).where(_LINK.c.id == link_id)).first()


def of_actor(s: Tx, actor_id: int) -> list[Any]:
    return list(
        s.connection().execute(
            select(_LINK).where(_LINK.c.actor_id == actor_id).order_by(_LINK.c.id)
        )
    )


def revoke(s: Tx, now: datetime, reason: str, **where: Any) -> int:
    """Revoke every open link matching *where* (columns of the link row); returns how many."""
    conditions = [_LINK.c.revoked_at.is_(None)]
    for column, value in where.items():
        if column == "not_round":
            conditions.append(_LINK.c.round != value)
        else:
            conditions.append(_LINK.c[column] == value)
    result = s.connection().execute(
        update(_LINK).where(and_(*conditions)).values(revoked_at=now, revoked_reason=reason)
    )
    return result.rowcount or 0
