"""Texts: a TOP's Beschlusstext and the library documents attached to a TOP."""

TEXTS: dict[str, dict[str, str]] = {
    "reason_resolution_closed": {
        "de": "der Beschlusstext kann im Zustand {state} nicht mehr geändert werden; nach "
        "der Genehmigung des Protokolls nur als Berichtigung "
        "('dkbm sitzung abstimmen --korrektur --grund')",
        "en": "the resolution can no longer be changed in state {state}; after the minutes "
        "are approved only as a correction ('dkbm sitzung abstimmen --korrektur --grund')",
    },
    "reason_attach_meeting_state": {
        "de": "die Zusammenfassung kann nur einem TOP einer kommenden Sitzung beigefügt "
        "werden (Zustand {state})",
        "en": "the summary can only be attached to an item of a meeting still to come "
        "(state {state})",
    },
}
