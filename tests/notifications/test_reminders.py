"""Reminder plans in working days: who still owes gets reminded, escalation follows the
Verortung, moving a deadline reschedules, closing a stage cancels. The clock is moved,
never waited for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dkbm import cycles, deadlines, network, queries
from dkbm.notifications.sender import drain
from dkbm.states.errors import InvalidValue, Refused
from dkbm.states.reminders import DEFAULT_PLANS, holiday_calendar, schedule
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import SmtpSink

# Monday 28.12.2026, 23:59 in Berlin: 24.-26.12. and 1.1. are in the way.
DUE = datetime(2026, 12, 28, 22, 59, tzinfo=UTC)


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+01:00")


def test_plan_counts_working_days_with_the_bundeslands_holidays() -> None:
    nw = holiday_calendar("NW", range(2026, 2028))
    steps = {s.name: s.at.date() for s in schedule(DUE, DEFAULT_PLANS["beteiligung"], nw)}
    assert steps == {
        "T-7": date(2026, 12, 16),
        "T-2": date(2026, 12, 23),
        "T0": date(2026, 12, 28),
        "T+1": date(2026, 12, 29),
        "E+5": date(2027, 1, 5),
    }
    by = holiday_calendar("BY", range(2026, 2028))  # Heilige Drei Könige, 6.1., in Bayern
    escalation = [
        s for s in schedule(DUE, DEFAULT_PLANS["beteiligung"], by) if s.kind == "eskalation"
    ]
    assert escalation[0].at.date() == date(2027, 1, 5)
    later = datetime(2027, 1, 4, 22, 59, tzinfo=UTC)
    assert next(
        s for s in schedule(later, DEFAULT_PLANS["beteiligung"], by) if s.kind == "eskalation"
    ).at.date() == date(2027, 1, 12)
    assert next(
        s for s in schedule(later, DEFAULT_PLANS["beteiligung"], nw) if s.kind == "eskalation"
    ).at.date() == date(2027, 1, 11)


def open_consultation(start: datetime, voting: int = 3) -> tuple[int, list[int]]:
    net = make_network(voting=voting, others=0, now=start)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=start)
    cycles.set_vision(c.id, "V", by=BY, now=start)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=start, deadline=DUE)
    return c.id, net.actors


def sweep_and_send(now: datetime) -> int:
    deadlines.sweep(now)
    return drain(now).sent


def test_reminders_go_only_to_those_who_have_not_answered(db_url: str, smtp_sink: SmtpSink) -> None:
    start = at("2026-12-01")
    cycle_id, actors = open_consultation(start)
    assert sweep_and_send(start) == 3  # the invitations
    cycles.record_response(cycle_id, actors[0], "ok", by=BY, now=at("2026-12-10"))
    assert sweep_and_send(at("2026-12-15")) == 0  # T-7 is on the 16th
    assert sweep_and_send(at("2026-12-16")) == 2
    reminders = [m for m in smtp_sink.mails if m[1]["Subject"].startswith("Erinnerung")]
    assert sorted(r[0][0] for r in reminders) == ["a1@example.org", "a2@example.org"]
    assert reminders[0][1]["Subject"] == (
        "Erinnerung: Ihre Rückmeldung zur Beteiligung „Leitbild“ bis 28.12.2026, 23:59 Uhr"
    )
    assert sweep_and_send(at("2026-12-16", 15)) == 0  # nothing twice
    cycles.record_response(cycle_id, actors[1], "ok", by=BY, now=at("2026-12-20"))
    assert sweep_and_send(at("2026-12-23")) == 1  # T-2 for the last one
    assert sweep_and_send(at("2026-12-28")) == 1  # on the day, "heute"
    assert smtp_sink.mails[-1][1]["Subject"].endswith("(heute)")
    assert sweep_and_send(at("2026-12-29")) == 1  # overdue notice
    assert smtp_sink.mails[-1][1]["Subject"].startswith("Überfällig seit 28.12.2026")


def test_a_late_sweep_sends_only_the_latest_reminder_and_the_escalation(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    start = at("2026-12-01")
    open_consultation(start, voting=2)
    sweep_and_send(start)
    smtp_sink.mails.clear()
    assert (
        sweep_and_send(at("2027-01-05")) == 2 + 1
    )  # overdue notice to both, escalation to the contact
    subjects = sorted(m["Subject"] for _, m in smtp_sink.mails)
    assert subjects[0].startswith("Eskalation: 2 überfällig seit 28.12.2026")
    (escalation,) = smtp_sink.to("landrat@example.org")
    text = escalation.get_body(("plain",)).get_content()
    assert "Akteur 0" in text and "Akteur 1" in text and "Als Verwaltungsspitze" in text


def test_escalation_in_the_line_goes_to_the_head_of_department(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    from sqlmodel import select

    from dkbm.store.db import session
    from dkbm.store.tables import MunicipalityRow

    start = at("2026-12-01")
    open_consultation(start, voting=1)
    with session() as s:
        row = s.exec(select(MunicipalityRow)).one()
        row.placement, row.contact_email = "linie", "dezernat@example.org"
        s.add(row)
    sweep_and_send(at("2027-01-05"))
    (escalation,) = smtp_sink.to("dezernat@example.org")
    assert "Als Dezernats-/Amtsleitung" in escalation.get_body(("plain",)).get_content()


def test_moving_the_deadline_reschedules_and_updates_the_calendar_entry(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    start = at("2026-12-01")
    cycle_id, _actors = open_consultation(start, voting=2)
    sweep_and_send(start)
    invitation_uid = _uid(smtp_sink.to("a0@example.org")[0])
    later = datetime(2027, 1, 15, 22, 59, tzinfo=UTC)
    cycles.change_deadline(cycle_id, later, by=BY, now=at("2026-12-10"))
    assert drain(at("2026-12-10")).sent == 2
    notice = smtp_sink.to("a0@example.org")[-1]
    assert (
        notice["Subject"]
        == "Neue Frist: Ihre Rückmeldung zur Beteiligung „Leitbild“ jetzt bis 15.01.2027, 23:59 Uhr"
    )
    assert _uid(notice) == invitation_uid and _sequence(notice) == 2
    assert sweep_and_send(at("2026-12-16")) == 0  # the old T-7 is gone
    (deadline,) = [d for d in queries.deadlines() if d["status"] == "offen"]
    assert deadline["revision"] == 2 and deadline["naechste_pruefung"].startswith(
        "2027-01-06T07:00"
    )


def test_the_coordinator_moves_a_deadline_from_the_command_line(
    sqlite_url: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dkbm.cli import main

    cycle_id, _ = open_consultation(at("2026-12-01"), voting=2)
    monkeypatch.setenv("DKBM_NOW", at("2026-12-10").isoformat())
    assert main(["zyklus", "frist", str(cycle_id), "2027-01-15"]) == 0
    status = queries.status(cycle_id, at("2026-12-10"))
    assert status["beteiligung"]["frist"] == "2027-01-15T22:59:00+00:00"
    assert main(["zyklus", "frist", str(cycle_id), "2026-12-01"]) == 1  # in the past


def test_closing_the_stage_cancels_queued_reminders(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    start = at("2026-12-01")
    cycle_id, _actors = open_consultation(start, voting=2)
    drain(start)
    deadlines.sweep(at("2026-12-16"))  # queued, not yet sent
    assert len(queries.outbox(("pending",))) == 2
    cycles.advance(cycle_id, "ueberarbeiten", by=BY, now=at("2026-12-16", 10))
    assert {o["art"] for o in queries.outbox(("pending",))} == {
        "ueberarbeitung_mitteilung",
        "frist_entfallen",  # the invitees' calendar entries are withdrawn
    }
    assert [d["status"] for d in queries.deadlines()] == ["geschlossen"]
    assert sweep_and_send(at("2027-01-05")) == 4  # only the revision notices
    assert not [m for _, m in smtp_sink.mails if "Erinnerung" in m["Subject"]]


def test_measure_owners_without_a_report_are_reminded(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    from tests.factories import cycle_in_implementation

    net = make_network(voting=5, others=0, now=T0)
    cycle_id = cycle_in_implementation(net)
    (deadline,) = [d for d in queries.deadlines() if d["art"] == "massnahme_bericht"]
    due = datetime.fromisoformat(deadline["frist"])
    sweep_and_send(due - timedelta(days=30))
    smtp_sink.mails.clear()
    assert sweep_and_send(due.replace(hour=12)) == 1  # on the day, to the owner net.actors[0]
    (mail,) = [m for _, m in smtp_sink.mails if m["Subject"].startswith("Erinnerung")]
    assert "Fortschrittsbericht zur Maßnahme" in mail["Subject"]
    measure_id = int(deadline["bezug"].split(":")[1])
    cycles.report_progress(cycle_id, measure_id, "läuft", value=1.0, by=BY, now=due)
    assert [d["status"] for d in queries.deadlines() if d["art"] == "massnahme_bericht"] == [
        "geschlossen"
    ]


def _uid(mail) -> str:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    (ics,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    return str(next(iter(Calendar.from_ical(ics.get_content()).walk("VEVENT")))["uid"])


def _sequence(mail) -> int:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    (ics,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    return int(next(iter(Calendar.from_ical(ics.get_content()).walk("VEVENT")))["sequence"])


def test_written_vote_reminds_members_who_have_not_voted_and_decides_from_ballots(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    start = at("2026-12-01")
    cycle_id, actors = open_consultation(start, voting=3)
    for a in actors:
        cycles.record_response(cycle_id, a, "ok", by=BY, now=start)
    cycles.advance(cycle_id, "abstimmung_starten", by=BY, now=start, deadline=DUE)
    drain(start)
    invitation = smtp_sink.to("a2@example.org")[-1]
    assert invitation["Subject"].endswith("– Stimme bis 28.12.2026, 23:59 Uhr")
    assert "schriftlich" in invitation.get_body(("plain",)).get_content()
    cycles.record_ballot(cycle_id, actors[0], "ja", by=BY, now=at("2026-12-20"))
    cycles.record_ballot(cycle_id, actors[1], "nein", by=BY, now=at("2026-12-20"))
    smtp_sink.mails.clear()
    assert sweep_and_send(at("2026-12-23")) == 1  # T-2 to the one who has not voted
    (reminder,) = smtp_sink.to("a2@example.org")
    assert (
        reminder["Subject"]
        == "Erinnerung: Ihre Stimme in der Abstimmung „Leitbild“ bis 28.12.2026, 23:59 Uhr"
    )
    with pytest.raises(Refused, match="läuft bis 28.12.2026 23:59; abgegeben sind 2 von 3"):
        cycles.advance(cycle_id, "beschliessen", by=BY, now=at("2026-12-23"))
    cycles.record_ballot(cycle_id, actors[2], "ja", by=BY, now=at("2026-12-24"))
    decided = cycles.advance(cycle_id, "beschliessen", by=BY, now=at("2026-12-24"))
    assert decided.state == "leitbild_beschlossen"
    assert (decided.vote.yes, decided.vote.no, decided.vote.present) == (2, 1, 3)
    assert [d["status"] for d in queries.deadlines() if d["art"] == "abstimmung"] == ["geschlossen"]


def test_only_voting_members_cast_ballots(sqlite_url: str) -> None:
    start = at("2026-12-01")
    cycle_id, actors = open_consultation(start, voting=2)
    for a in actors:
        cycles.record_response(cycle_id, a, "ok", by=BY, now=start)
    with pytest.raises(Refused, match="nur in der Abstimmung"):
        cycles.record_ballot(cycle_id, actors[0], "ja", by=BY, now=start)
    cycles.advance(cycle_id, "abstimmung_starten", by=BY, now=start, deadline=DUE)
    outsider = network.add_actor(
        name="Gast",
        organisation="O",
        email="gast@example.org",
        sector="wirtschaft",
        areas=[],
        consent=False,
        lang="de",
        by=BY,
        now=start,
    )
    with pytest.raises(Refused, match="nicht stimmberechtigt"):
        cycles.record_ballot(cycle_id, outsider.id, "ja", by=BY, now=start)
    with pytest.raises(InvalidValue):
        cycles.record_ballot(cycle_id, actors[0], "vielleicht", by=BY, now=start)


def test_a_kommune_sets_its_own_reminder_plan(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    from dkbm.cli import main

    start = at("2026-12-01")
    open_consultation(start, voting=1)
    assert (
        main(
            [
                "fristen",
                "plan",
                "beteiligung",
                "--vorher",
                "3",
                "--nicht-am-tag",
                "--eskalation",
                "0",
            ]
        )
        == 0
    )
    drain(start)
    smtp_sink.mails.clear()
    assert sweep_and_send(at("2026-12-21")) == 0  # nothing at the old T-7 (16.12.)
    assert sweep_and_send(at("2026-12-22")) == 1  # T-3 on the new plan
    assert sweep_and_send(at("2027-01-08")) == 1  # only the overdue notice, no escalation
    assert not smtp_sink.to("landrat@example.org")


def test_a_sweep_reports_only_the_reminders_it_queued_itself(db_url: str) -> None:
    """Two sweeps over the same due deadlines (as when two `fristen pruefen` overlap): the
    second finds every reminder queued already and reports none of them as its own."""
    from sqlalchemy import text

    from dkbm.store.db import engine

    start = at("2026-12-01")
    open_consultation(start, voting=3)
    first = deadlines.sweep(at("2026-12-16"))
    assert first.queued == 3
    with engine(db_url).begin() as conn:  # the second sweep sees the deadline as due again
        conn.execute(text("UPDATE deadline SET next_check_at = :t"), {"t": at("2026-12-01")})
    second = deadlines.sweep(at("2026-12-16"))
    assert (second.deadlines, second.queued) == (1, 0)
    assert len(queries.outbox(("pending",))) == 6  # 3 invitations + 3 reminders, once each
