"""Use cases on organisations: add, change, merge, delete (one transaction each, audited).

An organisation is a record of its own (Kita, Schule, Träger, Betrieb, Kammer, Verein …);
Akteure belong to one and keep their role there (`Actor.function`). Names are matched with
case and spaces aside (`states.model.organisation_key`), so "Stadt  Fürth" is "Stadt Fürth".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select

from dkbm import relations
from dkbm.network import choice, nonempty
from dkbm.states.errors import Duplicate, InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.links import allowed
from dkbm.states.model import (
    EducationArea,
    Organisation,
    OrganisationKind,
    Sector,
    organisation_key,
)
from dkbm.store import mapping
from dkbm.store import repository as repo
from dkbm.store.db import session
from dkbm.store.tables import ActorRow, OrganisationRow

WEB = ("https", "http")


def one_line(value: str, field: str) -> str:
    """An optional text on one line (empty allowed)."""
    if "\n" in value or "\r" in value:
        raise InvalidValue(field, value, t("expected_one_line"))
    return " ".join(value.split())


def checked_website(value: str) -> str:
    """A website under the link policy, http(s) only; empty: none."""
    url = value.strip()
    if url and not allowed(url, WEB):
        raise InvalidValue("website", url[:200], t("expected_website"))
    return url


def kind_of(value: str) -> OrganisationKind:
    return choice(OrganisationKind, value, "art", "organisationsart")


def organisation_from(
    *,
    name: str,
    kind: str,
    sector: str,
    areas: list[str] | None = None,
    locality: str = "",
    address: str = "",
    website: str = "",
) -> Organisation:
    """A checked organisation from the values of `dkbm organisation add` (or a row of an
    import), before anything is written: the one place its fields are checked."""
    return Organisation(
        id=None,
        name=" ".join(nonempty(name, "name").split()),
        kind=kind_of(kind),
        sector=choice(Sector, sector, "sektor"),
        areas=areas_of(areas or []),
        locality=one_line(locality, "gemeinde"),
        address=one_line(address, "adresse"),
        website=checked_website(website),
    )


def add(
    *,
    name: str,
    kind: str,
    sector: str,
    areas: list[str] | None = None,
    locality: str = "",
    address: str = "",
    website: str = "",
    by: str,
    now: datetime,
) -> Organisation:
    org = organisation_from(
        name=name,
        kind=kind,
        sector=sector,
        areas=areas,
        locality=locality,
        address=address,
        website=website,
    )
    with session() as s:
        kommune = repo.municipality(s)
        twin = repo.organisation_by_name(s, kommune.id, org.name)
        if twin is not None:
            raise Duplicate("organisation", twin.name, twin.id)  # type: ignore[arg-type]
        repo.add_organisation(s, kommune.id, org, now)
        audit(s, org.id, now, by, "angelegt", {"name": org.name})  # type: ignore[arg-type]
    return org


def change(
    organisation_id: int,
    *,
    by: str,
    now: datetime,
    name: str | None = None,
    kind: str | None = None,
    sector: str | None = None,
    areas: list[str] | None = None,
    locality: str | None = None,
    address: str | None = None,
    website: str | None = None,
) -> list[str]:
    """Change the given fields; returns the names of those that changed."""
    wanted: dict[str, Any] = {
        "name": " ".join(nonempty(name, "name").split()) if name is not None else None,
        "kind": kind_of(kind).value if kind is not None else None,
        "sector": choice(Sector, sector, "sektor").value if sector is not None else None,
        "areas": [a.value for a in areas_of(areas)] if areas is not None else None,
        "locality": one_line(locality, "gemeinde") if locality is not None else None,
        "address": one_line(address, "adresse") if address is not None else None,
        "website": checked_website(website) if website is not None else None,
    }
    with session() as s:
        row = _row(s, organisation_id)
        if wanted["name"] is not None and organisation_key(wanted["name"]) != row.name_key:
            twin = repo.organisation_by_name(s, row.municipality_id, wanted["name"])
            if twin is not None:
                raise Duplicate("organisation", twin.name, twin.id)  # type: ignore[arg-type]
        changed = [k for k, v in wanted.items() if v is not None and getattr(row, k) != v]
        for key in changed:
            setattr(row, key, wanted[key])
        if changed:
            row.name_key = organisation_key(row.name)
            row.updated_at = now
            s.add(row)
            audit(s, organisation_id, now, by, "geaendert", {"felder": changed})
    return changed


def merge(into_id: int, from_id: int, *, by: str, now: datetime) -> dict[str, Any]:
    """Zusammenführen: every Akteur of *from_id* now belongs to *into_id* (her Gremien and
    AGs stay as they are), *into_id* takes the Bildungsbereiche of both and what it lacks
    of place, address and website, and *from_id* is removed. Returns the moved Akteure."""
    if into_id == from_id:
        raise Refused("zusammenfuehren", Reason("reason_organisation_merge_self", id=into_id))
    with session() as s:
        into, gone = _row(s, into_id), _row(s, from_id)
        moved = list(s.exec(select(ActorRow).where(ActorRow.organisation_id == from_id)))
        for actor in moved:
            actor.organisation_id = into_id
            s.add(actor)
        areas = list(into.areas or [])
        areas += [a for a in gone.areas or [] if a not in areas]
        filled = [k for k in ("locality", "address", "website") if not getattr(into, k)]
        for key in filled:
            setattr(into, key, getattr(gone, key))
        into.areas = [a.value for a in EducationArea if a.value in areas]
        into.updated_at = now
        s.add(into)
        relations.move_to(s, from_id, into_id)  # between the two: dropped
        s.flush()
        s.delete(gone)
        ids = [a.id for a in moved]
        audit(
            s,
            into_id,
            now,
            by,
            "zusammengefuehrt",
            {"aus": from_id, "name": gone.name, "akteure": ids},
        )
        audit(s, from_id, now, by, "aufgeloest", {"in": into_id, "akteure": ids})
    return {"organisation": into_id, "entfernt": from_id, "name": gone.name, "akteure": ids}


def delete(organisation_id: int, *, by: str, now: datetime) -> str:
    """Remove an organisation no Akteur belongs to; returns its name."""
    with session() as s:
        row = _row(s, organisation_id)
        count = len(
            list(s.exec(select(ActorRow.id).where(ActorRow.organisation_id == organisation_id)))
        )
        if count:
            raise Refused(
                "loeschen",
                Reason(
                    "reason_organisation_has_actors",
                    id=organisation_id,
                    name=row.name,
                    count=count,
                ),
            )
        name = row.name
        relations.drop_of(s, organisation_id, now=now, by=by)
        s.delete(row)
        audit(s, organisation_id, now, by, "geloescht", {"name": name})
    return name


def organisation(organisation_id: int) -> Organisation:
    with session() as s:
        return mapping.organisation(_row(s, organisation_id))


def areas_of(values: list[str]) -> list[EducationArea]:
    """The Bildungsbereiche *values* name, in their order of the vocabulary."""
    found = [choice(EducationArea, a, "bildungsbereich") for a in values]
    return [a for a in EducationArea if a in found]


def _row(s, organisation_id: int) -> OrganisationRow:  # type: ignore[no-untyped-def]
    row = s.get(OrganisationRow, organisation_id)
    if row is None:
        raise NotFound("organisation", organisation_id)
    return row


def audit(s, organisation_id: int, now: datetime, by: str, action: str, payload) -> None:  # type: ignore[no-untyped-def]
    repo.append_audit(
        s,
        subject="organisation",
        subject_id=organisation_id,
        version=1,
        at=now,
        by=by,
        action=action,
        payload=payload,
    )
