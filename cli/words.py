"""Display names for stored values (`bildungseinrichtungen` is shown as Bildungseinrichtungen)."""

from __future__ import annotations

import os
from pathlib import Path

from dkbm.states.i18n import language
from dkbm.states.vocabulary import NAMES as _NAMES

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
