"""Backup and restore with the runbook (deploy/runbook.sh backup / restore): after a restore
the outbox neither sends again what was sent before the dump nor drops what was pending."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
from tests.flows.site import drop_databases, runbook, runbook_result
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


def _exists(database: str) -> bool:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres") as conn:
        return bool(
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        )


def test_dumps_are_the_service_users_alone_and_restore_refuses_what_it_cannot_use(
    pg_url: str, tmp_path: Path
) -> None:
    """Backups hold personal data (0600 whatever the umask); a restore takes a dkbm dump of
    a schema this version knows, or a Prefect dump, and refuses anything else in one line,
    before a database is created."""
    make_network(voting=1, others=0)
    suffix = uuid.uuid4().hex[:10]
    prefect_db, restored = f"prefect_bk_{suffix}", f"dkbm_restored_{suffix}"
    runbook("databases", DKBM_DB_NAME=pg_url.rsplit("/", 1)[1], PREFECT_DB_NAME=prefect_db)
    try:
        dkbm_dump, prefect_dump = runbook(
            "backup",
            str(tmp_path / "neu"),
            DKBM_DB_NAME=pg_url.rsplit("/", 1)[1],
            PREFECT_DB_NAME=prefect_db,
        ).stdout.split()
        for path in (dkbm_dump, prefect_dump, str(tmp_path / "neu")):
            assert os.stat(path).st_mode & 0o077 == 0, path

        not_a_dump = tmp_path / "notizen.txt"
        not_a_dump.write_text("keine Sicherung\n")
        with engine(pg_url).begin() as conn:  # a dump of a newer dkbm
            kept = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        try:
            newer = runbook(
                "backup",
                str(tmp_path / "neuer"),
                DKBM_DB_NAME=pg_url.rsplit("/", 1)[1],
                PREFECT_DB_NAME=prefect_db,
            ).stdout.split()[0]
        finally:  # the worker's database serves the tests after this one
            with engine(pg_url).begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": kept})
            engine(pg_url).dispose()
        for dump, said in (
            (str(not_a_dump), "ist keine Sicherung von pg_dump -Fc"),
            (prefect_dump, "ist weder eine dkbm- noch eine Prefect-Sicherung"),  # empty
            (newer, "hat den Schemastand '9999', den diese dkbm-Version nicht kennt"),
        ):
            out = runbook_result("restore", dump, restored)
            assert out.returncode == 2 and said in out.stderr, out.stderr
            assert out.stderr.count("\n") == 1 and "nichts wiederhergestellt" in out.stderr
            assert not _exists(restored)
        runbook("restore", dkbm_dump, restored)
        assert _exists(restored)
    finally:
        drop_databases(prefect_db, restored)


def test_a_stop_that_does_not_stop_is_a_failure() -> None:
    """A worker that ignores SIGTERM: after the grace period it is killed and the stop
    says so with a non-zero exit code (systemd then records a failed stop)."""
    stubborn = subprocess.Popen(
        [sys.executable, "-c", "import signal, time\n"
         "signal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('bereit', flush=True)\n"
         "time.sleep(600)"],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert stubborn.stdout is not None and stubborn.stdout.readline() == "bereit\n"
        out = runbook_result("stop-worker", str(stubborn.pid), DKBM_STOP_SECONDS="2")
        assert out.returncode == 1 and "mit SIGKILL beendet" in out.stderr, out.stderr
        assert stubborn.wait(timeout=10) == -signal.SIGKILL
    finally:
        stubborn.kill()
