"""Display names for stored values (`bildungseinrichtungen` is shown as Bildungseinrichtungen)."""

from __future__ import annotations

from states.i18n import language

_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "sektor": {
        "politik": ("Politik", "Politics"),
        "verwaltung": ("Verwaltung", "Administration"),
        "bildungseinrichtungen": ("Bildungseinrichtungen", "Education institutions"),
        "wirtschaft": ("Wirtschaft", "Business"),
        "zivilgesellschaft": ("Zivilgesellschaft", "Civil society"),
    },
    "bildungsbereich": {
        "fruehe_bildung": ("Frühe Bildung", "Early education"),
        "schule": ("Schule", "School"),
        "uebergang_schule_beruf": ("Übergang Schule–Beruf", "School-to-work transition"),
        "berufliche_bildung": ("Berufliche Bildung", "Vocational education"),
        "hochschule": ("Hochschule", "Higher education"),
        "weiterbildung": ("Erwachsenen-/Weiterbildung", "Adult and further education"),
        "non_formale_bildung": ("Non-formale Bildung", "Non-formal education"),
    },
    "rolle": {
        "vorsitz": ("Vorsitz", "Chair"),
        "mitglied": ("Mitglied", "Member"),
        "stellvertretung": ("Stellvertretung", "Deputy"),
        "gast": ("Gast", "Guest"),
    },
    "form": {
        "zusatzaufgabe": ("zusätzliche Aufgabe", "additional task"),
        "personalstelle": ("eigene Personalstelle", "own post"),
        "bildungsbuero": ("Bildungsbüro", "education office"),
    },
    "verortung": {
        "stabsstelle": ("Stabsstelle", "staff unit"),
        "linie": ("Linie", "line"),
    },
}


def display(kind: str, value: str) -> str:
    """The name people read for a stored *value* of *kind*, in the chosen language."""
    names = _NAMES.get(kind, {}).get(value)
    if names is None:
        return value
    return names[1] if language() == "en" else names[0]
