"""Messages reach real peers: mails at an SMTP server, webhooks at an HTTP sink."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from dkbm import cycles, network, queries
from dkbm.cli import main
from dkbm.notifications.outbox import Policy
from dkbm.notifications.sender import drain, send_batch
from dkbm.store import repository as repo
from dkbm.store.db import session
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import HttpSink, SmtpSink, free_port

DEADLINE = datetime(2027, 2, 15, 22, 59, tzinfo=UTC)  # 15.02.2027, 23:59 in Berlin


def consultation(voting: int = 2, others: int = 1) -> tuple[int, list[int]]:
    net = make_network(voting=voting, others=others)
    c = cycles.start(title="Bildung 2030 – Größe & Vielfalt", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Jeder Mensch erhält <faire> Chancen.", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    return c.id, net.actors


def test_invitation_mails_carry_german_text_html_and_a_calendar_entry(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    cycle_id, actors = consultation()
    report = drain(T0)
    assert (report.sent, report.failed) == (3, 0)
    (mail,) = smtp_sink.to("a0@example.org")
    assert mail["Subject"] == "Beteiligung „Leitbild“: Ihre Rückmeldung bis 15.02.2027, 23:59 Uhr"
    assert mail["From"].addresses[0].addr_spec == "bildungsbuero@kreis.example"
    plain = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Guten Tag Akteur 0" in plain and "Bildung 2030 – Größe & Vielfalt" in plain
    assert "Größe &amp; Vielfalt" in html and "&lt;faire&gt;" in html
    (ics,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    event = next(iter(Calendar.from_ical(ics.get_content()).walk("VEVENT")))
    end = event.decoded("dtend")
    assert (end.date().isoformat(), end.strftime("%H:%M"), str(end.tzinfo)) == (
        "2027-02-15",
        "23:59",
        "Europe/Berlin",
    )
    assert str(event["uid"]).startswith("dkbm-frist-")
    log = queries.messages(cycle_id)
    assert {m["akteur"] for m in log} == set(actors)
    assert {m["kanal"] for m in log} == {"mailto"} and all(m["message_id"] for m in log)
    assert mail["Message-ID"] in {m["message_id"] for m in log}


def test_recipients_get_their_own_language(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    make_network(voting=2, others=0)
    english = network.add_actor(
        name="Jan Peters",
        organisation="University",
        email="jan@example.org",
        sector="bildungseinrichtungen",
        areas=[],
        consent=False,
        lang="en",
        by=BY,
        now=T0,
    )
    c = cycles.start(title="Strategy", board_id=1, by=BY, now=T0)
    cycles.set_vision(c.id, "Education for all", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    drain(T0)
    (mail,) = smtp_sink.to("jan@example.org")
    assert mail["Subject"] == 'Consultation "Vision statement": your feedback by 15 Feb 2027, 23:59'
    assert "Dear Jan Peters" in mail.get_body(("plain",)).get_content()
    assert english.id is not None


def test_webhook_channel_and_board_channel_receive_json(
    sqlite_url: str, http_sink: HttpSink
) -> None:
    net = make_network(voting=2, others=0)
    network.set_actor_channel(
        actor_id=net.actors[0], url=http_sink.url, remove=False, by=BY, now=T0
    )
    network.set_actor_channel(
        actor_id=net.actors[1], url=http_sink.url + "?+X-Team=1", remove=False, by=BY, now=T0
    )
    network.set_board_channel(
        board_id=net.board, url=http_sink.url + "/board", remove=False, by=BY, now=T0
    )
    c = cycles.start(title="Übergänge", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Größe", by=BY, now=T0)
    cycles.advance(
        c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE, invited=net.actors
    )
    assert drain(T0).sent == 2
    for a in net.actors:
        cycles.record_response(c.id, a, "ok", by=BY, now=T0)
    cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0)
    assert drain(T0).sent == 3
    titles = sorted(r["json"]["title"] for r in http_sink.requests)
    assert titles.count("Beteiligung „Leitbild“: Ihre Rückmeldung bis 15.02.2027, 23:59 Uhr") == 2
    assert titles.count("Abstimmung in „Lenkungsgruppe“: „Leitbild“ steht zur Entscheidung") == 3
    assert any(r["path"] == "/hook/board" for r in http_sink.requests)
    assert all("Übergänge" in r["json"]["message"] for r in http_sink.requests)


def test_channel_urls_are_secrets_shown_masked_only(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    net = make_network(voting=1, others=0)
    secret = "json://bot:topsecret@127.0.0.1:9/hook"
    assert main(["akteur", "kanal", str(net.actors[0]), secret]) == 0
    assert main(["akteur", "show", str(net.actors[0]), "--json"]) == 0
    assert main(["zyklus", "list"]) == 0
    out = capsys.readouterr().out
    assert "topsecret" not in out and "json://127.0.0.1/…#" in out and "bot" not in out
    with session() as s:
        audit = repo.audit_events(s, "akteur", net.actors[0])
    assert "topsecret" not in repr([e.payload for e in audit])


@pytest.mark.parametrize(
    "secret",
    [
        "jsons://hooks.slack.com/services/T000/B000/SECRETTOKEN",
        "ntfys://ntfy.sh/SECRETTOPIC",
        "tgram://123456:SECRETTOKEN/987",
        "json://user:SECRETTOKEN@127.0.0.1:9/x",
    ],
)
def test_secrets_in_paths_and_hosts_are_masked_too(secret: str) -> None:
    from dkbm.notifications.channels import masked

    assert "SECRET" not in masked(secret)


def test_refusing_channel_retries_with_backoff_then_dead_letter_then_retry_command(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKBM_NOW", (T0 + timedelta(minutes=30)).isoformat())
    port = free_port()  # nothing listens here yet: connections are refused
    net = make_network(voting=1, others=0)
    network.set_actor_channel(
        actor_id=net.actors[0], url=f"json://127.0.0.1:{port}/hook", remove=False, by=BY, now=T0
    )
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    policy = Policy(max_attempts=3, backoff_seconds=60, lease_seconds=300)
    assert send_batch(T0, policy=policy).failed == 1
    assert send_batch(T0 + timedelta(seconds=59), policy=policy).failed == 0  # still backing off
    assert send_batch(T0 + timedelta(seconds=61), policy=policy).failed == 1  # 2nd attempt
    assert (
        send_batch(T0 + timedelta(seconds=61 + 119), policy=policy).failed == 0
    )  # backoff doubled
    last = send_batch(T0 + timedelta(seconds=61 + 121), policy=policy)
    assert (last.failed, last.dead) == (1, 1)
    (dead,) = queries.outbox(("dead",))
    assert dead["versuche"] == 3 and "127.0.0.1" in dead["fehler"]
    assert main(["nachrichten", "fehler", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == dead["id"]
    sink = HttpSink(port=port).start()
    try:
        assert main(["nachrichten", "wiederholen"]) == 0
        assert drain(T0 + timedelta(hours=1)).sent == 1
        assert drain(T0 + timedelta(hours=2)).sent == 0
    finally:
        sink.stop()
    assert len(sink.requests) == 1
    assert queries.outbox(("dead", "pending")) == []


def test_writing_the_same_message_twice_queues_it_once(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    cycle_id, _ = consultation()
    with session() as s:
        rows = repo.outbox(s, cycle_id)
        again = [
            {
                k: getattr(r, k)
                for k in (
                    "key",
                    "kind",
                    "cycle_id",
                    "recipient_id",
                    "payload",
                    "created_at",
                    "due_at",
                    "status",
                    "attempts",
                    "message_id",
                    "deadline_id",
                )
            }
            for r in rows
        ]
    with session() as s:
        repo.enqueue(s, again)
    assert drain(T0).sent == 3
    assert len(smtp_sink.mails) == 3


def test_daily_digest_bundles_everything_for_one_actor(
    sqlite_url: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKBM_NOW", T0.isoformat())
    net = make_network(voting=2, others=0)
    network.set_delivery(actor_id=net.actors[0], mode="taeglich", by=BY, now=T0)
    for title in ("Bildung 2030", "Ganztag"):  # two consultations on the same day
        c = cycles.start(title=title, board_id=net.board, by=BY, now=T0)
        cycles.set_vision(c.id, "V", by=BY, now=T0)
        cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    drain(T0)
    assert smtp_sink.to("a0@example.org") == [] and len(smtp_sink.to("a1@example.org")) == 2
    assert main(["nachrichten", "zusammenfassen"]) == 0
    drain(T0)
    (digest,) = smtp_sink.to("a0@example.org")
    assert (
        digest["Subject"].startswith("Ihre Übersicht vom") and "2 Nachrichten" in digest["Subject"]
    )
    text = digest.get_body(("plain",)).get_content()
    assert "„Bildung 2030“" in text and "„Ganztag“" in text
    assert main(["nachrichten", "zusammenfassen"]) == 0
    assert drain(T0).sent == 0


def test_channels_are_listed_masked_and_removed_by_number(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    net = make_network(voting=1, others=0)
    actor = str(net.actors[0])
    assert main(["akteur", "kanal", actor, "json://bot:topsecret@127.0.0.1:9/hook"]) == 0
    assert main(["akteur", "kanal", actor, "ntfy://ntfy.example/bildung"]) == 0
    capsys.readouterr()
    assert main(["akteur", "show", actor, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["kanaele"]
    assert [c.split("#")[0] for c in shown] == ["json://127.0.0.1/…", "ntfy://ntfy.example/…"]
    assert main(["akteur", "kanal", actor, "json://nie@127.0.0.1:9/x", "--entfernen"]) == 1
    assert "Kanal" in capsys.readouterr().err
    assert main(["akteur", "kanal", actor, "1", "--entfernen"]) == 0
    assert main(["akteur", "show", actor]) == 0
    out = capsys.readouterr().out
    assert "1) ntfy://ntfy.example/…#" in out and "topsecret" not in out and "bildung" not in out


def test_retrying_an_unknown_dead_letter_is_an_error(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make_network(voting=1, others=0)
    assert main(["nachrichten", "wiederholen", "999"]) == 1
    assert "Unzustellbare Nachricht 999 nicht gefunden" in capsys.readouterr().err
    assert main(["nachrichten", "senden", "--stapel", "0"]) == 2


def test_a_reminder_for_a_passed_deadline_is_not_sent(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    from dkbm import deadlines

    cycle_id, _ = consultation(voting=1, others=0)
    drain(T0)
    deadlines.sweep(DEADLINE - timedelta(days=2))  # queues the T-2 reminder, not yet sent
    assert [o["art"] for o in queries.outbox(("pending",))] == ["erinnerung"]
    assert drain(DEADLINE + timedelta(hours=1)).sent == 0
    assert queries.outbox(("pending",)) == []
    assert len(smtp_sink.mails) == 1  # the invitation only


def test_a_channel_that_took_the_message_does_not_get_it_again_on_retry(
    db_url: str, http_sink: HttpSink
) -> None:
    port = free_port()  # the second channel refuses at first
    net = make_network(voting=1, others=0)
    for url in (http_sink.url, f"json://127.0.0.1:{port}/late"):
        network.set_actor_channel(actor_id=net.actors[0], url=url, remove=False, by=BY, now=T0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    assert send_batch(T0).failed == 1
    assert len(http_sink.requests) == 1
    late = HttpSink(port=port).start()
    try:
        assert send_batch(T0 + timedelta(hours=1)).sent == 1
    finally:
        late.stop()
    assert len(http_sink.requests) == 1 and len(late.requests) == 1
    assert [m["kanal"] for m in queries.messages(c.id)] == ["json", "json"]
