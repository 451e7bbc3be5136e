"""`dkbm health` against a real Prefect server: the server, workers, last runs, waiting runs."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import dkbm


def test_prefect_is_checked_too(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    prefect_server: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    code, out, _ = dkbm(capsys, "health")
    assert code == 2 and "prefect: Prefect-Server http://127.0.0.1:9/api antwortet nicht" in out
    for key, value in prefect_server.items():
        monkeypatch.setenv(key, value)
    code, out, _ = dkbm(capsys, "health", "--json")
    found = {c["name"]: c for c in json.loads(out)["pruefungen"]}
    assert found["prefect"]["status"] == "OK" and found["versand"]["status"] in ("OK", "WARNING")
    assert found["moderation"]["status"] == "OK"


def test_a_scheduled_run_whose_process_vanished_is_marked_crashed(
    prefect_server: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `versand` run left Running by a killed worker (no heartbeat) is not left Running."""
    import time
    from datetime import UTC, datetime

    import httpx

    for key, value in prefect_server.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DKBM_STALE_RUN_SECONDS", "1")
    api = prefect_server["PREFECT_API_URL"]
    flow = httpx.post(f"{api}/flows/", json={"name": "versand"}, timeout=10).json()
    run = httpx.post(
        f"{api}/flow_runs/",
        json={"flow_id": flow["id"], "name": "versand verschwunden", "state": {"type": "RUNNING"}},
        timeout=10,
    ).json()
    time.sleep(2)
    from prefect.client.orchestration import get_client

    from flows.reconcile import reconcile_moderations

    with get_client(sync_client=True) as client:
        report = reconcile_moderations(datetime.now(UTC), client)
    assert "versand verschwunden" in report.crashed
    state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state_type"]
    assert state == "CRASHED"
