"""The network picture: organisations grouped by sector, coloured by Bildungsbereich,
Gremien and AGs as hubs connected to the organisations of their members, relations as
lines; as SVG and in words (its text alternative).

The layout is igraph's Fruchterman-Reingold (`layout_fruchterman_reingold`), run per sector
on its organisations and the relations among them and stretched into the sector's box (two
columns of boxes, each box as high as its share of the organisations); the hubs sit in a
column in the middle, in the order of where their organisations lie. Then every name gets
a box of its own (`_place`): right or left of its dot, a little higher or lower, below or
above it, inside its sector's box, covering no other name, dot or square; a name that fits
nowhere whole is wrapped onto two lines, then shortened with an ellipsis (its full name in
a `<title>` and in the text alternative). Membership lines to the hubs are thin, dashed and
grey; relations solid and coloured by kind (the legend shows both). It is deterministic:
the start positions come from a seeded generator, igraph draws from another one seeded the
same, and coordinates are rounded, so the same data give the same bytes.

The SVG is written here: every name is escaped (`chart_text.escaped`; names are typed by
people), nothing is fetched (no script, no image, no font, no link), and it names itself
for screen readers (`role="img"`, `aria-labelledby` on its `<title>` and `<desc>`)."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from dkbm.chart_text import escaped
from dkbm.states.i18n import t
from dkbm.states.model import EducationArea, Organisation, Sector
from dkbm.states.relations import KIND_NAMES, Relation, kind_name
from dkbm.states.vocabulary import name_of
from dkbm.store.reads.relations import Hub

SEED = 22
ITERATIONS = 500
GRID_FROM = 200  # organisations in a sector
WIDTH, HEIGHT, LEGEND = 1000, 1000, 280  # the drawing, then the legend on its right
MARGIN, GAP, PAD = 16, 14, 10
HEADER = 30  # a sector box's name
MIN_BOX = 70  # a sector box's least height
HUB_COLUMN = 220  # the Gremien and AGs in a column in the middle
HUB_SIZE, HUB_STEP, HUB_LABEL_SIZE = 14, 40, 12
LABEL_SIZE = 11
LABELS_UP_TO = 80  # organisation names written next to their dots up to this many
# where a name may go, in this order (see _candidate)
ORG_SIDES = ("right", "left", "right_up", "right_down", "left_up", "left_down", "below",
             "below_start", "below_end", "above", "above_start", "above_end")  # fmt: skip
HUB_SIDES = ("below", "above", "right", "left")

# Okabe-Ito: told apart with the common colour vision deficiencies; dark outlines on white
AREA_COLOURS: dict[str, str] = {
    EducationArea.FRUEHE_BILDUNG.value: "#e69f00",
    EducationArea.SCHULE.value: "#56b4e9",
    EducationArea.UEBERGANG_SCHULE_BERUF.value: "#009e73",
    EducationArea.BERUFLICHE_BILDUNG.value: "#f0e442",
    EducationArea.HOCHSCHULE.value: "#0072b2",
    EducationArea.WEITERBILDUNG.value: "#d55e00",
    EducationArea.NON_FORMALE_BILDUNG.value: "#cc79a7",
}
NO_AREA = "#bbbbbb"
OUTLINE = "#333333"
HUB_COLOUR = "#222222"
# membership in a Gremium or AG: thin, dashed, grey; relations: solid, coloured by kind
HUB_LINE, HUB_LINE_WIDTH, HUB_DASH = "#8a8a8a", 0.9, "4 3"
KIND_LINES: dict[str, tuple[str, float]] = {
    "kooperationsvereinbarung": ("#0072b2", 2.0),
    "traegerschaft": ("#000000", 2.6),
    "foerderung": ("#d55e00", 2.0),
    "mitgliedschaft": ("#cc79a7", 2.0),
    "netzwerkpartner": ("#009e73", 2.0),
}
SECTORS = [s.value for s in Sector]


@dataclass(frozen=True)
class Network:
    """What the picture shows: organisations, current relations, hubs (all by id)."""

    kommune: str
    organisations: list[Organisation]
    relations: list[Relation]
    hubs: list[Hub]


def read(today: date, url: str | None = None) -> Network:
    """The network as stored: every organisation, the relations current on *today*, every
    Gremium and AG with the organisations of its active members."""
    from dkbm.store.reads import network, reader
    from dkbm.store.reads import relations as rel
    from dkbm.store.settings import database_url

    with reader(url or database_url()) as r:
        return Network(
            kommune=network.municipality(r).name,
            organisations=rel.organisations(r),
            relations=rel.relations(r, current_on=today),
            hubs=rel.hubs(r),
        )


# ---- layout ----------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


@dataclass(frozen=True)
class Label:
    """A name written next to its dot or square: its lines as drawn (one; two when it fits
    only wrapped; shortened with an ellipsis when it fits nowhere whole), the full name,
    where it starts (x, the first line's baseline y, anchor) and the box it takes."""

    lines: tuple[str, ...]
    full: str
    x: float
    y: float
    anchor: str  # start | middle | end
    box: Box
    size: int
    bold: bool

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class Drawing:
    """Where everything goes, in pixels: the sector boxes, the organisations' dots (in
    their order), then the hubs' squares, and the labels (organisations by index, hubs by
    index; a name that fits nowhere, not even shortened, has none)."""

    sectors: dict[str, Box]
    points: list[tuple[float, float]]
    radius: float
    hub_column: Box
    org_labels: dict[int, Label]
    hub_labels: dict[int, Label]


def _counts(net: Network) -> dict[str, int]:
    counts = {s: 0 for s in SECTORS}
    for o in net.organisations:
        counts[o.sector.value] += 1
    return counts


def _boxes(net: Network) -> tuple[dict[str, Box], Box]:
    """The sector boxes in two columns (left and right of the hubs' column), split so that
    the columns hold about as many organisations; each box as high as its share of its
    column's organisations (and never lower than MIN_BOX)."""
    counts = _counts(net)
    weight = {s: counts[s] + 1 for s in SECTORS}
    total = sum(weight.values())
    best: tuple[int, ...] = ()
    for k in (2, 3):
        for left in itertools.combinations(range(len(SECTORS)), k):
            gap = abs(total - 2 * sum(weight[SECTORS[i]] for i in left))
            if not best or gap < abs(total - 2 * sum(weight[SECTORS[i]] for i in best)):
                best = left
    columns = (
        [SECTORS[i] for i in best],
        [s for i, s in enumerate(SECTORS) if i not in best],
    )
    side = (WIDTH - 2 * MARGIN - HUB_COLUMN - 2 * GAP) / 2
    boxes: dict[str, Box] = {}
    for c, column in enumerate(columns):
        x0 = MARGIN if c == 0 else WIDTH - MARGIN - side
        free = HEIGHT - 2 * MARGIN - GAP * (len(column) - 1) - MIN_BOX * len(column)
        share = sum(weight[s] for s in column)
        y = float(MARGIN)
        for s in column:
            high = MIN_BOX + free * weight[s] / share
            boxes[s] = (round(x0, 1), round(y, 1), round(x0 + side, 1), round(y + high, 1))
            y += high + GAP
    middle = (WIDTH - HUB_COLUMN) / 2
    return boxes, (middle, MARGIN, middle + HUB_COLUMN, HEIGHT - MARGIN)


_LAST: dict[Any, Any] = {}  # the last layout: the portal draws the same network twice (de, en)


def layout(net: Network, seed: int = SEED) -> tuple[Drawing, Any]:
    """Where everything goes (pixels) and the igraph graph it was laid out on."""
    key = (
        seed,
        tuple((o.id, o.sector.value, o.name) for o in net.organisations),
        tuple((r.from_id, r.to_id) for r in net.relations),
        tuple((h.name, h.organisations) for h in net.hubs),
    )
    if key not in _LAST:
        _LAST.clear()
        _LAST[key] = _layout(net, seed)
    return _LAST[key]


def _layout(net: Network, seed: int) -> tuple[Drawing, Any]:
    """Each sector laid out on its own (its organisations and the relations among them)
    and stretched into its box (room kept on the right for the names); the hubs in a
    column in the middle, in the order of where their organisations lie (their lines cross
    less); then the labels placed where they collide with nothing."""
    import igraph

    n, h = len(net.organisations), len(net.hubs)
    index = {o.id: i for i, o in enumerate(net.organisations)}
    edges = {
        (min(index[r.from_id], index[r.to_id]), max(index[r.from_id], index[r.to_id]))
        for r in net.relations
        if r.from_id in index and r.to_id in index and r.from_id != r.to_id
    }
    hub_edges = {(index[o], n + j) for j, hub in enumerate(net.hubs) for o in hub.organisations
                 if o in index}  # fmt: skip
    graph = igraph.Graph(n=n + h, edges=sorted(edges | hub_edges))
    points: list[tuple[float, float]] = [(0.0, 0.0)] * (n + h)
    boxes, column = _boxes(net)
    labelled = n <= LABELS_UP_TO
    radius = 7.0 if labelled else round(max(2.0, min(6.0, 180 / math.sqrt(max(n, 1)))), 1)
    rng = random.Random(seed)
    before = random.getstate()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        for sector in SECTORS:
            members = [i for i, o in enumerate(net.organisations) if o.sector.value == sector]
            local = {m: k for k, m in enumerate(members)}
            inner = sorted((local[a], local[b]) for a, b in edges if a in local and b in local)
            found = _spread(igraph.Graph(n=len(members), edges=inner), rng)
            x0, y0, x1, y1 = boxes[sector]
            room = 0.0
            if labelled and members:
                widest = max(_width(net.organisations[m].name, LABEL_SIZE) for m in members)
                room = min(0.45 * (x1 - x0), widest + radius + 4)
            left, right = x0 + PAD + radius, x1 - PAD - radius - room
            top, bottom = y0 + HEADER + radius, y1 - PAD - radius - LABEL_SIZE
            for m, (x, y) in zip(members, found, strict=True):
                points[m] = (
                    round(left + (x + 1) / 2 * (right - left), 1),
                    round(top + (y + 1) / 2 * (bottom - top), 1),
                )
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(before)

    def towards(j: int) -> float:
        reached = [points[index[o]][1] for o in net.hubs[j].organisations if o in index]
        return sum(reached) / len(reached) if reached else HEIGHT / 2

    step = min(HUB_STEP, (HEIGHT - 2 * MARGIN - HUB_STEP) / max(h - 1, 1))
    first = HEIGHT / 2 - step * (h - 1) / 2 - HUB_SIZE / 2
    middle = (column[0] + column[2]) / 2
    for k, j in enumerate(sorted(range(h), key=lambda j: (towards(j), j))):
        points[n + j] = (round(middle, 1), round(first + k * step, 1))

    # the labels: hubs first (below their square, in the column), then the organisations
    # (inside their sector's box), each at the first place that collides with nothing
    # placed yet and covers no dot or square
    hub_labels: dict[int, Label] = {}
    placed: list[Box] = []
    squares = [_around(points[n + j], HUB_SIZE / 2) for j in range(h)]
    for j, hub in enumerate(net.hubs):
        found_label = _place(hub.name, points[n + j], HUB_SIZE / 2, HUB_LABEL_SIZE, True,
                             column, placed + squares, HUB_SIDES)  # fmt: skip
        if found_label:
            hub_labels[j] = found_label
            placed.append(found_label.box)
    org_labels: dict[int, Label] = {}
    if labelled:
        dots = {
            s: [_around(points[i], radius + 1) for i, o in enumerate(net.organisations)
                if o.sector.value == s]
            for s in SECTORS
        }  # fmt: skip
        for i, o in enumerate(net.organisations):
            x0, y0, x1, y1 = boxes[o.sector.value]
            inside = (x0 + 3, y0 + HEADER - 6, x1 - 3, y1 - 3)
            own = _around(points[i], radius + 1)
            obstacles = placed + [d for d in dots[o.sector.value] if d != own]
            found_label = _place(o.name, points[i], radius, LABEL_SIZE, False, inside, obstacles,
                                 ORG_SIDES)  # fmt: skip
            if found_label:
                org_labels[i] = found_label
                placed.append(found_label.box)
    drawing = Drawing(boxes, points, radius, column, org_labels, hub_labels)
    return drawing, graph


def _around(point: tuple[float, float], half: float) -> Box:
    return (point[0] - half, point[1] - half, point[0] + half, point[1] + half)


# average advance widths of DejaVu Sans (the widest common sans-serif; narrower fonts only
# leave more room), in ems
_NARROW, _WIDE = set("iIjl.,:;|!'´`"), set("mwMW")
_SMALL = set("frt()[]-/ ")


def _width(text: str, size: float, bold: bool = False) -> float:
    ems = 0.0
    for c in text:
        if c in _NARROW:
            ems += 0.30
        elif c in _WIDE:
            ems += 0.95
        elif c in _SMALL:
            ems += 0.40
        elif c.isupper():
            ems += 0.72
        elif c == "…":
            ems += 1.0
        else:
            ems += 0.62
    return ems * size * (1.1 if bold else 1.0)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidate(side: str, point: tuple[float, float], half: float, width: float,
               height: float) -> tuple[Box, str]:  # fmt: skip
    """The box a label of this size takes on *side* of a dot or square: right or left of
    it (level, a little higher or lower), or below or above it (centred, or starting at its
    left edge, or ending at its right edge)."""
    x, y = point
    gap = half + 3
    where, _, shift = side.partition("_")
    if where in ("right", "left"):
        top = y - height / 2 + {"up": -0.6, "down": 0.6}.get(shift, 0.0) * height
        if where == "right":
            return (x + gap, top, x + gap + width, top + height), "start"
        return (x - gap - width, top, x - gap, top + height), "end"
    top = y + half + 1 if where == "below" else y - half - 1 - height
    if shift == "start":
        return (x - half, top, x - half + width, top + height), "start"
    if shift == "end":
        return (x + half - width, top, x + half, top + height), "end"
    return (x - width / 2, top, x + width / 2, top + height), "middle"


def _place(name: str, point: tuple[float, float], half: float, size: int, bold: bool,
           inside: Box, obstacles: list[Box], sides: tuple[str, ...]) -> Label | None:  # fmt: skip
    """The first side where the whole name fits on one line; else on two lines (split at
    the space that makes the longer line shortest); else the side where the longest start
    of it fits, shortened with an ellipsis (three letters at least); else none."""

    def fits(lines: tuple[str, ...], side: str) -> tuple[Box, str] | None:
        width = max(_width(line, size, bold) for line in lines)
        box, anchor = _candidate(side, point, half, width, (size + 3) * len(lines))
        if box[0] < inside[0] or box[1] < inside[1] or box[2] > inside[2] or box[3] > inside[3]:
            return None
        if any(_overlaps(box, o) for o in obstacles):
            return None
        return box, anchor

    def shortened(k: int) -> tuple[str, ...]:
        return (name[:k].rstrip(" -,(/") + "…",)

    tries: list[tuple[str, ...]] = [(name,)]
    words = name.split(" ")
    if len(words) > 1:
        splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
        tries.append(min(splits, key=lambda two: max(_width(two[0], size), _width(two[1], size))))
    for lines in tries:
        for side in sides:
            found = fits(lines, side)
            if found:
                return _label(lines, name, found, size, bold)
    best: tuple[int, tuple[str, ...], tuple[Box, str]] | None = None
    for side in sides:
        lo, hi = 3, len(name) - 1  # the longest k with shortened(k) fitting (monotone)
        if hi < lo or not fits(shortened(lo), side):
            continue
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(shortened(mid), side):
                lo = mid
            else:
                hi = mid - 1
        if best is None or lo > best[0]:
            best = (lo, shortened(lo), fits(shortened(lo), side))  # type: ignore[assignment]
    if best is None:
        return None
    return _label(best[1], name, best[2], size, bold)


def _label(lines: tuple[str, ...], full: str, found: tuple[Box, str], size: int,
           bold: bool) -> Label:  # fmt: skip
    box, anchor = found
    x = {"start": box[0], "end": box[2], "middle": (box[0] + box[2]) / 2}[anchor]
    baseline = box[1] + size + 3 - 0.3 * size - 1
    rounded = (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))
    return Label(lines, full, round(x, 1), round(baseline, 1), anchor, rounded, size, bold)


