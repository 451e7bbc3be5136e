"""The Beteiligung's summary attached to a TOP (issue 21, point 7): kept as an internal
library document, replaced when made again, announced in the amended Ladung, listed and
served on the members' page of that meeting only, and never on the portal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dkbm import cycles, document_queries
from dkbm.member_links import Target, issue
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import session, transaction
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY
from tests.store.test_meeting_words import delivered
from tests.web.conftest import MEETING_AT, NOW, World, make_world


@pytest.fixture
def world(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("DKBM_NOW", NOW.isoformat())
    monkeypatch.setenv("DKBM_USER", "koordination")
    monkeypatch.delenv("DKBM_LANG", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("DKBM_PORTAL_CACHE", str(Path(sqlite_url[len("sqlite:///") :]).parent / "c"))
    return make_world()


@pytest.fixture
def client() -> Iterator[TestClient]:
    from dkbm.web.app import create_app

    with TestClient(create_app(), follow_redirects=False) as c:
        yield c


def _items(meeting_id: int):  # type: ignore[no-untyped-def]
    with transaction() as s:
        return store.meeting(s, meeting_id)


def _outbox(kind: str) -> list:
    with session() as s:
        return [o for o in repo.outbox(s) if o.kind == kind]


def test_the_summary_is_attached_replaced_and_shown_to_members_only(
    world: World,
    client: TestClient,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    cycles.record_response(world.consultation, world.actors[2], "Gern <b>so</b>", by=BY, now=T0)
    before = _items(world.meeting)
    delivered()  # the members have the Ladung: the attachment comes as a change
    command = ["zyklus", "rueckmeldungen", str(world.consultation), "--format", "md"]
    code, out, err = dkbm(capsys, *command, "--an-top", f"{world.meeting}:1")
    assert code == 0, err
    assert "beigefügt" in out and "intern" in out and "an die Mitglieder" in out
    m = _items(world.meeting)
    (doc_id,) = m.items[0].attachments
    doc = document_queries.document(doc_id)
    assert (doc["oeffentlich"], doc["zyklus"], doc["gremium"]) == (
        False,
        world.consultation,
        world.board,
    )
    assert doc["datei"]["name"] == f"rueckmeldungen-zyklus-{world.consultation}.txt"
    assert doc["titel"].startswith("Rückmeldungen der Beteiligung: Bildung 2030")
    # members are told as for any change of the agenda: a new calendar revision
    assert m.sequence == before.sequence + 1
    (told, *_) = [o for o in _outbox("sitzung_geaendert") if o.recipient_id == world.actors[0]]
    assert f"Anlage: {doc['titel']}" in told.payload["text"]
    assert "persönlichen Seite" in told.payload["text"]
    assert f"Anlage: {doc['titel']}" in told.payload["html"]
    assert f"Anlage zu TOP 1 „{m.items[0].title}“: „{doc['titel']}“." in told.payload["text"]

    # made again (as PDF): the same document on the TOP, not a second one
    code, out, err = dkbm(
        capsys,
        *command[:-1],
        "pdf",
        "--an-top",
        f"{world.meeting}:1",
        "--ausgabe",
        str(tmp_path / "r.pdf"),
    )
    assert code == 0, err
    assert "ersetzt" in out and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert _items(world.meeting).items[0].attachments == [doc_id]
    assert document_queries.document(doc_id)["datei"]["name"].endswith(".pdf")
    assert len([d for d in document_queries.documents() if not d["oeffentlich"]]) == 1

    # the members' page of this meeting lists and serves it
    token = world.token("sitzung")
    page = client.get(f"/m/{token}").text
    assert f'href="/m/{token}/unterlage/{doc_id}"' in page and "Bildung 2030" in page
    got = client.get(f"/m/{token}/unterlage/{doc_id}")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    # another purpose, another meeting, someone not in the Gremium: not here
    assert client.get(f"/m/{world.token('aufgabe')}/unterlage/{doc_id}").status_code == 404
    with transaction() as s:
        other = issue(s, world.actors[0], Target("sitzung", meeting_id=world.held), MEETING_AT, T0)
        outsider = issue(
            s, world.actors[6], Target("sitzung", meeting_id=world.meeting), MEETING_AT, T0
        )
    for address in (other, outsider):
        token = address.rsplit("/", 1)[1]
        assert client.get(f"/m/{token}/unterlage/{doc_id}").status_code == 404
        assert f"unterlage/{doc_id}" not in client.get(f"/m/{token}").text

    # the portal never shows it, though its TOP is public
    from dkbm.portal import public
    from dkbm.portal.build import build

    assert public.published_file(doc_id) is None
    out_dir = tmp_path / "portal"
    build(out_dir, NOW + timedelta(hours=1))
    for path in out_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert (
                b"rueckmeldungen-zyklus" not in data
                and "Rückmeldungen der Beteiligung".encode() not in data
            ), path


def test_bad_targets_are_refused_and_leave_no_document(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["zyklus", "rueckmeldungen", str(world.consultation)]
    for args, field in (
        (["--an-top", f"{world.meeting}:1"], "--an-top"),  # without --format
        (["--format", "md", "--an-top", "3"], "--an-top"),
        (["--format", "md", "--an-top", f"{world.meeting}:9"], "TOP"),
        (["--format", "md", "--an-top", f"{world.held}:1"], "kommenden Sitzung"),
    ):
        code, _, err = dkbm(capsys, *command, *args)
        assert code != 0 and err.count("\n") == 1 and field in err, (args, err)
    assert document_queries.documents(cycle_id=world.consultation) == []
    assert all(not i.attachments for i in _items(world.meeting).items)


def test_the_members_page_shows_the_beschlussvorschlag_as_safe_markdown(
    world: World, client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    worded = "Der Ausschuss **stimmt zu** <script>alert(1)</script> [x](javascript:alert(2))"
    code, _, err = dkbm(
        capsys, "sitzung", "top-aendern", str(world.meeting), "1", "--beschlusstext", worded
    )
    assert code == 0, err
    page = client.get(f"/m/{world.token('sitzung')}").text
    assert "Beschlussvorschlag:" in page and "<strong>stimmt zu</strong>" in page
    assert "<script>alert" not in page and "javascript:" not in page
