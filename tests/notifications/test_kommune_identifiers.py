"""Calendar UIDs and Message-IDs name the Kommune when it was set up with an AGS, and never
change once sent: a Kommune without one keeps today's identifiers, also after it is given
an AGS (its meetings' changes reach the entries their Ladung made), and a Kommune whose AGS
changes keeps the one it was set up with."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from dkbm import cycles, meetings, network
from dkbm.notifications.ics import entry
from dkbm.notifications.sender import drain
from dkbm.store import repository as repo
from dkbm.store import tenant
from dkbm.store.db import session
from dkbm.web.member_calendar import meeting_entry
from dkbm.web.member_views import Holder
from tests import factories
from tests.conftest import T0
from tests.factories import BY, Network, add_kommune, make_network
from tests.peers import SmtpSink

KREIS = "05334000"  # NW
KREIS_NEU = "05334004"  # NW, the same Kreis after a reform
MUENCHEN = "09162000"
MEETING = T0 + timedelta(days=30)


def _set_up_with(ags: str) -> None:
    network.setup_municipality(
        name="Kreis Test",
        bundesland="NW",
        form="bildungsbuero",
        placement="stabsstelle",
        contact_name="Landrat Test",
        contact_email="landrat@example.org",
        ags=ags,
        by=BY,
        now=T0,
    )


def _network_with_ags(monkeypatch: pytest.MonkeyPatch, ags: str) -> Network:
    monkeypatch.setattr(factories, "make_municipality", lambda now=T0: _set_up_with(ags))
    return make_network(voting=2, others=0)


def _invited(net: Network) -> int:
    m = meetings.plan(
        board_id=net.board,
        starts_at=MEETING,
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    return m.id


def _consultation(net: Network) -> int:
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=14))
    return c.id


def _rows(kind: str) -> list[Any]:
    with session() as s:
        return [o for o in repo.outbox(s) if o.kind == kind]


def _uids(kind: str) -> set[str]:
    return {
        str(Calendar.from_ical(entry(o.payload["ics"])).walk("VEVENT")[0]["uid"])
        for o in _rows(kind)
    }


def _today(key: str) -> str:
    """The Message-ID as dkbm derived it before Kommunen had AGS."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@dkbm.local>"


def _deadline_ids() -> set[int]:
    return {o.deadline_id for o in _rows("beteiligung_einladung")}


def test_a_kommune_without_an_ags_keeps_todays_identifiers(db_url: str) -> None:
    net = make_network(voting=2, others=0)
    meeting = _invited(net)
    _consultation(net)
    assert _uids("sitzung_einladung") == {f"dkbm-sitzung-{meeting}@dkbm"}
    (deadline,) = _deadline_ids()
    assert _uids("beteiligung_einladung") == {f"dkbm-frist-{deadline}@dkbm"}
    rows = _rows("sitzung_einladung") + _rows("beteiligung_einladung")
    assert rows and all(o.message_id == _today(o.key) for o in rows)


def test_a_kommune_set_up_with_an_ags_names_it_and_keeps_it_when_the_ags_changes(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    net = _network_with_ags(monkeypatch, KREIS)
    meeting = _invited(net)
    _consultation(net)
    uid = f"dkbm-sitzung-{meeting}@{KREIS}.dkbm"
    assert _uids("sitzung_einladung") == {uid}
    (deadline,) = _deadline_ids()
    assert _uids("beteiligung_einladung") == {f"dkbm-frist-{deadline}@{KREIS}.dkbm"}
    for o in _rows("sitzung_einladung"):
        assert o.message_id.endswith(f"@{KREIS}.dkbm.local>")
        assert o.message_id.split("@")[0] == _today(o.key).split("@")[0]
    holder = Holder(net.actors[0], "Akteur 0", "Organisation 0", "a0@example.org", "de", None)
    shown = Calendar.from_ical(meeting_entry(meeting, holder, T0)).walk("VEVENT")[0]
    assert str(shown["uid"]) == uid  # the download updates the Ladung's entry
    # the portal's calendar feed names the meeting by the same UID: a subscriber sees it once
    from dkbm.portal.build import build

    build(tmp_path / "portal", T0)
    feed = Calendar.from_ical((tmp_path / "portal/feeds/sitzungen.ics").read_bytes())
    assert [str(e["uid"]) for e in feed.walk("VEVENT")] == [uid]

    assert drain(T0).sent == 4  # the Ladung went out, and the Beteiligung
    network.change_municipality(by=BY, now=T0, ags=KREIS_NEU)
    meetings.cancel(meeting, reason="Vorsitz erkrankt", by=BY, now=T0)
    assert _uids("sitzung_abgesagt") == {uid}


def test_a_kommune_given_its_ags_after_its_ladung_keeps_the_identifiers_sent(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    net = make_network(voting=2, others=0)
    meeting = _invited(net)
    assert drain(T0).sent == 2
    network.change_municipality(by=BY, now=T0, ags=KREIS)
    meetings.cancel(meeting, reason="Vorsitz erkrankt", by=BY, now=T0)
    assert _uids("sitzung_abgesagt") == {f"dkbm-sitzung-{meeting}@dkbm"}
    later = _invited(net)  # a rule by the Kommune's set-up alone: no object is in between
    assert f"dkbm-sitzung-{later}@dkbm" in _uids("sitzung_einladung")
    assert all(o.message_id == _today(o.key) for o in _rows("sitzung_abgesagt"))


def test_in_one_database_a_kommune_set_up_with_an_ags_names_it_the_first_does_not(
    pg_url: str,
) -> None:
    first = make_network(voting=2, others=0)
    network.change_municipality(by=BY, now=T0, ags=KREIS)
    add_kommune(MUENCHEN, email="k@example.org")
    with tenant.serving(KREIS):
        kreis = _invited(first)
        kreis_uids = _uids("sitzung_einladung")
    with tenant.serving(MUENCHEN):
        actor = network.add_actor(
            name="Bea Huber",
            organisation="Schule",
            email="bea@example.org",
            sector="bildungseinrichtungen",
            areas=["schule"],
            consent=False,
            lang="de",
            by=BY,
            now=T0,
        ).id
        board = network.add_board(
            name="Lenkungsgruppe", kind="gremium", quorum_percent=50, by=BY, now=T0
        ).id
        network.set_member(board_id=board, actor_ids=[actor], role="mitglied", by=BY, now=T0)
        muenchen = _invited(Network([actor], board))
        muenchen_uids = _uids("sitzung_einladung")
        muenchen_ids = {o.message_id for o in _rows("sitzung_einladung")}
    assert kreis_uids == {f"dkbm-sitzung-{kreis}@dkbm"}
    assert muenchen_uids == {f"dkbm-sitzung-{muenchen}@{MUENCHEN}.dkbm"}
    assert muenchen_ids and all(i.endswith(f"@{MUENCHEN}.dkbm.local>") for i in muenchen_ids)


def test_a_digest_of_a_kommune_set_up_with_an_ags_names_it(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dkbm.notifications.digest import bundle

    net = _network_with_ags(monkeypatch, KREIS)
    network.set_delivery(actor_id=net.actors[0], mode="taeglich", by=BY, now=T0)
    _consultation(net)
    assert bundle(T0 + timedelta(days=1)) == 1
    (digest,) = _rows("digest")
    assert digest.message_id.endswith(f"@{KREIS}.dkbm.local>")
