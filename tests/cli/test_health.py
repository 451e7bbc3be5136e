"""`dkbm health` for monitoring: one summary line, exit 0 OK, 1 WARNING, 2 CRITICAL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles
from dkbm.health import head_revision
from dkbm.store.db import engine
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, make_network


def invite() -> None:
    net = make_network(voting=2, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))


def test_a_healthy_database_is_ok(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, out, _ = dkbm(capsys, "health", "--ohne-prefect")
    assert code == 0 and out.startswith("DKBM OK - alles in Ordnung")


def test_a_backlog_warns_then_turns_critical_and_dead_letters_warn(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    invite()  # two invitations due at T0
    monkeypatch.setenv("DKBM_NOW", (T0 + timedelta(minutes=20)).isoformat())
    code, out, _ = dkbm(capsys, "health", "--ohne-prefect")
    assert code == 1 and out.startswith(
        "DKBM WARNING - Postausgang: 2 fällig, die älteste seit 20 min"
    )
    monkeypatch.setenv("DKBM_NOW", (T0 + timedelta(hours=3)).isoformat())
    assert dkbm(capsys, "health", "--ohne-prefect")[0] == 2
    with engine(sqlite_url).begin() as conn:
        conn.execute(text("UPDATE outbox SET status = 'dead'"))
    code, out, _ = dkbm(capsys, "health", "--ohne-prefect", "--json")
    doc = json.loads(out)
    assert code == 1 and doc["status"] == "WARNING"
    assert {c["name"]: c["status"] for c in doc["pruefungen"]}["dead_letters"] == "WARNING"


def test_an_old_schema_is_critical(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from dkbm.store.migrate import config

    command.downgrade(config(sqlite_url), "0004")
    code, out, _ = dkbm(capsys, "health", "--ohne-prefect")
    head = ScriptDirectory.from_config(config(sqlite_url)).get_current_head()
    assert code == 2 and f"diese Version braucht {head} ('dkbm db upgrade')" in out.splitlines()[0]


def test_every_line_in_english_on_request(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    invite()
    monkeypatch.setenv("DKBM_NOW", (T0 + timedelta(minutes=20)).isoformat())
    code, out, _ = dkbm(capsys, "--lang", "en", "health", "--ohne-prefect")
    assert code == 1
    assert out.splitlines() == [
        "DKBM WARNING - outbox: 2 due, the oldest for 20 min",
        f"  [OK] database: {sqlite_url}: schema {head_revision()}",
        "  [WARNING] outbox: 2 due, the oldest for 20 min",
        "  [OK] dead letters: none",
        "  [OK] mail route: DKBM_MAIL_URL not set: no mail, only recipients' own channels",
    ]
    monkeypatch.setenv("DKBM_LANG", "en")
    doc = json.loads(dkbm(capsys, "health", "--ohne-prefect", "--json")[1])
    assert doc["pruefungen"][1] == {
        "name": "postausgang",
        "status": "WARNING",
        "detail": "2 due, the oldest for 20 min",
    }


def test_a_run_time_limit_for_no_deployment_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    code, out, err = dkbm(capsys, "health", "--ohne-prefect", "--laufzeit", "verstand=5")
    assert code == 2 and not out
    assert err.count("\n") == 1 and "--laufzeit" in err and "verstand=5" in err
    assert "erinnerungen, versand, zusammenfassungen, abgleich, moderation, portal" in err
    assert dkbm(capsys, "health", "--ohne-prefect", "--laufzeit", "versand=0")[0] == 2
    assert dkbm(capsys, "health", "--ohne-prefect", "--laufzeit", "versand=2,5")[0] == 0
