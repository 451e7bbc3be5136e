"""The Koordination's own voice in real mails (an SMTP sink): sender name, signature and
Reply-To as set or by form, escalation roles as the Land names them, the Koordination as
ORGANIZER of every calendar entry, the ICS part's type with charset and method, a meeting's
time as one date and a time range, and a Stellvertretung told whom she represents."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import parseaddr

import pytest
from icalendar import Calendar

from dkbm import cycles, deadlines, meetings, network, people
from dkbm.messages import span
from dkbm.notifications.sender import drain
from dkbm.states.errors import InvalidValue
from tests.conftest import T0
from tests.factories import BY, Network, make_network
from tests.peers import SmtpSink

MEETING = T0 + timedelta(days=21, hours=7)  # Mon 01.02.2027, 17:00 Berlin


def _body(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]


def _calendar(mail: EmailMessage) -> tuple[str, Calendar]:
    """The calendar part's type as sent (charset and method) and its entry."""
    (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    shown = (
        f"text/calendar; charset={part.get_content_charset()}; method={part.get_param('method')}"
    )
    return shown, Calendar.from_ical(part.get_payload(decode=True))


def _consultation(net: Network, due_days: int = 7) -> int:
    c = cycles.start(title="Bildungsstrategie", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Niemand geht verloren", by=BY, now=T0)
    cycles.advance(
        c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=due_days)
    )
    return c.id


def _english(actor_id: int) -> None:
    people.change_actor(actor_id, by=BY, now=T0, lang="en")


def test_the_default_voice_follows_the_form(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    net = make_network(voting=2, others=0)
    network.change_municipality(by=BY, now=T0, form="zusatzaufgabe", placement="linie")
    _english(net.actors[1])
    _consultation(net)
    assert drain(T0).sent == 2
    (de,) = smtp_sink.to("a0@example.org")
    (en,) = smtp_sink.to("a1@example.org")
    assert parseaddr(str(de["From"])) == (
        "Bildungskoordination Kreis Test",
        "bildungsbuero@kreis.example",
    )
    assert parseaddr(str(en["From"]))[0] == "Education coordination, Kreis Test"
    assert de["Reply-To"] is None
    for mail in (de, en):
        text = _body(mail)
        assert "Bildungsbüro" not in text and "education office" not in text.lower()
    assert _body(de).rstrip().endswith("Bildungskoordination Kreis Test")
    assert _body(en).rstrip().endswith("Education coordination, Kreis Test")


def test_sender_signature_and_reply_to_as_set(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    net = make_network(voting=2, others=0)
    _english(net.actors[1])
    network.change_municipality(
        by=BY,
        now=T0,
        sender_name="Amt für Schule, Bildungskoordination",
        signature="Ihre Bildungskoordination\nAmt für Schule",
        reply_to="bildung@kreis-test.de",
    )
    _consultation(net)
    assert drain(T0).sent == 2
    for address in ("a0@example.org", "a1@example.org"):
        (mail,) = smtp_sink.to(address)
        assert parseaddr(str(mail["From"])) == (
            "Amt für Schule, Bildungskoordination",
            "bildungsbuero@kreis.example",
        )
        assert parseaddr(str(mail["Reply-To"]))[1] == "bildung@kreis-test.de"
        assert _body(mail).rstrip().endswith("Ihre Bildungskoordination\nAmt für Schule")
        content_type, calendar = _calendar(mail)
        assert content_type == "text/calendar; charset=utf-8; method=PUBLISH"
        organizer = calendar.walk("VEVENT")[0]["ORGANIZER"]
        assert str(organizer) == "mailto:bildung@kreis-test.de"
        assert organizer.params["CN"] == "Amt für Schule, Bildungskoordination"
    # back to the default: an empty value
    m = network.change_municipality(by=BY, now=T0, sender_name="", signature="", reply_to="")
    assert (m.sender(), m.closing("en"), m.reply_to) == (
        "Bildungsbüro Kreis Test",
        "Education office, Kreis Test",
        "",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reply_to", "keine-adresse"),
        ("sender_name", "Zwei\nZeilen"),
        ("escalation_title", "x" * 101),
        ("signature", "x" * 501),
    ],
)
def test_a_voice_that_cannot_be_sent_is_refused(sqlite_url: str, field: str, value: str) -> None:
    make_network(voting=1, others=0)
    with pytest.raises(InvalidValue):
        network.change_municipality(by=BY, now=T0, **{field: value})
    assert network.current_municipality().sender() == "Bildungsbüro Kreis Test"


@pytest.mark.parametrize(
    ("bundesland", "title", "de", "en"),
    [
        ("BY", None, "Als Referats-/Amtsleitung", "as head of department"),
        ("NW", None, "Als Dezernats-/Amtsleitung", "as head of department"),
        ("BY", "Leitung des Referats für Bildung", "Als Leitung des Referats für Bildung", None),
    ],
)
def test_the_escalation_names_the_role_as_the_land_does_or_as_set(
    sqlite_url: str,
    smtp_sink: SmtpSink,
    bundesland: str,
    title: str | None,
    de: str,
    en: str | None,
) -> None:
    net = make_network(voting=1, others=0)
    network.change_municipality(
        by=BY,
        now=T0,
        bundesland=bundesland,
        placement="linie",
        contact_email="leitung@example.org",
        escalation_title=title,
    )
    _consultation(net, due_days=1)
    deadlines.sweep(T0 + timedelta(days=20))
    drain(T0 + timedelta(days=20))
    (escalation,) = smtp_sink.to("leitung@example.org")
    assert de in _body(escalation)
    if en is not None:
        from dkbm.states.vocabulary import name_of

        role = network.current_municipality().escalation_role
        assert f"as {name_of('eskalation', role, 'en')}" == en


def _meeting(net: Network) -> int:
    m = meetings.plan(
        board_id=net.board,
        starts_at=MEETING,
        ends_at=MEETING + timedelta(hours=2),
        place="Rathaus, Raum 1",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        m.id, title="Bericht", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    return m.id


def test_a_meeting_speaks_as_the_koordination_in_its_time_range(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    net = make_network(voting=3, others=1)
    deputy, represented = net.actors[3], net.actors[2]
    network.set_member(
        board_id=net.board,
        actor_ids=[deputy],
        role="stellvertretung",
        deputy_for=represented,
        by=BY,
        now=T0,
    )
    _english(net.actors[1])
    network.change_municipality(
        by=BY, now=T0, sender_name="Bildungskoordination Test", reply_to="bildung@kreis-test.de"
    )
    m_id = _meeting(net)
    meetings.invite(m_id, by=BY, now=T0)
    drain(T0)
    (ladung,) = smtp_sink.to("a0@example.org")
    assert ladung["Subject"] == "Einladung: Sitzung „Lenkungsgruppe“ am 01.02.2027, 17:00–19:00 Uhr"
    content_type, calendar = _calendar(ladung)
    assert content_type == "text/calendar; charset=utf-8; method=REQUEST"
    organizer = calendar.walk("VEVENT")[0]["ORGANIZER"]
    assert str(organizer) == "mailto:bildung@kreis-test.de"
    assert organizer.params["CN"] == "Bildungskoordination Test"
    (english,) = smtp_sink.to("a1@example.org")
    assert english["Subject"].endswith('"Lenkungsgruppe" on 01 Feb 2027, 17:00–19:00')
    (standing,) = smtp_sink.to("a3@example.org")
    assert "als Vertretung für Akteur 2" in standing["Subject"]
    assert "Sie vertreten dabei Akteur 2" in _body(standing)

    # three working days before, those who have not replied are reminded: one date, a range
    meetings.reply(m_id, net.actors[0], "zusage", by=BY, now=T0)
    smtp_sink.mails.clear()
    before = MEETING - timedelta(days=4)
    deadlines.sweep(before)
    drain(before)
    (reminder,) = smtp_sink.to("a2@example.org")
    assert reminder["Subject"] == (
        "Erinnerung: Ihre Zu- oder Absage zur Sitzung „Lenkungsgruppe“ am 01.02.2027, 17:00–19:00 Uhr"
    )
    (english,) = smtp_sink.to("a1@example.org")
    assert english["Subject"] == (
        'Reminder: your reply (attending or not) to the meeting "Lenkungsgruppe" '
        "on 01 Feb 2027, 17:00–19:00"
    )
    (deputy_reminder,) = smtp_sink.to("a3@example.org")
    assert deputy_reminder["Subject"] == (
        "Erinnerung: Ihre Zu- oder Absage zur Sitzung „Lenkungsgruppe“ am 01.02.2027, "
        "17:00–19:00 Uhr als Vertretung für Akteur 2"
    )
    content_type, calendar = _calendar(reminder)
    assert content_type == "text/calendar; charset=utf-8; method=PUBLISH"
    assert str(calendar.walk("VEVENT")[0]["ORGANIZER"]) == "mailto:bildung@kreis-test.de"

    # the cancellation withdraws the entry
    smtp_sink.mails.clear()
    meetings.cancel(m_id, reason="Krankheit", by=BY, now=before)
    drain(before)
    (cancelled,) = smtp_sink.to("a0@example.org")
    content_type, calendar = _calendar(cancelled)
    assert content_type == "text/calendar; charset=utf-8; method=CANCEL"


def test_a_deputy_named_in_a_vertretung_is_told_whom_she_represents_in_her_reminder(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    net = make_network(voting=2, others=1)
    deputy = net.actors[2]
    m_id = _meeting(net)
    network.set_member(
        board_id=net.board,
        actor_ids=[deputy],
        role="stellvertretung",
        deputy_for=net.actors[1],
        by=BY,
        now=T0,
    )
    meetings.invite(m_id, by=BY, now=T0)
    meetings.reply(m_id, net.actors[0], "vertretung", deputy_id=deputy, by=BY, now=T0)
    drain(T0)
    assert sorted(m["Subject"] for m in smtp_sink.to("a2@example.org")) == [
        "Einladung als Vertretung für Akteur 0: Sitzung „Lenkungsgruppe“ am 01.02.2027, 17:00–19:00 Uhr",
        "Einladung als Vertretung für Akteur 1: Sitzung „Lenkungsgruppe“ am 01.02.2027, 17:00–19:00 Uhr",
    ]
    smtp_sink.mails.clear()
    before = MEETING - timedelta(days=4)
    deadlines.sweep(before)
    drain(before)
    (reminder,) = smtp_sink.to("a1@example.org")
    assert reminder["Subject"] == (
        "Erinnerung: Ihre Zu- oder Absage zur Sitzung „Lenkungsgruppe“ am 01.02.2027, 17:00–19:00 Uhr"
    )
    (deputy_reminder,) = smtp_sink.to("a2@example.org")
    assert deputy_reminder["Subject"].endswith("19:00 Uhr als Vertretung für Akteur 0")


def test_a_span_is_one_date_and_a_range_or_both_moments_across_days() -> None:
    end = MEETING + timedelta(hours=2)
    assert span(MEETING, end, "de") == "01.02.2027, 17:00–19:00 Uhr"
    assert span(MEETING, end, "en") == "01 Feb 2027, 17:00–19:00"
    assert span(MEETING, None, "de") == "01.02.2027, 17:00 Uhr"
    assert span(MEETING, MEETING + timedelta(days=1), "de") == (
        "01.02.2027, 17:00 Uhr – 02.02.2027, 17:00 Uhr"
    )
