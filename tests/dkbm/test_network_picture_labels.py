"""The network picture is readable: every name has a box of its own (no two overlap, none
covers a dot or a square, each stays inside its sector's box or the hubs' column), a name
that fits nowhere whole is shortened with an ellipsis and keeps its full name in a <title>;
membership lines and relations look different, and the legend shows both. Computed from the
placement (dkbm.network_map.layout), not from pixels; on the demo's organisations and on
demo-like networks drawn at random."""

from __future__ import annotations

import random
from itertools import combinations
from xml.etree import ElementTree

import pytest

from dkbm import network_map
from dkbm.cli.demo.network import ACTORS, AG_EARLY, AG_TRANSITION, ORGANISATIONS, STEERING
from dkbm.network_map import Box, Network
from dkbm.states.model import EducationArea, Organisation, OrganisationKind, Sector
from dkbm.states.relations import Relation, RelationKind
from dkbm.store.reads.relations import Hub

NS = "{http://www.w3.org/2000/svg}"


def _organisations(names: dict[str, tuple[str, str, list[str], str]]) -> list[Organisation]:
    return [
        Organisation(id=i, name=name, kind=OrganisationKind(kind), sector=Sector(sector),
                     areas=[EducationArea(a) for a in areas])
        for i, (name, (kind, sector, areas, _)) in enumerate(names.items(), start=1)
    ]  # fmt: skip


def _demo() -> Network:
    """The demo's Landkreis Musterland: its 29 organisations, the Lenkungsgruppe, two AGs
    and the Verbund's AG, three relations."""
    orgs = _organisations(ORGANISATIONS)
    ids = {o.name: o.id for o in orgs}

    def of(actors: list[int]) -> tuple[int, ...]:
        return tuple(sorted({ids[ACTORS[a - 1][1]] for a in actors}))

    hubs = [
        Hub(1, "Lenkungsgruppe Bildung", "gremium", of(STEERING)),
        Hub(2, "AG Übergang Schule-Beruf", "arbeitsgruppe", of(AG_TRANSITION)),
        Hub(3, "AG Frühe Bildung", "arbeitsgruppe", of(AG_EARLY)),
        Hub(4, "AG Bildungsregion", "arbeitsgruppe", of([1, 6, 14, 18])),
    ]
    relations = [
        Relation(1, ids["Wohlfahrtsverband"], ids["Kita-Verbund Nord"],
                 RelationKind("traegerschaft"), None, None),
        Relation(2, ids["Industrie- und Handelskammer"], ids["Berufskolleg des Kreises"],
                 RelationKind("kooperationsvereinbarung"), None, None),
        Relation(3, ids["Jugendamt"], ids["Jugendring"], RelationKind("foerderung"), None, None),
    ]  # fmt: skip
    return Network("Landkreis Musterland", orgs, relations, hubs)


