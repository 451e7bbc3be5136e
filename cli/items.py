"""`dkbm ziel list` and `dkbm massnahme list`: Ziele and Maßnahmen across every cycle."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, day, emit_json, h, table

CycleFilter = Annotated[
    int | None, typer.Option("--zyklus", min=1, help=h("nur dieser Zyklus", "this cycle only"))
]
AreaFilter = Annotated[
    str | None,
    typer.Option(
        "--bereich",
        help=h(
            "nur dieser Bildungsbereich, z. B. uebergang_schule_beruf",
            "this education area only, e.g. uebergang_schule_beruf",
        ),
    ),
]


def _areas(values: list[str]) -> str:
    from dkbm.cli.words import display

    return ", ".join(display("bildungsbereich", v) for v in values) or "–"


def _cycle(d: dict[str, Any]) -> str:
    return f"{d['id']} ({d['bezeichnung'].split(' / ')[0]})"


def goals_app() -> typer.Typer:
    app = typer.Typer(
        help=h("Strategische Ziele über alle Zyklen.", "Strategic goals across all cycles."),
        no_args_is_help=True,
    )

    @app.command(
        "list",
        help=h(
            "Ziele aller Zyklen mit Bildungsbereichen, Strategien und Maßnahmen.",
            "Goals of all cycles with education areas, strategies and measures.",
        ),
    )
    def list_(
        zyklus: CycleFilter = None, bereich: AreaFilter = None, as_json: JSON = False
    ) -> None:
        from dkbm import item_queries

        docs = item_queries.goals(cycle_id=zyklus, area=bereich)
        if as_json:
            return emit_json(docs)
        if not docs:
            return print(h("Keine Ziele gefunden.", "No goals found."))
        table(
            [
                h("Zyklus", "Cycle"),
                h("Nr.", "No."),
                h("Ziel", "Goal"),
                h("Bildungsbereiche", "Education areas"),
                h("Strategien", "Strategies"),
                h("Maßnahmen", "Measures"),
            ],
            [
                [
                    _cycle(d["zyklus"]),
                    d["id"],
                    d["titel"],
                    _areas(d["bereiche"]),
                    d["strategien"],
                    d["massnahmen"],
                ]
                for d in docs
            ],
        )

    return app


def measures_app() -> typer.Typer:
    app = typer.Typer(
        help=h("Maßnahmen über alle Zyklen.", "Measures across all cycles."),
        no_args_is_help=True,
    )

    @app.command(
        "list",
        help=h(
            "Maßnahmen aller Zyklen, nächste Frist zuerst: wer, bis wann, berichtet, Kennzahlen.",
            "Measures of all cycles, soonest deadline first: owner, deadline, reports, indicators.",
        ),
    )
    def list_(
        zyklus: CycleFilter = None,
        bereich: AreaFilter = None,
        akteur: Annotated[
            int | None,
            typer.Option(min=1, help=h("nur Maßnahmen dieses Akteurs", "owned by this actor")),
        ] = None,
        faellig_bis: Annotated[
            str | None,
            typer.Option(
                "--faellig-bis",
                help=h("Frist spätestens am (TT.MM.JJJJ)", "deadline on or before (YYYY-MM-DD)"),
            ),
        ] = None,
        ohne_bericht: Annotated[
            bool,
            typer.Option(
                "--ohne-bericht",
                help=h("nur Maßnahmen ohne Fortschrittsbericht", "only measures without report"),
            ),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import item_queries

        due_by = (
            context.parse_day(faellig_bis, "--faellig-bis") if faellig_bis is not None else None
        )
        docs = item_queries.measures(
            cycle_id=zyklus, owner_id=akteur, area=bereich, due_by=due_by, unreported=ohne_bericht
        )
        if as_json:
            return emit_json(docs)
        if not docs:
            return print(h("Keine Maßnahmen gefunden.", "No measures found."))
        table(
            [
                h("Zyklus", "Cycle"),
                h("Nr.", "No."),
                h("Maßnahme", "Measure"),
                h("Ziel", "Goal"),
                h("Bildungsbereiche", "Education areas"),
                h("Verantwortlich", "Owner"),
                h("Frist", "Deadline"),
                h("Berichte", "Reports"),
                h("Kennzahlen", "Indicators"),
            ],
            [
                [
                    _cycle(d["zyklus"]),
                    d["id"],
                    d["titel"],
                    f"{d['ziel']['id']}: {d['ziel']['titel']}" if d["ziel"]["id"] else "–",
                    _areas(d["bereiche"]),
                    _owner(d["verantwortlich"]),
                    day(d["frist"]) if d["frist"] else "–",
                    d["berichte"],
                    "; ".join(f"{i['id']}: {i['name']}" for i in d["kennzahlen"]) or "–",
                ]
                for d in docs
            ],
        )

    return app


def _owner(owner: dict[str, Any] | None) -> str:
    if owner is None:
        return "–"
    gone = "" if owner["aktiv"] else h(", ausgeschieden", ", left")
    return f"{owner['name']} ({owner['id']}{gone})"
