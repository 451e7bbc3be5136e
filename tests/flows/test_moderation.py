"""The moderation flow against a real Prefect server: consultation, a vote without quorum,
the repeated vote given like the UI form does, and the decision."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from dkbm import cycles, queries
from tests.factories import BY, make_network

ROOT = Path(__file__).resolve().parents[2]


def wait_for(what: str, check: Callable[[], Any], timeout: float = 90) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if result := check():
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def api(env: dict[str, str], path: str, body: dict) -> Any:
    response = httpx.post(f"{env['PREFECT_API_URL']}{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def flow_runs(env: dict[str, str], cycle_id: int) -> list[dict]:
    return api(
        env,
        "/flow_runs/filter",
        {"flow_runs": {"name": {"any_": [f"moderation-zyklus-{cycle_id}"]}}},
    )


def dkbm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_moderation_flow_runs_a_stage_to_its_decision(
    prefect_server: dict[str, str], sqlite_url: str
) -> None:
    net = make_network(voting=3, others=0, now=datetime.now(UTC))
    cycle_id = cycles.start(
        title="Leitbild 2030", board_id=net.board, by=BY, now=datetime.now(UTC)
    ).id
    cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=datetime.now(UTC))
    env = {**os.environ, **prefect_server, "DKBM_DATABASE_URL": sqlite_url}
    env.pop("DKBM_NOW", None)
    frist = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    flow = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dkbm",
            "zyklus",
            "moderieren",
            str(cycle_id),
            "--frist",
            frist,
            "--abfrage",
            "0.5",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        state = lambda: queries.status(cycle_id, datetime.now(UTC))  # noqa: E731
        wait_for("Beteiligung", lambda: state()["zustand"] == "leitbild_beteiligung")
        for actor_id in net.actors:
            cycles.record_response(
                cycle_id, actor_id, "einverstanden", by=BY, now=datetime.now(UTC)
            )
        wait_for("Abstimmung", lambda: state()["zustand"] == "leitbild_abstimmung")
        paused = lambda: [r for r in flow_runs(env, cycle_id) if r["state_type"] == "PAUSED"]  # noqa: E731
        wait_for("the flow to pause for the vote", paused)

        no_quorum = dkbm(
            env, "zyklus", "entscheiden", str(cycle_id), "--anwesend", "1", "--ja", "1"
        )
        assert no_quorum.returncode == 0, no_quorum.stderr
        wait_for("the vote without quorum", lambda: state()["abstimmung"])
        assert state()["abstimmung"]["beschlussfaehig"] is False
        assert state()["zustand"] == "leitbild_abstimmung"
        wait_for("the flow to pause again for the repeated vote", paused)

        retried = dkbm(
            env,
            "zyklus",
            "entscheiden",
            str(cycle_id),
            "--anwesend",
            "3",
            "--ja",
            "2",
            "--nein",
            "1",
        )
        assert retried.returncode == 0, retried.stderr
        out, err = flow.communicate(timeout=120)
    finally:
        if flow.poll() is None:
            flow.kill()
    assert flow.returncode == 0, err[-3000:]
    assert "leitbild_beschlossen" in out

    doc = queries.status(cycle_id, datetime.now(UTC))
    assert doc["zustand"] == "leitbild_beschlossen"
    history = queries.history(cycle_id)
    assert [e["schritt"] for e in history if e["schritt"]] == [
        "beteiligung_starten",
        "abstimmung_starten",
        "beschliessen",
    ]
    assert {e["von"] for e in history if e["schritt"]} == {"prefect:moderation"}

    (run,) = flow_runs(env, cycle_id)
    assert run["state_type"] == "COMPLETED"
    artifacts = api(
        env, "/artifacts/filter", {"artifacts": {"key": {"any_": [f"dkbm-zyklus-{cycle_id}"]}}}
    )
    latest = max(artifacts, key=lambda a: a["created"])
    assert latest["type"] == "markdown"
    assert (
        "Leitbild / Beschlossen" in latest["data"]
        and "| Gremium | Lenkungsgruppe |" in latest["data"]
    )

    def transition_events() -> list[str]:
        page = api(
            env,
            "/events/filter",
            {
                "filter": {
                    "resource": {"id": [f"dkbm.zyklus.{cycle_id}"]},
                    "occurred": {"since": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
                },
                "limit": 50,
            },
        )
        names = sorted(e["event"] for e in page["events"])
        return names if len(names) >= 3 else []

    assert wait_for("events", transition_events, timeout=30) == [
        "dkbm.zyklus.abstimmung_starten",
        "dkbm.zyklus.beschliessen",
        "dkbm.zyklus.beteiligung_starten",
    ]
