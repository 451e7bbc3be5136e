"""How long a command waits for PostgreSQL: a lock held by another session ends the wait
after DKBM_LOCK_TIMEOUT_SECONDS, a statement that runs too long after
DKBM_STATEMENT_TIMEOUT_SECONDS; either is one line naming the cause and a non-zero exit, for
read commands (straight through the driver) and for use cases (through SQLAlchemy) alike."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dkbm import cycles
from tests.conftest import T0, dump
from tests.factories import BY, make_network

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@contextmanager
def cycles_locked(url: str) -> Iterator[None]:
    """Another session holds the cycle table (LOCK TABLE … ACCESS EXCLUSIVE) until the end."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as holder:
        holder.execute("LOCK TABLE cycle IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            holder.rollback()


@pytest.fixture
def one_cycle(pg_url: str) -> int:
    net = make_network(voting=3, others=0)
    return cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id or 0


@pytest.mark.parametrize(
    "command",
    [["zyklus", "list"], ["zyklus", "status", "1"], ["zyklus", "leitbild", "1", "Bildung"]],
    ids=["list", "status", "leitbild"],
)
def test_a_held_lock_is_one_line_after_the_lock_timeout_and_changes_nothing(
    pg_url: str, one_cycle: int, command: list[str]
) -> None:
    before = dump(pg_url)
    with cycles_locked(pg_url):
        result = run(*command, DKBM_LOCK_TIMEOUT_SECONDS="0.5")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Fehler: Datenbank postgresql+psycopg://"), result.stderr
    assert "ist gesperrt: nach 0.5 s Warten" in result.stderr
    assert "DKBM_LOCK_TIMEOUT_SECONDS" in result.stderr
    assert dump(pg_url) == before


def test_the_lock_message_comes_in_english_too(pg_url: str, one_cycle: int) -> None:
    with cycles_locked(pg_url):
        result = run("--lang", "en", "zyklus", "list", DKBM_LOCK_TIMEOUT_SECONDS="0.5")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: database ") and "is locked: gave up" in result.stderr


def test_a_statement_that_runs_too_long_is_cancelled_with_one_line(
    pg_url: str, one_cycle: int
) -> None:
    """Waiting counts as running: without a lock limit, the statement limit ends the wait."""
    with cycles_locked(pg_url):
        result = run(
            "zyklus", "list", DKBM_LOCK_TIMEOUT_SECONDS="0", DKBM_STATEMENT_TIMEOUT_SECONDS="0.5"
        )
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "ist ausgelastet: eine Abfrage lief länger als 0.5 s" in result.stderr
    assert "DKBM_STATEMENT_TIMEOUT_SECONDS" in result.stderr


@pytest.mark.parametrize("value", ["bald", "-1", "inf"])
def test_a_limit_that_is_no_number_of_seconds_is_named(pg_url: str, value: str) -> None:
    result = run("zyklus", "list", DKBM_LOCK_TIMEOUT_SECONDS=value)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "die Einstellung DKBM_LOCK_TIMEOUT_SECONDS ist ungültig" in result.stderr