def _spread(graph: Any, rng: random.Random) -> list[tuple[float, float]]:
    """Fruchterman-Reingold on one sector, stretched into [-1, 1]² (one organisation: the
    middle)."""
    k = graph.vcount()
    if k <= 1:
        return [(0.0, 0.0)] * k
    side = math.sqrt(k)
    start = [[rng.uniform(-side, side), rng.uniform(-side, side)] for _ in range(k)]
    # repulsion from near vertices only (igraph's grid) above GRID_FROM: 20 times as fast
    coords = graph.layout_fruchterman_reingold(
        seed=start, niter=ITERATIONS, grid=k > GRID_FROM
    ).coords
    mx = sum(x for x, _ in coords) / k
    my = sum(y for _, y in coords) / k
    reach_x = max(abs(x - mx) for x, _ in coords) or 1.0
    reach_y = max(abs(y - my) for _, y in coords) or 1.0
    return [((x - mx) / reach_x, (y - my) / reach_y) for x, y in coords]


# ---- SVG -------------------------------------------------------------------------------


def _first_area(o: Organisation) -> str | None:
    return o.areas[0].value if o.areas else None


def _org_label(o: Organisation, lang: str) -> str:
    areas = ", ".join(name_of("bildungsbereich", a.value, lang) for a in o.areas)
    sector = name_of("sektor", o.sector.value, lang)
    return f"{o.name} ({sector}; {areas or t('network_no_area', lang)})"


