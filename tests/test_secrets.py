"""Issue 18, point 9: a secret in any part of a URL (password, a token as user info, a query
parameter named like a secret) never reaches a message, `--json` or a log line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dkbm import cycles
from dkbm.store.settings import masked
from tests.conftest import T0
from tests.factories import BY, make_network

ROOT = Path(__file__).resolve().parents[1]

MASKED = [
    ("http://ich:geheim@127.0.0.1:9/api", "http://ich:***@127.0.0.1:9/api"),
    ("http://127.0.0.1:4200/api?token=geheim", "http://127.0.0.1:4200/api?token=***"),
    ("https://h/api?x=1&access_token=geheim&y=2", "https://h/api?x=1&access_token=***&y=2"),
    (
        "https://h/api?apiKey=geheim&Authorization=geheim",
        "https://h/api?apiKey=***&Authorization=***",
    ),
    (
        "https://h/api?api-key=geheim&client_secret=geheim",
        "https://h/api?api-key=***&client_secret=***",
    ),
    ("https://h/api?password=geheim", "https://h/api?password=***"),
    ("https://geheim@prefect.example/api", "https://***@prefect.example/api"),
    (
        "postgresql+psycopg://dkbm:geheim@db/dkbm?sslmode=require&password=geheim",
        "postgresql+psycopg://dkbm:***@db/dkbm?sslmode=require&password=***",
    ),
    # a login name alone is not a secret, and nothing else changes
    (
        "postgresql+psycopg://postgres@127.0.0.1/dkbm",
        "postgresql+psycopg://postgres@127.0.0.1/dkbm",
    ),
    ("sqlite:///dkbm.db", "sqlite:///dkbm.db"),
    ("sqlite:///file:dkbm.db?mode=ro", "sqlite:///file:dkbm.db?mode=ro"),
    ("http://127.0.0.1:4200/api", "http://127.0.0.1:4200/api"),
    ("http://[::1/api?token=geheim", "<ungültige URL>"),
]


@pytest.mark.parametrize(("url", "shown"), MASKED)
def test_a_secret_in_any_part_of_a_url_is_masked(url: str, shown: str) -> None:
    assert masked(url) == shown
    assert "geheim" not in masked(url)


def _dkbm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["health"],
        ["health", "--json"],
        ["zyklus", "moderieren", "1", "--frist", "2030-01-31"],
    ],
    ids=lambda c: " ".join(c),
)
def test_a_token_in_the_prefect_address_is_never_shown(sqlite_url: str, command: list[str]) -> None:
    net = make_network()
    cycle = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(cycle, "Bildung für alle", by=BY, now=T0)
    url = "http://127.0.0.1:9/api?token=geheim"
    result = _dkbm(*command, env={"PREFECT_API_URL": url})
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "geheim" not in said
    assert "http://127.0.0.1:9/api?token=***" in said, said[-2000:]
    assert "Traceback" not in said
    if "--json" in command:
        json.loads(result.stdout)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # SQLAlchemy takes these passwords unencoded: "12" is no port, "/" no path
        ("postgresql://u:12#geheim@db/x", "postgresql://u:***@db/x"),
        ("postgresql://u:ge/he?im@db/x?sslmode=require", "postgresql://u:***@db/x?sslmode=require"),
        # a keyword connection string instead of a URL
        ("host=db password=geheim user=u", "host=db password=*** user=u"),
        ("host=db password='ge heim'", "host=db password=***"),
    ],
)
def test_a_database_password_is_masked_as_the_engine_reads_it(url: str, shown: str) -> None:
    assert masked(url) == shown


def test_the_read_side_reads_a_database_url_as_the_engine_does() -> None:
    from sqlalchemy.engine import make_url

    from dkbm.store.settings import url_parts

    url = "postgresql+psycopg://u:12#ge/he?im@db.example:6543/dkbm?sslmode=require"
    engine, parts = make_url(url), url_parts(url)
    assert parts is not None
    assert (parts["ipv4host"], int(parts["port"] or 0), parts["path"]) == (
        engine.host,
        engine.port,
        engine.database,
    )
    assert (parts["user"], parts["password"]) == (engine.username, engine.password)
