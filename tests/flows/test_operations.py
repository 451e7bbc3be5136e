"""The scale-out runbook as an operator runs it (deploy/runbook.sh, step by step): PostgreSQL
databases, a Prefect server on PostgreSQL, `dkbm init`, work pool, `prefect deploy`, two process
workers in a directory that is not the project's, an SMTP server. Then what goes wrong in
operation: a worker and its flow run killed, a worker stopped with SIGTERM mid-send, the
database down, an old backlog, old flow runs piling up.

One Prefect server for all of it (a server costs ~15 s): one test, in phases."""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import text

from dkbm import cycles, network
from dkbm.store.db import engine
from tests.flows.site import ROOT, Site, descendants, drop_databases, new_site, signal_unit
from tests.peers import SmtpSink, free_port

BY = "runbook-test"
INVITEES = 24
# Short windows for a test; production keeps the defaults (180 s heartbeats, 9 min, 5 min).
HEARTBEAT, STALE, LEASE = 30, 40, 10


@pytest.fixture
def slow_sink(smtp_sink: SmtpSink) -> SmtpSink:
    """An SMTP server that takes 0.15 s per mail: a versand run is still sending when killed.
    A client that vanishes before the server's "250" leaves no mail (aiosmtpd drops it)."""
    smtp_sink.delay = 0.15
    return smtp_sink


@pytest.fixture
def site(tmp_path: Path, slow_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    s = new_site(
        tmp_path,
        slow_sink.url,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY=str(HEARTBEAT),
        DKBM_STALE_RUN_SECONDS=str(STALE),
        DKBM_SEND_LEASE_SECONDS=str(LEASE),
        PREFECT_WORKER_QUERY_SECONDS="1",
        PREFECT_LOGGING_LEVEL="INFO",
        DKBM_LOG_FORMAT="json",
        PREFECT_WORKER_HEARTBEAT_SECONDS="5",
        # The test starts every run itself; the vacuum looks for old runs every 2 s.
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",
        PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS="2",
    )
    monkeypatch.setenv("DKBM_DATABASE_URL", s.settings["DKBM_DATABASE_URL"])
    try:
        yield s
    finally:
        s.stop()
        engine(s.settings["DKBM_DATABASE_URL"]).dispose()
        drop_databases(s.settings["DKBM_DB_NAME"], s.settings["PREFECT_DB_NAME"])


def invite(count: int, title: str) -> None:
    """A Beteiligung with *count* invitees: *count* invitations due now."""
    now = datetime.now(UTC)
    ids = [
        network.add_actor(
            name=f"{title} {i}",
            organisation="O",
            email=f"{title.lower()}{i}@example.org",
            sector="verwaltung",
            areas=[],
            consent=False,
            lang="de",
            by=BY,
            now=now,
        ).id
        for i in range(count)
    ]
    board = network.add_board(name=title, kind="gremium", quorum_percent=50, by=BY, now=now)
    network.set_member(board_id=board.id, actor_ids=ids, role="mitglied", by=BY, now=now)
    c = cycles.start(title=title, board_id=board.id, by=BY, now=now)
    cycles.set_vision(c.id, "Bildung", by=BY, now=now)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=now, deadline=now + timedelta(days=30))


def outbox_ids(url: str) -> set[str]:
    with engine(url).connect() as conn:
        return {row[0] for row in conn.execute(text("SELECT message_id FROM outbox"))}


def wait_until(condition, timeout: float, what: str) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout} s: {what}")


def health(site: Site, **extra: str) -> tuple[int, dict]:
    out = site.run("health", "--json", **extra)
    return out.returncode, json.loads(out.stdout)


def checks(doc: dict) -> dict[str, str]:
    return {c["name"]: c["status"] for c in doc["pruefungen"]}


def artifact(site: Site, run_id: str, key: str) -> str:
    found = httpx.post(
        f"{site.api}/artifacts/filter",
        json={"artifacts": {"key": {"any_": [key]}, "flow_run_id": {"any_": [run_id]}}},
        timeout=10,
    ).json()
    assert len(found) == 1, found
    return found[0]["data"]


def killing_mid_send(site: Site, sink: SmtpSink, signum: int, already: int) -> tuple[str, int]:
    """Start a versand run, and once it has sent a few mails signal its worker and the run's
    process. Returns the run and the worker's pid."""
    run_id = site.create_run("versand")
    wait_until(lambda: len(sink.mails) >= already + 5, 60, "versand sends")
    pid = int(site.flow_run(run_id)["infrastructure_pid"])
    worker = next(w for w in site.processes.values() if pid in descendants(w.pid))
    if signum == signal.SIGTERM:  # systemctl stop: ExecStop, then SIGTERM to what is left
        site.step("stop-worker", str(worker.pid), timeout=60)
    signal_unit(worker, signum)
    return run_id, worker.pid


