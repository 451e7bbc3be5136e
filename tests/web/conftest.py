"""A Kommune where every purpose of a personal link has something to answer: a running
Beteiligung, a written vote, an upcoming Sitzung (with a Stellvertretung, Unterlagen and a
library file) and an open Aufgabe; each member's link for each, and the app under test.

The clock of the app is pinned (`DKBM_NOW`) to NOW, a few hours after the world was made.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from dkbm import cycles, documents, indicators, meeting_tasks, meetings, network
from dkbm.documents import Upload
from dkbm.member_links import Target, issue
from dkbm.states.indicators import ItemKind
from dkbm.store.db import engine, transaction
from dkbm.store.migrate import upgrade
from tests.conftest import BACKENDS, T0
from tests.factories import BY, make_municipality
from tests.peers import free_port

ROOT = Path(__file__).resolve().parents[2]

NOW = T0 + timedelta(hours=4)
CONSULTATION_DUE = T0 + timedelta(days=14)
VOTE_DUE = T0 + timedelta(days=7)
MEETING_AT = T0 + timedelta(days=21, hours=8)
TASK_DUE = T0 + timedelta(days=30)
LIBRARY_FILE = b"%PDF-1.7\nTagesordnung-Anlage\n"
PEOPLE = [
    # name, organisation, language; the first five vote, the sixth stands in for the first
    ("Anna Schmidt", "Gymnasium Nord", "de"),
    ("Ben Carter", "Volkshochschule", "en"),
    ("Cem Yilmaz", "Jugendamt", "de"),
    ("Dora Klein", "Kita Sonnenschein", "de"),
    ("Emil Braun", "IHK", "de"),
    ("Frieda Vogt", "Gymnasium Nord", "de"),
    ("Gül Aydın", "Elternbeirat", "en"),
]


@dataclass
class World:
    actors: list[int]
    board: int
    consultation: int  # a cycle in leitbild_beteiligung, everyone invited
    vote: int  # a cycle in leitbild_abstimmung, a written vote
    meeting: int  # invited, ahead
    held: int  # the meeting the task comes from
    task: int  # owned by actors[0]
    other_task: int  # owned by actors[1], who reads English
    library: int  # a public file of the board
    tokens: dict[tuple[str, int], str] = field(default_factory=dict)

    def token(self, purpose: str, who: int = 0) -> str:
        return self.tokens[(purpose, self.actors[who])]


def _people() -> list[int]:
    ids = []
    for n, (name, org, lang) in enumerate(PEOPLE):
        ids.append(
            network.add_actor(
                name=name,
                organisation=org,
                email=f"person{n}@example.org",
                sector="bildungseinrichtungen",
                areas=["schule"],
                consent=False,
                lang=lang,
                by=BY,
                now=T0,
            ).id
        )
    return ids


def _content(cycle_id: int, owner: int) -> None:
    cycles.set_vision(cycle_id, "Bildung für alle.\nEin Leben lang.", by=BY, now=T0)
    goal = cycles.add_goal(cycle_id, "Übergänge gelingen", ["schule"], by=BY, now=T0).goals[-1]
    strategy = cycles.add_strategy(cycle_id, goal.id, "Übergänge begleiten", by=BY, now=T0)
    measure = cycles.save_measure(
        cycle_id,
        strategy_id=strategy.strategies[-1].id,
        title="Lotsen an jeder Schule",
        owner_id=owner,
        indicator="Quote begleiteter Übergänge",
        target_value="90 %",
        deadline=(T0 + timedelta(days=365)).date(),
        by=BY,
        now=T0,
    ).measures[-1]
    indicators.add(
        cycle_id,
        item_kind=ItemKind.MASSNAHME,
        item_id=measure.id,
        name="Begleitete Übergänge",
        unit="%",
        source="Schulamt",
        baseline=(40.0, 2025),
        target=(90.0, 2029),
        by=BY,
        now=T0,
    )


def make_world() -> World:
    make_municipality()
    ids = _people()
    board = network.add_board(
        name="Lenkungsgruppe", kind="gremium", quorum_percent=50, by=BY, now=T0
    )
    network.set_member(board_id=board.id, actor_ids=ids[:5], role="mitglied", by=BY, now=T0)
    network.set_member(
        board_id=board.id,
        actor_ids=[ids[5]],
        role="stellvertretung",
        deputy_for=ids[0],
        by=BY,
        now=T0,
    )
    consultation = cycles.start(title="Bildung 2030", board_id=board.id, by=BY, now=T0).id
    _content(consultation, ids[0])
    cycles.advance(
        consultation, "beteiligung_starten", by=BY, now=T0, deadline=CONSULTATION_DUE, invited=ids
    )
    vote = cycles.start(title="Ganztag 2028", board_id=board.id, by=BY, now=T0).id
    cycles.set_vision(vote, "Ganztag für jedes Kind.", by=BY, now=T0)
    cycles.advance(
        vote, "beteiligung_starten", by=BY, now=T0, deadline=CONSULTATION_DUE, invited=ids[:1]
    )
    cycles.record_response(vote, ids[0], "einverstanden", by=BY, now=T0)
    cycles.advance(vote, "abstimmung_starten", by=BY, now=T0, deadline=VOTE_DUE)
    meeting = meetings.plan(
        board_id=board.id,
        starts_at=MEETING_AT,
        ends_at=None,
        place="Kreishaus, Raum 3",
        video="https://video.example/lenkung",
        public=True,
        by=BY,
        now=T0,
    ).id
    meetings.add_item(
        meeting,
        title="Bericht Schulentwicklung",
        public=True,
        documents=["https://kreis.example/bericht.pdf"],
        cycle_id=None,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        meeting, title="Haushalt", public=False, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(meeting, by=BY, now=T0)
    library = documents.add(
        title="Anlage zur Tagesordnung",
        upload=Upload(name="anlage.pdf", data=LIBRARY_FILE),
        board_id=board.id,
        by=BY,
        now=T0,
    ).id
    held = meetings.plan(
        board_id=board.id,
        starts_at=T0 + timedelta(hours=1),
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    ).id
    meetings.add_item(
        held, title="Ganztag", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(held, urgency="Fristsache", by=BY, now=T0)
    meetings.hold(held, by=BY, now=T0 + timedelta(hours=2))
    task = meeting_tasks.add_task(
        held,
        1,
        title="Raumplan abstimmen",
        owner_id=ids[0],
        due_at=TASK_DUE,
        by=BY,
        now=T0 + timedelta(hours=3),
    )
    other_task = meeting_tasks.add_task(
        held,
        1,
        title="Protokollentwurf lesen",
        owner_id=ids[1],
        due_at=TASK_DUE,
        by=BY,
        now=T0 + timedelta(hours=3),
    )
    world = World(ids, board.id, consultation, vote, meeting, held, task, other_task, library)
    targets = [
        (Target("beteiligung", consultation, "leitbild", 1), CONSULTATION_DUE, ids),
        (Target("abstimmung", vote, "leitbild", 1), VOTE_DUE, ids[:5]),
        (Target("sitzung", meeting_id=meeting), MEETING_AT, ids[:6]),
        (Target("aufgabe", task_id=task), TASK_DUE, ids[:1]),
        (Target("aufgabe", task_id=other_task), TASK_DUE, ids[1:2]),
    ]
    with transaction() as s:
        for target, due, holders in targets:
            for actor_id in holders:
                address = issue(s, actor_id, target, due, T0)
                world.tokens[(target.purpose, actor_id)] = address.rsplit("/", 1)[1]
    return world


@pytest.fixture
def world(db_url: str, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("DKBM_NOW", NOW.isoformat())
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    return make_world()


@dataclass
class Shared:
    url: str
    world: World


@pytest.fixture(scope="module", params=BACKENDS)
def shared_world(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shared]:
    """One world per module and backend in a database of its own, for tests that change
    nothing (each proves it with a dump): built once instead of once per test."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("shared") / "dkbm.db"
        shutil.copy(sqlite_template, path)
        url, drop = f"sqlite:///{path}", None
    else:
        url, drop = _postgres_database()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DKBM_DATABASE_URL", url)
        mp.setenv("DKBM_NOW", NOW.isoformat())
        yield Shared(url, make_world())
    engine(url).dispose()
    if drop is not None:
        drop()


