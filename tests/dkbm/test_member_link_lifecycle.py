"""Personal links through the use cases that issue and overtake them (issue 20, point 1): a
new round, a moved or cancelled meeting, a deactivated or erased Akteur each revoke in the
transaction of the change; a deputy and an Aufgabe's owner get links of their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from dkbm import cycles, deadlines, meetings, member_links, network, people
from dkbm.member_links import LinkGone
from dkbm.store import links as link_rows
from dkbm.store import repository as repo
from dkbm.store.db import session, transaction
from tests.conftest import T0
from tests.factories import BY, Network, make_network
from tests.store.test_meeting_words import delivered

DEADLINE = T0 + timedelta(days=14)
MEETING = T0 + timedelta(days=21, hours=7)  # 01.02.2027, 17:00 Berlin


def carried(kind: str, actor_id: int) -> list[Any]:
    """The link rows that queued messages of *kind* to *actor_id* carry, oldest first."""
    with session() as s:
        ids = [
            i
            for o in repo.outbox(s)
            if o.kind == kind and o.recipient_id == actor_id
            for i in o.payload.get("links", [])
        ]
        return [link_rows.by_id(s, i) for i in ids]


def token(row: Any) -> str:
    return member_links.token_for(row.salt)


def opens(row: Any, now=T0) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction() as s:
            member_links.resolve(s, token(row), now)
    except LinkGone:
        return False
    return True


def reason(row: Any) -> str:
    with transaction() as s:
        return link_rows.by_id(s, row.id).revoked_reason


def _consultation(net: Network) -> int:
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    return c.id or 0


def _invited_meeting(net: Network) -> int:
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
    return m.id or 0


def test_ueberarbeiten_revokes_the_rounds_links_and_the_next_beteiligung_brings_new_ones(
    db_url: str,
) -> None:
    net = make_network(voting=2, others=0)
    cycle_id = _consultation(net)
    (first,) = carried("beteiligung_einladung", net.actors[0])
    assert opens(first)
    cycles.advance(cycle_id, "ueberarbeiten", by=BY, now=T0, reason="Zu vage")
    assert not opens(first) and reason(first) == "neue_runde"
    cycles.advance(cycle_id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    old, new = carried("beteiligung_einladung", net.actors[0])
    assert old.id == first.id and new.id != first.id
    assert (new.round, new.stage) == (2, "leitbild") and opens(new)


def test_a_moved_meeting_revokes_the_ladungs_links_and_the_new_ladung_carries_new_ones(
    db_url: str,
) -> None:
    net = make_network(voting=3, others=0)
    meeting_id = _invited_meeting(net)
    anna = net.actors[0]
    (before,) = carried("sitzung_einladung", anna)
    assert (before.purpose, before.meeting_id, before.actor_id) == ("sitzung", meeting_id, anna)
    assert before.expires_at == MEETING + timedelta(days=14)
    later = MEETING + timedelta(days=7)
    delivered()  # who has the Ladung gets the change (an unsent one is replaced instead)
    meetings.move(meeting_id, starts_at=later, ends_at=None, place=None, video=None, by=BY, now=T0)
    assert not opens(before) and reason(before) == "verschoben"
    (after,) = carried("sitzung_geaendert", anna)
    assert after.id != before.id and token(after) != token(before)
    assert after.expires_at == later + timedelta(days=14) and opens(after)
    deadlines.sweep(later - timedelta(days=2))
    (reminder,) = carried("erinnerung", anna)
    assert reminder.id == after.id


def test_a_cancelled_meeting_revokes_its_links(db_url: str) -> None:
    net = make_network(voting=2, others=0)
    meeting_id = _invited_meeting(net)
    rows = [carried("sitzung_einladung", a)[0] for a in net.actors]
    meetings.cancel(meeting_id, reason="Raum fehlt", by=BY, now=T0)
    assert [opens(r) for r in rows] == [False, False]
    assert {reason(r) for r in rows} == {"abgesagt"}
    with session() as s:
        told = [o for o in repo.outbox(s) if o.kind == "sitzung_abgesagt"]
    assert all("links" not in o.payload for o in told)


def test_a_deputy_named_in_a_vertretung_gets_her_own_ladung_saying_whom_she_represents(
    db_url: str,
) -> None:
    net = make_network(voting=3, others=1)
    deputy = net.actors[3]
    network.set_member(
        board_id=net.board,
        actor_ids=[deputy],
        role="stellvertretung",
        deputy_for=net.actors[0],
        by=BY,
        now=T0,
    )
    meeting_id = _invited_meeting(net)
    meetings.reply(meeting_id, net.actors[0], "vertretung", deputy_id=deputy, by=BY, now=T0)
    with session() as s:
        own = [
            o
            for o in repo.outbox(s)
            if o.kind == "sitzung_einladung" and o.key.startswith(f"sitzung:{meeting_id}:s0:vert")
        ]
    (ladung,) = own
    assert ladung.recipient_id == deputy
    assert "als Vertretung für Akteur 0" in ladung.payload["subject"]
    assert "Sie vertreten dabei Akteur 0" in ladung.payload["text"]
    (link_id,) = ladung.payload["links"]
    with transaction() as s:
        row = link_rows.by_id(s, link_id)
    assert (row.actor_id, row.purpose, row.meeting_id) == (deputy, "sitzung", meeting_id)
    represented = carried("sitzung_einladung", net.actors[0])
    assert all(r.actor_id == net.actors[0] for r in represented)
    meetings.reply(meeting_id, net.actors[0], "vertretung", deputy_id=deputy, by=BY, now=T0)
    with session() as s:
        assert len([o for o in repo.outbox(s) if o.key == ladung.key]) == 1


def test_an_aufgabes_owner_is_told_with_her_link_and_its_reminder_carries_the_same(
    db_url: str,
) -> None:
    net = make_network(voting=3, others=0)
    meeting_id = _invited_meeting(net)
    meetings.record_attendance(
        meeting_id, present=net.actors, excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    meetings.hold(meeting_id, by=BY, now=MEETING)
    due = MEETING + timedelta(days=14)
    owner = net.actors[2]
    task_id = meetings.add_task(
        meeting_id, 1, title="Daten anfragen", owner_id=owner, due_at=due, by=BY, now=MEETING
    )
    with session() as s:
        (notice,) = [o for o in repo.outbox(s) if o.kind == "aufgabe_mitteilung"]
    assert notice.recipient_id == owner
    assert notice.payload["subject"].startswith("Aufgabe für Sie: „Daten anfragen“")
    assert "Als erledigt melden Sie die Aufgabe hier" in notice.payload["text"]
    assert notice.payload["ics"]["due_at"] == due.isoformat()
    (row,) = carried("aufgabe_mitteilung", owner)
    assert (row.purpose, row.task_id, row.actor_id) == ("aufgabe", task_id, owner)
    deadlines.sweep(due - timedelta(days=6))
    (reminded,) = carried("erinnerung", owner)
    assert reminded.id == row.id


@pytest.mark.parametrize("how", ["deaktivieren", "loeschen"])
def test_a_deactivated_or_erased_akteur_holds_no_open_link(db_url: str, how: str) -> None:
    net = make_network(voting=1, others=1)
    _consultation(net)
    leaving = net.actors[1]
    (row,) = carried("beteiligung_einladung", leaving)
    if how == "deaktivieren":
        people.set_active(leaving, False, by=BY, now=T0)
    else:
        people.erase(leaving, by=BY, now=T0)
    with transaction() as s:
        kept = link_rows.by_id(s, row.id)
    assert kept.revoked_at is not None
    assert kept.revoked_reason == ("deaktiviert" if how == "deaktivieren" else "geloescht")
    (staying,) = carried("beteiligung_einladung", net.actors[0])
    assert opens(staying)
    if how == "deaktivieren":
        people.set_active(leaving, True, by=BY, now=T0)
        assert not opens(row)  # activating again brings no old link back


def test_the_next_stage_overtakes_every_link_of_the_decided_one(db_url: str) -> None:
    net = make_network(voting=2, others=0)
    cycle_id = _consultation(net)
    for a in net.actors:
        cycles.record_response(cycle_id, a, "ok", by=BY, now=T0)
    cycles.advance(cycle_id, "abstimmung_starten", by=BY, now=T0, deadline=DEADLINE)
    rows = carried("beteiligung_einladung", net.actors[0]) + carried(
        "abstimmung_einladung", net.actors[0]
    )
    assert [r.purpose for r in rows] == ["beteiligung", "abstimmung"]
    for a in net.actors:
        cycles.record_ballot(cycle_id, a, "ja", by=BY, now=T0)
    cycles.advance(cycle_id, "beschliessen", by=BY, now=T0)
    assert all(opens(r) for r in rows)
    cycles.advance(cycle_id, "naechste_stufe", by=BY, now=T0)
    assert [reason(r) for r in rows] == ["neue_stufe", "neue_stufe"]


def test_a_link_that_would_be_over_before_it_is_sent_is_not_made(db_url: str) -> None:
    net = make_network(voting=1, others=0)
    network.change_municipality(by=BY, now=T0, link_grace_days=0)
    _consultation(net)
    late = DEADLINE + timedelta(days=3)
    deadlines.sweep(late)
    with session() as s:
        overdue = [o for o in repo.outbox(s) if o.kind == "ueberfaellig"]
    assert overdue and all("links" not in o.payload for o in overdue)
    assert "dkbm-link" not in overdue[0].payload["text"]


@pytest.mark.parametrize("days", [-1, 366])
def test_a_grace_period_outside_a_year_is_refused_and_changes_nothing(
    db_url: str, days: int
) -> None:
    from dkbm.states.errors import InvalidValue
    from tests.conftest import dump

    make_network(voting=1, others=0)
    before = dump(db_url)
    with pytest.raises(InvalidValue, match="link-nachfrist"):
        network.change_municipality(by=BY, now=T0, link_grace_days=days)
    assert dump(db_url) == before
    assert network.change_municipality(by=BY, now=T0, link_grace_days=365).link_grace_days == 365
