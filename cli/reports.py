"""`dkbm bericht abdeckung`: reports for the Koordination, the Stadtrat or the Kreistag."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dkbm.cli.output import JSON, emit_json, h, safe, table
from dkbm.states.i18n import language, t
from dkbm.states.vocabulary import name_of


def reports_app() -> typer.Typer:
    app = typer.Typer(help=h("Berichte.", "Reports."), no_args_is_help=True)

    @app.command(
        "abdeckung",
        help=h(
            "Querschnitt: Bildungsbereiche und Sektoren über Akteure, Gremien, Ziele, "
            "Maßnahmen und Organisationen, mit Lücken.",
            "Coverage: education areas and sectors over actors, boards, goals, measures and "
            "organisations, with gaps.",
        ),
    )
    def coverage(
        zyklus: Annotated[
            list[int] | None,
            typer.Option(
                help=h(
                    "Ziele und Maßnahmen dieses Zyklus zählen (mehrfach möglich; "
                    "ohne: alle nicht abgeschlossenen)",
                    "count the goals and measures of this cycle (repeatable; "
                    "without: every cycle not closed)",
                )
            ),
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import coverage as report
        from dkbm.states.coverage import SECTORS

        lang = language()
        found = report.coverage(zyklus)
        doc = report.document(found, lang)
        if as_json:
            return emit_json(doc)
        if found.cycles:
            counted = ", ".join(f"{i} ({safe(title)})" for i, title in found.cycles)
            several = len(found.cycles) > 1
            print(
                h(
                    "Ziele und Maßnahmen aus " + ("den Zyklen " if several else "Zyklus "),
                    "Goals and measures of " + ("cycles " if several else "cycle "),
                )
                + counted
            )
        else:
            print(
                h(
                    "Kein laufender Zyklus: nur Akteure und Gremienmitglieder gezählt "
                    "(abgeschlossene mit --zyklus N).",
                    "No running cycle: only actors and board members counted "
                    "(closed ones with --zyklus N).",
                )
            )
        print()
        table(
            [
                h("Bildungsbereich", "Education area"),
                h("Akteure", "Actors"),
                h("Mitglieder in Gremien/AGs", "Board members"),
                h("Ziele", "Goals"),
                h("Maßnahmen", "Measures"),
                *(name_of("sektor", s, lang) for s in SECTORS),
            ],
            [
                [
                    b["name"],
                    *(_count(b[k]) for k in ("akteure", "mitglieder", "ziele", "massnahmen")),
                    *(_count(b["akteure_je_sektor"][s]) for s in SECTORS),
                ]
                for b in doc["bereiche"]
            ],
        )
        print(
            h(
                "(Sektorspalten: Akteure je Sektor; – keine)",
                "(sector columns: actors per sector; – none)",
            )
        )
        print()
        print(t("coverage_organisations_heading", lang) + ":")
        orgs = doc["organisationen"]
        table(
            [
                h("Bildungsbereich", "Education area"),
                *(name_of("sektor", s, lang) for s in SECTORS),
                t("coverage_organisations_sum", lang),
            ],
            [
                *(
                    [
                        b["name"],
                        *(_count(b["organisationen_je_sektor"][s]) for s in SECTORS),
                        _count(b["organisationen"]),
                    ]
                    for b in doc["bereiche"]
                ),
                [
                    t("coverage_organisations_total", lang),
                    *(_count(orgs["je_sektor"][s]) for s in SECTORS),
                    _count(orgs["gesamt"]),
                ],
            ],
        )
        print("(" + t("coverage_organisations_note", lang) + ")")
        if orgs["ohne_bereich"]:
            print(t("coverage_organisations_without_area", lang, count=orgs["ohne_bereich"]))
        gaps = [g for g in doc["luecken"] if g["art"] not in report.ORGANISATION_GAPS]
        if gaps:
            print()
            print(h("Lücken:", "Gaps:"))
            for gap in gaps:
                print("  - " + report.gap_text(gap["art"], gap["wert"], lang))
        missing = [g for g in doc["luecken"] if g["art"] in report.ORGANISATION_GAPS]
        if missing or doc["warnung"]:
            print()
        for gap in missing:
            print(h("Warnung: ", "Warning: ") + report.gap_text(gap["art"], gap["wert"], lang))
        if doc["warnung"]:
            print(h("Warnung: ", "Warning: ") + report.warning_text(found, lang))

    @app.command(
        "zyklus",
        help=h(
            "Sachstandsbericht eines Zyklus für Stadtrat oder Kreistag (Markdown, HTML, PDF).",
            "Status report of a cycle for the council (Markdown, HTML, PDF).",
        ),
    )
    def cycle_report(
        zyklus: Annotated[int, typer.Argument(metavar="ZYKLUS", help=h("Zyklus-Nr.", "cycle no."))],
        format_: Annotated[str, typer.Option("--format", help="md | html | pdf")] = "md",
        datei: Annotated[
            Path | None, typer.Option(help=h("in diese Datei schreiben", "write to this file"))
        ] = None,
    ) -> None:
        from dkbm import context
        from dkbm.portal.report import produce
        from dkbm.states.errors import DkbmError, InvalidValue

        if format_ == "pdf" and datei is None:  # a PDF is no text for the terminal
            raise DkbmError(
                "usage_missing",
                what=h(
                    f"--datei (z. B. --datei bericht-zyklus-{zyklus}.pdf): ein PDF wird in eine "
                    "Datei geschrieben",
                    f"--datei (e.g. --datei report-cycle-{zyklus}.pdf): a PDF is written to a file",
                ),
            )
        data = produce(zyklus, format_, context.now(), language())
        if datei is None:
            print(data.decode("utf-8"), end="")
            return
        try:
            datei.write_bytes(data)
        except OSError as exc:
            from dkbm.documents import file_error

            raise InvalidValue("--datei", str(datei), file_error(exc, writing=True)) from None
        print(h("Geschrieben: ", "Written: ") + str(datei))

    return app


def _count(n: int) -> int | str:
    """A count for the terminal: an empty cell reads as a dash, not as a number to scan."""
    return n if n else "–"
