"""Texts: what members contribute themselves (Rückmeldungen, Stimmen) as rows of their own."""

TEXTS: dict[str, dict[str, str]] = {
    "reason_ballots_cast": {
        "de": "in der schriftlichen Abstimmung wurde schon abgestimmt (abgegebene Stimmen: "
        "{cast}); ihr Ergebnis folgt aus den Stimmen ('dkbm zyklus stimme'), nicht aus einem "
        "Protokoll",
        "en": "the written vote has votes cast already ({cast}); its result follows from the "
        "votes ('dkbm zyklus stimme'), not from minutes",
    },
}
