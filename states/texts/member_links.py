"""Texts: personal links (what a member sees when a link cannot act, what the coordinator
reads about links)."""

TEXTS: dict[str, dict[str, str]] = {
    "kind_link": {"de": "Link", "en": "link"},
    "link_unknown": {
        "de": "Diesen Link gibt es nicht. Bitte prüfen Sie, ob er vollständig kopiert wurde.",
        "en": "This link does not exist. Please check that it was copied completely.",
    },
    "link_expired": {
        "de": "Dieser Link ist abgelaufen.",
        "en": "This link has expired.",
    },
    "link_revoked": {
        "de": "Dieser Link gilt nicht mehr; Sie haben einen neueren erhalten oder er wurde widerrufen.",
        "en": "This link is no longer valid: a newer one was sent to you, or it was withdrawn.",
    },
    "link_object_beteiligung": {
        "de": "Beteiligung „{stufe}“, Runde {runde}, Zyklus {zyklus} „{titel}“",
        "en": 'consultation "{stufe}", round {runde}, cycle {zyklus} "{titel}"',
    },
    "link_object_abstimmung": {
        "de": "Schriftliche Abstimmung „{stufe}“, Runde {runde}, Zyklus {zyklus} „{titel}“",
        "en": 'written vote "{stufe}", round {runde}, cycle {zyklus} "{titel}"',
    },
    "link_object_sitzung": {
        "de": "Sitzung {nr} „{gremium}“ am {termin}",
        "en": 'meeting {nr} "{gremium}" on {termin}',
    },
    "link_object_aufgabe": {
        "de": "Aufgabe {nr} „{titel}“",
        "en": 'task {nr} "{titel}"',
    },
    "link_purpose_beteiligung": {"de": "Rückmeldung", "en": "feedback"},
    "link_purpose_abstimmung": {"de": "Stimme", "en": "vote"},
    "link_purpose_sitzung": {"de": "Zu-/Absage", "en": "attendance reply"},
    "link_purpose_aufgabe": {"de": "Aufgabe erledigt", "en": "task done"},
    "link_none_open": {
        "de": "Akteur {akteur} hat keinen offenen Link.",
        "en": "Actor {akteur} holds no open link.",
    },
    "reason_link_revoked": {
        "de": "Link {id} gilt nicht mehr ({grund}); erneuern oder widerrufen lässt sich nur ein offener Link",
        "en": "link {id} is no longer valid ({grund}); only an open link can be renewed or withdrawn",
    },
    "link_revoked_neue_runde": {"de": "neue Runde", "en": "new round"},
    "link_revoked_neue_stufe": {"de": "neue Stufe", "en": "new stage"},
    "link_revoked_abgeschlossen": {"de": "Zyklus abgeschlossen", "en": "cycle closed"},
    "link_revoked_verschoben": {"de": "Sitzung verlegt", "en": "meeting moved"},
    "link_revoked_abgesagt": {"de": "Sitzung abgesagt", "en": "meeting cancelled"},
    "link_revoked_deaktiviert": {"de": "Akteur deaktiviert", "en": "actor deactivated"},
    "link_revoked_geloescht": {"de": "Akteur gelöscht", "en": "actor erased"},
    "link_revoked_erneuert": {"de": "erneuert", "en": "renewed"},
    "link_revoked_widerrufen": {"de": "widerrufen", "en": "withdrawn"},
    "expected_grace_days": {"de": "0 bis 365 Tage", "en": "0 to 365 days"},
}