def _random(seed: int) -> Network:
    """Demo-like: up to LABELS_UP_TO organisations with the demo's names (numbered when
    drawn twice) and long ones, every sector, up to 12 hubs with long names."""
    rng = random.Random(seed)
    names = list(ORGANISATIONS)
    long = "Gemeinnützige Gesellschaft für berufliche Bildung und Beschäftigung Musterland"
    count = rng.randrange(1, network_map.LABELS_UP_TO + 1)
    orgs = []
    for i in range(1, count + 1):
        name = rng.choice(names) if rng.random() < 0.8 else long[: rng.randrange(5, len(long))]
        orgs.append(
            Organisation(id=i, name=f"{name} {i}", kind=OrganisationKind("verein"),
                         sector=rng.choice(list(Sector)),
                         areas=rng.sample(list(EducationArea), rng.randrange(0, 3)))
        )  # fmt: skip
    hubs = [
        Hub(j, f"AG {'Übergang Schule-Beruf und Fachkräftesicherung ' * rng.randrange(0, 3)}{j}",
            "arbeitsgruppe", tuple(sorted(rng.sample(range(1, count + 1), min(count, 6)))))
        for j in range(1, rng.randrange(1, 13))
    ]  # fmt: skip
    relations = [
        Relation(k, a, b, rng.choice(list(RelationKind)), None, None)
        for k, (a, b) in enumerate(
            {tuple(rng.sample(range(1, count + 1), 2)) for _ in range(count // 2)}
            if count > 1 else set(), start=1
        )
    ]  # fmt: skip
    return Network("Kreis Test", orgs, relations, hubs)


def _inside(box: Box, outer: Box) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _check(net: Network) -> network_map.Drawing:
    network_map._LAST.clear()
    drawing, _ = network_map.layout(net)
    n = len(net.organisations)
    labels = [*drawing.org_labels.values(), *drawing.hub_labels.values()]
    for a, b in combinations(labels, 2):
        assert not network_map._overlaps(a.box, b.box), (a, b)
    dots = [network_map._around(p, drawing.radius) for p in drawing.points[:n]]
    squares = [network_map._around(p, network_map.HUB_SIZE / 2) for p in drawing.points[n:]]
    for i, label in drawing.org_labels.items():
        assert _inside(label.box, drawing.sectors[net.organisations[i].sector.value]), label
        assert _inside(dots[i], drawing.sectors[net.organisations[i].sector.value])
        for k, dot in enumerate(dots):
            assert k == i or not network_map._overlaps(label.box, dot), (label, k)
    for label in drawing.hub_labels.values():
        assert _inside(label.box, drawing.hub_column), label
        for k, square in enumerate(squares):
            assert not network_map._overlaps(label.box, square), (label, k)
    for a, b in combinations(drawing.sectors.values(), 2):
        assert not network_map._overlaps(a, b)
        assert not network_map._overlaps(a, drawing.hub_column)
    for label in labels:  # written whole, wrapped, or shortened with an ellipsis
        assert label.text == label.full or label.text.endswith("…")
        if label.text.endswith("…"):
            assert label.full.startswith(label.text[:-1])
    return drawing


def test_on_the_demo_every_name_is_written_whole_and_no_two_overlap() -> None:
    net = _demo()
    drawing = _check(net)
    assert len(drawing.org_labels) == len(ORGANISATIONS) and len(drawing.hub_labels) == 4
    assert all(label.text == label.full for label in drawing.org_labels.values())
    assert all(label.text == label.full for label in drawing.hub_labels.values())
    # the sector boxes are sized by how many organisations they hold
    high = {s: b[3] - b[1] for s, b in drawing.sectors.items()}
    assert high["bildungseinrichtungen"] > high["wirtschaft"] > high["politik"]
    root = ElementTree.fromstring(network_map.svg(net, "de"))
    written = " ".join("".join(t.itertext()) for t in root.iter(f"{NS}text"))
    for name in (*ORGANISATIONS, "Lenkungsgruppe Bildung", "AG Frühe Bildung"):
        assert name in written or name.replace(" ", "", 1) in written.replace(" ", "", 1), name


@pytest.mark.parametrize("seed", range(12))
def test_on_demo_like_networks_no_two_labels_overlap(seed: int) -> None:
    _check(_random(seed))


def test_a_name_that_fits_nowhere_is_shortened_and_keeps_its_full_name() -> None:
    long = "Arbeitsgemeinschaft der Freien Wohlfahrtspflege im Landkreis Musterland e. V."
    orgs = [
        Organisation(id=i, name=f"{long} {i}", kind=OrganisationKind("verein"),
                     sector=Sector("zivilgesellschaft"))
        for i in range(1, 31)
    ]  # fmt: skip
    net = Network("Kreis Test", orgs, [], [])
    drawing = _check(net)
    short = [label for label in drawing.org_labels.values() if label.text != label.full]
    assert short
    drawn = network_map.svg(net, "de")
    root = ElementTree.fromstring(drawn)
    for text in root.iter(f"{NS}text"):
        title = text.find(f"{NS}title")
        if "".join(text.itertext()).endswith("…"):
            assert title is not None and title.text.startswith(long)  # type: ignore[union-attr]
    for o in orgs:  # every dot keeps the full name as its tooltip
        assert f"<title>{o.name} (" in drawn


def test_membership_lines_and_relations_look_different_and_the_legend_shows_both() -> None:
    root = ElementTree.fromstring(network_map.svg(_demo(), "de"))
    groups = [g for g in root.iter(f"{NS}g") if g.find(f"{NS}line") is not None]
    members, relations = groups[0], groups[1]
    assert members.get("stroke-dasharray") and members.get("stroke") == network_map.HUB_LINE
    assert float(members.get("stroke-width")) < 1  # type: ignore[arg-type]
    colours = {line.get("stroke") for line in relations.iter(f"{NS}line")}
    assert len(colours) == 3 and network_map.HUB_LINE not in colours
    assert all(line.get("stroke-dasharray") is None for line in relations.iter(f"{NS}line"))
    legend = root.findall(f"{NS}g")[-1]
    words = [t.text for t in legend.iter(f"{NS}text")]
    assert "Mitglied in Gremium oder AG" in words and "Kooperationsvereinbarung" in words
    dashed = [line for line in legend.iter(f"{NS}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1 and dashed[0].get("stroke") == network_map.HUB_LINE
    en = network_map.svg(_demo(), "en")
    assert "Member of a board or working group" in en


def test_the_same_network_gives_the_same_bytes() -> None:
    first = network_map.svg(_random(3), "de")
    network_map._LAST.clear()
    assert network_map.svg(_random(3), "de") == first
