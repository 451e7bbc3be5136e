"""The portal for a large Kommune: 20 cycles, 2,000 Maßnahmen, 5,000 Akteure, a Kennzahl
per Maßnahme with five years of values.

Figures: a full build, a rebuild after one transition (against the full build: the aim is
0.15 or less), the peak RSS of each, the bytes of the start page; baseline: copying the
built tree (the file-system floor), same run. The cache a build leaves for the next one
lives in the run's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CYCLES, MEASURES_PER_CYCLE, ACTORS = 20, 100, 5_000


def populate(url: str) -> list[int]:
    """The large Kommune through the real use cases; returns the cycle ids."""
    os.environ["DKBM_DATABASE_URL"] = url
    from dkbm import cycles, network
    from dkbm.bench.fixtures import BY, T0, kommune

    actors, board = kommune(T0, actors=ACTORS)
    network.set_member(board_id=board, actor_ids=actors[1:9], role="mitglied", by=BY, now=T0)
    ids = []
    for n in range(CYCLES):
        c = cycles.start(title=f"Bildungsstrategie {n + 1}", board_id=board, by=BY, now=T0).id
        cycles.set_vision(c, "Faire Bildungschancen für alle. " * 3, by=BY, now=T0)
        strategies = []
        for g in range(5):
            goal = cycles.add_goal(c, f"Ziel {g + 1}", ["schule"], by=BY, now=T0).goals[-1].id
            for k in range(4):
                st = cycles.add_strategy(c, goal, f"Strategie {g + 1}.{k + 1}", by=BY, now=T0)
                strategies.append(st.strategies[-1].id)
        for m in range(MEASURES_PER_CYCLE):
            cycles.save_measure(
                c,
                by=BY,
                now=T0,
                strategy_id=strategies[m % len(strategies)],
                title=f"Maßnahme {n + 1}.{m + 1}",
                owner_id=actors[m % 50],
                indicator="Quote",
                target_value="90 %",
                deadline=(T0 + timedelta(days=400)).date(),
            )
        for _ in range(3):
            cycles.advance(
                c,
                "beteiligung_starten",
                by=BY,
                now=T0,
                deadline=T0 + timedelta(days=14),
                invited=actors[:3],
            )
            cycles.advance(c, "abstimmung_starten", by=BY, now=T0 + timedelta(days=15))
            cycles.record_vote(c, present=5, yes=5, no=0, abstain=0, by=BY, now=T0)
            cycles.advance(c, "beschliessen", by=BY, now=T0 + timedelta(days=15))
            cycles.advance(c, "naechste_stufe", by=BY, now=T0 + timedelta(days=15))
        ids.append(c)
    _indicators(ids)
    return ids


def _indicators(cycle_ids: list[int]) -> None:
    """One Kennzahl per Maßnahme with five years of values, imported as one CSV (as a
    Bildungsmonitoring would deliver them)."""
    from dkbm import cycles, indicators
    from dkbm.bench.fixtures import BY, T0
    from dkbm.states.indicators import ItemKind

    lines = ["kennzahl;jahr;wert"]
    for cycle_id in cycle_ids:
        for m in cycles.replay_check(cycle_id)[0].measures:
            ind = indicators.add(
                cycle_id,
                item_kind=ItemKind.MASSNAHME,
                item_id=m.id,
                name=f"Quote {m.title}",
                unit="%",
                source="Bildungsmonitoring",
                baseline=(40.0, 2022),
                target=(90.0, 2030),
                by=BY,
                now=T0,
            )
            lines += [f"{ind.id};{2022 + k};{40 + 5 * k + (m.id % 7)}" for k in range(5)]
    indicators.import_values(("\n".join(lines) + "\n").encode(), file="werte.csv", by=BY, now=T0)


_BUILD = """
import resource, sys, time
from datetime import datetime, UTC
from pathlib import Path
from dkbm.portal.build import build
start = time.perf_counter()
only = {int(c) for c in sys.argv[2:]} or None
report = build(Path(sys.argv[1]), datetime(2028, 1, 1, tzinfo=UTC), only_cycles=only)
seconds = time.perf_counter() - start
try:  # this process's own peak: ru_maxrss keeps the peak of the process it was forked from
    kib = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
except OSError:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, kib, int(report.full))
"""


def _build(env: dict[str, str], out: Path, *only: int) -> tuple[float, float, bool]:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(out), *map(str, only)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds, kib, full = done.stdout.split()
    return float(seconds), float(kib) / 1024, full == "1"


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        start = time.perf_counter()
        ids = populate(url)
        setup = time.perf_counter() - start
        env = {**os.environ, "DKBM_DATABASE_URL": url, "DKBM_PORTAL_CACHE": f"{tmp}/cache"}
        out = Path(tmp) / "site"
        full, rss, _ = _build(env, out)
        start = time.perf_counter()
        shutil.copytree(out, Path(tmp) / "copy")
        copy = time.perf_counter() - start
        from dkbm import cycles
        from dkbm.bench.fixtures import BY, T0

        cycles.advance(
            ids[0],
            "beteiligung_starten",
            by=BY,
            now=T0 + timedelta(days=60),
            deadline=T0 + timedelta(days=90),
        )
        again, rss_again, was_full = _build(env, out, ids[0])
        assert not was_full, "the rebuild fell back to a full build"
        return {
            "setup": setup,
            "full": full,
            "rebuild": again,
            "copy": copy,
            "rss": rss,
            "rss_rebuild": rss_again,
            "start_bytes": (out / "index.html").stat().st_size,
            "files": sum(1 for p in out.rglob("*") if p.is_file()),
        }


def rows() -> list[tuple[str, str, str, str]]:
    m = measure()
    scale = (
        f"{CYCLES} cycles, {CYCLES * MEASURES_PER_CYCLE:,} measures with 5 years of "
        f"indicator values, {ACTORS:,} actors"
    )
    return [
        (
            f"portal full build ({scale}, {int(m['files'])} files)",
            f"{m['full']:.2f} s",
            f"copying the built tree {m['copy']:.3f} s",
            f"{m['full'] / m['copy']:.0f}x",
        ),
        (
            "portal rebuild after one transition",
            f"{m['rebuild']:.2f} s",
            f"full build {m['full']:.2f} s",
            f"{m['rebuild'] / m['full']:.2f} (aim <= 0.15)",
        ),
        ("portal build peak RSS (full build)", f"{m['rss']:.0f} MB", "-", "-"),
        ("portal rebuild peak RSS", f"{m['rss_rebuild']:.0f} MB", "-", "-"),
        ("portal start page", f"{int(m['start_bytes']):,} bytes", "-", "-"),
    ]


if __name__ == "__main__":
    for row in rows():
        print("  ".join(row))
