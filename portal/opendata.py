"""Open data: the records of each data set (`portal.records`) as JSON, valid against its
published schema (`portal.datasets`), and CSV, and a metadata file naming the licence."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from dkbm.portal.datasets import LICENCE, SCHEMAS
from dkbm.portal.public import Site
from dkbm.portal.records import cycle_tables, moment, site_tables


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
            "stand": moment(site.changed_at or site.built_at) if site.built_at else None,
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
