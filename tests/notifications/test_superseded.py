"""Issue 8, part 3: a message overtaken before it is sent is not sent, and calendars follow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from dkbm import cycles, queries
from dkbm.cli import main
from dkbm.notifications.sender import drain
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import SmtpSink

DEADLINE = datetime(2027, 2, 15, 22, 59, tzinfo=UTC)


def consultation() -> tuple[int, list[int]]:
    net = make_network(voting=2, others=1)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    return c, net.actors


def calendar(mail) -> tuple[str, int, str, str]:  # type: ignore[no-untyped-def]
    (ics,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    cal = Calendar.from_ical(ics.get_content())
    event = next(iter(cal.walk("VEVENT")))
    return (
        str(cal["method"]),
        int(event["sequence"]),
        str(event["uid"]),
        str(event.get("status", "")),
    )


def test_an_unsent_invitation_with_the_old_deadline_is_replaced_not_sent(
    db_url: str, smtp_sink: SmtpSink, capsys: pytest.CaptureFixture[str]
) -> None:
    c, actors = consultation()
    cycles.change_deadline(c, DEADLINE + timedelta(days=7), by=BY, now=T0)
    drain(T0)
    for a in range(3):
        (mail,) = smtp_sink.to(f"a{a}@example.org")
        assert mail["Subject"].endswith("bis 22.02.2027, 23:59 Uhr"), mail["Subject"]
        assert calendar(mail)[1] == 2  # the moved deadline's revision
    assert {o["art"] for o in queries.outbox(("cancelled",))} == {"beteiligung_einladung"}
    assert main(["nachrichten", "storniert"]) == 0
    assert "ersetzt: neue Frist" in capsys.readouterr().out


def test_a_moved_deadline_updates_the_calendar_entry_of_those_who_still_owe(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    c, actors = consultation()
    drain(T0)
    first = calendar(smtp_sink.to("a0@example.org")[0])
    cycles.record_response(c, actors[1], "ok", by=BY, now=T0)
    smtp_sink.mails.clear()
    cycles.change_deadline(c, DEADLINE + timedelta(days=7), by=BY, now=T0)
    drain(T0)
    (update,) = smtp_sink.to("a0@example.org")
    method, sequence, uid, _ = calendar(update)
    assert (method, uid) == ("PUBLISH", first[2]) and sequence == first[1] + 1
    assert not smtp_sink.to("a1@example.org")  # answered already


def test_back_to_draft_withdraws_the_calendar_entry_and_queued_reminders(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    c, actors = consultation()
    drain(T0)
    first = calendar(smtp_sink.to("a2@example.org")[0])
    smtp_sink.mails.clear()
    cycles.advance(c, "ueberarbeiten", by=BY, now=T0 + timedelta(days=1), reason="zu vage")
    drain(T0 + timedelta(days=1))
    (cancel,) = [m for m in smtp_sink.to("a2@example.org") if "Frist entfällt" in m["Subject"]]
    method, sequence, uid, status = calendar(cancel)
    assert (method, uid, status) == ("CANCEL", first[2], "CANCELLED")
    assert sequence == first[1] + 1
