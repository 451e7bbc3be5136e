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
