"""`dkbm kennzahl ...`: the group, assembled from its parts, and the commands that define
Kennzahlen and show them (add, list, show, aendern)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.indicator_output import (
    Grund,
    IndicatorNo,
    Tolerance,
    item_name,
    latest,
    num,
    print_indicator,
    share,
    shown,
    status_text,
    value_at,
)
from dkbm.cli.indicator_review import add_review_command
from dkbm.cli.indicator_values import add_value_commands
from dkbm.cli.output import JSON, emit_json, h, safe, table
from dkbm.cli.types import YEAR
from dkbm.states.errors import InvalidValue, Reason, Refused

_OPTION_YEAR = {"click_type": YEAR}


def indicators_app() -> typer.Typer:
    app = typer.Typer(
        help=h(
            "Kennzahlen (Bildungsmonitoring): Ausgangs- und Zielwerte von Zielen und "
            "Maßnahmen, Werte je Jahr, CSV-Import, Wirkungsprüfung.",
            "Indicators (education monitoring): baselines and targets of goals and measures, "
            "values per year, CSV import, impact review.",
        ),
        no_args_is_help=True,
    )

    @app.command("add", help=h("Eine Kennzahl anlegen.", "Add an indicator."))
    def add(
        zyklus: Annotated[int, typer.Argument(metavar="ZYKLUS", help=h("Zyklus-Nr.", "cycle no."))],
        name: Annotated[str, typer.Option(help=h("Name der Kennzahl", "name"))],
        ausgangswert: Annotated[float, typer.Option(help=h("Ausgangswert", "baseline value"))],
        ausgangsjahr: Annotated[
            int, typer.Option(help=h("Jahr des Ausgangswerts", "baseline year"), **_OPTION_YEAR)
        ],
        zielwert: Annotated[float, typer.Option(help=h("Zielwert", "target value"))],
        zieljahr: Annotated[
            int, typer.Option(help=h("bis wann (Jahr)", "target year"), **_OPTION_YEAR)
        ],
        ziel: Annotated[
            int | None, typer.Option(help=h("zu Ziel Nr.", "of goal no."), min=1)
        ] = None,
        massnahme: Annotated[
            int | None, typer.Option(help=h("zu Maßnahme Nr.", "of measure no."), min=1)
        ] = None,
        einheit: Annotated[str, typer.Option(help=h("Einheit, z. B. %", "unit"))] = "",
        quelle: Annotated[str, typer.Option(help=h("Quelle der Daten", "data source"))] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries, indicators
        from dkbm.states.indicators import ItemKind

        if (ziel is None) == (massnahme is None):
            raise Refused("kennzahl add", Reason("reason_indicator_one_item"))
        kind = ItemKind.ZIEL if ziel is not None else ItemKind.MASSNAHME
        ind = indicators.add(
            zyklus,
            item_kind=kind,
            item_id=ziel if ziel is not None else massnahme or 0,
            name=name,
            unit=einheit,
            source=quelle,
            baseline=(ausgangswert, ausgangsjahr),
            target=(zielwert, zieljahr),
            by=context.who(),
            now=context.now(),
        )
        if as_json:
            return emit_json(indicator_queries.indicator(ind.id or 0, now=context.now()))
        print(
            f"{h('Kennzahl', 'Indicator')} {ind.id} {h('angelegt', 'added')}: {safe(ind.name)}"
            f" ({num(ind.baseline_value)} {ind.baseline_year} -> "
            f"{num(ind.target_value)} {ind.target_year})"
        )

    @app.command("list", help=h("Kennzahlen mit Stand.", "Indicators and where they stand."))
    def list_(
        zyklus: Annotated[int | None, typer.Option(help=h("nur dieser Zyklus", "cycle"))] = None,
        toleranz: Tolerance = 10.0,
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries

        docs = indicator_queries.indicators(zyklus, tolerance=share(toleranz), now=context.now())
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Nr.", "No."),
                h("Zyklus", "Cycle"),
                h("Bezug", "Of"),
                "Name",
                h("Einheit", "Unit"),
                h("Ausgang", "Baseline"),
                h("Zielwert", "Target"),
                h("Zuletzt", "Latest"),
                "Status",
            ],
            [
                [
                    d["id"],
                    d["zyklus"],
                    item_name(d["bezug"]),
                    d["name"],
                    d["einheit"],
                    value_at(d["ausgangswert"]),
                    value_at(d["zielwert"]),
                    latest(d),
                    status_text(d["bewertung"]["status"]),
                ]
                for d in docs
            ],
        )

    @app.command("show", help=h("Eine Kennzahl mit ihren Werten.", "Show an indicator."))
    def show(
        kennzahl: IndicatorNo,
        toleranz: Tolerance = 10.0,
        svg: Annotated[
            Path | None, typer.Option(help=h("Diagramm als SVG speichern", "save chart as SVG"))
        ] = None,
        html: Annotated[
            Path | None,
            typer.Option(
                help=h("Diagramm mit Tabelle als HTML speichern", "save chart and table as HTML")
            ),
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries

        tolerance, now = share(toleranz), context.now()
        d = indicator_queries.indicator(kennzahl, tolerance=tolerance, now=now)
        _write_chart(kennzahl, svg, html, tolerance, quiet=as_json)
        if as_json:
            return emit_json(d)
        print_indicator(d)

    @app.command(
        "aendern",
        help=h(
            "Name, Einheit, Quelle, Ausgangs- oder Zielwert einer Kennzahl korrigieren.",
            "Correct an indicator's name, unit, source, baseline or target.",
        ),
    )
    def change(
        kennzahl: IndicatorNo,
        name: Annotated[str | None, typer.Option(help=h("Name", "name"))] = None,
        einheit: Annotated[str | None, typer.Option(help=h("Einheit", "unit"))] = None,
        quelle: Annotated[str | None, typer.Option(help=h("Quelle", "source"))] = None,
        ausgangswert: Annotated[
            float | None, typer.Option(help=h("Ausgangswert", "baseline value"))
        ] = None,
        ausgangsjahr: Annotated[
            int | None,
            typer.Option(help=h("Jahr des Ausgangswerts", "baseline year"), **_OPTION_YEAR),
        ] = None,
        zielwert: Annotated[float | None, typer.Option(help=h("Zielwert", "target value"))] = None,
        zieljahr: Annotated[
            int | None, typer.Option(help=h("Zieljahr", "target year"), **_OPTION_YEAR)
        ] = None,
        grund: Grund = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries, indicators

        ind, changed = indicators.change(
            kennzahl,
            reason=grund,
            name=name,
            unit=einheit,
            source=quelle,
            baseline_value=ausgangswert,
            baseline_year=ausgangsjahr,
            target_value=zielwert,
            target_year=zieljahr,
            by=context.who(),
            now=context.now(),
        )
        if as_json:
            return emit_json(indicator_queries.indicator(kennzahl, now=context.now()))
        if not changed:
            return print(
                f"{h('Kennzahl', 'Indicator')} {kennzahl}: {h('unverändert', 'unchanged')}"
            )
        options = {  # as typed, in either language
            "name": "--name",
            "unit": "--einheit",
            "source": "--quelle",
            "baseline_value": "--ausgangswert",
            "baseline_year": "--ausgangsjahr",
            "target_value": "--zielwert",
            "target_year": "--zieljahr",
        }
        listed = ", ".join(
            f"{options[k]} {shown(old)} -> {shown(new)}" for k, (old, new) in changed.items()
        )
        print(
            f"{h('Kennzahl', 'Indicator')} {kennzahl} {h('geändert', 'changed')}: {safe(listed)}"
            f" (Version {ind.version})"
        )
        old_path = [
            changed.get(k, [getattr(ind, k)])[0] for k in ("baseline_value", "target_value")
        ]
        if (old_path[1] > old_path[0]) != (ind.direction > 0):
            print(
                h(
                    "Hinweis: Die Richtung ändert sich: "
                    + ("fallend → steigend" if ind.direction > 0 else "steigend → fallend")
                    + "; die Wirkungsprüfung misst von nun an in diese Richtung.",
                    "Note: the direction changes: "
                    + ("falling → rising" if ind.direction > 0 else "rising → falling")
                    + "; the impact review measures in this direction from now on.",
                )
            )
        if "target_value" in changed and (named := indicator_queries.measure_target(kennzahl)):
            text, decided = named
            print(
                safe(
                    h(
                        f"Hinweis: Die Maßnahme wurde mit dem Zielwert „{text}“ beschlossen; "
                        "Bericht und Portal zeigen beides. Der Beschluss bleibt, wie er ist.",
                        f'Note: the measure was decided with the target "{text}"; report '
                        "and portal show both. The decision stays as it was.",
                    )
                    if decided
                    else h(
                        f"Hinweis: Die Maßnahme nennt als Zielwert „{text}“; zu ändern mit "
                        f"'dkbm zyklus massnahme {ind.cycle_id} --id {ind.item_id} --zielwert …'.",
                        f'Note: the measure names the target "{text}"; change it with '
                        f"'dkbm zyklus massnahme {ind.cycle_id} --id {ind.item_id} --zielwert …'.",
                    )
                )
            )

    add_value_commands(app)
    add_review_command(app)
    return app


def _write_chart(
    indicator_id: int, svg: Path | None, html: Path | None, tolerance: float, quiet: bool
) -> None:
    from dkbm import indicator_queries

    now = context.now()
    for path, render in (
        (svg, indicator_queries.chart_svg),
        (html, indicator_queries.chart_figure),
    ):
        if path is None:
            continue
        try:
            path.write_text(render(indicator_id, tolerance=tolerance, now=now), encoding="utf-8")
        except OSError as exc:
            from dkbm.documents import file_error

            option = "--svg" if path == svg else "--html"
            raise InvalidValue(option, str(path), file_error(exc, writing=True)) from None
        if not quiet:
            print(h("Geschrieben: ", "Written: ") + str(path))
