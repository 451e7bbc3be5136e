"""Real databases for every test that needs one: SQLite files and a PostgreSQL database per run.

PostgreSQL runs on 127.0.0.1:5432 (user postgres, trust auth). Each test run
(each xdist worker) creates a database of its own and drops it at the end. If
the server is unreachable the PostgreSQL variants skip locally and fail in CI.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from dkbm.store.db import engine
from dkbm.store.migrate import upgrade

pytest_plugins = ["tests.peers"]

# Personal links are derived from this secret; tests never write one into the real home
# (tests/store/test_member_link_core.py covers the file a plain installation makes).
os.environ.setdefault("DKBM_LINK_SECRET", "test-link-secret-" + "0" * 32)

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
T0 = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine(url).dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    import psycopg

    name = f"dkbm_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
        )
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    upgrade(url)
    yield url
    engine(url).dispose()
    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        drop_roles(admin, name)


def drop_roles(admin: object, database: str) -> None:
    """The Kommunen's roles of *database* (dropped already): roles belong to the whole
    server and would outlive the run."""
    found = admin.execute(  # type: ignore[attr-defined]
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
        (database.replace("_", r"\_") + r"\_%",),
    ).fetchall()
    for (role,) in found:
        admin.execute(f'DROP ROLE IF EXISTS "{role}"')  # type: ignore[attr-defined]


def _truncate(url: str) -> None:
    eng = engine(url)
    names = [n for n in inspect(eng).get_table_names() if n != "alembic_version"]
    with eng.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sqlite_template: Path,
) -> str:
    """An empty, migrated database; each test that uses it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "dkbm.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        _truncate(url)
    monkeypatch.setenv("DKBM_DATABASE_URL", url)
    return url


@pytest.fixture
def pg_url(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty, migrated PostgreSQL database only (for what only PostgreSQL does)."""
    _truncate(postgres_url)
    monkeypatch.setenv("DKBM_DATABASE_URL", postgres_url)
    return postgres_url


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_template: Path) -> str:
    """An empty, migrated SQLite database only (for tests about the embedded default)."""
    path = tmp_path / "dkbm.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DKBM_DATABASE_URL", url)
    return url


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table: to prove a refused command changed nothing."""
    eng = engine(url)
    out = {}
    with eng.connect() as conn:
        for name in sorted(inspect(eng).get_table_names()):
            out[name] = sorted(map(tuple, conn.execute(text(f"SELECT * FROM {name}"))), key=repr)
    return out


@pytest.fixture(autouse=True)
def german_again() -> Iterator[None]:
    """`dkbm --lang en` switches the process's language; every test starts in German."""
    from dkbm.states.i18n import set_language

    set_language("de")
    yield
    set_language("de")


LONG = (  # the longest first: 160, 147, 101 and 92 s on these machines
    "test_runbook_scale_out_survives_kills",
    "test_moderation_survives_three_kills",
    "test_first_install_then_server_and_worker",
    "test_a_run_killed_with_its_serve_is_crashed_within_two_minutes",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long Prefect tests each at the head of one worker's share: `--dist worksteal` hands
    every worker a contiguous share of the list and lets idle ones take over the rest, so
    they run side by side from the start instead of one after another on one worker, or
    last."""
    rank = {name: i for i, name in enumerate(LONG)}

    def long_rank(item: pytest.Item) -> int | None:
        return next((r for name, r in rank.items() if item.name.startswith(name)), None)

    long = sorted((i for i in items if long_rank(i) is not None), key=long_rank)
    rest = [i for i in items if long_rank(i) is None]
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    ordered: list[pytest.Item] = []
    for w in range(workers):
        share = (len(items) - len(ordered)) // (workers - w)  # as worksteal splits the list
        heads = long[w::workers]
        ordered += heads + rest[: share - len(heads)]
        rest = rest[share - len(heads) :]
    items[:] = ordered + rest
