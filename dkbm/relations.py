"""Use cases on relations between organisations: add, end, remove (one transaction each,
audited as subject `beziehung`), and what a merge of two organisations does to them.

A relation runs from one organisation to another with a kind (Kooperationsvereinbarung,
Trägerschaft, Förderung, Mitgliedschaft, Netzwerkpartner: `states.relations`), valid from
and to a day (either open). Ending one keeps it, with its end: the network's history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import or_, select

from dkbm.states.errors import InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.relations import Relation, RelationKind, check, check_dates, kind_of
from dkbm.store import repository as repo
from dkbm.store.db import session
from dkbm.store.tables import OrganisationRelationRow, OrganisationRow

NOTE_LIMIT = 500


def add(
    from_id: int,
    to_id: int,
    *,
    kind: str,
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
    by: str,
    now: datetime,
) -> Relation:
    """A relation from *from_id* to *to_id*; refused to itself, between unknown
    organisations, ending before it begins, or when the same one runs already."""
    chosen = kind_of(kind)
    check(from_id, to_id, valid_from, valid_to)
    if "\n" in note or "\r" in note:
        raise InvalidValue("notiz", note, t("expected_one_line"))
    text = " ".join(note.split())[:NOTE_LIMIT]
    with session() as s:
        for org_id in (from_id, to_id):
            if s.get(OrganisationRow, org_id) is None:
                raise NotFound("organisation", org_id)
        twin = _running_twin(s, from_id, to_id, chosen, valid_from)
        if twin is not None:
            raise Refused(
                "verbinden",
                Reason("reason_relation_exists", id=twin.id, source=from_id, target=to_id),
            )
        kommune = repo.municipality(s)
        row = OrganisationRelationRow(
            municipality_id=kommune.id,
            from_id=from_id,
            to_id=to_id,
            kind=chosen.value,
            valid_from=valid_from,
            valid_to=valid_to,
            note=text,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        _audit(s, row, now, by, "angelegt", _payload(row))
        return _relation(row)


def end(relation_id: int, *, on: date, by: str, now: datetime) -> Relation:
    """Beenden: the relation is valid up to and including *on*; kept with its end."""
    with session() as s:
        row = _row(s, relation_id)
        check_dates(row.valid_from, on)
        before = row.valid_to
        row.valid_to = on
        row.updated_at = now
        s.add(row)
        _audit(
            s,
            row,
            now,
            by,
            "beendet",
            {"bis": on.isoformat(), "vorher": before.isoformat() if before else None},
        )
        return _relation(row)


def remove(relation_id: int, *, by: str, now: datetime) -> Relation:
    """Entfernen: the relation goes (one recorded by mistake); the audit log keeps what it was."""
    with session() as s:
        row = _row(s, relation_id)
        gone = _relation(row)
        payload = _payload(row)
        s.delete(row)
        _audit(s, row, now, by, "entfernt", payload)
        return gone


def move_to(s: Any, from_id: int, into_id: int) -> list[int]:
    """Inside a merge's transaction: the relations of *from_id* now belong to *into_id*;
    those between the two go (a relation to itself). Returns the ids moved."""
    moved: list[int] = []
    rows = s.exec(
        select(OrganisationRelationRow).where(
            or_(
                OrganisationRelationRow.from_id == from_id,
                OrganisationRelationRow.to_id == from_id,
            )
        )
    )
    for row in list(rows):
        ends = {row.from_id, row.to_id}
        if ends == {from_id, into_id}:
            s.delete(row)
            continue
        if row.from_id == from_id:
            row.from_id = into_id
        if row.to_id == from_id:
            row.to_id = into_id
        s.add(row)
        moved.append(row.id)
    s.flush()
    return moved


def drop_of(s: Any, organisation_id: int, *, now: datetime, by: str) -> None:
    """Inside the transaction that deletes an organisation: its relations go, each
    audited with what it was."""
    rows = s.exec(
        select(OrganisationRelationRow).where(
            or_(
                OrganisationRelationRow.from_id == organisation_id,
                OrganisationRelationRow.to_id == organisation_id,
            )
        )
    )
    for row in list(rows):
        payload = _payload(row)
        s.delete(row)
        _audit(s, row, now, by, "entfernt", payload)
    s.flush()


def _running_twin(
    s: Any, from_id: int, to_id: int, kind: RelationKind, valid_from: date | None
) -> OrganisationRelationRow | None:
    """The same relation (ends, kind), still running on the day the new one begins."""
    rows = s.exec(
        select(OrganisationRelationRow).where(
            OrganisationRelationRow.from_id == from_id,
            OrganisationRelationRow.to_id == to_id,
            OrganisationRelationRow.kind == kind.value,
        )
    )
    for row in rows:
        if row.valid_to is None or valid_from is None or row.valid_to >= valid_from:
            return row
    return None


def _row(s: Any, relation_id: int) -> OrganisationRelationRow:
    row = s.get(OrganisationRelationRow, relation_id)
    if row is None:
        raise NotFound("beziehung", relation_id)
    return row


def _relation(row: OrganisationRelationRow) -> Relation:
    return Relation(
        id=row.id,
        from_id=row.from_id,
        to_id=row.to_id,
        kind=RelationKind(row.kind),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        note=row.note,
    )


def _payload(row: OrganisationRelationRow) -> dict[str, Any]:
    return {
        "von_organisation": row.from_id,
        "zu_organisation": row.to_id,
        "art": row.kind,
        "von": row.valid_from.isoformat() if row.valid_from else None,
        "bis": row.valid_to.isoformat() if row.valid_to else None,
        "notiz": row.note,
    }


def _audit(
    s: Any, row: OrganisationRelationRow, now: datetime, by: str, action: str, payload: Any
) -> None:
    repo.append_audit(
        s,
        subject="beziehung",
        subject_id=row.id,
        version=1,
        at=now,
        by=by,
        action=action,
        payload=payload,
    )