def test_runbook_scale_out_survives_kills_and_stops_and_is_watched(
    site: Site, slow_sink: SmtpSink, tmp_path: Path
) -> None:
    url = site.settings["DKBM_DATABASE_URL"]
    # The runbook, in its order. Workers run elsewhere than the project: the deployments
    # import the installed package, no path of the deploying machine is baked in.
    site.step("databases")
    site.start("server", "server")
    site.step("wait-server", "120")
    for step in ("init", "pool", "deploy"):
        site.step(step)
    elsewhere = tmp_path / "worker-cwd"
    elsewhere.mkdir()
    workers = [site.start(f"worker-{i}", "worker", str(i), cwd=elsewhere) for i in (1, 2)]
    deployment = httpx.get(f"{site.api}/deployments/name/versand/versand", timeout=10).json()
    assert str(ROOT) not in json.dumps(deployment) and not deployment["pull_steps"]
    deployed = site.run("health", "--json")  # pool, deployments, schema, no runs yet
    assert checks(json.loads(deployed.stdout))["datenbank"] == "OK", deployed.stdout

    invite(INVITEES, "Erste")
    sweep = site.run_flow("erinnerungen")
    assert sweep["state_type"] == "COMPLETED", site.log("worker-1") + site.log("worker-2")
    assert "| Fristen geprüft |" in artifact(site, sweep["id"], "dkbm-erinnerungen")

    # SIGKILL of a worker and of the flow run it runs, mid-send.
    killed, worker_pid = killing_mid_send(site, slow_sink, signal.SIGKILL, 0)
    killed_at = time.monotonic()
    survivor = next(w for w in workers if w.pid != worker_pid)

    # Meanwhile: what monitoring sees. The database down: CRITICAL.
    down = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/dkbm"
    code, doc = health(site, DKBM_DATABASE_URL=down)
    assert code == 2 and checks(doc)["datenbank"] == "CRITICAL", doc
    # The rest of the killed run's batch waits; seen 20 minutes later it is an old backlog.
    later = (datetime.now(UTC) + timedelta(minutes=20)).isoformat()
    code, doc = health(site, DKBM_NOW=later)
    assert code == 1 and checks(doc)["postausgang"] == "WARNING", doc

    # abgleich (every minute in production) marks the killed run Crashed once its
    # heartbeats stopped for DKBM_STALE_RUN_SECONDS.
    def crashed() -> bool:
        site.run_flow("abgleich")
        return site.flow_run(killed)["state_type"] == "CRASHED"

    time.sleep(max(0.0, killed_at + STALE - time.monotonic()))  # no abgleich can tell before
    wait_until(crashed, HEARTBEAT + 60, "the killed run is marked Crashed")
    assert time.monotonic() - killed_at <= STALE + HEARTBEAT + 60
    # Its claimed rows went back to the next sender with the lease.
    resumed = site.run_flow("versand")
    assert resumed["state_type"] == "COMPLETED", resumed["state"]
    ids = Counter(m["Message-ID"] for _, m in slow_sink.mails)
    assert set(ids) == outbox_ids(url) and len(ids) == INVITEES
    # Only the message in flight at the kill may have gone out twice, with its Message-ID.
    assert len(slow_sink.mails) <= INVITEES + 1

    # SIGTERM (systemctl stop) of the other worker mid-send: it finishes the message in hand,
    # hands the rest back, its run completes and the worker exits within a bounded time.
    invite(INVITEES, "Zweite")
    before = len(slow_sink.mails)
    stopped, _ = killing_mid_send(site, slow_sink, signal.SIGTERM, before)
    wait_until(lambda: survivor.poll() is not None, 30, "the worker exits after SIGTERM")
    ended = site.flow_run(stopped)
    assert ended["state_type"] == "COMPLETED", ended["state"]
    report = artifact(site, stopped, "dkbm-versand")
    assert f"| Gesendet in diesem Lauf | {len(slow_sink.mails) - before} |" in report
    assert "| Vorzeitig beendet |" in report
    queued = len(outbox_ids(url)) - INVITEES  # invitations go to every Akteur
    assert 0 < len(slow_sink.mails) - before < queued
    site.start("worker-3", "worker", "3", cwd=elsewhere)
    rest = site.run_flow("versand")  # at once: no lease to wait for
    assert rest["state_type"] == "COMPLETED", rest["state"]
    ids = Counter(m["Message-ID"] for _, m in slow_sink.mails)
    assert set(ids) == outbox_ids(url)
    assert len(slow_sink.mails) - before == queued  # exactly once across SIGTERM

    # The workers wrote their logs and their runs' logs as JSON lines (DKBM_LOG_FORMAT=json).
    lines = [json.loads(x) for x in site.log("worker-3").splitlines() if x.startswith("{")]
    assert any(x.get("flow_run_name", "").startswith("versand") for x in lines)

    # Everything delivered, runs fresh, a worker online: OK.
    code, doc = health(site)
    assert code == 0 and doc["status"] == "OK", doc

    # Retention: finished runs older than the configured age are deleted by the server.
    with psycopg.connect(
        f"host=127.0.0.1 port=5432 user=postgres dbname={site.settings['PREFECT_DB_NAME']}",
        autocommit=True,
    ) as conn:
        conn.execute(
            "UPDATE flow_run SET end_time = end_time - interval '15 days' WHERE id = %s",
            (resumed["id"],),
        )
    wait_until(lambda: "id" not in site.flow_run(resumed["id"]), 60, "the old run is cleaned up")
    assert site.flow_run(rest["id"])["state_type"] == "COMPLETED"  # a young one stays

    # Backup: a dump of each database.
    dumps = site.step("backup", str(tmp_path / "backup")).stdout.split()
    assert [Path(d).name.split("-")[0] for d in dumps] == ["dkbm", "prefect"]
    assert all(Path(d).stat().st_size > 0 for d in dumps)
    assert all(Path(d).stat().st_mode & 0o077 == 0 for d in dumps)  # personal data
    # a Prefect dump is taken by restore as it is (Prefect migrates it when it starts)
    copy = site.settings["PREFECT_DB_NAME"] + "_kopie"
    try:
        site.step("restore", dumps[1], copy)
    finally:
        drop_databases(copy)
