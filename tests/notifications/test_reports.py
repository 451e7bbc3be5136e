"""Honest reports from the sender: the SMTP server's own reply in the stored error (never the
channel URL), and the message log's time is when each message went out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from dkbm import cycles
from dkbm.notifications.sender import send_batch
from dkbm.store.db import engine
from dkbm.store.mapping import aware
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import SmtpSink, free_port


class Refusing:
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "550 5.1.1 Mailbox unavailable"


@pytest.fixture
def refusing_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    url = f"mailto://127.0.0.1:{port}?from=bildungsbuero@kreis.example"
    monkeypatch.setenv("DKBM_MAIL_URL", url)
    yield url
    controller.stop()


def invite(invitees: int) -> None:
    net = make_network(voting=invitees, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))


def test_a_refusal_keeps_the_servers_reply_code_and_text_but_not_the_url(
    db_url: str, refusing_url: str
) -> None:
    invite(1)
    report = send_batch(T0, 10)
    assert report.failed == 1
    with engine(db_url).connect() as conn:
        error = conn.execute(text("SELECT last_error FROM outbox")).scalar()
    assert "(SMTP 550 5.1.1 Mailbox unavailable): cause_refused" in error
    assert refusing_url not in error and "from=" not in error


def test_the_message_log_has_the_moment_each_message_went_out(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    smtp_sink.delay = 0.3
    invite(3)
    assert send_batch(T0, 10).sent == 3
    with engine(db_url).connect() as conn:
        logged = conn.execute(text("SELECT at FROM message_log ORDER BY id")).scalars().all()
        sent = conn.execute(text("SELECT sent_at FROM outbox ORDER BY id")).scalars().all()
    moments = [_moment(m) for m in logged]
    assert T0 <= moments[0] < moments[1] < moments[2]  # not the batch's start, thrice
    assert [_moment(s) for s in sent] == moments


def _moment(value: datetime | str) -> datetime:
    return aware(datetime.fromisoformat(value) if isinstance(value, str) else value)
