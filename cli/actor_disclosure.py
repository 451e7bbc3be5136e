"""`dkbm akteur auskunft N [--format md|json|pdf] [--ausgabe DATEI]`: everything stored about
one Akteur (DSGVO Art. 15), as a readable summary, as JSON or as a PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import emit_json, h, safe

Actor = Annotated[int, typer.Argument(metavar="AKTEUR", help=h("Akteur-Nr.", "actor no."))]


def add_disclosure_command(a: typer.Typer) -> None:
    @a.command(
        "auskunft",
        help=h(
            "Auskunft nach Art. 15 DSGVO: alles, was zu einem Akteur gespeichert ist.",
            "Access request (Art. 15 GDPR): everything stored about an actor.",
        ),
    )
    def disclose(
        akteur: Actor,
        form: Annotated[
            str,
            typer.Option(
                "--format",
                help=h(
                    "md (lesbare Zusammenfassung), json oder pdf",
                    "md (readable summary), json or pdf",
                ),
            ),
        ] = "md",
        ausgabe: Annotated[
            Path | None,
            typer.Option(
                "--ausgabe",
                help=h(
                    "in diese Datei schreiben (ersetzt sie; bei pdf nötig)",
                    "write to this file (replaces it; needed for pdf)",
                ),
            ),
        ] = None,
    ) -> None:
        from dkbm import disclosure
        from dkbm.file_output import PRIVATE, write_replacing
        from dkbm.states.documents import size_text
        from dkbm.states.errors import InputError, InvalidValue
        from dkbm.states.i18n import language, t

        if form not in disclosure.FORMATS:
            raise InvalidValue("--format", form, t("disclosure_format_expected"))
        if form == "pdf" and ausgabe is None:
            raise InputError("disclosure_pdf_needs_file")  # a usage error: exit 2
        lang, now = language(), context.now()
        if form == "json":
            doc = disclosure.disclosure(akteur, now)
            if ausgabe is None:
                return emit_json(doc)
            data = (json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n").encode()
        elif form == "md":
            text = disclosure.markdown(akteur, now, lang)
            if ausgabe is None:
                print(text, end="")
                return None
            data = text.encode()
        else:
            data = disclosure.pdf(akteur, now, lang)
        assert ausgabe is not None
        write_replacing(ausgabe, data, mode=PRIVATE)  # her personal data
        print(t("disclosure_written", path=safe(str(ausgabe)), size=size_text(len(data), lang)))
        return None
