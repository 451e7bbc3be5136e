"""CLI latency with real content: `dkbm zyklus status` of a cycle in Umsetzung with 5 Ziele,
15 Strategien and 50 Maßnahmen with reports, and `dkbm zyklus list` over 200 cycles, each
against `python -c pass` measured in the same run (aim: both under 0.3 s)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(url: str) -> int:
    """The Kommune, one full cycle in Umsetzung and 199 more cycles; returns the full one."""
    os.environ["DKBM_DATABASE_URL"] = url
    from dkbm import cycles
    from dkbm.bench.fixtures import BY, T0, kommune

    (owner, *_), board = kommune(T0, actors=10)
    c = cycles.start(title="Bildungsstrategie 2030", board_id=board, by=BY, now=T0).id
    cycles.set_vision(c, "Jeder Mensch erhält faire Bildungschancen. " * 5, by=BY, now=T0)
    strategies = []
    for g in range(5):
        goal = cycles.add_goal(c, f"Ziel {g + 1}", ["schule"], by=BY, now=T0).goals[-1].id
        for k in range(3):
            cy = cycles.add_strategy(c, goal, f"Strategie {g + 1}.{k + 1}", by=BY, now=T0)
            strategies.append(cy.strategies[-1].id)
    for m in range(50):
        cycles.save_measure(
            c,
            by=BY,
            now=T0,
            strategy_id=strategies[m % len(strategies)],
            title=f"Maßnahme {m + 1}",
            owner_id=owner,
            indicator="Quote",
            target_value="90 %",
            deadline=(T0 + timedelta(days=400)).date(),
        )
    for _ in range(4):
        cycles.advance(
            c,
            "beteiligung_starten",
            by=BY,
            now=T0,
            deadline=T0 + timedelta(days=14),
            invited=[owner],
        )
        cycles.record_response(c, owner, "einverstanden", by=BY, now=T0)
        cycles.advance(c, "abstimmung_starten", by=BY, now=T0)
        cycles.record_vote(c, present=1, yes=1, no=0, abstain=0, by=BY, now=T0)
        cycles.advance(c, "beschliessen", by=BY, now=T0)
        cycles.advance(c, "naechste_stufe", by=BY, now=T0)
    doc = cycles.replay_check(c)[0]
    for m in doc.measures:
        for n in range(2):
            cycles.report_progress(c, m.id, f"Bericht {n + 1}", value=n * 10.0, by=BY, now=T0)
    for i in range(199):
        cycles.start(title=f"Zyklus {i + 2}", board_id=board, by=BY, now=T0)
    return c


def rows() -> list[tuple[str, str, str, str]]:
    from dkbm.bench.fixtures import wall

    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite:///{Path(d) / 'content.db'}"
        env = {**os.environ, "DKBM_DATABASE_URL": url}
        out = subprocess.run(
            [sys.executable, "-c", f"from bench.content import build; print(build({url!r}))"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        cycle = out.stdout.strip().splitlines()[-1]
        dkbm = str(Path(sys.executable).with_name("dkbm"))
        status = wall([dkbm, "zyklus", "status", cycle], env)
        overview = wall([dkbm, "zyklus", "list"], env)
        bare = wall([sys.executable, "-c", "pass"], env)
    return [
        (
            "`zyklus status`, 5 Ziele/15 Strategien/50 Maßnahmen",
            f"{status:.3f} s",
            f"python -c pass {bare:.3f} s",
            f"{status / bare:.1f}x (aim < 0.3 s: {'met' if status < 0.3 else 'NOT met'})",
        ),
        (
            "`zyklus list`, 200 cycles",
            f"{overview:.3f} s",
            f"python -c pass {bare:.3f} s",
            f"{overview / bare:.1f}x (aim < 0.3 s: {'met' if overview < 0.3 else 'NOT met'})",
        ),
    ]
