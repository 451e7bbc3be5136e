"""Printing: plain tables for people, stable JSON for scripts."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

import typer

from dkbm.context import BERLIN
from dkbm.states.i18n import language, t


def h(de: str, en: str) -> str:
    """A help text in the language chosen at start-up."""
    return en if language() == "en" else de


JSON = Annotated[
    bool, typer.Option("--json", help=h("JSON statt Tabelle", "JSON instead of a table"))
]


def when(moment: datetime | str) -> str:
    """A moment (or its ISO text, as in --json) in Berlin time, as tables show it:
    `31.01.2028 23:59` in German, `2028-01-31 23:59` in English."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(BERLIN).strftime(h("%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"))


def day(value: date | datetime | str) -> str:
    """A day (or its ISO text) as tables show it: `31.01.2028`, in English `2028-01-31`."""
    if isinstance(value, str):
        value = (
            date.fromisoformat(value[:10]) if len(value) <= 10 else datetime.fromisoformat(value)
        )
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN) if value.tzinfo else value
    return value.strftime(h("%d.%m.%Y", "%Y-%m-%d"))


def count(n: int, one: str, many: str) -> str:
    """`1 Mitglied`, `2 Mitglieder` (pass the forms of the language in use)."""
    return f"{n} {one if n == 1 else many}"


def emit_json(data: Any) -> None:
    """*data* as JSON on stdout. JSON has no NaN or Infinity (Python would write them, and
    no other reader takes them): such a number is written as null, and a note on stderr
    names where."""
    replaced: list[str] = []
    text = json.dumps(
        _finite(data, "", replaced), ensure_ascii=False, indent=2, default=str, allow_nan=False
    )
    print(text)
    if replaced:
        print(t("json_not_finite", fields=", ".join(replaced)), file=sys.stderr)


def _finite(value: Any, where: str, replaced: list[str]) -> Any:
    """*value* with every float that is not finite replaced by None, its place in
    *replaced* (`bewertung.rueckstand`, `werte[0].wert`)."""
    if isinstance(value, float) and not math.isfinite(value):
        replaced.append(where or "$")
        return None
    if isinstance(value, dict):
        return {
            k: _finite(v, f"{where}.{k}" if where else str(k), replaced) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_finite(v, f"{where}[{i}]", replaced) for i, v in enumerate(value)]
    return value


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(hd), *(len(r[i]) for r in cells)]) for i, hd in enumerate(headers)]
    print("  ".join(hd.ljust(w) for hd, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def safe(text: str) -> str:
    """Text for the terminal: control characters shown as escapes, never executed."""
    return "".join(
        ch if ch.isprintable() or ch in " \t" else ch.encode("unicode_escape").decode()
        for ch in text
    )


def _cell(value: Any) -> str:
    return safe(_text(value))


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return h("ja", "yes") if value else h("nein", "no")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
