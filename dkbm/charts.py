"""A Kennzahl as a chart: SVG drawn on the server, with its text alternative.

Pure functions from a `states.indicators.Indicator` to text: `line_chart` (SVG: values
over time, the expected path from baseline to target, the tolerance band, baseline and
target marked), `data_table` (the same numbers as an HTML table) and `figure` (both, for
a page). No JavaScript, no fonts to fetch (the generic `sans-serif`), no library: the
few shapes are written by hand, and every user-supplied text goes through `escaped` (escaped,
characters XML cannot carry removed). The SVG names itself for screen readers
(`role="img"`, `aria-labelledby` pointing to its `<title>` and `<desc>`).

Whatever a database holds draws: a number the chart cannot place (not finite, or beyond
±`PLAIN_LIMIT`, kept before numbers were bounded) is left out of the drawing and named in
the text alternative, the table still lists it.
"""

from __future__ import annotations

import math

from dkbm.chart_text import (
    data_table,
    description,
    drawable,
    escaped,
    number,
    with_unit,
    word,
)
from dkbm.states.i18n import language
from dkbm.states.indicators import DEFAULT_TOLERANCE, Assessment, Indicator
from dkbm.states.numbers import PLAIN_LIMIT

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 52, 36

VALUE_COLOUR = "#1f4e9a"  # contrast 8.6:1 on white
PATH_COLOUR = "#595959"
TARGET_COLOUR = "#a34a00"
BAND_COLOUR = "#e8e8e8"
GRID_COLOUR = "#d0d0d0"


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round numbers covering [lo, hi], about *count* of them; a single number (one value
    and nothing else to draw) gets a span of 1 above it."""
    if not hi - lo > 1e-9:
        hi = lo + 1
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)
    first = math.floor(lo / step) * step
    last = math.ceil(hi / step) * step
    n = round((last - first) / step)
    return [first + i * step for i in range(n + 1)]


class _Frame:
    """Years and values -> SVG coordinates."""

    def __init__(self, years: tuple[int, int], values: tuple[float, float]) -> None:
        self.y0, self.y1 = years
        self.ticks = _ticks(*values)
        self.v0, self.v1 = self.ticks[0], self.ticks[-1]

    def x(self, year: float) -> float:
        span = max(self.y1 - self.y0, 1)
        return round(LEFT + (year - self.y0) / span * (WIDTH - LEFT - RIGHT), 1)

    def y(self, value: float) -> float:
        share = min(max((value - self.v0) / (self.v1 - self.v0), 0.0), 1.0)
        return round(HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM), 1)


def line_chart(
    ind: Indicator,
    *,
    assessment: Assessment | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    lang: str | None = None,
    element_id: str | None = None,
) -> str:
    """The Kennzahl as a standalone SVG document (also valid inline in HTML).

    *element_id* prefixes the ids of `<title>` and `<desc>`; give each chart on a page
    its own (default `kennzahl-<id>`).
    """
    lang = lang or language()
    ident = escaped(element_id or f"kennzahl-{ind.id}")
    ends = [x for x in (ind.baseline_value, ind.target_value) if drawable(x)]
    measured = [*(v.value for v in ind.values if drawable(v.value)), *ends]
    band = _band(ind, tolerance)
    span = list(measured)
    if band is not None:
        lag = -ind.direction * band  # the band lies on the lagging side of the path
        span += [ind.baseline_value + lag, ind.target_value + lag]
    years = [v.year for v in ind.values]
    low, high = (min(span), max(span)) if span else (0.0, 1.0)
    floor = 0.0 if min(measured, default=0.0) >= 0 else low  # the band stops at zero, the axis too
    f = _Frame(
        (min([ind.baseline_year, *years]), max([ind.target_year, *years])),
        (max(low, floor), high),
    )
    title = ind.name + (f" ({ind.unit})" if ind.unit else "")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc"'
        ' font-family="sans-serif" font-size="12">',
        f'<title id="{ident}-title">{escaped(title)}</title>',
        f'<desc id="{ident}-desc">{escaped(description(ind, assessment, lang))}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    out += _axes(f, ind.unit, lang)
    if band is not None:
        out += _band_and_path(f, ind, band)
    out += _markers(f, ind, lang, band)
    out += _series(f, ind, lang)
    out += _legend(lang)
    out.append("</svg>")
    return "\n".join(out)


def _axes(f: _Frame, unit: str, lang: str) -> list[str]:
    out = []
    for tick in f.ticks:
        y = f.y(tick)
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID_COLOUR}"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end" fill="#333333">'
            f"{escaped(number(tick, lang))}</text>"
        )
    span = f.y1 - f.y0
    every = max(1, math.ceil((span + 1) / 12))
    for year in range(f.y0, f.y1 + 1, every):
        out.append(
            f'<text x="{f.x(year)}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle"'
            f' fill="#333333">{year}</text>'
        )
    axis_y = HEIGHT - BOTTOM
    out.append(
        f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="#333333"/>'
    )
    if unit:
        # from the left edge rightwards: a long unit (Beratungen/Jahr) is not cut off
        out.append(f'<text x="6" y="{TOP - 14}">{escaped(unit)}</text>')
    return out


def _band(ind: Indicator, tolerance: float) -> float | None:
    """The width of the tolerance band, or None where the path cannot be drawn: baseline
    or target left out (or a tolerance that makes no band)."""
    if not (drawable(ind.baseline_value) and drawable(ind.target_value)):
        return None
    band = tolerance * ind.distance
    return band if math.isfinite(band) and 0 <= band <= 2 * PLAIN_LIMIT else 0.0


def _band_and_path(f: _Frame, ind: Indicator, band: float) -> list[str]:
    """The expected path and, on its lagging side, the band a value may stay within."""
    b, t = (ind.baseline_year, ind.baseline_value), (ind.target_year, ind.target_value)
    lag = -ind.direction * band
    corners = [
        (f.x(b[0]), f.y(b[1])),
        (f.x(t[0]), f.y(t[1])),
        (f.x(t[0]), f.y(t[1] + lag)),
        (f.x(b[0]), f.y(b[1] + lag)),
    ]
    points = " ".join(f"{x},{y}" for x, y in corners)
    return [
        f'<polygon points="{points}" fill="{BAND_COLOUR}"/>',
        f'<line x1="{corners[0][0]}" y1="{corners[0][1]}" x2="{corners[1][0]}"'
        f' y2="{corners[1][1]}" stroke="{PATH_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>',
    ]


def _target_label_y(f: _Frame, ind: Indicator, band: float | None, label: str) -> float:
    """Where the target's label sits: above the diamond, clear of the path. A rising path
    arrives from below (its band below it); a falling one from above, with its band above
    it, so there the label goes above the band where the label's left end lies."""
    ty = f.y(ind.target_value)
    if ind.direction > 0 or band is None:
        return ty - 10
    per_year = (f.x(ind.target_year) - f.x(ind.baseline_year)) / max(
        ind.target_year - ind.baseline_year, 1
    )
    left = ind.target_year - (10 + 7 * len(label)) / max(per_year, 1)  # ~7 px a character
    above = ind.expected(max(left, ind.baseline_year)) + band
    return max(min(f.y(above) - 6, ty - 10), TOP + 12)


