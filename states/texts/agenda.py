"""Texts: changing the Tagesordnung, a cycle's TOP, the Ladungsfrist warning, Aufgaben' deadlines."""

TEXTS: dict[str, dict[str, str]] = {
    "reason_top_cycle_not_ready": {
        "de": "ein TOP für einen Zyklus ist ab der Beteiligung seiner Stufe möglich (jetzt: {state})",
        "en": "an item for a cycle can be added once its stage is in consultation (now: {state})",
    },
}
