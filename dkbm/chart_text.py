"""What a Kennzahl chart says in words: its text alternative (`description`), its numbers
as an HTML table (`data_table`), numbers and states as the reader writes them. Every
user-supplied text goes through `escaped` (escaped, characters XML cannot carry removed).
"""

from __future__ import annotations

import html
import math
import re

from dkbm.states.i18n import language
from dkbm.states.indicators import Assessment, Indicator, Status
from dkbm.states.numbers import PLAIN_LIMIT, format_decimal

_WORDS = {
    "values": ("Werte", "values"),
    "path": ("erwarteter Pfad", "expected path"),
    "band": ("Toleranz", "tolerance"),
    "baseline": ("Ausgangswert", "baseline"),
    "target": ("Ziel", "target"),
    "year": ("Jahr", "year"),
    "value": ("Wert", "value"),
    "expected": ("erwartet", "expected"),
    "note": ("Notiz", "note"),
    "in": ("in", "in"),
    "source": ("Quelle", "source"),
    "no_values": ("Noch keine Werte erfasst.", "No values recorded yet."),
    "left_out": (
        "Nicht darstellbar, in der Grafik ausgelassen",
        "Cannot be drawn, left out of the chart",
    ),
    "latest": ("Zuletzt", "Latest"),
    "table": ("Werte als Tabelle", "values as a table"),
    "swipe": (
        "Die Grafik lässt sich seitlich verschieben; die Werte stehen auch in der Tabelle.",
        "The chart scrolls sideways; the values are in the table as well.",
    ),
}
_STATUS = {
    Status.NO_VALUES: ("noch keine Werte", "no values yet"),
    Status.ON_TRACK: ("auf Kurs", "on track"),
    Status.OFF_TRACK: ("nicht auf Kurs", "off track"),
    Status.REACHED: ("Ziel erreicht", "target reached"),
    Status.MISSED: ("Zieljahr verstrichen, Ziel verfehlt", "target year passed, target missed"),
    Status.NOT_ASSESSABLE: (
        "nicht bewertbar: Ausgangswert, Zielwert oder Wert ist keine Zahl",
        "cannot be assessed: baseline, target or value is not a number",
    ),
}

# Characters XML 1.0 cannot carry at all (C0 controls except tab, LF, CR; U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escaped(text: object) -> str:
    """Text for XML/HTML content and attribute values."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def word(key: str, lang: str) -> str:
    de, en = _WORDS[key]
    return en if lang == "en" else de


def status_word(status: Status, lang: str | None = None) -> str:
    de, en = _STATUS[status]
    return en if (lang or language()) == "en" else de


def number(value: float, lang: str | None = None, digits: int = 2) -> str:
    """`1.234,5` in German, `1,234.5` in English; at most *digits* decimals."""
    return format_decimal(value, "en" if (lang or language()) == "en" else "de", digits)


def _maybe(value: float | None, lang: str) -> str:
    return "–" if value is None else number(value, lang)


def with_unit(value: float, unit: str, lang: str) -> str:
    return f"{number(value, lang)} {unit}".strip() if unit else number(value, lang)


def drawable(value: float) -> bool:
    """A number the chart can place: finite and within ±`PLAIN_LIMIT`, where it is
    still written out in digits and every sum of the frame stays exact enough."""
    return math.isfinite(value) and abs(value) <= PLAIN_LIMIT


def _left_out(ind: Indicator, lang: str) -> list[str]:
    """What the chart cannot draw, each named with its year and number."""
    u = ind.unit
    ends = [
        (word("baseline", lang), ind.baseline_year, ind.baseline_value),
        (word("target", lang), ind.target_year, ind.target_value),
    ]
    ends += [(word("value", lang), v.year, v.value) for v in ind.values]
    return [f"{w} {year}: {with_unit(x, u, lang)}" for w, year, x in ends if not drawable(x)]


def description(
    ind: Indicator, assessment: Assessment | None = None, lang: str | None = None
) -> str:
    """The chart in words: what a screen reader says instead of showing it."""
    lang = lang or language()
    u = ind.unit
    parts = [
        f"{ind.name}" + (f" ({word('in', lang)} {u})" if u else "") + ".",
        f"{word('baseline', lang)} {ind.baseline_year}: {with_unit(ind.baseline_value, u, lang)};"
        f" {word('target', lang)} {ind.target_year}: {with_unit(ind.target_value, u, lang)}.",
    ]
    shown = [v for v in ind.values if drawable(v.value)]
    if shown:
        listed = "; ".join(f"{v.year}: {with_unit(v.value, u, lang)}" for v in shown)
        parts.append(f"{word('values', lang)}: {listed}.")
    elif not ind.values:
        parts.append(word("no_values", lang))
    if left_out := _left_out(ind, lang):
        parts.append(f"{word('left_out', lang)}: {'; '.join(left_out)}.")
    if assessment is not None and assessment.expected is not None:
        parts.append(
            f"{word('latest', lang)} ({assessment.year}) {word('expected', lang)}"
            f" {with_unit(assessment.expected, u, lang)}: {status_word(assessment.status, lang)}."
        )
    if ind.source:
        parts.append(f"{word('source', lang)}: {ind.source}.")
    return " ".join(parts)


def data_table(ind: Indicator, lang: str | None = None) -> str:
    """The chart's numbers as an HTML table: each year with its value and the value the
    expected path gives for it; baseline and target in the caption."""
    lang = lang or language()
    u = ind.unit
    caption = (
        f"{ind.name}" + (f" ({u})" if u else "") + f" – {word('baseline', lang)}"
        f" {ind.baseline_year}: {with_unit(ind.baseline_value, u, lang)},"
        f" {word('target', lang)} {ind.target_year}: {with_unit(ind.target_value, u, lang)}"
    )
    head = "".join(
        f'<th scope="col">{escaped(word(k, lang).capitalize())}</th>'
        for k in ("year", "value", "expected", "note")
    )
    rows = [
        f'<tr><th scope="row">{v.year}</th><td>{escaped(number(v.value, lang))}</td>'
        f"<td>{escaped(_maybe(ind.expected_at(v.year), lang))}</td><td>{escaped(v.note)}</td></tr>"
        for v in ind.values
    ]
    return (
        f'<table class="kennzahl-werte"><caption>{escaped(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
