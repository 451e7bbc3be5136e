"""Texts: changing the Tagesordnung, a cycle's TOP, the Ladungsfrist warning, Aufgaben' deadlines."""

TEXTS: dict[str, dict[str, str]] = {
    "notice_period_days": {"de": "{days} Tage", "en": "{days} days"},
    "notice_period_working_days": {"de": "{days} Arbeitstage", "en": "{days} working days"},
    "agenda_position_range": {"de": "1 bis {last}", "en": "1 to {last}"},
    "reason_top_cycle_not_ready": {
        "de": "ein TOP für einen Zyklus ist ab der Beteiligung seiner Stufe möglich (jetzt: {state})",
        "en": "an item for a cycle can be added once its stage is in consultation (now: {state})",
    },
    "warn_meeting_notice_passed": {
        "de": "Warnung: die Ladungsfrist ({period}) ist schon verstrichen, die Ladung hätte "
        "bis {latest} hinausgehen müssen; einladen nur mit --dringlich GRUND, oder die Sitzung "
        "verlegen",
        "en": "warning: the notice period ({period}) has already passed, the invitation was "
        "due by {latest}; invite only with --dringlich REASON, or move the meeting",
    },
}
