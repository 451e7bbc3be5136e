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
}
