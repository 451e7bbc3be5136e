"""The network picture of 2,000 organisations with ~4,000 relations and 20 Gremien and AGs
(read, laid out in sectors, written as SVG) against igraph's bare Fruchterman-Reingold layout
of the same graph, measured in the same run (aim: under 5 s). `python -m
dkbm.bench.network_map` alone."""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

ORGANISATIONS = 2_000
RELATIONS = 4_000
HUBS = 20
MEMBERS = 3_000
RUNS = 3
TODAY = date(2027, 1, 11)


def build(url: str) -> None:
    """The Kommune through the use cases; organisations, Akteure, Gremien, memberships and
    relations written as rows (bench set-up): every sector, up to three Bildungsbereiche."""
    os.environ["DKBM_DATABASE_URL"] = url
    from sqlalchemy import insert

    from dkbm.bench.fixtures import T0, kommune, working_groups
    from dkbm.states.model import EducationArea, Sector
    from dkbm.states.relations import RelationKind
    from dkbm.store.db import engine
    from dkbm.store.tables import (
        ActorRow,
        BoardMemberRow,
        OrganisationRelationRow,
        OrganisationRow,
    )

    kommune(T0, actors=0)
    rng = random.Random(2027)
    sectors, areas, kinds = list(Sector), list(EducationArea), list(RelationKind)
    table = lambda row: row.__table__  # type: ignore[attr-defined]  # noqa: E731
    with engine(url).begin() as conn:
        conn.execute(
            insert(table(OrganisationRow)),
            [
                {
                    "municipality_id": 1,
                    "name": f"Organisation {i}",
                    "name_key": f"organisation{i}",
                    "kind": "verein",
                    "sector": sectors[i % 5 if i % 3 else 2].value,
                    "areas": [a.value for a in rng.sample(areas, rng.randrange(0, 4))],
                    "created_at": T0,
                    "updated_at": T0,
                }
                for i in range(ORGANISATIONS)
            ],
        )
        orgs = [r[0] for r in conn.exec_driver_sql("SELECT id FROM organisation ORDER BY id")]
        conn.execute(
            insert(table(ActorRow)),
            [
                {
                    "municipality_id": 1,
                    "name": f"Akteur {i}",
                    "organisation_id": orgs[i % len(orgs)],
                    "email": f"a{i}@example.org",
                    "sector": "politik",
                    "areas": [],
                    "consent_publication": False,
                    "lang": "de",
                    "channels": [],
                    "delivery": "sofort",
                    "status": "aktiv",
                }
                for i in range(MEMBERS)
            ],
        )
        actors, boards = working_groups(conn, HUBS)
        conn.execute(
            insert(table(BoardMemberRow)),
            [
                {"board_id": boards[n % len(boards)], "actor_id": a, "role": "mitglied"}
                for n, a in enumerate(actors)
            ],
        )
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < RELATIONS:
            a, b = rng.choice(orgs), rng.choice(orgs)
            if a != b:
                pairs.add((a, b))
        conn.execute(
            insert(table(OrganisationRelationRow)),
            [
                {
                    "municipality_id": 1,
                    "from_id": a,
                    "to_id": b,
                    "kind": rng.choice(kinds).value,
                    "valid_from": None,
                    "valid_to": None,
                    "note": "",
                    "created_at": T0,
                    "updated_at": T0,
                }
                for a, b in sorted(pairs)
            ],
        )


def _median(fn: Callable[[], object]) -> float:
    from dkbm.bench.fixtures import median_seconds

    return median_seconds(fn, RUNS)


def measure(url: str) -> tuple[float, float, int]:
    """(the picture: read, layout, SVG; igraph's bare layout of the same graph), seconds,
    median of RUNS; and the SVG's size in bytes."""
    build(url)
    from dkbm import network_map

    net = network_map.read(TODAY, url)
    _, graph = network_map.layout(net)
    seed = random.Random(1)
    size = 0

    def picture() -> None:
        nonlocal size
        network_map._LAST.clear()  # the whole way every time: no layout kept from before
        drawn = network_map.svg(network_map.read(TODAY, url), "de")
        size = len(drawn.encode())

    def bare() -> None:
        graph.layout_fruchterman_reingold(niter=network_map.ITERATIONS, grid="auto")

    import igraph

    igraph.set_random_number_generator(seed)
    try:
        base = _median(bare)
    finally:
        igraph.set_random_number_generator(random)
    return _median(picture), base, size


def labelled() -> float:
    """The picture of as many organisations as get their names written (LABELS_UP_TO, long
    names, 12 hubs): layout and placing every name, seconds, median of RUNS."""
    from dkbm import network_map
    from dkbm.states.model import Organisation, OrganisationKind, Sector
    from dkbm.states.relations import Relation, RelationKind
    from dkbm.store.reads.relations import Hub

    rng = random.Random(2027)
    n = network_map.LABELS_UP_TO
    net = network_map.Network(
        "Kreis Bench",
        [
            Organisation(id=i, name=f"Gemeinnützige Gesellschaft für Bildung {i}",
                         kind=OrganisationKind.VEREIN, sector=list(Sector)[i % 5])
            for i in range(1, n + 1)
        ],
        [Relation(k, k, 1 + (k * 7) % n, RelationKind.FOERDERUNG, None, None)
         for k in range(1, n + 1) if 1 + (k * 7) % n != k],
        [Hub(j, f"AG Übergang Schule-Beruf {j}", "arbeitsgruppe",
             tuple(sorted(rng.sample(range(1, n + 1), 8)))) for j in range(1, 13)],
    )  # fmt: skip

    def picture() -> None:
        network_map._LAST.clear()
        network_map.svg(net, "de")

    return _median(picture)


def rows() -> list[tuple[str, str, str, str]]:
    from dkbm.network_map import LABELS_UP_TO

    with tempfile.TemporaryDirectory() as d:
        value, base, size = measure(f"sqlite:///{Path(d) / 'network.db'}")
    names = labelled()
    return [
        (
            f"`netzwerk bild` {LABELS_UP_TO} organisations with their names placed, 12 hubs",
            f"{names:.3f} s",
            "",
            "(aim < 1 s)",
        ),
        (
            f"`netzwerk bild` {ORGANISATIONS:,} organisations, {RELATIONS:,} relations, "
            f"{HUBS} hubs, SQLite ({size / 1e6:.1f} MB SVG)",
            f"{value:.3f} s",
            f"igraph bare FR layout {base:.3f} s",
            f"{value / base:.1f}x (aim < 5 s)",
        ),
    ]


if __name__ == "__main__":
    for row in rows():
        print("  ".join(row))
