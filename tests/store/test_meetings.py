"""Sitzungen on SQLite and PostgreSQL: Ladungsfrist, agenda, attendance and quorum, votes
that drive a cycle, minutes approved in the next meeting, tasks with reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from dkbm import cycles, deadlines, meetings, minutes, network, queries
from dkbm.notifications.ics import entry
from dkbm.notifications.sender import drain
from dkbm.states.errors import Refused
from dkbm.states.meeting import quorum_needed
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import session, transaction
from tests.conftest import T0, dump
from tests.factories import BY, Network, fill_stage, make_network
from tests.peers import SmtpSink

MEETING = T0 + timedelta(days=21, hours=7)  # 01.02.2027, 17:00 Berlin


def _plan(net: Network, at=MEETING, **kw):  # type: ignore[no-untyped-def]
    return meetings.plan(
        board_id=net.board,
        starts_at=at,
        ends_at=None,
        place=kw.get("place", "Kreishaus, Raum 101"),
        video="",
        public=True,
        by=BY,
        now=kw.get("now", T0),
    )


def _outbox(kind: str) -> list:
    with session() as s:
        return [o for o in repo.outbox(s) if o.kind == kind]


def _cycle_in_vote(net: Network) -> int:
    c = cycles.start(title="Bildungsstrategie", board_id=net.board, by=BY, now=T0)
    fill_stage(c.id, "leitbild", net)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    for a in net.actors:
        cycles.record_response(c.id, a, "ok", by=BY, now=T0)
    cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0)
    return c.id


def _held(net: Network, m_id: int, present: list[int]) -> None:
    meetings.record_attendance(
        m_id, present=present, excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    meetings.hold(m_id, by=BY, now=MEETING)


def test_an_invitation_carries_the_agenda_and_a_calendar_request(db_url: str) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(
        m.id,
        title="Bericht der Koordination",
        public=True,
        documents=["https://x.example/b.pdf"],
        cycle_id=None,
        by=BY,
        now=T0,
    )
    meetings.invite(m.id, by=BY, now=T0)
    sent = _outbox("sitzung_einladung")
    assert {o.recipient_id for o in sent} == set(net.actors[:5])
    assert "TOP 1  Bericht der Koordination" in sent[0].payload["text"]
    assert "am 01.02.2027, 17:00–19:00 Uhr" in sent[0].payload["subject"]
    event = Calendar.from_ical(entry(sent[0].payload["ics"]))
    assert str(event["method"]) == "REQUEST"
    vevent = event.walk("VEVENT")[0]
    assert (str(vevent["uid"]), int(vevent["sequence"])) == (f"dkbm-sitzung-{m.id}@dkbm", 0)
    assert str(vevent["location"]) == "Kreishaus, Raum 101"


def test_a_late_invitation_is_refused_unless_urgency_is_recorded(db_url: str) -> None:
    net = make_network()
    m = _plan(net, at=T0 + timedelta(days=3))
    meetings.add_item(
        m.id, title="Haushalt", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    before = dump(db_url)
    with pytest.raises(Refused, match="Ladungsfrist"):
        meetings.invite(m.id, by=BY, now=T0)
    assert dump(db_url) == before
    invited = meetings.invite(m.id, urgency="Förderantrag endet am 15.01.", by=BY, now=T0)
    assert (invited.state, invited.urgency) == ("eingeladen", "Förderantrag endet am 15.01.")
    assert (
        "Ladungsfrist konnte nicht eingehalten werden"
        in _outbox("sitzung_einladung")[0].payload["text"]
    )


def test_the_ladungsfrist_counts_working_days_with_the_bundeslands_holidays(db_url: str) -> None:
    net = make_network()
    with session() as s:
        row = s.get(__import__("dkbm.store.tables", fromlist=["BoardRow"]).BoardRow, net.board)
        row.notice_days, row.notice_working_days = 3, True
    # Thursday 27 May 2027 is Fronleichnam in NW: 3 working days before Tue 1 June skip it
    at = MEETING.replace(month=6, day=1)
    m = _plan(net, at=at)
    with transaction() as s:
        row = (
            s.connection()
            .exec_driver_sql(f"SELECT invite_by FROM meeting WHERE id = {m.id}")
            .first()
        )
    assert str(row[0])[:10] == "2027-05-26"


def test_members_get_the_invitation_then_a_move_then_the_cancellation_in_their_calendar(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    assert drain(T0).sent == 5
    meetings.move(
        m.id,
        starts_at=MEETING + timedelta(days=7),
        ends_at=None,
        place=None,
        video=None,
        by=BY,
        now=T0,
    )
    # a change not yet sent is replaced by the next: only the newest goes out
    meetings.add_item(m.id, title="B", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    meetings.cancel(m.id, reason="Vorsitz erkrankt", by=BY, now=T0)
    drain(T0)
    calendar = [
        next(iter(Calendar.from_ical(p.get_content()).walk("VEVENT")))
        for _, mail in smtp_sink.mails
        if mail["To"] == "a0@example.org"
        for p in mail.iter_attachments()
        if p.get_content_type() == "text/calendar"
    ]
    assert [(int(e["sequence"]), str(e["status"])) for e in calendar] == [
        (0, "CONFIRMED"),
        (3, "CANCELLED"),
    ]
    assert {str(e["uid"]) for e in calendar} == {f"dkbm-sitzung-{m.id}@dkbm"}
    (cancel,) = [mail for _, mail in smtp_sink.mails if mail["Subject"].startswith("Abgesagt")][:1]
    assert "Vorsitz erkrankt" in cancel.get_body(("plain",)).get_content()


def test_a_meeting_cancelled_before_its_ladung_went_out_tells_nobody(db_url: str) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    meetings.cancel(m.id, reason="Raum fehlt", by=BY, now=T0)
    assert _outbox("sitzung_abgesagt") == []
    assert {o.status for o in _outbox("sitzung_einladung")} == {"cancelled"}


def test_quorum_counts_voting_members_and_deputies_for_the_member_they_represent(
    db_url: str,
) -> None:
    net = make_network(voting=5, others=3)
    deputy = net.actors[5]
    network.set_member(
        board_id=net.board,
        actor_ids=[deputy],
        role="stellvertretung",
        deputy_for=net.actors[0],
        by=BY,
        now=T0,
    )
    guest = net.actors[6]
    network.set_member(board_id=net.board, actor_ids=[guest], role="gast", by=BY, now=T0)
    m = _plan(net)
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    meetings.reply(m.id, net.actors[0], "vertretung", by=BY, now=T0)
    meetings.record_attendance(
        m.id,
        present=[net.actors[1], deputy, guest],
        excused=[net.actors[2]],
        absent=[net.actors[3], net.actors[4]],
        represented=[net.actors[0]],
        by=BY,
        now=MEETING,
    )
    meetings.hold(m.id, by=BY, now=MEETING)
    # seats: actor 0 (by her deputy) and actor 1; the guest has no vote -> 2 of 5, quorum 3
    held = meetings.vote(m.id, 1, yes=2, by=BY, now=MEETING)
    assert held.items[0].vote.seats == 2
    assert held.items[0].vote.outcome == "nicht_beschlussfaehig"


def test_a_befangen_member_is_excluded_from_that_vote(db_url: str) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(
        m.id, title="Förderung Verein", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(m.id, by=BY, now=T0)
    _held(net, m.id, net.actors[:5])
    meetings.set_conflict(m.id, 1, net.actors[4], by=BY, now=MEETING)
    with pytest.raises(Refused, match="5 Stimmen abgegeben, aber nur 4"):
        meetings.vote(m.id, 1, yes=5, by=BY, now=MEETING)
    after = meetings.vote(m.id, 1, unanimous=True, by=BY, now=MEETING)
    assert (after.items[0].vote.yes, after.items[0].vote.outcome) == (4, "angenommen")


def test_a_vote_on_a_cycle_top_decides_the_stage_at_the_meetings_date(db_url: str) -> None:
    net = make_network()
    cycle_id = _cycle_in_vote(net)
    m = _plan(net)
    meetings.add_item(m.id, title="", public=True, documents=[], cycle_id=cycle_id, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    _held(net, m.id, net.actors[:4])
    later = MEETING + timedelta(days=2)
    meetings.vote(m.id, 1, yes=3, no=1, by=BY, now=later)
    c = cycles.replay_check(cycle_id)[0]
    assert c.state == "leitbild_beschlossen"
    decision = queries.history(cycle_id)[-1]
    assert decision["schritt"] == "beschliessen"
    assert decision["zeit"].startswith("2027-02-01")
    notice = _outbox("beschluss_mitteilung")[0].payload["text"]
    assert "in der Sitzung am 01.02.2027, 17:00 Uhr" in notice


def test_a_rejected_cycle_top_sends_the_stage_back_with_the_discussion_as_reason(
    db_url: str,
) -> None:
    net = make_network()
    cycle_id = _cycle_in_vote(net)
    m = _plan(net)
    meetings.add_item(m.id, title="", public=True, documents=[], cycle_id=cycle_id, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    _held(net, m.id, net.actors[:5])
    meetings.vote(
        m.id, 1, yes=1, no=4, discussion="Frühkindliche Bildung fehlt.", by=BY, now=MEETING
    )
    c = cycles.replay_check(cycle_id)[0]
    assert c.state == "leitbild_entwurf"
    assert queries.history(cycle_id)[-1]["grund"] == "Frühkindliche Bildung fehlt."


def test_minutes_are_drafted_and_approved_in_the_next_meeting(db_url: str) -> None:
    net = make_network()
    first = _plan(net)
    meetings.add_item(
        first.id, title="Bericht", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(first.id, by=BY, now=T0)
    _held(net, first.id, net.actors[:5])
    meetings.vote(
        first.id,
        1,
        unanimous=True,
        discussion="Der Bericht wird zur Kenntnis genommen.",
        by=BY,
        now=MEETING,
    )
    text = minutes.draft(first.id, by="Bildungsbüro")
    assert "Akteur 0" in text and "einstimmig" in text and "Bericht wird zur Kenntnis" in text
    meetings.draft_minutes(first.id, text, by=BY, now=MEETING)
    second_at = MEETING + timedelta(days=28)
    second = _plan(net, at=second_at, now=MEETING)
    assert second.items[0].minutes_of == first.id
    assert second.items[0].title == "Genehmigung des Protokolls der Sitzung vom 01.02.2027"
    meetings.invite(second.id, by=BY, now=MEETING)
    meetings.record_attendance(
        second.id,
        present=net.actors[:5],
        excused=[],
        absent=[],
        represented=[],
        by=BY,
        now=second_at,
    )
    meetings.hold(second.id, by=BY, now=second_at)
    meetings.vote(second.id, 1, unanimous=True, by=BY, now=second_at)
    with transaction() as s:
        approved = store.meeting(s, first.id)
    assert (approved.state, approved.approved_in) == ("protokoll_genehmigt", second.id)
    pdf = minutes.pdf(first.id)
    from io import BytesIO

    from pypdf import PdfReader

    words = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Protokoll der Sitzung" in words and "genehmigt" in words


def test_a_task_reminds_its_owner_until_done(db_url: str) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(
        m.id, title="Schulentwicklung", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(m.id, by=BY, now=T0)
    _held(net, m.id, net.actors[:5])
    due = MEETING + timedelta(days=14)
    task = meetings.add_task(
        m.id, 1, title="Daten anfragen", owner_id=net.actors[2], due_at=due, by=BY, now=MEETING
    )
    deadlines.sweep(due - timedelta(days=6))
    reminders = [o for o in _outbox("erinnerung") if o.recipient_id == net.actors[2]]
    assert reminders and "Daten anfragen" in reminders[0].payload["subject"]
    meetings.complete_task(task, note="erledigt per Mail", by=BY, now=due - timedelta(days=2))
    deadlines.sweep(due + timedelta(days=10))
    assert len(
        [
            o
            for o in _outbox("erinnerung") + _outbox("ueberfaellig") + _outbox("eskalation")
            if "Daten anfragen" in o.payload["subject"] or "Daten anfragen" in o.payload["text"]
        ]
    ) == len(reminders)


def test_the_sweep_sends_a_due_ladung_and_reminds_the_coordinator_of_the_minutes(
    db_url: str,
) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    assert meetings.send_due_invitations(T0) == []
    with transaction() as s:
        invite_by = store.meeting_rows(s)[0].invite_by
    assert meetings.send_due_invitations(invite_by) == [m.id]
    assert _outbox("sitzung_einladung")
    _held(net, m.id, net.actors[:5])
    deadlines.sweep(MEETING + timedelta(days=12))
    to_contact = [o for o in _outbox("erinnerung") if o.payload["target"].get("type") == "contact"]
    assert to_contact and "Protokoll" in to_contact[0].payload["subject"]


def test_members_who_have_not_replied_are_reminded_before_the_meeting(db_url: str) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    for a in net.actors[:3]:
        meetings.reply(m.id, a, "zusage", by=BY, now=T0)
    deadlines.sweep(MEETING - timedelta(days=4))  # three working days before: Wed 27.01.
    reminded = {o.recipient_id for o in _outbox("erinnerung")}
    assert reminded == set(net.actors[3:5])
    assert (
        "Zu- oder Absage zur Sitzung „Lenkungsgruppe“ am 01.02.2027, 17:00"
        in (_outbox("erinnerung")[0].payload["subject"])
    )


def test_a_working_group_decides_without_quorum_unless_one_is_set(db_url: str) -> None:
    net = make_network(voting=3, others=3)
    ag = network.add_board(
        name="AG Frühe Bildung", kind="arbeitsgruppe", quorum_percent=None, by=BY, now=T0
    )
    network.set_member(board_id=ag.id, actor_ids=net.actors[3:], role="mitglied", by=BY, now=T0)
    m = meetings.plan(
        board_id=ag.id,
        starts_at=MEETING,
        ends_at=None,
        place="",
        video="https://meet.example/ag",
        public=False,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        m.id, title="Kita-Daten", public=False, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(m.id, by=BY, now=T0)
    meetings.record_attendance(
        m.id,
        present=[net.actors[3]],
        excused=net.actors[4:],
        absent=[],
        represented=[],
        by=BY,
        now=MEETING,
    )
    meetings.hold(m.id, by=BY, now=MEETING)
    vote = meetings.vote(m.id, 1, yes=1, by=BY, now=MEETING).items[0].vote
    assert (vote.quorum_needed, vote.outcome) == (None, "angenommen")
    ruled = network.add_board(
        name="AG mit Regel", kind="arbeitsgruppe", quorum_percent=50, by=BY, now=T0
    )
    with transaction() as s:
        assert quorum_needed(repo.board(s, ruled.id)) == 1
