"""Texts: what a Frist is about (its Bezug), in words."""

TEXTS: dict[str, dict[str, str]] = {
    "deadline_ref_beteiligung": {"de": "Beteiligung {stage}", "en": "Consultation {stage}"},
    "deadline_ref_abstimmung": {"de": "Abstimmung {stage}", "en": "Vote {stage}"},
    "deadline_ref_round": {"de": "{ref}, Runde {round}", "en": "{ref}, round {round}"},
    "deadline_ref_sitzung": {"de": "Sitzung {id}", "en": "Meeting {id}"},
    "deadline_ref_protokoll": {"de": "Protokoll der Sitzung {id}", "en": "Minutes of meeting {id}"},
    "deadline_ref_aufgabe": {"de": "Aufgabe {id}", "en": "Task {id}"},
    "deadline_ref_massnahme": {"de": "Maßnahme {id}", "en": "Measure {id}"},
}
