"""The open data sets: each one's JSON Schema (title and fields, as published under
data/schema/) and the licence they are published under (Datenlizenz Deutschland –
Namensnennung – 2.0)."""

from __future__ import annotations

from typing import Any

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
# a number, or null for a value kept before numbers were bounded that JSON cannot carry
_NUMBER = {"type": ["number", "null"]}
_MAYBE_TEXT = {"type": ["string", "null"]}
_MAYBE_ID = {"type": ["integer", "null"]}
_MOMENT = {"type": "string", "format": "date-time"}
_MAYBE_MOMENT = {"type": ["string", "null"], "format": "date-time"}
# decided wording corrected editorially (a typo, not a new decision): when, or null
_EDITED = {**_MAYBE_MOMENT, "description": "redaktionell geändert am"}
_VERBUND = {
    **_MAYBE_ID,
    "description": "gemeinsam im regionalen Verbund (verbuende.json), null: von der Kommune allein",
}
_MAYBE_DAY = {"type": ["string", "null"], "format": "date"}

SCHEMAS: dict[str, dict[str, Any]] = {
    "zyklen": _array_of(
        {
            "id": _ID,
            "titel": _TEXT,
            "zustand": _TEXT,
            "stufe": _TEXT,
            "gremium": _ID,
            "leitbild": _TEXT,
            "leitbild_redaktionell_geaendert": _EDITED,
            "ziele": {"type": "array"},
            "strategien": {"type": "array"},
            "verbund": _VERBUND,
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
            "redaktionell_geaendert": _EDITED,
            "kennzahlen": {
                "type": "array",
                "items": _ID,
                "description": "ihre Kennzahlen (kennzahlen.json); deren Zielwert gilt",
            },
            "verbund": _VERBUND,
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
            "berichtigt": {
                **_MAYBE_MOMENT,
                "description": "wann ein falsch erfasstes Ergebnis berichtigt wurde; "
                "ja/nein/enthaltung sind das berichtigte",
            },
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
            "ausgangswert": _NUMBER,
            "ausgangsjahr": _ID,
            "zielwert": _NUMBER,
            "zieljahr": _ID,
            "werte": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["jahr", "wert"],
                    "properties": {"jahr": _ID, "wert": _NUMBER},
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
            "wert": _NUMBER,
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
            "redaktionell_geaendert": _EDITED,
        },
        "Strategische Ziele, eine Zeile je Ziel",
    ),
    "strategien": _array_of(
        {
            "zyklus": _ID,
            "id": _ID,
            "ziel": _ID,
            "titel": _TEXT,
            "redaktionell_geaendert": _EDITED,
        },
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
    "organisationen": _array_of(
        {
            "id": _ID,
            "name": _TEXT,
            "art": _TEXT,
            "sektor": _TEXT,
            "bildungsbereiche": {"type": "array", "items": _TEXT},
            "gemeinde": {**_TEXT, "description": "Sozialraum oder Gemeinde"},
            "website": _TEXT,
        },
        "Organisationen im Netzwerk",
    ),
    "beziehungen": _array_of(
        {
            "id": _ID,
            "von_organisation": _ID,
            "zu_organisation": _ID,
            "art": {
                "enum": [
                    "kooperationsvereinbarung",
                    "traegerschaft",
                    "foerderung",
                    "mitgliedschaft",
                    "netzwerkpartner",
                ]
            },
            "von": {"type": ["string", "null"], "format": "date"},
            "bis": {"type": ["string", "null"], "format": "date"},
        },
        "Beziehungen zwischen Organisationen, auch beendete (bis)",
    ),
    "verbuende": _array_of(
        {
            "id": _ID,
            "name": _TEXT,
            "vereinbarung": {**_TEXT, "description": "Titel der Vereinbarung"},
            "vereinbarung_link": {**_MAYBE_TEXT, "description": "Link zur Vereinbarung"},
            "von": _MAYBE_DAY,
            "bis": {**_MAYBE_DAY, "description": "letzter Tag der Vereinbarung"},
            "gremium": {**_MAYBE_ID, "description": "Gremium oder AG des Verbunds (gremien.json)"},
            "partner": {
                "type": "array",
                "description": "die Partnerkommunen, ohne Kontaktpersonen",
                "items": {
                    "type": "object",
                    "required": ["name", "ags"],
                    "additionalProperties": False,
                    "properties": {
                        "name": _TEXT,
                        "ags": {**_MAYBE_TEXT, "description": "Amtlicher Gemeindeschlüssel"},
                    },
                },
            },
        },
        "Regionale Verbünde mit Nachbarkommunen",
    ),
}
