"""`dkbm serve` on one machine: starts a local Prefect server, registers the scheduled
deployments, runs them from any working directory, and on SIGTERM leaves nothing running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from dkbm.flows.server import port_free
from tests.flows.conftest import api_call
from tests.peers import free_port


def _folder_of_lookalikes(where: Path) -> Path:
    """A working directory holding packages named like dkbm's folders: importing any of
    them (instead of dkbm.portal, dkbm.flows, …) fails loudly."""
    for name in ("portal", "states", "flows", "store", "notifications", "cli"):
        (where / name).mkdir(parents=True)
        (where / name / "__init__.py").write_text(
            f"raise ImportError('the folder {name}/ of the working directory was imported')\n"
        )
    return where


def _api(method: str, url: str, **kw: object) -> dict:
    return api_call(method, url, **kw)


def _run_to_end(api: str, deployment_id: str) -> dict:
    run = _api("POST", f"{api}/deployments/{deployment_id}/create_flow_run", json={})
    end = time.monotonic() + 120
    while time.monotonic() < end:
        state = _api("GET", f"{api}/flow_runs/{run['id']}")["state"]
        if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return state
        time.sleep(1)
    raise AssertionError(f"run {run['id']} did not end: {state}")


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
        cwd=_folder_of_lookalikes(tmp_path / "elsewhere"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deployments: dict[str, list] = {}
        end = time.monotonic() + 120
        found_raw: list[dict] = []
        while time.monotonic() < end and len(deployments) < 6:
            time.sleep(1)
            try:
                found = httpx.post(
                    f"http://127.0.0.1:{port}/api/deployments/filter", json={}, timeout=5
                )
                found_raw = found.json()
                deployments = {
                    d["name"]: [s["schedule"].get("cron") for s in d["schedules"]]
                    for d in found_raw
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
        # Flow code is loaded by module path from the installed package, not from files
        # relative to the working directory (which holds its own portal/, flows/, …).
        assert {d["entrypoint"].rsplit(".", 1)[0] for d in found_raw} == {
            "dkbm.flows.operations",
            "dkbm.flows.moderation",
            "dkbm.flows.portal",
        }
        reconcile = next(d for d in found_raw if d["name"] == "abgleich")
        state = _run_to_end(f"http://127.0.0.1:{port}/api", reconcile["id"])
        assert state["type"] == "COMPLETED", state
    finally:
        serve.send_signal(signal.SIGTERM)
        out, _ = serve.communicate(timeout=90)
    assert serve.returncode == 0, out[-2000:]
    end = time.monotonic() + 30
    while not port_free(port) and time.monotonic() < end:
        time.sleep(0.5)
    assert port_free(port), "the local Prefect server is still running"
