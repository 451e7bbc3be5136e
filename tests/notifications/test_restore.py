"""Backup and restore with the runbook (deploy/runbook.sh backup / restore): after a restore
the outbox neither sends again what was sent before the dump nor drops what was pending."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from dkbm import cycles
from dkbm.notifications.sender import drain, send_batch
from dkbm.store.db import engine
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.flows.site import drop_databases, runbook
from tests.peers import SmtpSink


def test_a_restored_outbox_sends_what_was_pending_and_nothing_twice(
    pg_url: str, smtp_sink: SmtpSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = make_network(voting=6, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))
    assert send_batch(T0, batch_size=2).sent == 2  # two sent before the backup, four pending
    sent_before = {m["Message-ID"] for _, m in smtp_sink.mails}

    suffix = uuid.uuid4().hex[:10]
    prefect_db, restored = f"prefect_bk_{suffix}", f"dkbm_restored_{suffix}"
    runbook("databases", DKBM_DB_NAME=pg_url.rsplit("/", 1)[1], PREFECT_DB_NAME=prefect_db)
    try:
        dumps = runbook(
            "backup",
            str(tmp_path),
            DKBM_DB_NAME=pg_url.rsplit("/", 1)[1],
            PREFECT_DB_NAME=prefect_db,
        ).stdout.split()
        runbook("restore", dumps[0], restored)
        url = pg_url.rsplit("/", 1)[0] + f"/{restored}"
        monkeypatch.setenv("DKBM_DATABASE_URL", url)
        smtp_sink.mails.clear()

        assert drain(T0 + timedelta(minutes=1)).sent == 4
        after = [m["Message-ID"] for _, m in smtp_sink.mails]
        assert len(after) == len(set(after)) == 4 and not set(after) & sent_before
        with engine(url).connect() as conn:
            statuses = conn.execute(text("SELECT status FROM outbox")).scalars().all()
            logged = conn.execute(text("SELECT count(*) FROM message_log")).scalar()
        assert statuses == ["sent"] * 6 and logged == 6
        engine(url).dispose()
    finally:
        drop_databases(prefect_db, restored)
