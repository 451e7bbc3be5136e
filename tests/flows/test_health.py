"""`dkbm health` against a real Prefect server: the server, workers, last runs, waiting runs.

Each check runs in a process of its own, as monitoring calls it (Prefect reads its settings
once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.flows.test_moderation import RECONCILE

ROOT = Path(__file__).resolve().parents[2]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "ignore", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_prefect_is_checked_too(sqlite_url: str, prefect_server: dict[str, str]) -> None:
    env = {"DKBM_DATABASE_URL": sqlite_url, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    out = run(env, "-m", "dkbm", "health")
    assert out.returncode == 2
    assert "[CRITICAL] Prefect: Prefect-Server http://127.0.0.1:9/api antwortet nicht" in out.stdout
    out = run({**env, **prefect_server}, "-m", "dkbm", "health", "--json")
    found = {c["name"]: c for c in json.loads(out.stdout)["pruefungen"]}
    assert found["prefect"]["status"] == "OK" and found["versand"]["status"] in ("OK", "WARNING")
    # Nothing deployed on this server: each of the six deployments is missed by name.
    assert found["moderation"]["status"] == "WARNING"
    assert found["moderation"]["detail"].startswith("kein Deployment 'moderation' ('dkbm serve'")

    # A work pool without a worker is CRITICAL; a moderation waiting too long a WARNING.
    api = prefect_server["PREFECT_API_URL"]
    pool = httpx.post(f"{api}/work_pools/", json={"name": "health-ohne-worker"}, timeout=10)
    flow = httpx.post(f"{api}/flows/", json={"name": "moderation"}, timeout=10).json()
    paused = httpx.post(
        f"{api}/flow_runs/",
        json={"flow_id": flow["id"], "name": "moderation wartet", "state": {"type": "PAUSED"}},
        timeout=10,
    ).json()
    try:
        time.sleep(1)
        out = run({**env, **prefect_server}, "-m", "dkbm", "health", "--warte-tage", "0")
        assert out.returncode == 2, out.stdout
        assert "[CRITICAL] Worker: kein Worker online im Work-Pool health-ohne-worker" in out.stdout
        assert "; 1 wartet länger als 0 Tage: moderation wartet" in out.stdout
    finally:
        httpx.delete(f"{api}/work_pools/{pool.json()['name']}", timeout=10)
        httpx.post(
            f"{api}/flow_runs/{paused['id']}/set_state",
            json={"state": {"type": "CANCELLED"}, "force": True},
            timeout=10,
        )


def test_a_scheduled_run_whose_process_vanished_is_marked_crashed(
    sqlite_url: str, prefect_server: dict[str, str]
) -> None:
    """A `versand` run left Running by a killed worker (no heartbeat) is not left Running."""
    api = prefect_server["PREFECT_API_URL"]
    flow = httpx.post(f"{api}/flows/", json={"name": "versand"}, timeout=10).json()
    run_doc = httpx.post(
        f"{api}/flow_runs/",
        json={"flow_id": flow["id"], "name": "versand verschwunden", "state": {"type": "RUNNING"}},
        timeout=10,
    ).json()
    time.sleep(2)
    env = {**prefect_server, "DKBM_DATABASE_URL": sqlite_url, "DKBM_STALE_RUN_SECONDS": "1"}
    out = run(env, "-c", RECONCILE)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "versand verschwunden" in json.loads(out.stdout.strip().splitlines()[-1])["crashed"]
    state = httpx.get(f"{api}/flow_runs/{run_doc['id']}", timeout=10).json()["state_type"]
    assert state == "CRASHED"
