"""A real Prefect server (SQLite) for tests about Prefect, started once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dkbm.flows import server as local
from tests.peers import free_port


def prefect_env(home: Path, api_url: str) -> dict[str, str]:
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_API_URL": api_url,
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A Prefect server on SQLite."""
    home = tmp_path_factory.mktemp("prefect")
    yield from _server(home, f"sqlite+aiosqlite:///{home / 'prefect.db'}")


@pytest.fixture(scope="session")
def prefect_pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A Prefect server backed by the local PostgreSQL, in a database of its own."""
    import uuid

    import psycopg

    name = f"prefect_test_{uuid.uuid4().hex[:10]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    home = tmp_path_factory.mktemp("prefect-pg")
    yield from _server(
        home,
        f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}",
        {"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"},
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server(
    home: Path, database: str, extra: dict[str, str] | None = None
) -> Iterator[dict[str, str]]:
    port = free_port()
    env = {
        **prefect_env(home, f"http://127.0.0.1:{port}/api"),
        "PREFECT_API_DATABASE_CONNECTION_URL": database,
        "PREFECT_SERVER_UI_ENABLED": "false",
        **(extra or {}),
    }
    with open(home / "server.log", "w") as log:
        server = local.start(port, env, log, timeout=90)
        if server is None:
            pytest.fail(
                f"Prefect server did not start: {(home / 'server.log').read_text()[-2000:]}"
            )
        yield prefect_env(home, env["PREFECT_API_URL"])
        local.stop(server)


def api_call(method: str, url: str, **kw: Any) -> Any:
    """One call of the Prefect REST API, retried as Prefect's own client does while the
    server answers 429 or 503 (its SQLite database busy under load)."""
    import time

    import httpx

    for _ in range(20):
        answer = httpx.request(method, url, timeout=10, **kw)
        if answer.status_code not in (429, 503):
            break
        time.sleep(1)
    answer.raise_for_status()
    return answer.json() if answer.content else None
