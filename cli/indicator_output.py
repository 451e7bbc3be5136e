"""A Kennzahl on the command line: the arguments and options several commands share (its
number, the tolerance, the reason for a correction), and how indicators are printed."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm.cli.output import h, safe, table, when
from dkbm.states.errors import Reason, Refused

IndicatorNo = Annotated[
    int, typer.Argument(metavar="KENNZAHL", help=h("Kennzahl-Nr.", "indicator no."))
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


def share(percent: float) -> float:
    if not 0 <= percent <= 100:
        raise Refused("--toleranz", Reason("reason_tolerance"))
    return percent / 100


def num(value: float | None, digits: int = 6) -> str:
    """A value as it is kept (up to six decimals); computed figures pass *digits*=2."""
    from dkbm.chart_text import number

    return "-" if value is None else number(value, digits=digits)


def status_text(status: str) -> str:
    from dkbm.chart_text import status_word
    from dkbm.states.indicators import Status

    return status_word(Status(status))


def item_name(bezug: dict[str, Any]) -> str:
    word = h("Ziel", "Goal") if bezug["art"] == "ziel" else h("Maßnahme", "Measure")
    return f"{word} {bezug['id']}" + ("" if bezug["vorhanden"] else h(" (entfernt)", " (removed)"))


def shown(value: object) -> str:
    return (
        num(value)
        if isinstance(value, float)
        else repr(value)
        if isinstance(value, str)
        else str(value)
    )


def value_at(point: dict[str, Any]) -> str:
    return f"{num(point['wert'])} ({point['jahr']})"


def latest(doc: dict[str, Any]) -> str:
    a = doc["bewertung"]
    return "-" if a["jahr"] is None else f"{num(a['wert'])} ({a['jahr']})"


def print_indicator(d: dict[str, Any]) -> None:
    unit = f" ({d['einheit']})" if d["einheit"] else ""
    print(f"{h('Kennzahl', 'Indicator')} {d['id']}: {safe(d['name'])}{safe(unit)}")
    title = safe(d["bezug"]["titel"] or "-")
    print(f"  {h('Zyklus', 'Cycle')} {d['zyklus']}, {item_name(d['bezug'])}: {title}")
    if d["quelle"]:
        print(f"  {h('Quelle', 'Source')}: {safe(d['quelle'])}")
    print(
        f"  {h('Ausgangswert', 'Baseline')}: {value_at(d['ausgangswert'])}   "
        f"{h('Zielwert', 'Target')}: {value_at(d['zielwert'])}   "
        f"({h(d['richtung'], 'rising' if d['richtung'] == 'steigend' else 'falling')})"
    )
    a = d["bewertung"]
    line = f"  {h('Bewertung', 'Assessment')}: {status_text(a['status'])}"
    if a["erwartet"] is not None:
        line += (
            f" ({a['jahr']}: {num(a['wert'])}, {h('erwartet', 'expected')} {num(a['erwartet'], 2)}"
            f"; {h('Rückstand', 'lag')} {num(a['rueckstand'], 2)} = "
            f"{num(a['rueckstand_anteil'] * 100, 2)} % {h('der Strecke', 'of the distance')}, "
            f"{h('Toleranz', 'tolerance')} {num(a['toleranz'] * 100, 2)} %)"
        )
    print(line)
    print()
    table(
        [h("Jahr", "Year"), h("Wert", "Value"), h("erwartet", "expected"), h("Notiz", "Note")],
        [[v["jahr"], num(v["wert"]), num(v["erwartet"], 2), v["notiz"]] for v in d["werte"]],
    )
    if d.get("verlauf"):
        print()
        print(h("Verlauf:", "History:"))
        for e in d["verlauf"]:
            said = _event(e["aktion"], e["details"])
            why = f" ({h('Grund', 'reason')}: {e['grund']})" if e["grund"] else ""
            print(f"  {when(e['zeit'])}  {e['von']}: {safe(said + why)}")


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
        text = f"{h('Wert', 'value')} {p['jahr']}: {num(p['wert'])}"
        if "vorher" in p:
            text += f" ({h('ersetzt', 'replaces')} {num(p['vorher'])})"
        before, note = p.get("notiz_vorher") or "", p.get("notiz") or ""
        if "vorher" in p and before != note:
            text += (
                f"; {h('Notiz', 'note')} {before!r} -> {note!r}"
                if note
                else f"; {h('Notiz', 'note')} {before!r} {h('entfernt', 'removed')}"
            )
        return text
    if action == "wert_entfernt":
        old = f" ({h('war', 'was')} {num(p['wert'])})" if "wert" in p else ""
        return f"{h('Wert', 'value')} {p['jahr']} {h('entfernt', 'removed')}{old}"
    if action == "werte_importiert":
        replaced = "".join(
            f"; {r['jahr']}: {num(r['vorher'])} -> {num(r['wert'])}" for r in p.get("ersetzt", [])
        )
        return (
            f"{h('Import', 'import')} {p['datei']}: {p['neu']} {h('neu', 'new')}, "
            f"{p['aktualisiert']} {h('ersetzt', 'replaced')}{replaced}"
        )
    if action == "geaendert":
        return h("geändert: ", "changed: ") + ", ".join(
            f"{h(*_FIELDS.get(k, (k, k)))} {shown(old)} -> {shown(new)}"
            for k, (old, new) in p["felder"].items()
        )
    if action == "uebernommen":
        return h("übernommen aus Kennzahl ", "carried over from indicator ") + str(
            p.get("aus_kennzahl", "")
        )
    return h("angelegt", "created") if action == "angelegt" else action
