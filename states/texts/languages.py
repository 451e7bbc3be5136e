"""Texts: the languages a reader may choose, by their names (`de` is Deutsch, German)."""

TEXTS: dict[str, dict[str, str]] = {
    "language_de": {"de": "Deutsch", "en": "German"},
    "language_en": {"de": "Englisch", "en": "English"},
}
