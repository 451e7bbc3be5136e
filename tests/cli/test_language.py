"""The German catalog for Click's and Typer's words: the compiled file matches its source."""

from __future__ import annotations

import gettext

from babel.messages.pofile import read_po

from dkbm.cli.words import LOCALE


def test_the_compiled_catalog_matches_the_po_file() -> None:
    source = LOCALE / "de" / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as f:
        catalog = read_po(f)
    compiled = gettext.translation("messages", str(LOCALE), languages=["de"])
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 1) == message.string[0]
            assert compiled.ngettext(message.id[0], message.id[1], 2) == message.string[1]
        else:
            assert compiled.gettext(message.id) == message.string, message.id
