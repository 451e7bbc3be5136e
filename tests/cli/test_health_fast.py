"""`dkbm health` reads without SQLAlchemy and Alembic (it answers a monitoring system every
minute): the same head as Alembic, the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import inspect
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from dkbm.health import head_revision
from dkbm.store.migrate import config
from tests.cli.conftest import dkbm
from tests.cli.test_health import invite
from tests.conftest import T0

ROOT = Path(__file__).resolve().parents[2]


def test_the_head_read_from_the_files_is_alembics() -> None:
    assert head_revision() == ScriptDirectory.from_config(config("sqlite://")).get_current_head()


def test_the_moderation_flow_is_the_one_health_asks_for() -> None:
    from dkbm.flows.health import MODERATION
    from dkbm.flows.moderation import FLOW_NAME

    assert MODERATION == FLOW_NAME


def test_backlog_and_schema_on_both_databases(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert dkbm(capsys, "health", "--ohne-prefect")[0] == 0
    invite()
    assert dkbm(capsys, "health", "--ohne-prefect")[0] == 0  # due now: not old yet
    monkeypatch.setenv("DKBM_NOW", (T0 + timedelta(minutes=20)).isoformat())
    code, out, _ = dkbm(capsys, "health", "--ohne-prefect")
    assert code == 1 and "Postausgang: 2 fällig, die älteste seit 20 min" in out


def test_an_empty_database_is_critical_and_names_the_upgrade(
    capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    path = tmp_path / "leer.db"
    sqlite3.connect(path).close()
    monkeypatch.setenv("DKBM_DATABASE_URL", f"sqlite:///{path}")
    code, out, _ = dkbm(capsys, "health", "--ohne-prefect")
    assert code == 2 and "Schema leer" in out and "dkbm db upgrade" in out


def test_health_asks_for_every_deployment_dkbm_registers() -> None:
    import yaml

    from dkbm.flows.health import DEPLOYMENTS, RUNNING_MINUTES
    from dkbm.flows.operations import serve_all

    deployed = yaml.safe_load((ROOT / "deploy" / "prefect.yaml").read_text())["deployments"]
    assert sorted(d["name"] for d in deployed) == sorted(DEPLOYMENTS)
    assert set(RUNNING_MINUTES) == set(DEPLOYMENTS)
    served = inspect.getsource(serve_all)
    assert all(f'name="{name}"' in served for name in DEPLOYMENTS)
