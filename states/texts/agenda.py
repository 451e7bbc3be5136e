"""Texts: changing the Tagesordnung, a cycle's TOP, the Ladungsfrist warning, Aufgaben' deadlines."""

TEXTS: dict[str, dict[str, str]] = {
    "reason_top_cycle_not_ready": {
        "de": "ein TOP für einen Zyklus ist ab der Beteiligung seiner Stufe möglich (jetzt: {state})",
        "en": "an item for a cycle can be added once its stage is in consultation (now: {state})",
    },
    "warn_meeting_notice_passed": {
        "de": "Warnung: die Ladungsfrist ({days} Tage) ist schon verstrichen, die Ladung hätte "
        "bis {latest} hinausgehen müssen; einladen nur mit --dringlich GRUND, oder die Sitzung "
        "verlegen",
        "en": "warning: the notice period ({days} days) has already passed, the invitation was "
        "due by {latest}; invite only with --dringlich REASON, or move the meeting",
    },
}
