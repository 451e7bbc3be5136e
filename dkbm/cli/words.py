"""Display names for stored values (`bildungseinrichtungen` is shown as Bildungseinrichtungen)."""

from __future__ import annotations

import os
from pathlib import Path

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
    "status": {
        "aktiv": ("aktiv", "active"),
        "inaktiv": ("deaktiviert", "deactivated"),
        "geloescht": ("gelöscht (DSGVO)", "erased (GDPR)"),
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
    },
    "fristenstatus": {
        "offen": ("offen", "open"),
        "geschlossen": ("geschlossen", "closed"),
    },
    "nachricht": {
        "beteiligung_einladung": ("Einladung zur Beteiligung", "consultation invitation"),
        "abstimmung_einladung": ("Einladung zur Abstimmung", "vote invitation"),
        "beschluss_mitteilung": ("Beschlussmitteilung", "decision notice"),
        "ueberarbeitung_mitteilung": ("Rückgabe zur Überarbeitung", "sent back for revision"),
        "erinnerung": ("Erinnerung", "reminder"),
        "ueberfaellig": ("Überfällig-Hinweis", "overdue notice"),
        "eskalation": ("Eskalation", "escalation"),
        "digest": ("Tageszusammenfassung", "daily digest"),
        "frist_geaendert": ("Frist geändert", "deadline changed"),
        "frist_entfallen": ("Frist entfällt", "deadline withdrawn"),
    },
    "eskalation": {
        "Verwaltungsspitze": ("Verwaltungsspitze", "chief executive"),
        "Dezernats-/Amtsleitung": ("Dezernats-/Amtsleitung", "head of department"),
    },
    "verortung": {
        "stabsstelle": ("Stabsstelle", "staff unit"),
        "linie": ("Linie", "line"),
    },
}


LOCALE = Path(__file__).parent / "locale"


def speak(lang: str) -> None:
    """Let Click and Typer print their own words (Usage, Options, [required] …) in *lang*.

    Both look their texts up through `gettext` in the default domain; the German catalog
    is `locale/de/LC_MESSAGES/messages.mo`. English needs none."""
    import gettext
    import sys

    os.environ["LANGUAGE"] = lang
    gettext.bindtextdomain("messages", str(LOCALE))
    # Typer's help module reads its words once, when imported (only for help: it is slow);
    # once imported, they are set again here for the language of this call.
    r = sys.modules.get("typer.rich_utils")
    if r is None:
        return
    _ = gettext.gettext
    r.DEFAULT_STRING = _("[default: {}]")
    r.ENVVAR_STRING = _("[env var: {}]")
    r.REQUIRED_LONG_STRING = _("[required]")
    r.ARGUMENTS_PANEL_TITLE = _("Arguments")
    r.OPTIONS_PANEL_TITLE = _("Options")
    r.COMMANDS_PANEL_TITLE = _("Commands")
    r.ERRORS_PANEL_TITLE = _("Error")
    r.ABORTED_TEXT = _("Aborted.")
    r.RICH_HELP = _("Try [blue]'{command_path} {help_option}'[/] for help.")
    r.DEPRECATED_STRING = _("(deprecated) ")


def display(kind: str, value: str) -> str:
    """The name people read for a stored *value* of *kind*, in the chosen language."""
    names = _NAMES.get(kind, {}).get(value)
    if names is None:
        return value
    return names[1] if language() == "en" else names[0]
