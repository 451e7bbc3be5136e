"""`dkbm kennzahl wert|import`: a Kennzahl's values per year, one at a time or from a CSV
file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.indicator_output import Grund, IndicatorNo, num
from dkbm.cli.output import JSON, emit_json, h, safe
from dkbm.cli.types import YEAR
from dkbm.states.errors import InvalidValue, Reason, Refused

Year = Annotated[
    int,
    typer.Argument(
        metavar="JAHR",
        click_type=YEAR,
        help=h("Jahr (Schuljahr 2024/25: 2024)", "year (school year 2024/25: 2024)"),
    ),
]


def _note_removed(indicator_id: int, year: int, note: str) -> str:
    """A replaced value whose note the new one does not repeat: say the note is gone."""
    return safe(
        h(
            f"Kennzahl {indicator_id}, {year}: Notiz „{note}“ entfernt (neue mit --notiz)",
            f'Indicator {indicator_id}, {year}: note "{note}" removed (a new one: --notiz)',
        )
    )


def add_value_commands(app: typer.Typer) -> None:
    @app.command(
        "wert",
        help=h(
            "Den Wert eines Jahres erfassen (ein vorhandener Wert wird ersetzt) oder "
            "mit --entfernen zurücknehmen.",
            "Record the value of a year (replaces an existing one), or take it back "
            "with --entfernen.",
        ),
        context_settings={"ignore_unknown_options": True},  # negative values: wert 3 2026 -1,5
    )
    def value(
        kennzahl: IndicatorNo,
        jahr: Year,
        wert: Annotated[
            float | None, typer.Argument(metavar="WERT", help=h("Wert (12,5)", "value"))
        ] = None,
        notiz: Annotated[
            str,
            typer.Option(
                help=h(
                    "Notiz, z. B. vorläufig (ersetzt die Notiz eines ersetzten Werts)",
                    "note (replaces the note of a replaced value)",
                )
            ),
        ] = "",
        entfernen: Annotated[
            bool,
            typer.Option(
                "--entfernen", help=h("den Wert dieses Jahres entfernen", "remove the value")
            ),
        ] = False,
        grund: Grund = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries, indicators

        if entfernen and wert is not None:
            raise Refused("kennzahl wert", Reason("reason_indicator_value_and_remove"))
        if not entfernen and wert is None:
            raise Refused("kennzahl wert", Reason("reason_indicator_value_or_remove"))
        if wert is None:
            indicators.remove_value(
                kennzahl, year=jahr, reason=grund, by=context.who(), now=context.now()
            )
            outcome, before = "entfernt", None
        else:
            _, outcome, before = indicators.record_value(
                kennzahl,
                year=jahr,
                value=wert,
                note=notiz,
                reason=grund,
                by=context.who(),
                now=context.now(),
            )
        if as_json:
            doc = indicator_queries.indicator(kennzahl, now=context.now())
            return emit_json({"ergebnis": outcome, "kennzahl": doc})
        said = {
            "neu": h("erfasst", "recorded"),
            "aktualisiert": h("aktualisiert (ersetzt den bisherigen Wert)", "updated (replaced)"),
            "unveraendert": h("unverändert (schon so erfasst)", "unchanged (already recorded)"),
            "entfernt": h("entfernt", "removed"),
        }[outcome]
        shown = "" if wert is None else f" {num(wert)}"
        print(f"{h('Kennzahl', 'Indicator')} {kennzahl}, {jahr}:{shown} {said}")
        if before is not None and before.note and not notiz.strip():
            print(_note_removed(kennzahl, jahr, before.note))

    @app.command(
        "import",
        help=h(
            "Werte aus einer CSV-Datei importieren (Spalten kennzahl;jahr;wert;notiz; "
            "alles oder nichts).",
            "Import values from a CSV file (columns kennzahl;jahr;wert;notiz; all or nothing).",
        ),
    )
    def import_(
        datei: Annotated[Path, typer.Argument(metavar="DATEI", help=h("CSV-Datei", "CSV file"))],
        kennzahl: Annotated[
            int | None,
            typer.Option(help=h("für diese Kennzahl (ohne Spalte kennzahl)", "for this indicator")),
        ] = None,
        grund: Grund = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicators
        from dkbm.indicator_csv import CsvRejected

        try:
            data = datei.read_bytes()
        except OSError as exc:
            from dkbm.documents import file_error

            raise InvalidValue("DATEI", str(datei), file_error(exc)) from None
        try:
            result = indicators.import_values(
                data,
                file=datei.name,
                indicator_id=kennzahl,
                reason=grund,
                by=context.who(),
                now=context.now(),
            )
        except CsvRejected as exc:
            label = h("Fehler", "Error")
            for line in exc.lines():
                print(f"{label}: {line}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        if as_json:
            return emit_json(result.as_dict())
        d = result.as_dict()
        print(
            f"{safe(d['datei'])}: {d['werte']} "
            f"{h('Wert', 'value') if d['werte'] == 1 else h('Werte', 'values')} "
            f"({d['neu']} {h('neu', 'new')}, {d['aktualisiert']} {h('aktualisiert', 'updated')}, "
            f"{d['unveraendert']} {h('unverändert', 'unchanged')}); "
            f"{h('Kennzahlen', 'indicators')}: {', '.join(map(str, d['kennzahlen'])) or '-'}"
        )
        for removed in d["notizen_entfernt"]:
            print(_note_removed(removed["kennzahl"], removed["jahr"], removed["notiz"]))