def summary(net: Network, lang: str) -> str:
    counts = _counts(net)
    sectors = ", ".join(
        t("network_sector_count", lang, sector=name_of("sektor", s, lang), count=counts[s])
        for s in SECTORS
    )
    return t(
        "network_summary",
        lang,
        organisations=len(net.organisations),
        relations=len(net.relations),
        hubs=len(net.hubs),
        sectors=sectors,
    )


def _text(label: Label, fill: str = "#222222") -> str:
    weight = ' font-weight="bold"' if label.bold else ""
    anchor = f' text-anchor="{label.anchor}"' if label.anchor != "start" else ""
    title = f"<title>{escaped(label.full)}</title>" if label.text != label.full else ""
    first, *more = label.lines
    rest = "".join(
        f'<tspan x="{label.x}" dy="{label.size + 3}">{escaped(line)}</tspan>' for line in more
    )
    return (
        f'<text x="{label.x}" y="{label.y}" font-size="{label.size}"{weight}{anchor} '
        f'fill="{fill}">{title}{escaped(first)}{rest}</text>'
    )


def svg(net: Network, lang: str = "de", seed: int = SEED) -> str:
    """The picture as a standalone SVG document (UTF-8 text)."""
    drawing, _ = layout(net, seed)
    n = len(net.organisations)
    xy = drawing.points
    index = {o.id: i for i, o in enumerate(net.organisations)}
    radius = drawing.radius
    counts = _counts(net)
    title = t("network_title", lang, kommune=net.kommune)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="0 0 {WIDTH + LEGEND} {HEIGHT}" width="{WIDTH + LEGEND}" height="{HEIGHT}" '
        'role="img" aria-labelledby="netzwerk-titel netzwerk-beschreibung" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="netzwerk-titel">{escaped(title)}</title>',
        f'<desc id="netzwerk-beschreibung">{escaped(summary(net, lang))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH + LEGEND}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    headers = []  # the sectors' names, written last (over the lines)
    for sector in SECTORS:
        x0, y0, x1, y1 = drawing.sectors[sector]
        out.append(
            f'<rect x="{x0}" y="{y0}" width="{round(x1 - x0, 1)}" height="{round(y1 - y0, 1)}" '
            f'rx="10" fill="#f5f5f5" stroke="#c8c8c8"/>'
        )
        headers.append(
            f'<text x="{round(x0 + 10, 1)}" y="{round(y0 + 19, 1)}" font-size="15" '
            f'font-weight="bold" fill="#222222" stroke-width="4">'
            f"{escaped(name_of('sektor', sector, lang))} ({counts[sector]})</text>"
        )
    # membership lines first (thin, dashed, grey), relations over them (solid, coloured by
    # kind), then the dots, the hubs and the names
    many = len(net.relations) + sum(len(h.organisations) for h in net.hubs)
    faint = f' stroke-opacity="{round(max(0.15, min(1.0, 12 / math.sqrt(many + 1))), 2)}"'
    out.append(f'<g stroke="{HUB_LINE}" stroke-width="{HUB_LINE_WIDTH}" '
               f'stroke-dasharray="{HUB_DASH}"{faint}>')  # fmt: skip
    for j, hub in enumerate(net.hubs):
        hx, hy = xy[n + j]
        for o in hub.organisations:
            if o in index:
                ox, oy = xy[index[o]]
                out.append(f'<line x1="{hx}" y1="{hy}" x2="{ox}" y2="{oy}"/>')
    out.append("</g>")
    strong = (
        f' stroke-opacity="{round(max(0.12, min(1.0, 12 / math.sqrt(len(net.relations) + 1))), 2)}"'
    )
    out.append(f'<g fill="none"{strong}>')
    for r in net.relations:
        if r.from_id not in index or r.to_id not in index:
            continue
        (x1, y1), (x2, y2) = xy[index[r.from_id]], xy[index[r.to_id]]
        colour, width = KIND_LINES[r.kind.value]
        names = (net.organisations[index[r.from_id]].name, net.organisations[index[r.to_id]].name)
        label = f"{names[0]} → {names[1]}: {kind_name(r.kind.value, lang)}"
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
            f'stroke-width="{width}"><title>{escaped(label)}</title></line>'
        )
    out.append("</g>")
    out.append(f'<g stroke="{OUTLINE}" stroke-width="0.8">')
    for o, (x, y) in zip(net.organisations, xy[:n], strict=True):
        fill = AREA_COLOURS.get(_first_area(o) or "", NO_AREA)
        out.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{fill}">'
            f"<title>{escaped(_org_label(o, lang))}</title></circle>"
        )
    out.append("</g>")
    half = HUB_SIZE / 2
    for j, hub in enumerate(net.hubs):
        x, y = xy[n + j]
        kind = name_of("gremienart", hub.kind, lang)
        out.append(
            f'<rect x="{round(x - half, 1)}" y="{round(y - half, 1)}" width="{HUB_SIZE}" '
            f'height="{HUB_SIZE}" fill="{HUB_COLOUR}">'
            f"<title>{escaped(f'{hub.name} ({kind})')}</title></rect>"
        )
    # names over the lines, on a white halo
    out.append('<g stroke="#ffffff" stroke-width="3" paint-order="stroke" '
               'stroke-linejoin="round">')  # fmt: skip
    out.extend(_text(drawing.org_labels[i]) for i in sorted(drawing.org_labels))
    out.extend(_text(drawing.hub_labels[j], "#000000") for j in sorted(drawing.hub_labels))
    out.extend(headers)
    out.append("</g>")
    out.extend(_legend(lang))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(lang: str) -> list[str]:
    x, y = WIDTH + 10, 40
    out = [
        '<g font-size="12" fill="#222222">',
        f'<text x="{x}" y="{y}" font-weight="bold">{escaped(t("network_legend_areas", lang))}</text>',
    ]
    for area, colour in [*AREA_COLOURS.items(), ("", NO_AREA)]:
        y += 22
        label = name_of("bildungsbereich", area, lang) if area else t("network_no_area", lang)
        out.append(f'<circle cx="{x + 7}" cy="{y - 4}" r="6" fill="{colour}" stroke="{OUTLINE}"/>'
                   f'<text x="{x + 20}" y="{y}">{escaped(label)}</text>')  # fmt: skip
    y += 40
    out.append(f'<text x="{x}" y="{y}" font-weight="bold">'
               f"{escaped(t('network_legend_relations', lang))}</text>")  # fmt: skip
    for kind in KIND_NAMES:
        y += 22
        colour, width = KIND_LINES[kind]
        out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 30}" y2="{y - 4}" stroke="{colour}" '
                   f'stroke-width="{width}"/>'
                   f'<text x="{x + 38}" y="{y}">{escaped(kind_name(kind, lang))}</text>')  # fmt: skip
    y += 40
    out.append(f'<rect x="{x + 8}" y="{y - 11}" width="14" height="14" fill="{HUB_COLOUR}"/>'
               f'<text x="{x + 38}" y="{y}">{escaped(t("network_legend_hub", lang))}</text>')  # fmt: skip
    y += 22
    out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 30}" y2="{y - 4}" stroke="{HUB_LINE}" '
               f'stroke-width="{HUB_LINE_WIDTH}" stroke-dasharray="{HUB_DASH}"/>'
               f'<text x="{x + 38}" y="{y}">{escaped(t("network_legend_membership", lang))}</text>')  # fmt: skip
    out.append("</g>")
    return out


