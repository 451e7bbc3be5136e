"""Texts: names of kinds and small words."""

TEXTS: dict[str, dict[str, str]] = {
    "kind_cycle": {"de": "Zyklus", "en": "cycle"},
    "kind_actor": {"de": "Akteur", "en": "actor"},
    "kind_board": {"de": "Gremium", "en": "board"},
    "kind_vision": {"de": "Leitbild", "en": "vision statement"},
    "kind_goal": {"de": "Ziel", "en": "goal"},
    "kind_strategy": {"de": "Handlungsstrategie", "en": "action strategy"},
    "kind_measure": {"de": "Maßnahme", "en": "measure"},
    "kind_municipality": {"de": "Kommune", "en": "municipality"},
    "kind_deadline": {"de": "Frist", "en": "deadline"},
    "kind_dead_letter": {"de": "Unzustellbare Nachricht", "en": "dead letter"},
    "kind_message": {"de": "Nachricht", "en": "message"},
    "kind_channel": {"de": "Kanal", "en": "channel"},
    "kind_item": {"de": "Ziel, Strategie oder Maßnahme Nr.", "en": "goal, strategy or measure no."},
    "missing_owner": {"de": "Verantwortliche(r)", "en": "owner"},
    "missing_indicator": {"de": "Indikator", "en": "indicator"},
    "missing_deadline": {"de": "Frist", "en": "deadline"},
    "none": {"de": "keine", "en": "none"},
}
