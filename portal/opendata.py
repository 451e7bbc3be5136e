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
from dkbm.tabular import neutralised


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
CSV_FORMAT = {
    "trennzeichen": ";",
    "dezimalzeichen": ",",
    "kodierung": "UTF-8 mit BOM",
    "formeln": (
        "Eine Zelle einer Textspalte, die mit =, +, -, @, Tabulator oder Wagenrücklauf "
        "beginnt, beginnt in der CSV mit ' (so öffnet eine Tabellenkalkulation sie als "
        "Text, nicht als Formel; OWASP); Zahlenspalten (im Schema number oder integer) "
        "bleiben Zahlen, auch negative; die JSON-Dateien enthalten den Text unverändert"
    ),
}


def encode(name: str, rows: list[dict[str, Any]], key: str | None = None) -> Encoded:
    """The records *rows* of the data set *name* as they appear in its files, sorted by
    *key* when assembled (else kept in order; stable). CSV is written as spreadsheet
    programs in Germany expect it: `;` between cells, decimal commas, UTF-8 with BOM; a
    person is three columns, lists of names or ids one cell, nested records are left to a
    table of their own (`CSV_OMITTED`); a text cell that would start a formula is
    neutralised (`CSV_FORMAT["formeln"]`)."""
    if not rows:
        return Encoded()
    buffer = io.StringIO()
    numbers = _number_columns(name)
    columns = [k for k in rows[0] if k not in CSV_OMITTED.get(name, ())]
    flat = [c for k in columns for c in _flat_columns(k)]
    writer = csv.DictWriter(buffer, fieldnames=flat, delimiter=";")
    writer.writeheader()
    found = Encoded(header=_taken(buffer))
    for row in rows:
        cells: dict[str, Any] = {}
        for k in columns:
            cells |= _cells(k, row[k], k in numbers)
        writer.writerow(cells)
        text = json.dumps(row, ensure_ascii=False, default=str)
        found.records.append((row[key] if key else 0, text, _taken(buffer)))
    return found


_PERSON_COLUMNS = ("name", "organisation", "sektor")
_PEOPLE = ("verantwortlich", "person")  # columns holding a person (or None)


def _flat_columns(key: str) -> list[str]:
    """A person becomes three columns in CSV (verantwortlich_name, ...)."""
    return [f"{key}_{c}" for c in _PERSON_COLUMNS] if key in _PEOPLE else [key]


def _number_columns(name: str) -> frozenset[str]:
    """The columns of *name* whose schema type is a number: their cells are numbers, a
    negative one too (data, not a formula)."""
    found = set()
    for column, spec in SCHEMAS[name]["items"]["properties"].items():
        kinds = spec.get("type", [])
        if {"number", "integer"} & set([kinds] if isinstance(kinds, str) else kinds):
            found.add(column)
    return frozenset(found)


def _cells(key: str, value: Any, number: bool) -> dict[str, Any]:
    if key in _PEOPLE:
        return {f"{key}_{c}": _text((value or {}).get(c)) for c in _PERSON_COLUMNS}
    if number and isinstance(value, int | float) and not isinstance(value, bool):
        return {key: _number(value)}
    return {key: _text(value)}


def _number(value: float) -> str:
    """48.0 -> 48, 51.5 -> 51,5, -3.5 -> -3,5"""
    return repr(value).removesuffix(".0").replace(".", ",")


def _text(value: Any) -> str:
    """A text cell; one starting like a formula gets a leading ' (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        text = ", ".join(map(str, value))  # Bildungsbereiche, ids
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, float):
        text = _number(value)
    else:
        text = str(value)
    return neutralised(text)


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


_KEYS = {"kennzahlen": "id", "kennzahlwerte": "kennzahl"}  # across cycles, by Kennzahl


def encode_cycle(c: dict[str, Any]) -> dict[str, Encoded]:
    return {name: encode(name, rows, _KEYS.get(name)) for name, rows in cycle_tables(c).items()}


def files(site: Site, cycles: list[dict[str, Encoded]] | None = None) -> dict[str, bytes]:
    """data/<name>.json, data/<name>.csv, data/schema/<name>.schema.json and the metadata;
    *cycles* are the cycles' records already encoded, in the order of `site.cycles`."""
    if cycles is None:
        cycles = [encode_cycle(c) for c in site.cycles]
    sets = {name: encode(name, rows) for name, rows in site_tables(site).items()}
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
            "herausgeber": site.kommune["herausgeber"]["de"],
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