def _markers(f: _Frame, ind: Indicator, lang: str, band: float | None) -> list[str]:
    """Baseline and target, each where it can be drawn."""
    u = ind.unit
    out = []
    if drawable(ind.baseline_value):
        bx, by_ = f.x(ind.baseline_year), f.y(ind.baseline_value)
        base = f"{word('baseline', lang)} {ind.baseline_year}: {with_unit(ind.baseline_value, u, lang)}"
        out.append(
            f'<rect x="{bx - 5}" y="{by_ - 5}" width="10" height="10" fill="{PATH_COLOUR}">'
            f"<title>{escaped(base)}</title></rect>"
        )
    if drawable(ind.target_value):
        tx, ty = f.x(ind.target_year), f.y(ind.target_value)
        label = f"{word('target', lang)} {number(ind.target_value, lang)}"
        goal = f"{word('target', lang)} {ind.target_year}: {with_unit(ind.target_value, u, lang)}"
        out += [
            f'<polygon points="{tx},{ty - 8} {tx + 8},{ty} {tx},{ty + 8} {tx - 8},{ty}"'
            f' fill="{TARGET_COLOUR}"><title>{escaped(goal)}</title></polygon>',
            f'<text x="{tx - 10}" y="{_target_label_y(f, ind, band, label)}" text-anchor="end"'
            f' fill="{TARGET_COLOUR}">{escaped(label)}</text>',
        ]
    return out


