"""The network picture: organisations grouped by sector, coloured by Bildungsbereich,
Gremien and AGs as hubs connected to the organisations of their members, relations as
lines; as SVG and in words (its text alternative).

The layout is igraph's Fruchterman-Reingold (`layout_fruchterman_reingold`), run per sector
on its organisations and the relations among them and scaled into the sector's box (boxes
around a circle, sized by how many organisations a sector has); the hubs sit on a small
circle in the middle, each turned towards its organisations. It is deterministic:
the start positions come from a seeded generator, igraph draws from another one seeded the
same, and coordinates are rounded, so the same data give the same bytes.

The SVG is written here: every name is escaped (`chart_text.escaped`; names are typed by
people), nothing is fetched (no script, no image, no font, no link), and it names itself
for screen readers (`role="img"`, `aria-labelledby` on its `<title>` and `<desc>`)."""

from __future__ import annotations

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
WIDTH, HEIGHT, LEGEND = 1000, 1000, 280
MARGIN = 60
LABELS_UP_TO = 80  # organisation names written next to their dots up to this many

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
HUB_LINE = "#b0b0b0"
# relation kinds told apart by the line's pattern (not by colour alone)
DASHES: dict[str, tuple[str, float]] = {
    "kooperationsvereinbarung": ("", 1.2),
    "traegerschaft": ("", 2.4),
    "foerderung": ("6 3", 1.4),
    "mitgliedschaft": ("2 2", 1.4),
    "netzwerkpartner": ("8 3 2 3", 1.2),
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


def _boxes(net: Network) -> tuple[dict[str, tuple[float, float, float]], float]:
    """Per sector its box (centre x, centre y, half width) in units of the circle's
    radius, and the radius of the hubs' circle in the middle."""
    counts = {s: 0 for s in SECTORS}
    for o in net.organisations:
        counts[o.sector.value] += 1
    most = max(counts.values()) or 1
    boxes = {}
    for i, sector in enumerate(SECTORS):
        angle = -math.pi / 2 + i * 2 * math.pi / len(SECTORS)
        half = 0.42 * max(0.4, math.sqrt(counts[sector] / most))
        boxes[sector] = (math.cos(angle), math.sin(angle), half)
    return boxes, min(0.45, 0.1 + 0.018 * len(net.hubs))


_LAST: dict[Any, Any] = {}  # the last layout: the portal draws the same network twice (de, en)


def layout(net: Network, seed: int = SEED) -> tuple[list[tuple[float, float]], Any]:
    """Positions in [-1.5, 1.5]² for the organisations (in their order), then the hubs;
    and the igraph graph they were laid out on."""
    key = (
        seed,
        tuple((o.id, o.sector.value) for o in net.organisations),
        tuple((r.from_id, r.to_id) for r in net.relations),
        tuple(h.organisations for h in net.hubs),
    )
    if key not in _LAST:
        _LAST.clear()
        _LAST[key] = _layout(net, seed)
    return _LAST[key]


def _layout(net: Network, seed: int) -> tuple[list[tuple[float, float]], Any]:
    """Each sector laid out on its own (its organisations and the relations among them)
    and scaled into its box; the hubs on a small circle in the middle, in the order of
    where their organisations lie (their lines cross less)."""
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
    boxes, hub_radius = _boxes(net)
    rng = random.Random(seed)
    before = random.getstate()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        for sector in SECTORS:
            members = [i for i, o in enumerate(net.organisations) if o.sector.value == sector]
            local = {m: k for k, m in enumerate(members)}
            inner = sorted((local[a], local[b]) for a, b in edges if a in local and b in local)
            found = _spread(igraph.Graph(n=len(members), edges=inner), rng)
            cx, cy, w = boxes[sector]
            for m, (x, y) in zip(members, found, strict=True):
                points[m] = (cx + x * w, cy + y * w)
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(before)
    if h == 1:
        points[n] = (0.0, 0.0)
    elif h > 1:

        def towards(j: int) -> float:
            reached = [points[index[o]] for o in net.hubs[j].organisations if o in index]
            if not reached:
                return 2 * math.pi * j / h
            mx = sum(p[0] for p in reached) / len(reached)
            my = sum(p[1] for p in reached) / len(reached)
            return math.atan2(my, mx) if (mx, my) != (0.0, 0.0) else 2 * math.pi * j / h

        order = sorted(range(h), key=lambda j: (towards(j), j))
        for k, j in enumerate(order):
            angle = -math.pi / 2 + 2 * math.pi * k / h
            points[n + j] = (hub_radius * math.cos(angle), hub_radius * math.sin(angle))
    return points, graph


def _spread(graph: Any, rng: random.Random) -> list[tuple[float, float]]:
    """Fruchterman-Reingold on one sector, scaled into [-1, 1]² (one organisation: the
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
    reach = max(max(abs(x - mx), abs(y - my)) for x, y in coords) or 1.0
    return [((x - mx) / reach, (y - my) / reach) for x, y in coords]


# ---- SVG -------------------------------------------------------------------------------


def _xy(point: tuple[float, float]) -> tuple[float, float]:
    scale = (WIDTH - 2 * MARGIN) / 3.0
    return (
        round(MARGIN + (point[0] + 1.5) * scale, 1),
        round(MARGIN + (point[1] + 1.5) * scale, 1),
    )


def _first_area(o: Organisation) -> str | None:
    return o.areas[0].value if o.areas else None


def _org_label(o: Organisation, lang: str) -> str:
    areas = ", ".join(name_of("bildungsbereich", a.value, lang) for a in o.areas)
    sector = name_of("sektor", o.sector.value, lang)
    return f"{o.name} ({sector}; {areas or t('network_no_area', lang)})"


def summary(net: Network, lang: str) -> str:
    counts = {s: 0 for s in SECTORS}
    for o in net.organisations:
        counts[o.sector.value] += 1
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


def svg(net: Network, lang: str = "de", seed: int = SEED) -> str:
    """The picture as a standalone SVG document (UTF-8 text)."""
    points, _ = layout(net, seed)
    n = len(net.organisations)
    xy = [_xy(p) for p in points]
    index = {o.id: i for i, o in enumerate(net.organisations)}
    radius = 7.0 if n <= LABELS_UP_TO else round(max(2.0, min(6.0, 180 / math.sqrt(n))), 1)
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
    boxes, _ = _boxes(net)
    labels: list[str] = []  # the sectors' names, written over the dots
    for sector in SECTORS:
        cx, cy, w = boxes[sector]
        x, y = _xy((cx - w, cy - w))
        x2, y2 = _xy((cx + w, cy + w))
        out.append(
            f'<rect x="{x - 8}" y="{y - 8}" width="{round(x2 - x + 16, 1)}" '
            f'height="{round(y2 - y + 16, 1)}" rx="12" fill="#f5f5f5" stroke="#d0d0d0"/>'
        )
        labels.append(
            f'<text x="{x - 6}" y="{round(y - 14, 1)}" font-size="15" font-weight="bold" '
            f'fill="#222222" stroke="#ffffff" stroke-width="4" paint-order="stroke">'
            f"{escaped(name_of('sektor', sector, lang))}</text>"
        )
    # hub lines first, relations over them, then the dots and the hubs
    # many lines: fainter, so that the dots and the pattern of lines stay readable
    faint = (
        f' stroke-opacity="{round(max(0.15, min(1.0, 12 / math.sqrt(len(net.relations) + 1))), 2)}"'
    )
    out.append(f'<g stroke="{HUB_LINE}" stroke-width="0.7"{faint}>')
    for j, hub in enumerate(net.hubs):
        hx, hy = xy[n + j]
        for o in hub.organisations:
            if o in index:
                ox, oy = xy[index[o]]
                out.append(f'<line x1="{hx}" y1="{hy}" x2="{ox}" y2="{oy}"/>')
    out.append("</g>")
    out.append(f'<g fill="none" stroke="#444444"{faint}>')
    for r in net.relations:
        if r.from_id not in index or r.to_id not in index:
            continue
        (x1, y1), (x2, y2) = xy[index[r.from_id]], xy[index[r.to_id]]
        dash, width = DASHES[r.kind.value]
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        names = (net.organisations[index[r.from_id]].name, net.organisations[index[r.to_id]].name)
        label = f"{names[0]} → {names[1]}: {kind_name(r.kind.value, lang)}"
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{width}"{pattern}>'
            f"<title>{escaped(label)}</title></line>"
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
    if n <= LABELS_UP_TO:
        out.append('<g font-size="11" fill="#222222">')
        for o, (x, y) in zip(net.organisations, xy[:n], strict=True):
            out.append(f'<text x="{round(x + radius + 3, 1)}" y="{round(y + 4, 1)}">'
                       f"{escaped(o.name)}</text>")  # fmt: skip
        out.append("</g>")
    for j, hub in enumerate(net.hubs):
        x, y = xy[n + j]
        kind = name_of("gremienart", hub.kind, lang)
        out.append(
            f'<rect x="{round(x - 7, 1)}" y="{round(y - 7, 1)}" width="14" height="14" '
            f'fill="{HUB_COLOUR}"><title>{escaped(f"{hub.name} ({kind})")}</title></rect>'
            f'<text x="{round(x + 10, 1)}" y="{round(y + 4, 1)}" font-size="12" '
            f'font-weight="bold" fill="#000000" stroke="#ffffff" stroke-width="3" '
            f'paint-order="stroke">{escaped(hub.name)}</text>'
        )
    out.extend(labels)
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
        dash, width = DASHES[kind]
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 30}" y2="{y - 4}" stroke="#444444" '
                   f'stroke-width="{width}"{pattern}/>'
                   f'<text x="{x + 38}" y="{y}">{escaped(kind_name(kind, lang))}</text>')  # fmt: skip
    y += 40
    out.append(f'<rect x="{x}" y="{y - 11}" width="14" height="14" fill="{HUB_COLOUR}"/>'
               f'<text x="{x + 20}" y="{y}">{escaped(t("network_legend_hub", lang))}</text>')  # fmt: skip
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
