"""Texts: what members contribute themselves (Rückmeldungen, Stimmen) as rows of their own."""

TEXTS: dict[str, dict[str, str]] = {
    "reason_ballots_cast": {
        "de": "in der schriftlichen Abstimmung sind schon {cast} Stimmen abgegeben; ihr "
        "Ergebnis folgt aus den Stimmen ('dkbm zyklus stimme'), nicht aus einem Protokoll",
        "en": "{cast} votes are already cast in the written vote; its result follows from "
        "the votes ('dkbm zyklus stimme'), not from minutes",
    },
}
