"""Fair queues: with several Kommunen in one database the sender, the sweep and the digests
serve them round-robin, a batch each, so one Kommune's backlog never holds up another's
mail by more than one batch; each batch runs as its Kommune (its role, its voice)."""

from __future__ import annotations

import signal
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles, deadlines, network
from dkbm.cli import main
from dkbm.notifications.digest import bundle
from dkbm.notifications.sender import drain
from dkbm.store import tenant
from dkbm.store.db import engine
from tests.conftest import T0
from tests.factories import BY, add_kommune, make_municipality
from tests.notifications.test_sender_processes import sender
from tests.peers import SmtpSink

KOELN, MUENCHEN = "05315000", "09162000"
DEADLINE = T0 + timedelta(days=9)


def two_kommunen() -> None:
    make_municipality()
    network.change_municipality(by=BY, now=T0, ags=KOELN)
    add_kommune(MUENCHEN, email="k@muenchen.example")


def consult(ags: str, invitees: int, delivery: str = "sofort") -> int:
    """A Beteiligung of the Kommune *ags* with *invitees* invited: that many mails due."""
    prefix = "koeln" if ags == KOELN else "muenchen"
    with tenant.serving(ags):
        ids = [
            network.add_actor(
                name=f"{prefix} {i}",
                organisation=f"Organisation {prefix}",
                email=f"{prefix}{i}@example.org",
                sector="verwaltung",
                areas=[],
                consent=False,
                lang="de",
                by=BY,
                now=T0,
            ).id
            for i in range(invitees)
        ]
        if delivery != "sofort":
            for actor in ids:
                network.set_delivery(actor_id=actor, mode=delivery, by=BY, now=T0)
        board = network.add_board(name="Lenkung", kind="gremium", quorum_percent=50, by=BY, now=T0)
        network.set_member(board_id=board.id, actor_ids=ids, role="mitglied", by=BY, now=T0)
        c = cycles.start(title=f"Zyklus {prefix}", board_id=board.id, by=BY, now=T0).id
        cycles.set_vision(c, "Bildung", by=BY, now=T0)
        cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    return c


def kommune_of(address: str) -> str:
    return "K" if address.startswith("koeln") else "M"


def test_a_backlog_delays_another_kommunes_mail_by_one_batch_at_most(
    pg_url: str, smtp_sink: SmtpSink
) -> None:
    two_kommunen()
    consult(KOELN, 20)  # queued first: the older backlog (think 50,000)
    consult(MUENCHEN, 10)

    report = drain(T0, batch_size=5)

    assert report.sent == 30 and report.kommunen == [KOELN, MUENCHEN]
    received = "".join(kommune_of(rcpt[0]) for rcpt, _ in smtp_sink.mails)
    # a batch each in turn: München's ten wait for one batch of Köln's, not for all of them
    batches = [received[i : i + 5] for i in range(0, len(received), 5)]
    assert batches == ["KKKKK", "MMMMM", "KKKKK", "MMMMM", "KKKKK", "KKKKK"]
    with engine(pg_url).connect() as conn:
        logged = conn.execute(
            text(
                "SELECT l.recipient, m.ags FROM message_log l "
                "JOIN municipality m ON m.id = l.municipality_id ORDER BY l.id"
            )
        ).all()
    assert "".join(kommune_of(r) for r, _ in logged) == received
    assert {(kommune_of(r), ags) for r, ags in logged} == {("K", KOELN), ("M", MUENCHEN)}
    # each in its Koordination's voice: the Kommune's name closes the mail
    first = {kommune_of(rcpt[0]): m for rcpt, m in reversed(smtp_sink.mails)}
    assert "München" in first["M"].get_body(("plain",)).get_content()
    assert "München" not in first["K"].get_body(("plain",)).get_content()


