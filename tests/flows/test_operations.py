"""Scheduled operation through Prefect at scale-out: a server on PostgreSQL, a real worker
process, the sweep and sender deployments from deploy/prefect.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from dkbm import cycles
from notifications.sender import drain
from tests.factories import BY, make_network
from tests.peers import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
PREFECT = [sys.executable, "-m", "prefect"]
DUE = datetime(2026, 12, 28, 22, 59, tzinfo=UTC)
T_MINUS_7 = datetime(2026, 12, 16, 9, 0, tzinfo=UTC)


def api(env: dict[str, str], path: str, body: dict) -> Any:
    response = httpx.post(f"{env['PREFECT_API_URL']}{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def wait_for_run(env: dict[str, str], run_id: str, timeout: float = 180) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        run = httpx.get(f"{env['PREFECT_API_URL']}/flow_runs/{run_id}", timeout=10).json()
        if run["state_type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return run
        time.sleep(1)
    raise AssertionError(f"flow run {run_id} did not finish")


def run_deployment(env: dict[str, str], name: str) -> dict:
    out = subprocess.run(
        [*PREFECT, "deployment", "run", name],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    run_id = next(
        line.split("UUID:")[1].strip() for line in out.stdout.splitlines() if "UUID:" in line
    )
    return wait_for_run(env, run_id)


def test_sweep_and_sender_deployments_run_through_a_worker(
    prefect_pg_server: dict[str, str], pg_url: str, smtp_sink: SmtpSink
) -> None:
    net = make_network(voting=3, others=0, now=T_MINUS_7)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T_MINUS_7)
    cycles.set_vision(c.id, "V", by=BY, now=T_MINUS_7)
    cycles.advance(
        c.id, "beteiligung_starten", by=BY, now=datetime(2026, 12, 1, tzinfo=UTC), deadline=DUE
    )
    cycles.record_response(c.id, net.actors[0], "ok", by=BY, now=T_MINUS_7)
    drain(T_MINUS_7)
    smtp_sink.mails.clear()

    env = {
        **os.environ,
        **prefect_pg_server,
        "DKBM_DATABASE_URL": pg_url,
        "DKBM_MAIL_URL": smtp_sink.url,
        "DKBM_NOW": T_MINUS_7.isoformat(),
        "DKBM_HOME": str(ROOT),
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    }
    for args in (
        ["work-pool", "create", "dkbm", "--type", "process"],
        ["--no-prompt", "deploy", "--all", "--prefect-file", "deploy/prefect.yaml"],
    ):
        out = subprocess.run(
            [*PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    worker = subprocess.Popen(
        [*PREFECT, "worker", "start", "--pool", "dkbm"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        sweep = run_deployment(env, "erinnerungen/erinnerungen")
        assert sweep["state_type"] == "COMPLETED", sweep["state"]
        sent = run_deployment(env, "versand/versand")
        assert sent["state_type"] == "COMPLETED", sent["state"]
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert sorted(r[0] for r, _ in smtp_sink.mails) == ["a1@example.org", "a2@example.org"]
    assert all(m["Subject"].startswith("Erinnerung:") for _, m in smtp_sink.mails)
    task_runs = api(env, "/task_runs/filter", {"flow_runs": {"id": {"any_": [sweep["id"]]}}})
    batches = [t for t in task_runs if t["name"].startswith("Fristen prüfen")]
    assert len(batches) == 2  # one batch with work, one that found nothing more
    artifacts = api(
        env, "/artifacts/filter", {"artifacts": {"key": {"any_": ["dkbm-erinnerungen"]}}}
    )
    assert any("| Nachrichten eingereiht | 2 |" in a["data"] for a in artifacts)
