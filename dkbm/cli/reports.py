"""`dkbm bericht abdeckung`: reports for the Koordination, the Stadtrat or the Kreistag."""

from __future__ import annotations

import typer

from dkbm.cli.output import JSON, emit_json, h, table
from states.i18n import language
from states.vocabulary import name_of


def reports_app() -> typer.Typer:
    app = typer.Typer(help=h("Berichte.", "Reports."), no_args_is_help=True)

    @app.command(
        "abdeckung",
        help=h(
            "Querschnitt: Bildungsbereiche und Sektoren über Akteure, Gremien, Ziele und "
            "Maßnahmen, mit Lücken.",
            "Coverage: education areas and sectors over actors, boards, goals and measures, "
            "with gaps.",
        ),
    )
    def coverage(as_json: JSON = False) -> None:
        from dkbm import coverage as report
        from states.coverage import SECTORS

        lang = language()
        found = report.coverage()
        doc = report.document(found, lang)
        if as_json:
            return emit_json(doc)
        table(
            [
                h("Bildungsbereich", "Education area"),
                h("Akteure", "Actors"),
                h("Gremien", "Boards"),
                h("Ziele", "Goals"),
                h("Maßnahmen", "Measures"),
                *(name_of("sektor", s, lang) for s in SECTORS),
            ],
            [
                [
                    b["name"],
                    b["akteure"],
                    b["mitglieder"],
                    b["ziele"],
                    b["massnahmen"],
                    *(b["akteure_je_sektor"][s] for s in SECTORS),
                ]
                for b in doc["bereiche"]
            ],
        )
        print(h("(Sektorspalten: Akteure je Sektor)", "(sector columns: actors per sector)"))
        if doc["luecken"]:
            print()
            print(h("Lücken:", "Gaps:"))
            for gap in doc["luecken"]:
                print("  - " + report.gap_text(gap["art"], gap["wert"], lang))
        if doc["warnung"]:
            print()
            print(h("Warnung: ", "Warning: ") + report.warning_text(found, lang))

    return app
