"""Two processes change the same cycle at once: one wins, the other gets a clear conflict."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from datetime import timedelta

from dkbm import cycles, queries
from dkbm.states.errors import Conflict
from tests.conftest import T0
from tests.factories import BY, make_network

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_two_processes_take_the_same_step_exactly_one_wins(db_url: str) -> None:
    net = make_network()
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    args = [
        sys.executable,
        "-m",
        "dkbm",
        "zyklus",
        "weiter",
        str(c.id),
        "beteiligung_starten",
        "--frist",
        "2027-02-01",
        "--version",
        "2",
    ]
    env = {**os.environ, "DKBM_DATABASE_URL": db_url, "DKBM_NOW": T0.isoformat()}
    procs = [
        subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert loser.startswith("Fehler: Konflikt: Zyklus") and loser.count("\n") == 1
    transitions = [e for e in queries.history(c.id) if e["schritt"]]
    assert len(transitions) == 1
    assert queries.status(c.id, T0)["version"] == 3


def _answer_all(url: str, cycle_id: int, actor_ids: list[int], start: object, out: object) -> None:
    os.environ["DKBM_DATABASE_URL"] = url
    start.wait()  # type: ignore[attr-defined]
    won, lost = [], []
    for actor_id in actor_ids:
        try:
            cycles.record_response(cycle_id, actor_id, "ok", by="p", now=T0)
            won.append(actor_id)
        except Conflict:
            lost.append(actor_id)
    out.put((won, lost))  # type: ignore[attr-defined]


def test_racing_answers_from_two_processes_are_all_kept_without_a_conflict(db_url: str) -> None:
    """Answers are rows of their own: two processes answering for half the network each
    lose none to a conflict and leave the cycle's version as it was."""
    net = make_network(voting=5, others=35)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))
    version = queries.status(c.id, T0)["version"]
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    halves = [net.actors[0::2], net.actors[1::2]]
    procs = [ctx.Process(target=_answer_all, args=(db_url, c.id, h, start, out)) for h in halves]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    won = sorted(a for w, _ in results for a in w)
    lost = sorted(a for _, lo in results for a in lo)
    assert lost == [] and won == sorted(net.actors)
    status = queries.status(c.id, T0)
    assert status["version"] == version
    assert status["beteiligung"]["geantwortet"] == len(won)
    assert status["beteiligung"]["ausstehend"] == []
    history = queries.history(c.id)
    assert [e["version"] for e in history if e["aktion"] != "rueckmeldung"] == list(
        range(1, version + 1)
    )
    assert sum(e["aktion"] == "rueckmeldung" for e in history) == len(won)
