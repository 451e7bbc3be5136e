"""`dkbm serve` on one machine: starts a local Prefect server, registers the scheduled
deployments, and on SIGTERM leaves nothing running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from flows.server import port_free
from tests.peers import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_serve_registers_scheduled_deployments_and_stops_cleanly(
    sqlite_url: str, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DKBM_DATABASE_URL": sqlite_url,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        # No scheduled runs during the test: a run cut short by SIGTERM is Prefect's business.
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "dkbm", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deployments: dict[str, list] = {}
        end = time.monotonic() + 120
        while time.monotonic() < end and len(deployments) < 6:
            time.sleep(1)
            try:
                found = httpx.post(
                    f"http://127.0.0.1:{port}/api/deployments/filter", json={}, timeout=5
                )
                deployments = {
                    d["name"]: [s["schedule"].get("cron") for s in d["schedules"]]
                    for d in found.json()
                }
            except httpx.HTTPError:
                continue
        assert deployments == {
            "erinnerungen": ["*/15 * * * *"],
            "versand": ["* * * * *"],
            "zusammenfassungen": ["0 7 * * *"],
            "abgleich": ["* * * * *"],
            "moderation": [],
            "portal": ["30 2 * * *"],
        }
    finally:
        serve.send_signal(signal.SIGTERM)
        out, _ = serve.communicate(timeout=90)
    assert serve.returncode == 0, out[-2000:]
    end = time.monotonic() + 30
    while not port_free(port) and time.monotonic() < end:
        time.sleep(0.5)
    assert port_free(port), "the local Prefect server is still running"
