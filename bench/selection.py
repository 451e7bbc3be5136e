"""The Auswahl von Teilnehmenden over 10,000 Akteure: a proposal (read of the candidates and
their load, the rule) and a stratified lottery, each against the plain SELECT of the same
candidate rows measured in the same run (aim: under 1 s). `python -m dkbm.bench.selection`
alone."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

ACTORS = 10_000
BOARDS = 40
RUNS = 5


def build(url: str) -> None:
    """The Kommune through the use cases; the Akteure, Gremien and memberships written as rows
    (bench set-up): all five sectors, one to three Bildungsbereiche each, every fifth in two
    Gremien, one in fifty deactivated."""
    os.environ["DKBM_DATABASE_URL"] = url
    from sqlalchemy import insert

    from dkbm.bench.fixtures import T0, kommune, working_groups
    from dkbm.states.model import EducationArea, Sector
    from dkbm.store.db import engine
    from dkbm.store.tables import ActorRow, BoardMemberRow

    kommune(T0, actors=0)
    sectors, areas = list(Sector), list(EducationArea)
    actor = ActorRow.__table__  # type: ignore[attr-defined]
    rows = []
    for i in range(ACTORS):
        row = {
            "municipality_id": 1,
            "name": f"Akteur {i}",
            "email": f"a{i}@example.org",
            "sector": sectors[i % 5].value,
            "areas": [areas[(i + k) % len(areas)].value for k in range(1 + i % 3)],
            "consent_publication": False,
            "lang": "de",
            "channels": [],
            "delivery": "sofort",
            "status": "inaktiv" if i % 50 == 0 else "aktiv",
        }
        if "organisation" in actor.c:  # the free-text column of schemas before organisations
            row["organisation"] = f"Organisation {i % 2_000}"
        rows.append(row)
    member = BoardMemberRow.__table__  # type: ignore[attr-defined]
    with engine(url).begin() as conn:
        conn.execute(insert(actor), rows)
        ids, boards = working_groups(conn, BOARDS)
        conn.execute(
            insert(member),
            [
                {"board_id": boards[(n + k) % len(boards)], "actor_id": a, "role": "mitglied"}
                for n, a in enumerate(ids[::5])
                for k in range(2)
            ],
        )


def _median(fn: Callable[[], object]) -> float:
    from dkbm.bench.fixtures import median_seconds

    return median_seconds(fn, RUNS, warm=True)


def measure(url: str) -> tuple[float, float, float]:
    """(proposal, lottery, plain SELECT of the candidate rows), seconds, median of RUNS."""
    build(url)
    from dkbm import selection
    from dkbm.store.reads import reader

    def plain() -> None:
        with reader(url) as r:
            r.rows("SELECT * FROM actor ORDER BY id")

    def proposal() -> None:
        doc = selection.propose(40, areas=["schule", "hochschule"], theme="Schule Hochschule")
        assert len(doc["auswahl"]) == 40

    def lottery() -> None:
        doc = selection.propose(100, lottery=True, seed=20270111)
        assert len(doc["auswahl"]) == 100

    return _median(proposal), _median(lottery), _median(plain)


def rows() -> list[tuple[str, str, str, str]]:
    from dkbm.bench.fixtures import with_postgres

    found = []
    with tempfile.TemporaryDirectory() as d:
        found.append(("SQLite", measure(f"sqlite:///{Path(d) / 'selection.db'}")))
    pg = with_postgres(measure)
    found.append(("PostgreSQL", pg))
    out = []
    for backend, figures in found:
        if figures is None:
            out.append((f"selection over {ACTORS:,} Akteure, {backend}", "unreachable", "-", "-"))
            continue
        proposal, lottery, plain = figures
        for label, value in (("proposal, 40 seats", proposal), ("lottery, 100 seats", lottery)):
            out.append(
                (
                    f"`auswahl` {label}, {ACTORS:,} Akteure, {backend}",
                    f"{value:.3f} s",
                    f"plain SELECT of the rows {plain:.3f} s",
                    f"{value / plain:.1f}x (aim < 1 s)",
                )
            )
    return out


if __name__ == "__main__":
    for row in rows():
        print("  ".join(row))