def _postgres_database() -> tuple[str, Callable[[], None]]:
    import psycopg

    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    name = f"dkbm_web_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    upgrade(url)

    def drop() -> None:
        engine(url).dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


@pytest.fixture
def on_shared(shared_world: Shared, monkeypatch: pytest.MonkeyPatch) -> Shared:
    monkeypatch.setenv("DKBM_DATABASE_URL", shared_world.url)
    monkeypatch.setenv("DKBM_NOW", NOW.isoformat())
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    return shared_world


@pytest.fixture
def client() -> Iterator[TestClient]:
    from dkbm.web.app import create_app

    with TestClient(create_app(), follow_redirects=False) as c:
        yield c


_HIDDEN = re.compile(r'name="(csrf|einreichung)" value="([^"]+)"')


def form_of(page: str) -> dict[str, str]:
    """The hidden fields of the form on *page* (its CSRF token and submission id)."""
    return dict(_HIDDEN.findall(page))


def post(client: TestClient, token: str, fields: dict[str, str], **headers: str) -> object:
    """Open the link's page, then send its form with *fields* as a browser would."""
    shown = client.get(f"/m/{token}")
    body = {**form_of(shown.text), **fields}
    return client.post(
        f"/m/{token}",
        data=body,
        headers={"origin": "http://testserver", "sec-fetch-site": "same-origin", **headers},
    )


def dkbm_process(*args: str, **env: str) -> subprocess.Popen[str]:
    """`dkbm ARGS` in a process of its own, with the pinned clock and no Prefect server
    (waking a moderation run then does nothing)."""
    return subprocess.Popen(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DKBM_NOW": NOW.isoformat(),
            "PREFECT_API_URL": "http://127.0.0.1:9/api",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass
class Served:
    base: str
    process: subprocess.Popen[str]
    logs: str = ""


@contextmanager
def served_web(base: str | None = None, **env: str) -> Iterator[Served]:
    """`dkbm web` at *base* (default: a free port) until the block ends, with *env* over the
    test's (`DKBM_NOW=""` for the real clock); its output is in `logs` after."""
    base = base or f"http://127.0.0.1:{free_port()}"
    port = base.rsplit(":", 1)[1]
    web = Served(base, dkbm_process("web", "--port", port, **{"DKBM_WEB_URL": base, **env}))
    try:
        end = time.monotonic() + 60
        while True:
            if web.process.poll() is not None:
                raise AssertionError("dkbm web ended: " + "".join(web.process.communicate()))
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > end:
                    raise
                time.sleep(0.2)
        yield web
    finally:
        web.process.terminate()
        out, err = web.process.communicate(timeout=30)
        web.logs = out + err
