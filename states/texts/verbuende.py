"""Texts: regionale Verbünde with neighbouring Kommunen."""

TEXTS: dict[str, dict[str, str]] = {
    "kind_verbund": {"de": "Verbund", "en": "regional alliance"},
    "kind_verbund_partner": {"de": "Partnerkommune", "en": "partner municipality"},
    "expected_ags": {
        "de": "ein Amtlicher Gemeindeschlüssel aus 8 Ziffern, z. B. 05562014",
        "en": "an official municipality key of 8 digits, e.g. 05562014",
    },
    "expected_verbund_end": {
        "de": "ein Tag ab dem Beginn der Vereinbarung ({start:%d.%m.%Y})",
        "en": "a day from the agreement's start ({start:%Y-%m-%d}) on",
    },
    "expected_verbund_change": {
        "de": "mindestens eine Angabe zum Ändern (--name, --vereinbarung, --link, --von, --bis)",
        "en": "at least one field to change (--name, --vereinbarung, --link, --von, --bis)",
    },
    "reason_verbund_ended": {
        "de": "Verbund {id} ({name}) ist seit {end:%d.%m.%Y} beendet",
        "en": "regional alliance {id} ({name}) ended on {end:%Y-%m-%d}",
    },
    "reason_verbund_partner_has_actors": {
        "de": "zu Partnerkommune {id} ({name}) gehören noch {count} Akteur(e); erst mit "
        "'dkbm verbund akteur AKTEUR' lösen",
        "en": "partner municipality {id} ({name}) still has {count} actor(s); first release "
        "them with 'dkbm verbund akteur ACTOR'",
    },
    "reason_verbund_partner_elsewhere": {
        "de": "Partnerkommune {partner} gehört zu Verbund {other}, nicht zu Verbund {id}",
        "en": "partner municipality {partner} belongs to regional alliance {other}, not {id}",
    },
    "reason_verbund_partner_twice": {
        "de": "Partnerkommune '{name}' ist in Verbund {id} schon eingetragen (Nr. {partner})",
        "en": "partner municipality '{name}' is already in regional alliance {id} (no. {partner})",
    },
    "reason_verbund_board_taken": {
        "de": "Gremium {board} ist schon das Gremium von Verbund {other}",
        "en": "board {board} is already the board of regional alliance {other}",
    },
    "verbund_line": {
        "de": "Verbund: {name} (Nr. {id}) mit {partners}",
        "en": "Regional alliance: {name} (no. {id}) with {partners}",
    },
    "verbund_line_alone": {
        "de": "Verbund: {name} (Nr. {id})",
        "en": "Regional alliance: {name} (no. {id})",
    },
    "verbund_measures_line": {
        "de": "Maßnahmen im Verbund: {measures}",
        "en": "Measures in a regional alliance: {measures}",
    },
}
