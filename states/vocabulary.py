"""What stored values are called in German and English (`bildungseinrichtungen` is
Bildungseinrichtungen): one table for the CLI, messages and the public portal."""

from __future__ import annotations

import re
from collections.abc import Iterable

NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "sitzung": {
        "geplant": ("geplant", "planned"),
        "eingeladen": ("eingeladen", "invited"),
        "durchgefuehrt": ("durchgeführt", "held"),
        "protokoll_entwurf": ("durchgeführt, Protokoll im Entwurf", "held, minutes drafted"),
        "protokoll_genehmigt": ("durchgeführt, Protokoll genehmigt", "held, minutes approved"),
        "abgesagt": ("abgesagt", "cancelled"),
    },
    "antwort": {
        "zusage": ("Zusage", "attending"),
        "absage": ("Absage", "not attending"),
        "vertretung": ("Vertretung", "sends deputy"),
    },
    "anwesenheit": {
        "anwesend": ("anwesend", "present"),
        "entschuldigt": ("entschuldigt", "excused"),
        "abwesend": ("abwesend", "absent"),
        "vertreten": ("vertreten", "represented"),
    },
    "ergebnis": {
        "angenommen": ("angenommen", "carried"),
        "abgelehnt": ("abgelehnt", "rejected"),
        "nicht_beschlussfaehig": ("nicht beschlussfähig", "not quorate"),
    },
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
    "status": {
        "aktiv": ("aktiv", "active"),
        "inaktiv": ("deaktiviert", "deactivated"),
        "geloescht": ("gelöscht (DSGVO)", "erased (GDPR)"),
    },
    "organisationsart": {
        "kita": ("Kita", "day-care centre"),
        "schule": ("Schule", "school"),
        "hochschule": ("Hochschule", "university"),
        "traeger": ("Träger", "provider"),
        "betrieb": ("Betrieb", "company"),
        "kammer": ("Kammer", "chamber"),
        "verein": ("Verein", "association"),
        "amt": ("Amt", "public office"),
        "stiftung": ("Stiftung", "foundation"),
        "sonstige": ("Sonstige", "other"),
    },
    "gremienart": {
        "gremium": ("Gremium", "board"),
        "arbeitsgruppe": ("Arbeitsgruppe", "working group"),
    },
    "zustellung": {
        "sofort": ("sofort", "at once"),
        "taeglich": ("täglich zusammengefasst", "daily digest"),
    },
    "frist": {
        "beteiligung": ("Beteiligung", "consultation"),
        "abstimmung": ("schriftliche Abstimmung", "written vote"),
        "massnahme_bericht": ("Maßnahmenbericht", "measure report"),
        "sitzung": ("Sitzung (Rückmeldung)", "meeting (reply)"),
        "protokoll": ("Protokoll", "minutes"),
        "aufgabe": ("Aufgabe", "task"),
    },
    "fristenstatus": {
        "offen": ("offen", "open"),
        "ueberfaellig": ("überfällig", "overdue"),
        "geschlossen": ("geschlossen", "closed"),
    },
    "nachricht": {
        "beteiligung_einladung": ("Einladung zur Beteiligung", "consultation invitation"),
        "abstimmung_einladung": ("Einladung zur Abstimmung", "vote invitation"),
        "beschluss_mitteilung": ("Beschlussmitteilung", "decision notice"),
        "korrektur_mitteilung": ("Berichtigung eines Ergebnisses", "corrected result"),
        "ueberarbeitung_mitteilung": ("Rückgabe zur Überarbeitung", "sent back for revision"),
        "erinnerung": ("Erinnerung", "reminder"),
        "ueberfaellig": ("Überfällig-Hinweis", "overdue notice"),
        "eskalation": ("Eskalation", "escalation"),
        "digest": ("Tageszusammenfassung", "daily digest"),
        "frist_geaendert": ("Frist geändert", "deadline changed"),
        "frist_entfallen": ("Frist entfällt", "deadline withdrawn"),
        "sitzung_einladung": ("Einladung zur Sitzung", "meeting invitation"),
        "sitzung_geaendert": ("Sitzung geändert", "meeting changed"),
        "sitzung_abgesagt": ("Sitzung abgesagt", "meeting cancelled"),
        "sitzung_protokoll": ("Protokoll der Sitzung", "meeting minutes"),
        "aufgabe_mitteilung": ("Aufgabe aus der Sitzung", "task from a meeting"),
        "aufgabe_frist_geaendert": ("Neue Frist einer Aufgabe", "task deadline moved"),
        "rueckmeldung_eingang": ("Eingangsbestätigung", "receipt"),
    },
    "eskalation": {
        "Verwaltungsspitze": ("Verwaltungsspitze", "chief executive"),
        "Dezernats-/Amtsleitung": ("Dezernats-/Amtsleitung", "head of department"),
        "Referats-/Amtsleitung": ("Referats-/Amtsleitung", "head of department"),
    },
    "verortung": {
        "stabsstelle": ("Stabsstelle", "staff unit"),
        "linie": ("Linie", "line"),
    },
}


def name_of(kind: str, value: str, lang: str) -> str:
    """The name people read for a stored *value* of *kind* in *lang* (the value if unknown)."""
    names = NAMES.get(kind, {}).get(value)
    if names is None:
        return value
    return names[1] if lang == "en" else names[0]


_FOLD = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue"})


def _key(text: str) -> str:
    folded = text.strip().lower().translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def value_of(kind: str, text: str, values: Iterable[str]) -> str | None:
    """The stored value among *values* that *text* names, as stored (`fruehe_bildung`) or
    as people read it in either language (`Frühe Bildung`, `early education`); case,
    umlauts, spaces and dashes do not matter. None if it names none."""
    wanted = _key(text)
    if not wanted:
        return None
    for value in values:
        names = NAMES.get(kind, {}).get(value, ())
        if wanted == _key(value) or any(wanted == _key(n) for n in names):
            return value
    return None
