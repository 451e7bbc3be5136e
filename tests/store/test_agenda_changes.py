"""Issue 21, point 2: the Tagesordnung changes before the meeting; after the Ladung each
change goes out as an updated Ladung (SEQUENCE + 1); refusals change nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import text

from dkbm import cycles, deadlines, meetings
from dkbm.context import BERLIN
from dkbm.notifications.ics import entry
from dkbm.states.errors import NotFound, Refused
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import session
from tests.conftest import T0, dump
from tests.factories import BY, Network, fill_stage, make_network
from tests.store.test_meeting_words import delivered

MEETING = T0 + timedelta(days=21, hours=7)  # 01.02.2027, 17:00 Berlin


def _planned(net: Network, *titles: str) -> int:
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
    assert m.id is not None
    for t in titles:
        meetings.add_item(m.id, title=t, public=True, documents=[], cycle_id=None, by=BY, now=T0)
    return m.id


def _titles(meeting_id: int) -> list[tuple[int, str]]:
    with session() as s:
        return [(i.number, i.title) for i in store.meeting(s, meeting_id).items]


def _changes() -> list:
    with session() as s:
        return [
            o for o in repo.outbox(s) if o.kind == "sitzung_geaendert" and o.status == "pending"
        ]


def test_before_the_ladung_items_are_renamed_reordered_and_removed_quietly(db_url: str) -> None:
    net = make_network()
    m = _planned(net, "Bericht", "Haushalt", "Verschiedenes")
    meetings.edit_item(m, 2, title="Haushalt 2027", by=BY, now=T0)
    meetings.move_item(m, 3, to=1, by=BY, now=T0)
    assert _titles(m) == [(1, "Verschiedenes"), (2, "Bericht"), (3, "Haushalt 2027")]
    meetings.remove_item(m, 2, by=BY, now=T0)
    assert _titles(m) == [(1, "Verschiedenes"), (2, "Haushalt 2027")]
    assert meetings.move_item(m, 1, to=2, by=BY, now=T0).items[-1].title == "Verschiedenes"
    with session() as s:
        assert store.meeting(s, m).sequence == 0
        assert not [o for o in repo.outbox(s) if o.kind.startswith("sitzung")]


def test_after_the_ladung_each_change_is_an_updated_ladung(db_url: str) -> None:
    net = make_network()
    m = _planned(net, "Bericht", "Haushalt")
    meetings.invite(m, by=BY, now=T0)
    delivered()
    meetings.edit_item(m, 1, title="Bericht der Koordination", by=BY, now=T0)
    meetings.move_item(m, 2, to=1, by=BY, now=T0)
    meetings.remove_item(m, 2, by=BY, now=T0)
    with session() as s:
        assert store.meeting(s, m).sequence == 3
    # unsent changes are replaced: each member gets the newest agenda once, saying all
    # that changed since the Ladung she has
    latest = _changes()
    assert len(latest) == 5
    text = latest[0].payload["text"]
    assert "Haushalt" in text
    assert latest[0].payload["subject"].startswith("Geänderte Tagesordnung: Sitzung")
    assert "ergänzt" not in text
    said = [line for line in text.splitlines() if line.startswith("- ")]
    assert said == [
        "- TOP 1 heißt jetzt „Bericht der Koordination“ (bisher „Bericht“).",
        "- Die Reihenfolge der Tagesordnung hat sich geändert: „Haushalt“ ist jetzt TOP 1 "
        "(bisher TOP 2).",
        "- TOP 2 „Bericht der Koordination“ wurde von der Tagesordnung genommen.",
    ]
    vevent = Calendar.from_ical(entry(latest[0].payload["ics"])).walk("VEVENT")[0]
    assert int(vevent["sequence"]) == 3
    assert str(vevent["description"]) == "TOP 1: Haushalt"


def test_refusals_change_nothing(db_url: str) -> None:
    net = make_network()
    m = _planned(net, "Bericht")
    before = dump(db_url)
    with pytest.raises(NotFound):
        meetings.remove_item(m, 7, by=BY, now=T0)
    with pytest.raises(Exception, match="titel"):
        meetings.edit_item(m, 1, title="  ", by=BY, now=T0)
    assert dump(db_url) == before
    meetings.invite(m, by=BY, now=T0)
    meetings.record_attendance(
        m, present=net.actors[:5], excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    meetings.hold(m, by=BY, now=MEETING)
    before = dump(db_url)
    with pytest.raises(Refused, match="nicht möglich|Zustand|durchgef"):
        meetings.edit_item(m, 1, title="Neu", by=BY, now=MEETING)
    with pytest.raises(Refused):
        meetings.move_item(m, 1, to=1, by=BY, now=MEETING)
    assert dump(db_url) == before
    meetings.vote(m, 1, unanimous=True, by=BY, now=MEETING)
    before = dump(db_url)
    with pytest.raises(Refused, match="über TOP 1 wurde bereits abgestimmt"):
        meetings.remove_item(m, 1, by=BY, now=MEETING)
    assert dump(db_url) == before


def _cycle_in_consultation(net: Network) -> int:
    c = cycles.start(title="Bildungsstrategie Fürth 2032", board_id=net.board, by=BY, now=T0)
    fill_stage(c.id, "leitbild", net)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    return c.id


def test_a_cycles_top_is_titled_by_its_stage_and_prepared_during_the_beteiligung(
    db_url: str,
) -> None:
    net = make_network()
    m = _planned(net)
    draft = cycles.start(title="Entwurf", board_id=net.board, by=BY, now=T0)
    before = dump(db_url)
    with pytest.raises(Refused, match="ab der Beteiligung seiner Stufe.*Leitbild / Entwurf"):
        meetings.add_item(m, title="", public=True, documents=[], cycle_id=draft.id, by=BY, now=T0)
    assert dump(db_url) == before
    cycle_id = _cycle_in_consultation(net)
    meetings.add_item(m, title="", public=True, documents=[], cycle_id=cycle_id, by=BY, now=T0)
    assert _titles(m) == [(1, "Bildungsstrategie Fürth 2032: Leitbild")]
    meetings.invite(m, by=BY, now=T0)
    for a in net.actors:
        cycles.record_response(cycle_id, a, "ok", by=BY, now=T0)
    cycles.advance(cycle_id, "abstimmung_starten", by=BY, now=T0)
    meetings.record_attendance(
        m, present=net.actors[:5], excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    meetings.hold(m, by=BY, now=MEETING)
    meetings.vote(m, 1, yes=4, no=1, by=BY, now=MEETING)
    assert cycles.replay_check(cycle_id)[0].state == "leitbild_beschlossen"


def test_a_meeting_planned_after_its_ladungsfrist_is_warned_of_not_refused(db_url: str) -> None:
    net = make_network()
    on_time = meetings.plan(
        board_id=net.board,
        starts_at=MEETING,
        ends_at=None,
        place="Rathaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    assert meetings.late_notice(on_time, T0) is None
    late = meetings.plan(
        board_id=net.board,
        starts_at=T0 + timedelta(days=3),
        ends_at=None,
        place="Rathaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    warning = meetings.late_notice(late, T0)
    assert warning is not None and late.state == "geplant"
    assert str(warning).startswith("Warnung: die Ladungsfrist (7 Tage) ist schon verstrichen")


def _held_with_task(net: Network, due: datetime) -> int:
    m = _planned(net, "Schulentwicklung")
    meetings.invite(m, by=BY, now=T0)
    meetings.record_attendance(
        m, present=net.actors[:5], excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    meetings.hold(m, by=BY, now=MEETING)
    return meetings.add_task(
        m, 1, title="Daten anfragen", owner_id=net.actors[2], due_at=due, by=BY, now=MEETING
    )


def _task_mail(kinds: tuple[str, ...]) -> list:
    with session() as s:
        return [
            o
            for o in repo.outbox(s)
            if o.kind in kinds and o.status == "pending" and "Daten anfragen" in o.payload["text"]
        ]


def test_a_tasks_deadline_moves_and_its_reminders_follow(db_url: str) -> None:
    net = make_network()
    due = MEETING + timedelta(days=14)
    task = _held_with_task(net, due)
    deadlines.sweep(due - timedelta(days=6))
    assert _task_mail(("erinnerung",))
    later = due + timedelta(days=21)
    row = meetings.move_task_deadline(task, later, by=BY, now=due - timedelta(days=5))
    assert str(row.due_at)[:10] == str(later.date())
    # the reminder for the old date is withdrawn, nothing is overdue on the old date
    assert not _task_mail(("erinnerung",))
    deadlines.sweep(due + timedelta(days=2))
    assert not _task_mail(("erinnerung", "ueberfaellig"))
    deadlines.sweep(later - timedelta(days=6))
    (reminder,) = [o for o in _task_mail(("erinnerung",)) if o.recipient_id == net.actors[2]]
    assert later.astimezone(BERLIN).strftime("%d.%m.%Y") in reminder.payload["text"]


def test_a_done_task_or_a_past_date_is_refused_and_changes_nothing(db_url: str) -> None:
    net = make_network()
    due = MEETING + timedelta(days=14)
    task = _held_with_task(net, due)
    before = dump(db_url)
    with pytest.raises(Refused):
        meetings.move_task_deadline(task, MEETING - timedelta(days=1), by=BY, now=MEETING)
    with pytest.raises(NotFound):
        meetings.move_task_deadline(999, due, by=BY, now=MEETING)
    assert dump(db_url) == before
    meetings.complete_task(task, by=BY, now=MEETING)
    before = dump(db_url)
    with pytest.raises(Refused, match="bereits erledigt"):
        meetings.move_task_deadline(task, due + timedelta(days=7), by=BY, now=MEETING)
    assert dump(db_url) == before


def test_the_owner_is_told_when_her_tasks_deadline_moves(db_url: str) -> None:
    net = make_network()
    due = MEETING + timedelta(days=14)
    task = _held_with_task(net, due)
    owner = net.actors[2]
    # the first notice is still queued: it is replaced by one with the new date
    later = due + timedelta(days=7)
    meetings.move_task_deadline(task, later, by=BY, now=MEETING)
    (notice,) = [o for o in _task_mail(("aufgabe_mitteilung",)) if o.recipient_id == owner]
    assert later.astimezone(BERLIN).strftime("%d.%m.%Y") in notice.payload["subject"]
    assert not _task_mail(("aufgabe_frist_geaendert",))

    with session() as s:  # the notice went out
        s.connection().execute(
            text("UPDATE outbox SET status = 'sent' WHERE kind = 'aufgabe_mitteilung'")
        )
    last = later + timedelta(days=7)
    meetings.move_task_deadline(task, last, by=BY, now=MEETING + timedelta(days=1))
    (change,) = _task_mail(("aufgabe_frist_geaendert",))
    assert change.recipient_id == owner
    day = last.astimezone(BERLIN).strftime("%d.%m.%Y")
    assert day in change.payload["subject"] and "ersetzt den bisherigen" in change.payload["text"]
    # the calendar entry replaces the earlier one: same UID, a higher SEQUENCE
    assert change.payload["ics"]["uid"] == notice.payload["ics"]["uid"]
    assert change.payload["ics"]["sequence"] > notice.payload["ics"]["sequence"]