def _series(f: _Frame, ind: Indicator, lang: str) -> list[str]:
    if not ind.values:
        return [
            f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{TOP + 14}"'  # above the path's middle
            f' text-anchor="middle" fill="#333333">{escaped(word("no_values", lang))}</text>'
        ]
    shown = [v for v in ind.values if drawable(v.value)]
    if not shown:
        return []  # the text alternative names what was left out
    points = [(f.x(v.year), f.y(v.value)) for v in shown]
    out = []
    if len(points) > 1:
        path = " ".join(f"{x},{y}" for x, y in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="2.5"/>'
        )
    for (x, y), v in zip(points, shown, strict=True):
        label = f"{v.year}: {with_unit(v.value, ind.unit, lang)}" + (
            f" ({v.note})" if v.note else ""
        )
        out.append(
            f'<circle cx="{x}" cy="{y}" r="4" fill="{VALUE_COLOUR}"><title>{escaped(label)}</title></circle>'
        )
    last_x, last_y = points[-1]
    out.append(
        f'<text x="{last_x}" y="{last_y - 10}" text-anchor="middle" fill="{VALUE_COLOUR}">'
        f"{escaped(number(shown[-1].value, lang))}</text>"
    )
    return out


def _legend(lang: str) -> list[str]:
    y = 18
    return [
        f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + 24}" y2="{y}" stroke="{VALUE_COLOUR}"'
        ' stroke-width="2.5"/>',
        f'<text x="{LEFT + 30}" y="{y + 4}">{escaped(word("values", lang))}</text>',
        f'<line x1="{LEFT + 100}" y1="{y}" x2="{LEFT + 124}" y2="{y}" stroke="{PATH_COLOUR}"'
        ' stroke-width="2" stroke-dasharray="6 4"/>',
        f'<text x="{LEFT + 130}" y="{y + 4}">{escaped(word("path", lang))}</text>',
        f'<rect x="{LEFT + 250}" y="{y - 6}" width="24" height="12" fill="{BAND_COLOUR}"/>',
        f'<text x="{LEFT + 280}" y="{y + 4}">{escaped(word("band", lang))}</text>',
        f'<rect x="{LEFT + 350}" y="{y - 5}" width="10" height="10" fill="{PATH_COLOUR}"/>',
        f'<text x="{LEFT + 366}" y="{y + 4}">{escaped(word("baseline", lang))}</text>',
        f'<polygon points="{LEFT + 470},{y - 7} {LEFT + 477},{y} {LEFT + 470},{y + 7}'
        f' {LEFT + 463},{y}" fill="{TARGET_COLOUR}"/>',
        f'<text x="{LEFT + 483}" y="{y + 4}">{escaped(word("target", lang))}</text>',
    ]


def figure(
    ind: Indicator,
    *,
    assessment: Assessment | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    lang: str | None = None,
) -> str:
    """Chart and table for a page: the table folded away under the chart."""
    lang = lang or language()
    svg = line_chart(ind, assessment=assessment, tolerance=tolerance, lang=lang)
    return (
        f'<figure class="kennzahl"><div class="chart" role="region" tabindex="0"'
        f' aria-label="{escaped(ind.name)}">{svg}</div>'
        f'<p class="chart-hint muted" hidden="hidden">{escaped(word("swipe", lang))}</p><figcaption><details><summary>'
        f"{escaped(word('table', lang))}</summary>"
        f'<div class="scroll" role="region" aria-label="{escaped(ind.name)}" tabindex="0">'
        f"{data_table(ind, lang)}</div></details></figcaption></figure>"
    )


def document(
    ind: Indicator,
    *,
    assessment: Assessment | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    lang: str | None = None,
) -> str:
    """A standalone HTML page of one Kennzahl (`kennzahl show --html`): heading, source,
    chart and table, to open in a browser or attach to a mail."""
    lang = lang or language()
    title = ind.name + (f" ({ind.unit})" if ind.unit else "")
    source = f"<p>{escaped(word('source', lang))}: {escaped(ind.source)}</p>" if ind.source else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escaped(title)}</title><style>body {{ font-family: sans-serif; max-width: 48rem;"
        " margin: 1rem auto; padding: 0 1rem; } svg { max-width: 100%; height: auto; }"
        " table { border-collapse: collapse; } th, td { padding: .2rem .6rem;"
        " border-bottom: 1px solid #ccc; text-align: left; }</style></head>"
        f"<body><main><h1>{escaped(title)}</h1>{source}"
        f"{figure(ind, assessment=assessment, tolerance=tolerance, lang=lang)}"
        "</main></body></html>\n"
    )
