"""`dkbm kennzahl add|list|show|wert|import|pruefen`: Bildungsmonitoring from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, safe, table
from dkbm.cli.types import YEAR
from dkbm.states.errors import InvalidValue, Reason, Refused

IndicatorNo = Annotated[
    int, typer.Argument(metavar="KENNZAHL", help=h("Kennzahl-Nr.", "indicator no."))
]
Year = Annotated[
    int,
    typer.Argument(
        metavar="JAHR",
        click_type=YEAR,
        help=h("Jahr (Schuljahr 2024/25: 2024)", "year (school year 2024/25: 2024)"),
    ),
]
Tolerance = Annotated[
    float,
    typer.Option(
        "--toleranz",
        show_default=False,
        help=h(
            "erlaubter Rückstand in % der Strecke vom Ausgangs- zum Zielwert (Standard: 10)",
            "allowed lag in % of the distance from baseline to target (default: 10)",
        ),
    ),
]
_OPTION_YEAR = {"click_type": YEAR}
Grund = Annotated[
    str,
    typer.Option(
        "--grund",
        help=h(
            "warum korrigiert wird (steht im Verlauf, z. B. 'Landesamt hat korrigiert')",
            "why it is corrected (kept in the history)",
        ),
    ),
]


def _share(percent: float) -> float:
    if not 0 <= percent <= 100:
        raise Refused("--toleranz", Reason("reason_tolerance"))
    return percent / 100


def _num(value: float | None, digits: int = 6) -> str:
    """A value as it is kept (up to six decimals); computed figures pass *digits*=2."""
    from dkbm.charts import number

    return "-" if value is None else number(value, digits=digits)


def _status(status: str) -> str:
    from dkbm.charts import status_word
    from dkbm.states.indicators import Status

    return status_word(Status(status))


def _item(bezug: dict[str, Any]) -> str:
    word = h("Ziel", "Goal") if bezug["art"] == "ziel" else h("Maßnahme", "Measure")
    return f"{word} {bezug['id']}" + ("" if bezug["vorhanden"] else h(" (entfernt)", " (removed)"))


def _shown(value: object) -> str:
    return (
        _num(value)
        if isinstance(value, float)
        else repr(value)
        if isinstance(value, str)
        else str(value)
    )


def _note_removed(indicator_id: int, year: int, note: str) -> str:
    """A replaced value whose note the new one does not repeat: say the note is gone."""
    return safe(
        h(
            f"Kennzahl {indicator_id}, {year}: Notiz „{note}“ entfernt (neue mit --notiz)",
            f'Indicator {indicator_id}, {year}: note "{note}" removed (a new one: --notiz)',
        )
    )


def _at(point: dict[str, Any]) -> str:
    return f"{_num(point['wert'])} ({point['jahr']})"


def _latest(doc: dict[str, Any]) -> str:
    a = doc["bewertung"]
    return "-" if a["jahr"] is None else f"{_num(a['wert'])} ({a['jahr']})"


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
            f" ({_num(ind.baseline_value)} {ind.baseline_year} -> "
            f"{_num(ind.target_value)} {ind.target_year})"
        )

    @app.command("list", help=h("Kennzahlen mit Stand.", "Indicators and where they stand."))
    def list_(
        zyklus: Annotated[int | None, typer.Option(help=h("nur dieser Zyklus", "cycle"))] = None,
        toleranz: Tolerance = 10.0,
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries

        docs = indicator_queries.indicators(zyklus, tolerance=_share(toleranz), now=context.now())
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
                    _item(d["bezug"]),
                    d["name"],
                    d["einheit"],
                    _at(d["ausgangswert"]),
                    _at(d["zielwert"]),
                    _latest(d),
                    _status(d["bewertung"]["status"]),
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

        tolerance, now = _share(toleranz), context.now()
        d = indicator_queries.indicator(kennzahl, tolerance=tolerance, now=now)
        _write_chart(kennzahl, svg, html, tolerance, quiet=as_json)
        if as_json:
            return emit_json(d)
        _print_indicator(d)

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
            f"{options[k]} {_shown(old)} -> {_shown(new)}" for k, (old, new) in changed.items()
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
        shown = "" if wert is None else f" {_num(wert)}"
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

    @app.command(
        "pruefen",
        help=h(
            "Wirkungsprüfung: Kennzahlen mit dem Zielpfad vergleichen, Maßnahmen abseits "
            "des Kurses nennen, Wiedereröffnung vorschlagen.",
            "Impact review: compare indicators with their target path, name what is off "
            "track, suggest reopening a stage.",
        ),
    )
    def review(
        zyklus: Annotated[
            int | None,
            typer.Argument(metavar="ZYKLUS", help=h("Zyklus-Nr. (sonst alle)", "cycle no.")),
        ] = None,
        toleranz: Tolerance = 10.0,
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries

        docs = indicator_queries.review(zyklus, tolerance=_share(toleranz), now=context.now())
        if as_json:
            return emit_json(docs if zyklus is None else docs[0])
        if not docs:
            print(h("Noch keine Kennzahlen erfasst.", "No indicators recorded yet."))
        for i, doc in enumerate(docs):
            if i:
                print()
            _print_review(doc)

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


def _print_indicator(d: dict[str, Any]) -> None:
    unit = f" ({d['einheit']})" if d["einheit"] else ""
    print(f"{h('Kennzahl', 'Indicator')} {d['id']}: {safe(d['name'])}{safe(unit)}")
    title = safe(d["bezug"]["titel"] or "-")
    print(f"  {h('Zyklus', 'Cycle')} {d['zyklus']}, {_item(d['bezug'])}: {title}")
    if d["quelle"]:
        print(f"  {h('Quelle', 'Source')}: {safe(d['quelle'])}")
    print(
        f"  {h('Ausgangswert', 'Baseline')}: {_at(d['ausgangswert'])}   "
        f"{h('Zielwert', 'Target')}: {_at(d['zielwert'])}   "
        f"({h(d['richtung'], 'rising' if d['richtung'] == 'steigend' else 'falling')})"
    )
    a = d["bewertung"]
    line = f"  {h('Bewertung', 'Assessment')}: {_status(a['status'])}"
    if a["erwartet"] is not None:
        line += (
            f" ({a['jahr']}: {_num(a['wert'])}, {h('erwartet', 'expected')} {_num(a['erwartet'], 2)}"
            f"; {h('Rückstand', 'lag')} {_num(a['rueckstand'], 2)} = "
            f"{_num(a['rueckstand_anteil'] * 100, 2)} % {h('der Strecke', 'of the distance')}, "
            f"{h('Toleranz', 'tolerance')} {_num(a['toleranz'] * 100, 2)} %)"
        )
    print(line)
    print()
    table(
        [h("Jahr", "Year"), h("Wert", "Value"), h("erwartet", "expected"), h("Notiz", "Note")],
        [[v["jahr"], _num(v["wert"]), _num(v["erwartet"], 2), v["notiz"]] for v in d["werte"]],
    )
    if d.get("verlauf"):
        print()
        print(h("Verlauf:", "History:"))
        for e in d["verlauf"]:
            said = _event(e["aktion"], e["details"])
            why = f" ({h('Grund', 'reason')}: {e['grund']})" if e["grund"] else ""
            print(f"  {context.local(e['zeit'])}  {e['von']}: {safe(said + why)}")


_FIELDS = {
    "name": ("Name", "name"),
    "einheit": ("Einheit", "unit"),
    "quelle": ("Quelle", "source"),
    "ausgangswert": ("Ausgangswert", "baseline"),
    "ausgangsjahr": ("Ausgangsjahr", "baseline year"),
    "zielwert": ("Zielwert", "target"),
    "zieljahr": ("Zieljahr", "target year"),
}


def _event(action: str, p: dict[str, Any]) -> str:
    """One audit event of a Kennzahl in words; an old value is named beside the new."""
    if action == "wert_erfasst":
        text = f"{h('Wert', 'value')} {p['jahr']}: {_num(p['wert'])}"
        if "vorher" in p:
            text += f" ({h('ersetzt', 'replaces')} {_num(p['vorher'])})"
        before, note = p.get("notiz_vorher") or "", p.get("notiz") or ""
        if "vorher" in p and before != note:
            text += (
                f"; {h('Notiz', 'note')} {before!r} -> {note!r}"
                if note
                else f"; {h('Notiz', 'note')} {before!r} {h('entfernt', 'removed')}"
            )
        return text
    if action == "wert_entfernt":
        old = f" ({h('war', 'was')} {_num(p['wert'])})" if "wert" in p else ""
        return f"{h('Wert', 'value')} {p['jahr']} {h('entfernt', 'removed')}{old}"
    if action == "werte_importiert":
        replaced = "".join(
            f"; {r['jahr']}: {_num(r['vorher'])} -> {_num(r['wert'])}" for r in p.get("ersetzt", [])
        )
        return (
            f"{h('Import', 'import')} {p['datei']}: {p['neu']} {h('neu', 'new')}, "
            f"{p['aktualisiert']} {h('ersetzt', 'replaced')}{replaced}"
        )
    if action == "geaendert":
        return h("geändert: ", "changed: ") + ", ".join(
            f"{h(*_FIELDS.get(k, (k, k)))} {_shown(old)} -> {_shown(new)}"
            for k, (old, new) in p["felder"].items()
        )
    if action == "uebernommen":
        return h("übernommen aus Kennzahl ", "carried over from indicator ") + str(
            p.get("aus_kennzahl", "")
        )
    return h("angelegt", "created") if action == "angelegt" else action


def _print_review(doc: dict[str, Any]) -> None:
    from dkbm.states.cycle import describe_state
    from dkbm.states.i18n import language

    print(
        f"{h('Wirkungsprüfung', 'Impact review')} {h('Zyklus', 'cycle')} {doc['zyklus']}: "
        f"{safe(doc['titel'])} ({describe_state(doc['zustand'], language())}); "
        f"{h('Stand', 'as of')} {doc['jahr']}, {h('Toleranz', 'tolerance')} "
        f"{_num(doc['toleranz'] * 100, 2)} %"
    )
    table(
        [
            h("Nr.", "No."),
            h("Bezug", "Of"),
            "Name",
            h("Zuletzt", "Latest"),
            h("erwartet", "expected"),
            h("Zielwert", "Target"),
            "Status",
        ],
        [
            [
                d["id"],
                _item(d["bezug"]),
                d["name"],
                _latest(d),
                _num(d["bewertung"]["erwartet"], 2),
                _at(d["zielwert"]),
                _status(d["bewertung"]["status"]),
            ]
            for d in doc["kennzahlen"]
        ],
    )
    if doc["nicht_auf_kurs"]:
        print(h("Nicht auf Kurs:", "Off track:"))
        for f in doc["nicht_auf_kurs"]:
            kind = h("Ziel", "Goal") if f["art"] == "ziel" else h("Maßnahme", "Measure")
            ids = ", ".join(map(str, f["kennzahlen"]))
            print(
                f"  {kind} {f['id']}: {safe(f['titel'] or '-')} ({h('Kennzahl', 'indicator')} {ids})"
            )
    if doc["ohne_kennzahl"]:
        names = ", ".join(f"{h('Nr.', 'no.')} {m['id']}" for m in doc["ohne_kennzahl"])
        print(f"{h('Maßnahmen ohne Kennzahl', 'Measures without a tracked indicator')}: {names}")
    s = doc["vorschlag"]
    if s is None:
        print(h("Kein Handlungsbedarf erkennbar.", "Nothing calls for reopening a stage."))
        return
    if s["stufe_offen"]:
        from dkbm.states.cycle import describe_state
        from dkbm.states.i18n import language

        print(
            h(
                "Die Stufe ist offen, der Zyklus steht bei ",
                "The stage is open; the cycle stands at ",
            )
            + describe_state(doc["zustand"], language())
            + h(": dort überarbeiten.", ": revise it there.")
        )
        return
    print(f"{h('Vorschlag', 'Suggestion')}: {s['befehl']}")
    if s["jetzt_moeglich"]:
        return
    if doc["zustand"] == "umsetzung":
        print(
            h(
                f"  (möglich in der Wirkungsprüfung: zuerst 'dkbm zyklus weiter {doc['zyklus']} "
                "wirkung_pruefen')",
                f"  (possible during the impact review: first 'dkbm zyklus weiter {doc['zyklus']} "
                "wirkung_pruefen')",
            )
        )
    else:
        print(h("  (möglich in der Wirkungsprüfung)", "  (possible during the impact review)"))