def test_a_sender_killed_while_serving_kommunen_in_turn_loses_nothing(
    pg_url: str, smtp_sink: SmtpSink
) -> None:
    two_kommunen()
    consult(KOELN, 15)
    consult(MUENCHEN, 15)
    smtp_sink.delay = 0.05
    first = sender(pg_url, smtp_sink, T0, batch=5)
    end = time.monotonic() + 60
    while len(smtp_sink.mails) < 8 and time.monotonic() < end:  # into München's first batch
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert 8 <= len(smtp_sink.mails) < 30

    second = sender(pg_url, smtp_sink, T0 + timedelta(minutes=10), batch=5)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err

    ids = Counter(mail["Message-ID"] for _, mail in smtp_sink.mails)
    assert len(ids) == 30  # every message of both Kommunen arrived
    assert sum(n - 1 for n in ids.values()) <= 5  # at most the batch in flight again
    with engine(pg_url).connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM outbox WHERE status <> 'sent'")).scalar()
        logged = conn.execute(
            text(
                "SELECT l.recipient, m.ags FROM message_log l "
                "JOIN municipality m ON m.id = l.municipality_id"
            )
        ).all()
    assert left == 0
    assert {(kommune_of(r), ags) for r, ags in logged} == {("K", KOELN), ("M", MUENCHEN)}


def test_a_kommune_asked_for_is_served_alone(pg_url: str, smtp_sink: SmtpSink) -> None:
    two_kommunen()
    consult(KOELN, 3)
    consult(MUENCHEN, 2)
    with tenant.serving(MUENCHEN):
        report = drain(T0, batch_size=5)
    assert report.sent == 2 and report.kommunen == []
    assert {kommune_of(rcpt[0]) for rcpt, _ in smtp_sink.mails} == {"M"}


def test_the_sweep_takes_turns_and_each_kommune_gets_its_own_reminders(
    pg_url: str, smtp_sink: SmtpSink
) -> None:
    two_kommunen()
    consult(KOELN, 4)
    consult(MUENCHEN, 3)
    drain(T0, batch_size=50)  # the invitations
    report = deadlines.sweep(DEADLINE - timedelta(days=2), batch_size=1)
    assert report.kommunen == [KOELN, MUENCHEN] and report.queued == 7
    with engine(pg_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT o.payload, m.ags FROM outbox o JOIN municipality m "
                "ON m.id = o.municipality_id WHERE o.kind = 'erinnerung'"
            )
        ).all()
    by_kommune = sorted((p["target"]["type"], ags) for p, ags in rows)
    assert by_kommune == [("actor", KOELN)] * 4 + [("actor", MUENCHEN)] * 3


def test_digests_are_bundled_for_every_kommune_with_rows_waiting(
    pg_url: str, smtp_sink: SmtpSink
) -> None:
    two_kommunen()
    consult(KOELN, 2, delivery="taeglich")
    consult(MUENCHEN, 3, delivery="taeglich")
    assert bundle(T0 + timedelta(days=1)) == 5
    with engine(pg_url).connect() as conn:
        made = conn.execute(
            text(
                "SELECT m.ags, count(*) FROM outbox o JOIN municipality m "
                "ON m.id = o.municipality_id WHERE o.kind = 'digest' GROUP BY m.ags ORDER BY 1"
            )
        ).all()
    assert [tuple(r) for r in made] == [(KOELN, 2), (MUENCHEN, 3)]


def test_the_commands_serve_every_kommune_in_turn_or_the_one_asked_for(
    pg_url: str,
    smtp_sink: SmtpSink,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DKBM_NOW", T0.isoformat())
    two_kommunen()
    consult(KOELN, 2)
    consult(MUENCHEN, 2)
    assert main(["--kommune", MUENCHEN, "nachrichten", "senden"]) == 0
    assert "gesendet: 2" in capsys.readouterr().out
    assert {kommune_of(rcpt[0]) for rcpt, _ in smtp_sink.mails} == {"M"}
    assert main(["nachrichten", "senden"]) == 0
    out = capsys.readouterr().out
    assert "gesendet: 2" in out and f"Kommunen bedient: 1 ({KOELN})" in out
    assert main(["fristen", "pruefen"]) == 0  # nothing due, no Kommune ambiguous
    assert "0 Fristen geprüft" in capsys.readouterr().out
