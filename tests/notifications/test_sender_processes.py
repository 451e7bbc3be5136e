"""Senders as real processes: a SIGKILL mid-batch loses nothing, two senders on PostgreSQL
never send a message twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dkbm import cycles, queries
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = datetime(2027, 2, 15, 22, 59, tzinfo=UTC)


def invite_everyone(actors: int) -> list[int]:
    net = make_network(voting=3, others=actors - 3)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    return net.actors


def sender(url: str, sink: SmtpSink, now: datetime, batch: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DKBM_DATABASE_URL": url,
        "DKBM_MAIL_URL": sink.url,
        "DKBM_NOW": now.isoformat(),
        "DKBM_SEND_LEASE_SECONDS": "300",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "dkbm", "nachrichten", "senden", "--stapel", str(batch)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_sender_killed_mid_batch_loses_nothing(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    actors = invite_everyone(30)
    smtp_sink.delay = 0.05
    first = sender(sqlite_url, smtp_sink, T0, batch=10)
    deadline = time.monotonic() + 60
    while len(smtp_sink.mails) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    killed_at = len(smtp_sink.mails)
    assert 5 <= killed_at < 30

    second = sender(sqlite_url, smtp_sink, T0 + timedelta(minutes=10), batch=10)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err

    ids = Counter(mail["Message-ID"] for _, mail in smtp_sink.mails)
    assert len(ids) == 30  # every message arrived
    duplicates = {mid: n for mid, n in ids.items() if n > 1}
    assert sum(n - 1 for n in duplicates.values()) <= 10  # at most the batch in flight
    for mid in duplicates:  # a repeated mail is the same mail
        recipients = {tuple(r) for r, m in smtp_sink.mails if m["Message-ID"] == mid}
        assert len(recipients) == 1
    assert {r[0] for r, _ in smtp_sink.mails} == {f"a{i}@example.org" for i in range(len(actors))}
    assert queries.outbox(("pending", "dead")) == []


def test_two_senders_on_postgresql_never_send_twice(pg_url: str, smtp_sink: SmtpSink) -> None:
    invite_everyone(60)
    smtp_sink.delay = 0.01
    procs = [sender(pg_url, smtp_sink, T0, batch=5) for _ in range(2)]
    counts = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        counts.append(int(out.split("gesendet: ")[1].split(",")[0]))
    assert sum(counts) == 60 and min(counts) > 0  # both worked, neither twice
    ids = Counter(mail["Message-ID"] for _, mail in smtp_sink.mails)
    assert len(ids) == 60 and set(ids.values()) == {1}
    assert len(queries.messages()) == 60


def test_two_digest_runs_at_once_bundle_every_message_exactly_once(pg_url: str) -> None:
    import threading

    from dkbm import network
    from dkbm.notifications.digest import bundle
    from dkbm.store import repository as repo
    from dkbm.store.db import session

    actors = invite_everyone(40)
    for a in actors:
        network.set_delivery(actor_id=a, mode="taeglich", by=BY, now=T0)
    c = cycles.start(title="Zweiter", board_id=1, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        bundle(T0)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    with session() as s:
        rows = repo.outbox(s)
    digests = [r for r in rows if r.kind == "digest"]
    bundled = [i for d in digests for i in d.payload["bundled"]]
    waiting = [r.id for r in rows if r.kind == "beteiligung_einladung" and r.cycle_id == c.id]
    assert sorted(bundled) == sorted(waiting)  # each exactly once
    assert len(digests) == 40
