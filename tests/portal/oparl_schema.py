"""JSON Schemas for the OParl 1.1 objects dkbm publishes, written from the specification
(https://dev.oparl.org/spezifikation/): required properties, types and formats."""

from __future__ import annotations

from typing import Any

T = "https://schema.oparl.org/1.1/"
URL = {"type": "string", "format": "uri"}
URLS = {"type": "array", "items": URL}
MOMENT = {"type": "string", "format": "date-time"}
TEXT = {"type": "string"}


def _object(kind: str, required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    """An object of *kind*, or what is left of it once deleted ("Gelöschte Objekte": id,
    type, created, modified and deleted: true, nothing else)."""
    common = {
        "id": URL,
        "type": {"const": T + kind},
        "created": MOMENT,
        "modified": MOMENT,
    }
    whole = {
        "type": "object",
        "required": ["id", "type", *required],
        "properties": {**common, "deleted": {"const": False}, **properties},
    }
    deleted = {
        "type": "object",
        "required": [*common, "deleted"],
        "properties": {**common, "deleted": {"const": True}},
        "additionalProperties": False,
    }
    return {"oneOf": [whole, deleted]}


FILE = _object(
    "File",
    ["accessUrl"],
    {"name": TEXT, "fileName": TEXT, "mimeType": TEXT, "accessUrl": URL, "meeting": URLS},
)
LOCATION = _object("Location", [], {"description": TEXT})
MEMBERSHIP = _object(
    "Membership",
    [],
    {"person": URL, "organization": URL, "role": TEXT, "votingRight": {"type": "boolean"}},
)
AGENDA_ITEM = _object(
    "AgendaItem",
    [],
    {
        "meeting": URL,
        "number": TEXT,
        "order": {"type": "integer"},
        "name": TEXT,
        "public": {"type": "boolean"},
        "result": TEXT,
        "resolutionText": TEXT,
        "consultation": URL,
        "auxiliaryFile": {"type": "array", "items": FILE},
    },
)
CONSULTATION = _object(
    "Consultation",
    [],
    {
        "paper": URL,
        "meeting": URL,
        "agendaItem": URL,
        "authoritative": {"type": "boolean"},
        "role": TEXT,
    },
)
SCHEMAS: dict[str, dict[str, Any]] = {
    "Consultation": CONSULTATION,
    "System": _object(
        "System",
        ["oparlVersion", "body"],
        {"oparlVersion": {"const": T}, "body": URL, "license": URL, "name": TEXT},
    ),
    "Body": _object(
        "Body",
        ["name", "organization", "person", "meeting", "paper", "legislativeTerm"],
        {
            "system": URL,
            "name": TEXT,
            "shortName": TEXT,
            "license": URL,
            "organization": URL,
            "person": URL,
            "meeting": URL,
            "paper": URL,
            "legislativeTerm": {"type": "array"},
            "classification": TEXT,
        },
    ),
    "Organization": _object(
        "Organization",
        ["body", "name"],
        {
            "body": URL,
            "name": TEXT,
            "membership": URLS,
            "meeting": URL,
            "organizationType": {
                "enum": [
                    "Gremium",
                    "Partei",
                    "Fraktion",
                    "Verwaltungsbereich",
                    "externes Gremium",
                    "Institution",
                    "Sonstiges",
                ]
            },
            "classification": TEXT,
        },
    ),
    "Person": _object(
        "Person",
        ["body", "name"],
        {
            "body": URL,
            "name": TEXT,
            "affix": TEXT,
            "life": TEXT,
            "membership": {"type": "array", "items": MEMBERSHIP},
        },
    ),
    "Membership": MEMBERSHIP,
    "Meeting": _object(
        "Meeting",
        [],
        {
            "name": TEXT,
            "meetingState": TEXT,
            "cancelled": {"type": "boolean"},
            "start": MOMENT,
            "end": MOMENT,
            "location": LOCATION,
            "organization": URLS,
            "agendaItem": {"type": "array", "items": AGENDA_ITEM},
        },
    ),
    "AgendaItem": AGENDA_ITEM,
    "Paper": _object(
        "Paper",
        ["body"],
        {
            "body": URL,
            "name": TEXT,
            "reference": TEXT,
            "date": {"type": "string", "format": "date"},
            "paperType": TEXT,
            "consultation": {"type": "array", "items": CONSULTATION},
        },
    ),
    "File": FILE,
    "Location": LOCATION,
}

LIST = {
    "type": "object",
    "required": ["data", "pagination", "links"],
    "properties": {
        "data": {"type": "array"},
        "pagination": {
            "type": "object",
            "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
        },
        "links": {"type": "object", "properties": {"first": URL, "last": URL, "next": URL}},
    },
}
