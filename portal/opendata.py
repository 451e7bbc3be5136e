"""Open data: the portal's content as JSON (with a published JSON Schema) and CSV, and a
metadata file naming the licence (Datenlizenz Deutschland – Namensnennung – 2.0)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dkbm.context import BERLIN
from dkbm.portal.public import Person, Site

LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "id": "dl-by-de/2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "dcat": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
}

_PERSON = {
    "type": ["object", "null"],
    "required": ["name", "organisation", "sektor"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": ["string", "null"], "description": "nur mit Einwilligung"},
        "organisation": {"type": "string"},
        "sektor": {"type": "string"},
    },
}


def _array_of(properties: dict[str, Any], title: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "array",
        "items": {
            "type": "object",
            "required": list(properties),
            "additionalProperties": False,
            "properties": properties,
        },
    }


_ID = {"type": "integer"}
_TEXT = {"type": "string"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_MAYBE_ID = {"type": ["integer", "null"]}
_MOMENT = {"type": "string", "format": "date-time"}

SCHEMAS: dict[str, dict[str, Any]] = {
    "zyklen": _array_of(
        {
            "id": _ID,
            "titel": _TEXT,
            "zustand": _TEXT,
            "stufe": _TEXT,
            "gremium": _ID,
            "leitbild": _TEXT,
            "ziele": {"type": "array"},
            "strategien": {"type": "array"},
        },
        "Strategiezyklen",
    ),
    "massnahmen": _array_of(
        {
            "zyklus": _ID,
            "id": _ID,
            "strategie": _ID,
            "titel": _TEXT,
            "verantwortlich": _PERSON,
            "indikator": _TEXT,
            "zielwert": _TEXT,
            "frist": _MAYBE_TEXT,
            "berichte": _ID,
            "kennzahlen": {
                "type": "array",
                "items": _ID,
                "description": "ihre Kennzahlen (kennzahlen.json); deren Zielwert gilt",
            },
        },
        "Maßnahmen",
    ),
    "beschluesse": _array_of(
        {
            "id": _TEXT,
            "zyklus": _ID,
            "zyklus_titel": _TEXT,
            "stufe": _TEXT,
            "datum": _MOMENT,
            "sitzung": _MAYBE_ID,
            "ja": _MAYBE_ID,
            "nein": _MAYBE_ID,
            "enthaltung": _MAYBE_ID,
        },
        "Beschlüsse",
    ),
    "gremien": _array_of(
        {
            "id": _ID,
            "name": _TEXT,
            "art": {"enum": ["gremium", "arbeitsgruppe"]},
            "quorum_prozent": _ID,
            "stimmberechtigt": _ID,
            "mitglieder": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["person", "rolle"],
                    "properties": {"person": _PERSON, "rolle": _TEXT},
                },
            },
        },
        "Gremien und Arbeitsgruppen",
    ),
    "kennzahlen": _array_of(
        {
            "id": _ID,
            "zyklus": _ID,
            "bezug_art": {"enum": ["ziel", "massnahme"]},
            "bezug_id": _ID,
            "name": _TEXT,
            "einheit": _TEXT,
            "quelle": _TEXT,
            "ausgangswert": {"type": "number"},
            "ausgangsjahr": _ID,
            "zielwert": {"type": "number"},
            "zieljahr": _ID,
            "werte": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["jahr", "wert"],
                    "properties": {"jahr": _ID, "wert": {"type": "number"}},
                },
            },
        },
        "Kennzahlen (Bildungsmonitoring)",
    ),
    "kennzahlwerte": _array_of(
        {
            "kennzahl": _ID,
            "zyklus": _ID,
            "jahr": _ID,
            "wert": {"type": "number"},
            "einheit": _TEXT,
            "notiz": {"type": "string", "description": "z. B. vorläufig"},
        },
        "Werte der Kennzahlen, eine Zeile je Kennzahl und Jahr",
    ),
    "ziele": _array_of(
        {
            "zyklus": _ID,
            "id": _ID,
            "titel": _TEXT,
            "bereiche": {"type": "array", "items": _TEXT},
        },
        "Strategische Ziele, eine Zeile je Ziel",
    ),
    "strategien": _array_of(
        {"zyklus": _ID, "id": _ID, "ziel": _ID, "titel": _TEXT},
        "Handlungsstrategien, eine Zeile je Strategie",
    ),
    "dokumente": _array_of(
        {
            "quelle": {"enum": ["bibliothek", "sitzung"]},
            "id": _MAYBE_ID,
            "titel": _TEXT,
            "beschreibung": _TEXT,
            "art": {"enum": ["link", "datei"]},
            "url": {"type": "string", "description": "Link, oder Pfad der Datei ab dem Portal"},
            "dateiname": _MAYBE_TEXT,
            "medientyp": _MAYBE_TEXT,
            "groesse": _MAYBE_ID,
            "sha256": _MAYBE_TEXT,
            "zyklus": _MAYBE_ID,
            "gremium": _MAYBE_ID,
            "sitzung": _MAYBE_ID,
            "bereiche": {"type": "array", "items": _TEXT},
            "datum": _MOMENT,
        },
        "Wissen: Dokumente und Links",
    ),
    "sitzungen": _array_of(
        {
            "id": _ID,
            "gremium": _ID,
            "beginn": _MOMENT,
            "ende": {"type": ["string", "null"], "format": "date-time"},
            "ort": _TEXT,
            "zustand": _TEXT,
            "tagesordnung": {"type": "array"},
        },
        "Öffentliche Sitzungen",
    ),
    "mitgliedschaften": _array_of(
        {"gremium": _ID, "person": _PERSON, "rolle": _TEXT},
        "Mitglieder der Gremien und Arbeitsgruppen, eine Zeile je Mitgliedschaft",
    ),
    "tagesordnungspunkte": _array_of(
        {"sitzung": _ID, "top": _ID, "titel": _TEXT, "ergebnis": _MAYBE_TEXT},
        "Öffentliche Tagesordnungspunkte, eine Zeile je TOP",
    ),
}


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
        "datum": _moment(d["date"]),
    }


def _moment(at: datetime) -> str:
    """A moment as the Kommune reads it: local time with its offset (17:00+02:00, not
    15:00+00:00); the same instant for any program."""
    return at.astimezone(BERLIN).isoformat()


def cycle_tables(c: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The records one cycle (as `portal.public` gives it) adds to its data sets."""
    return {
        "zyklen": [
            {
                "id": c["id"],
                "titel": c["title"],
                "zustand": c["state"],
                "stufe": c["stage"],
                "gremium": c["board"],
                "leitbild": c["vision"],
                "ziele": c["goals"],
                "strategien": c["strategies"],
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
                "kennzahlen": [i.id for i in m.get("kennzahlen", [])],
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
                "ausgangswert": i.baseline_value,
                "ausgangsjahr": i.baseline_year,
                "zielwert": i.target_value,
                "zieljahr": i.target_year,
                "werte": [{"jahr": v.year, "wert": v.value} for v in i.values],
            }
            for i in (entry["indicator"] for entry in c["indicators"])
        ],
        "ziele": [
            {"zyklus": c["id"], "id": g["id"], "titel": g["title"], "bereiche": g["areas"]}
            for g in c["goals"]
        ],
        "strategien": [
            {"zyklus": c["id"], "id": st["id"], "ziel": st["goal"], "titel": st["title"]}
            for st in c["strategies"]
        ],
        "kennzahlwerte": [
            {
                "kennzahl": i.id,
                "zyklus": i.cycle_id,
                "jahr": v.year,
                "wert": v.value,
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
                "datum": _moment(d["at"]),
                "sitzung": d["meeting"],
                "ja": (d["vote"] or {}).get("yes"),
                "nein": (d["vote"] or {}).get("no"),
                "enthaltung": (d["vote"] or {}).get("abstain"),
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
                "beginn": _moment(m["starts_at"]),
                "ende": _moment(m["ends_at"]) if m["ends_at"] else None,
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
    }


@dataclass
class Encoded:
    """A data set's records as they appear in its files: per record its sort key, its JSON
    text and its CSV line. A cycle's are kept between builds, so a rebuild encodes only the
    records of the cycles that changed."""

    header: str = ""  # the CSV header line; empty without records
    records: list[tuple[int, str, str]] = field(default_factory=list)


# CSV columns left out where a long table of their own holds them (JSON keeps them nested)
CSV_OMITTED = {
    "kennzahlen": ("werte",),  # -> kennzahlwerte
    "zyklen": ("ziele", "strategien"),  # -> ziele, strategien
    "gremien": ("mitglieder",),  # -> mitgliedschaften
    "sitzungen": ("tagesordnung",),  # -> tagesordnungspunkte
}
CSV_FORMAT = {"trennzeichen": ";", "dezimalzeichen": ",", "kodierung": "UTF-8 mit BOM"}


def encode(
    rows: list[dict[str, Any]], key: str | None = None, omit: tuple[str, ...] = ()
) -> Encoded:
    """*rows* as they appear in the files, sorted by *key* when assembled (else kept in
    order; stable). CSV is written as spreadsheet programs in Germany expect it: `;`
    between cells, decimal commas, UTF-8 with BOM; nested values (people, lists) are JSON
    in their cell, and the columns *omit* are left out."""
    if not rows:
        return Encoded()
    buffer = io.StringIO()
    columns = [k for k in rows[0] if k not in omit]
    flat = [c for k in columns for c in _flat_columns(k)]
    writer = csv.DictWriter(buffer, fieldnames=flat, delimiter=";")
    writer.writeheader()
    found = Encoded(header=_taken(buffer))
    for row in rows:
        cells: dict[str, Any] = {}
        for k in columns:
            cells |= _cells(k, row[k])
        writer.writerow(cells)
        text = json.dumps(row, ensure_ascii=False, default=str)
        found.records.append((row[key] if key else 0, text, _taken(buffer)))
    return found


_PERSON_COLUMNS = ("name", "organisation", "sektor")
_PEOPLE = ("verantwortlich", "person")  # columns holding a person (or None)


def _flat_columns(key: str) -> list[str]:
    """A person becomes three columns in CSV (verantwortlich_name, ...)."""
    return [f"{key}_{c}" for c in _PERSON_COLUMNS] if key in _PEOPLE else [key]


def _cells(key: str, value: Any) -> dict[str, Any]:
    if key in _PEOPLE:
        return {f"{key}_{c}": (value or {}).get(c) for c in _PERSON_COLUMNS}
    return {key: _cell(value)}


def _cell(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return ", ".join(map(str, value))  # Bildungsbereiche, ids
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):  # 48.0 -> 48, 51.5 -> 51,5
        return repr(value).removesuffix(".0").replace(".", ",")
    return value


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


_KEYS = {"kennzahlen": "id", "kennzahlwerte": "kennzahl"}  # across cycles, by Kennzahl


def encode_cycle(c: dict[str, Any]) -> dict[str, Encoded]:
    return {
        name: encode(rows, _KEYS.get(name), CSV_OMITTED.get(name, ()))
        for name, rows in cycle_tables(c).items()
    }


def files(site: Site, cycles: list[dict[str, Encoded]] | None = None) -> dict[str, bytes]:
    """data/<name>.json, data/<name>.csv, data/schema/<name>.schema.json and the metadata;
    *cycles* are the cycles' records already encoded, in the order of `site.cycles`."""
    if cycles is None:
        cycles = [encode_cycle(c) for c in site.cycles]
    sets = {
        name: encode(rows, None, CSV_OMITTED.get(name, ()))
        for name, rows in site_tables(site).items()
    }
    out: dict[str, bytes] = {}
    columns: dict[str, list[str]] = {}
    for name in SCHEMAS:
        parts = [sets[name]] if name in sets else [c[name] for c in cycles]
        header = next((p.header for p in parts if p.header), "")
        columns[name] = (
            next(csv.reader([header], delimiter=";"))
            if header
            else [  # no records yet: the columns the schema's fields become
                c
                for k in SCHEMAS[name]["items"]["properties"]
                if k not in CSV_OMITTED.get(name, ())
                for c in _flat_columns(k)
            ]
        )
        records = sorted((r for p in parts for r in p.records), key=lambda r: r[0])
        out[f"{name}.json"] = ("[" + ", ".join(r[1] for r in records) + "]").encode("utf-8")
        out[f"schema/{name}.schema.json"] = _json(SCHEMAS[name])
        csv_text = header + "".join(r[2] for r in records) if records else ""
        out[f"{name}.csv"] = ("\ufeff" + csv_text).encode("utf-8")
    out["metadaten.json"] = _json(
        {
            "titel": f"Bildungsmanagement {site.kommune['name']}: offene Daten",
            "herausgeber": f"Bildungsbüro {site.kommune['name']}",
            "stand": _moment(site.changed_at or site.built_at) if site.built_at else None,
            "lizenz": LICENCE,
            "csv": CSV_FORMAT,
            "datensaetze": [
                {
                    "name": name,
                    "titel": SCHEMAS[name]["title"],
                    "json": f"{name}.json",
                    "csv": f"{name}.csv",
                    # CSV is flat: a person is three columns, nested lists are tables
                    # of their own; the schema describes the JSON
                    "csv_spalten": columns[name],
                    "schema": f"schema/{name}.schema.json",
                }
                for name in SCHEMAS
            ],
        }
    )
    return out


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
