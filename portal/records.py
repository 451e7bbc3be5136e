"""The records of the open data sets, made from what `portal.public` lets through: a
cycle's (`cycle_tables`, kept between builds) and the rest (`site_tables`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dkbm.context import BERLIN
from dkbm.portal.public import Person, Site
from dkbm.states.numbers import finite_or_none


def _person(p: Person | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"name": p.name, "organisation": p.organisation, "sektor": p.sector}


def _document(d: dict[str, Any]) -> dict[str, Any]:
    f = d["file"] or {}
    return {
        "quelle": d["source"],
        "id": d["id"],
        "titel": d["title"],
        "beschreibung": d["description"],
        "art": d["kind"],
        "url": d["url"] or d["path"],
        "dateiname": f.get("name"),
        "medientyp": f.get("media_type"),
        "groesse": f.get("size"),
        "sha256": f.get("sha256"),
        "zyklus": d["cycle"],
        "gremium": d["board"],
        "sitzung": d["meeting"],
        "bereiche": d["areas"],
        "datum": moment(d["date"]),
    }


def _verbund_id(verbund: dict[str, Any] | None) -> int | None:
    """The Verbund a cycle or Maßnahme is run in (verbuende.json), None: this Kommune alone."""
    return verbund["id"] if verbund else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def moment(at: datetime) -> str:
    """A moment as the Kommune reads it: local time with its offset (17:00+02:00, not
    15:00+00:00); the same instant for any program."""
    return at.astimezone(BERLIN).isoformat()


def cycle_tables(c: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The records one cycle (as `portal.public` gives it) adds to its data sets."""
    edited: dict[int | None, datetime] = c.get("edited", {})

    def edited_at(item_id: int | None) -> str | None:
        return moment(edited[item_id]) if item_id in edited else None

    return {
        "zyklen": [
            {
                "id": c["id"],
                "titel": c["title"],
                "zustand": c["state"],
                "stufe": c["stage"],
                "gremium": c["board"],
                "leitbild": c["vision"],
                "leitbild_redaktionell_geaendert": edited_at(None),
                "ziele": c["goals"],
                "strategien": c["strategies"],
                "verbund": _verbund_id(c.get("verbund")),
            }
        ],
        "massnahmen": [
            {
                "zyklus": c["id"],
                "id": m["id"],
                "strategie": m["strategy"],
                "titel": m["title"],
                "verantwortlich": _person(m["owner"]),
                "indikator": m["indicator"],
                "zielwert": m["target"],
                "frist": m["due"],
                "berichte": m["reports"],
                "redaktionell_geaendert": edited_at(m["id"]),
                "kennzahlen": [i.id for i in m.get("kennzahlen", [])],
                "verbund": _verbund_id(m.get("verbund")),
            }
            for m in c["measures"]
        ],
        "kennzahlen": [
            {
                "id": i.id,
                "zyklus": i.cycle_id,
                "bezug_art": i.item_kind.value,
                "bezug_id": i.item_id,
                "name": i.name,
                "einheit": i.unit,
                "quelle": i.source,
                "ausgangswert": finite_or_none(i.baseline_value),
                "ausgangsjahr": i.baseline_year,
                "zielwert": finite_or_none(i.target_value),
                "zieljahr": i.target_year,
                "werte": [{"jahr": v.year, "wert": finite_or_none(v.value)} for v in i.values],
            }
            for i in (entry["indicator"] for entry in c["indicators"])
        ],
        "ziele": [
            {
                "zyklus": c["id"],
                "id": g["id"],
                "titel": g["title"],
                "bereiche": g["areas"],
                "redaktionell_geaendert": edited_at(g["id"]),
            }
            for g in c["goals"]
        ],
        "strategien": [
            {
                "zyklus": c["id"],
                "id": st["id"],
                "ziel": st["goal"],
                "titel": st["title"],
                "redaktionell_geaendert": edited_at(st["id"]),
            }
            for st in c["strategies"]
        ],
        "kennzahlwerte": [
            {
                "kennzahl": i.id,
                "zyklus": i.cycle_id,
                "jahr": v.year,
                "wert": finite_or_none(v.value),
                "einheit": i.unit,
                "notiz": v.note,
            }
            for i in (entry["indicator"] for entry in c["indicators"])
            for v in sorted(i.values, key=lambda v: v.year)
        ],
    }


def site_tables(site: Site) -> dict[str, list[dict[str, Any]]]:
    """The records of the data sets that are not made of cycles."""
    return {
        "beschluesse": [
            {
                "id": d["id"],
                "zyklus": d["cycle"],
                "zyklus_titel": d["cycle_title"],
                "stufe": d["stage"],
                "datum": moment(d["at"]),
                "sitzung": d["meeting"],
                "ja": (d["vote"] or {}).get("yes"),
                "nein": (d["vote"] or {}).get("no"),
                "enthaltung": (d["vote"] or {}).get("abstain"),
                "berichtigt": moment(d["corrected_at"]) if d.get("corrected_at") else None,
            }
            for d in site.decisions
        ],
        "gremien": [
            {
                "id": b["id"],
                "name": b["name"],
                "art": b["kind"],
                "quorum_prozent": b["quorum_percent"],
                "stimmberechtigt": b["voting"],
                "mitglieder": [
                    {"person": _person(m["person"]), "rolle": m["role"]} for m in b["members"]
                ],
            }
            for b in site.boards
        ],
        "mitgliedschaften": [
            {"gremium": b["id"], "person": _person(m["person"]), "rolle": m["role"]}
            for b in site.boards
            for m in b["members"]
        ],
        "dokumente": [_document(d) for d in site.documents],
        "sitzungen": [
            {
                "id": m["id"],
                "gremium": m["board"],
                "beginn": moment(m["starts_at"]),
                "ende": moment(m["ends_at"]) if m["ends_at"] else None,
                "ort": m["place"] or m["video"],
                "zustand": m["state"],
                "tagesordnung": [
                    {"top": i["number"], "titel": i["title"], "ergebnis": i["outcome"]}
                    for i in m["items"]
                ],
            }
            for m in site.meetings
        ],
        "tagesordnungspunkte": [
            {"sitzung": m["id"], "top": i["number"], "titel": i["title"], "ergebnis": i["outcome"]}
            for m in site.meetings
            for i in m["items"]
        ],
        "organisationen": [
            {
                "id": o["id"],
                "name": o["name"],
                "art": o["kind"],
                "sektor": o["sector"],
                "bildungsbereiche": o["areas"],
                "gemeinde": o["locality"],
                "website": o["website"],
            }
            for o in site.organisations
        ],
        "beziehungen": [
            {
                "id": r["id"],
                "von_organisation": r["from"],
                "zu_organisation": r["to"],
                "art": r["kind"],
                "von": r["valid_from"].isoformat() if r["valid_from"] else None,
                "bis": r["valid_to"].isoformat() if r["valid_to"] else None,
            }
            for r in site.relations
        ],
        # as `portal.public` gives them: partner Kommunen by name and AGS, no contact
        "verbuende": [
            {
                "id": v["id"],
                "name": v["name"],
                "vereinbarung": v["agreement"],
                "vereinbarung_link": v["agreement_url"] or None,
                "von": _day(v["valid_from"]),
                "bis": _day(v["valid_to"]),
                "gremium": v["board"],
                "partner": [{"name": p["name"], "ags": p["ags"] or None} for p in v["partners"]],
            }
            for v in site.verbuende
        ],
    }