# ---- in words --------------------------------------------------------------------------


def in_words(net: Network, lang: str = "de") -> dict[str, Any]:
    """The text alternative as data: who is in which sector, which hub connects whom, which
    relations run (names as stored: escape them where they are written)."""
    names = {o.id: o.name for o in net.organisations}
    return {
        "titel": t("network_title", lang, kommune=net.kommune),
        "zusammenfassung": summary(net, lang),
        "sektoren": [
            {
                "sektor": s,
                "name": name_of("sektor", s, lang),
                "organisationen": [
                    {
                        "id": o.id,
                        "name": o.name,
                        "bildungsbereiche": [
                            name_of("bildungsbereich", a.value, lang) for a in o.areas
                        ],
                    }
                    for o in sorted(net.organisations, key=lambda o: (o.key, o.id))
                    if o.sector.value == s
                ],
            }
            for s in SECTORS
        ],
        "gremien": [
            {
                "id": hub.id,
                "name": hub.name,
                "art": name_of("gremienart", hub.kind, lang),
                "organisationen": sorted(
                    (names[o] for o in hub.organisations if o in names), key=str.casefold
                ),
            }
            for hub in net.hubs
        ],
        "beziehungen": [
            {
                "id": r.id,
                "von": names.get(r.from_id, str(r.from_id)),
                "zu": names.get(r.to_id, str(r.to_id)),
                "art": kind_name(r.kind.value, lang),
            }
            for r in net.relations
        ],
    }


def text(net: Network, lang: str = "de") -> str:
    """The text alternative as plain lines (`dkbm netzwerk bild --text`)."""
    doc = in_words(net, lang)
    none = t("network_text_none", lang)
    lines = [doc["titel"], "", doc["zusammenfassung"], "", t("network_text_sectors", lang) + ":"]
    for s in doc["sektoren"]:
        lines.append(f"  {s['name']} ({len(s['organisationen'])}):")
        for o in s["organisationen"]:
            areas = ", ".join(o["bildungsbereiche"]) or t("network_no_area", lang)
            lines.append(f"    - {o['name']} ({areas})")
    lines += ["", t("network_text_hubs", lang) + ":"]
    for g in doc["gremien"]:
        lines.append(f"  {g['name']} ({g['art']}): {', '.join(g['organisationen']) or none}")
    lines += ["", t("network_text_relations", lang) + ":"]
    for r in doc["beziehungen"]:
        lines.append(f"  {r['von']} → {r['zu']}: {r['art']}")
    if not doc["beziehungen"]:
        lines.append(f"  {none}")
    return "\n".join(lines) + "\n"
