"""One web app for every Kommune of a database: a link opens its own Kommune's page, what a
member submits through it lands in her Kommune, and nothing of another Kommune shows.

PostgreSQL only (several Kommunen need it); the app runs without `--kommune`, as `dkbm web`
serving them all does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from dkbm import cycles, network
from dkbm.cycle_consultation import own_answer
from dkbm.member_links import Target, issue
from dkbm.states.errors import NotFound
from dkbm.store import tenant
from dkbm.store.db import engine, transaction
from tests.conftest import T0
from tests.factories import BY, add_kommune, make_municipality
from tests.web.conftest import CONSULTATION_DUE, NOW, post

KREIS = "05334000"  # StädteRegion Aachen, NW: the first Kommune, given its AGS later
MUENCHEN = "09162000"


@dataclass(frozen=True)
class Kommune:
    ags: str
    id: int
    name: str
    actor: int
    cycle: int
    title: str
    token: str


def _kommune(ags: str, name: str, person: str, title: str) -> Kommune:
    """An Akteur asked in a running Beteiligung of the Kommune *ags*, and her link."""
    with tenant.serving(ags):
        actor = network.add_actor(
            name=person,
            organisation=f"Schule in {name}",
            email=f"{ags}@example.org",
            sector="bildungseinrichtungen",
            areas=["schule"],
            consent=False,
            lang="de",
            by=BY,
            now=T0,
        ).id
        board = network.add_board(
            name="Lenkungsgruppe", kind="gremium", quorum_percent=50, by=BY, now=T0
        )
        network.set_member(board_id=board.id, actor_ids=[actor], role="mitglied", by=BY, now=T0)
        cycle = cycles.start(title=title, board_id=board.id, by=BY, now=T0).id
        cycles.set_vision(cycle, f"Leitbild von {name}.", by=BY, now=T0)
        cycles.advance(
            cycle, "beteiligung_starten", by=BY, now=T0, deadline=CONSULTATION_DUE, invited=[actor]
        )
        with transaction() as s:
            target = Target("beteiligung", cycle, "leitbild", 1)
            address = issue(s, actor, target, CONSULTATION_DUE, T0)
            kommune_id = tenant.current_id()
    assert kommune_id is not None
    return Kommune(ags, kommune_id, name, actor, cycle, title, address.rsplit("/", 1)[1])


@pytest.fixture
def two(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Kommune, Kommune]:
    monkeypatch.setenv("DKBM_NOW", NOW.isoformat())
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # waking a run: nothing
    monkeypatch.delenv("DKBM_KOMMUNE", raising=False)
    make_municipality()
    network.change_municipality(by=BY, now=T0, ags=KREIS)
    add_kommune(MUENCHEN, email="k@example.org")
    first = _kommune(KREIS, "Kreis Test", "Anna Schmidt", "Bildung im Kreis 2030")
    second = _kommune(MUENCHEN, "München", "Bea Huber", "Bildung in München 2030")
    return first, second


@pytest.fixture
def app_client() -> Iterator[TestClient]:
    from dkbm.web.app import create_app

    with TestClient(create_app(), follow_redirects=False) as c:
        yield c


def _answers(url: str) -> list[tuple[int, int, int]]:
    """(municipality, Akteur, cycle) of every stored answer, read as the owner."""
    with engine(url).connect() as conn:
        rows = conn.execute(
            text("SELECT municipality_id, actor_id, cycle_id FROM answer ORDER BY id")
        )
        return [tuple(r) for r in rows]


def test_each_link_opens_its_own_kommunes_page_and_nothing_of_the_other(
    two: tuple[Kommune, Kommune], app_client: TestClient
) -> None:
    for own, other in (two, two[::-1]):
        page = app_client.get(f"/m/{own.token}")
        assert page.status_code == 200, page.text
        assert own.title in page.text and own.name in page.text
        assert f"Leitbild von {own.name}." in page.text
        assert other.title not in page.text and other.name not in page.text
        assert f"Leitbild von {other.name}." not in page.text


def test_an_answer_lands_in_the_kommune_of_the_link(
    two: tuple[Kommune, Kommune],
    app_client: TestClient,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dkbm.flows import runs

    woken: list[tuple[int, str | None]] = []
    monkeypatch.setattr(runs, "wake", lambda c, k=None: woken.append((c, k)) or ("none", None))
    first, second = two
    for k in (first, second):
        sent = post(app_client, k.token, {"text": f"Antwort aus {k.name}"})
        assert sent.status_code == 303, getattr(sent, "text", "")
        shown = app_client.get(sent.headers["location"])
        assert "Vielen Dank, Ihre Rückmeldung ist gespeichert." in shown.text
    assert _answers(pg_url) == [
        (first.id, first.actor, first.cycle),
        (second.id, second.actor, second.cycle),
    ]
    # each last answer wakes the moderation run of its cycle in its Kommune
    assert woken == [(first.cycle, first.ags), (second.cycle, second.ags)]
    with tenant.serving(first.ags):
        kept = own_answer(first.cycle, first.actor)
        assert kept is not None and kept["text"] == "Antwort aus Kreis Test"
        with pytest.raises(NotFound):  # the other Kommune's cycle is not there for it
            own_answer(second.cycle, second.actor)


def test_a_link_of_another_kommune_is_unknown_to_an_app_started_for_one(
    two: tuple[Kommune, Kommune], app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two
    monkeypatch.setenv("DKBM_KOMMUNE", MUENCHEN)
    assert app_client.get(f"/m/{first.token}").status_code == 404
    assert app_client.get(f"/m/{second.token}").status_code == 200


def test_an_expired_link_says_so_with_several_kommunen(
    two: tuple[Kommune, Kommune], app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKBM_NOW", (CONSULTATION_DUE + timedelta(days=60)).isoformat())
    gone = app_client.get(f"/m/{two[0].token}")
    assert gone.status_code == 410
    assert app_client.get("/m/" + "x" * 32).status_code == 404


def test_the_start_checks_pass_with_several_kommunen(two: tuple[Kommune, Kommune]) -> None:
    from dkbm.web import server

    server.check_schema()
    server.check_settings()
