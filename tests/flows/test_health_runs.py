"""What monitoring sees of runs and workers (issue 24): `dkbm health` against a Prefect server
of its own and `dkbm serve` as the process that runs the deployments.

Runs fail for real (a `dkbm serve` pointed at an unreachable database), a worker process is
SIGKILLed and stops heartbeating, and a `dkbm serve` is SIGKILLed while its `versand` run
sends, as a machine dies: the run is marked Crashed within two minutes, with the heartbeat
defaults `dkbm serve` sets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from dkbm.flows import server as local
from dkbm.flows.health import DEPLOYMENTS, run_message
from tests.factories import make_municipality
from tests.flows.conftest import api_call, prefect_env
from tests.flows.site import signal_unit
from tests.flows.test_moderation import RECONCILE, Serve
from tests.flows.test_operations import invite
from tests.peers import SmtpSink, free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Geheim-7Zq"
# Settings of the test's own environment that would hide the defaults under test.
NOT_INHERITED = (
    "DKBM_NOW",
    "DKBM_LANG",
    "DKBM_STALE_RUN_SECONDS",
    "PREFECT_FLOWS_HEARTBEAT_FREQUENCY",
    "PREFECT_RUNNER_HEARTBEAT_FREQUENCY",
)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return {**env, **extra}


@contextmanager
def own_server(home: Path, **extra: str) -> Iterator[dict[str, str]]:
    """A Prefect server on SQLite for this module alone: what its tests leave behind (failed
    runs, pools) is no other test's business."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **prefect_env(home, api),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        "PREFECT_SERVER_UI_ENABLED": "false",
        **extra,
    }
    with open(home / "server.log", "w") as log:
        server = local.start(port, env, log, timeout=90)
        if server is None:
            pytest.fail(
                f"Prefect server did not start: {(home / 'server.log').read_text()[-2000:]}"
            )
        try:
            yield prefect_env(home, api)
        finally:
            local.stop(server)


@pytest.fixture(scope="module")
def failing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A Prefect server without a scheduler (every run is one a test starts) and a `dkbm serve`
    whose database is unreachable: every run it starts fails."""
    home = tmp_path_factory.mktemp("prefect-failing")
    with own_server(home, PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false") as server:
        database = f"postgresql+psycopg://dkbm:{SECRET}@127.0.0.1:{free_port()}/dkbm"
        env = clean_env(**server, DKBM_DATABASE_URL=database, PREFECT_RUNNER_POLL_FREQUENCY="1")
        serve = Serve(env, home / "serve.log").start()
        try:
            yield server
        finally:
            serve.stop()


def api(server: dict[str, str], method: str, path: str, body: Any = None) -> Any:
    return api_call(method, f"{server['PREFECT_API_URL']}{path}", json=body)


def start_run(server: dict[str, str], deployment: str, **body: Any) -> str:
    found = api(server, "GET", f"/deployments/name/{deployment}/{deployment}")
    return api(server, "POST", f"/deployments/{found['id']}/create_flow_run", body)["id"]


def run_state(server: dict[str, str], run_id: str) -> str:
    return api(server, "GET", f"/flow_runs/{run_id}")["state_type"]


def wait_for(what: str, check: Callable[[], Any], timeout: float) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if found := check():
            return found
        time.sleep(0.5)
    raise AssertionError(f"not within {timeout} s: {what}")


def health(server: dict[str, str], database: str, *args: str) -> tuple[int, str]:
    """`dkbm health` as monitoring calls it: a process of its own."""
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "dkbm", "health", *args],
        cwd=ROOT,
        env=clean_env(**server, DKBM_DATABASE_URL=database),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode in (0, 1, 2), out.stderr[-2000:]
    return out.returncode, out.stdout


def checks(stdout: str) -> dict[str, dict[str, str]]:
    return {c["name"]: c for c in json.loads(stdout)["pruefungen"]}


def test_a_deployment_whose_runs_fail_warns_then_turns_critical(
    failing: dict[str, str], sqlite_url: str
) -> None:
    first = start_run(failing, "versand")
    wait_for("the first run to fail", lambda: run_state(failing, first) == "FAILED", 90)
    code, out = health(failing, sqlite_url)
    line = next(x for x in out.splitlines() if x.startswith("  [WARNING] versand: "))
    assert code == 1, out
    assert "letzter Lauf 'versand " in line and "fehlgeschlagen (Failed)" in line
    assert "Datenbank nicht erreichbar: postgresql+psycopg://dkbm:***@127.0.0.1" in line
    assert SECRET not in out
    assert "versand: letzter Lauf" in out.splitlines()[0]  # the summary names it too

    for _ in range(2):
        run = start_run(failing, "versand")
        wait_for("a run to fail", lambda r=run: run_state(failing, r) == "FAILED", 90)
    code, out = health(failing, sqlite_url)
    assert code == 2, out
    assert "[CRITICAL] versand: 3 Läufe in Folge fehlgeschlagen, zuletzt 'versand " in out
    assert out.startswith("DKBM CRITICAL - ") and SECRET not in out
    code, out = health(failing, sqlite_url, "--kritisch-nach", "4", "--json")
    assert checks(out)["versand"]["status"] == "WARNING"
    code, out = health(failing, sqlite_url, "--lang", "en")
    assert "[CRITICAL] versand: 3 runs in a row failed, the last 'versand " in out, out
    assert "failed: DatabaseError: " in out  # the run's own message is the run's language


def test_json_carries_every_check_with_its_state(failing: dict[str, str], sqlite_url: str) -> None:
    code, out = health(failing, sqlite_url, "--json")
    doc = json.loads(out)
    assert (
        doc["status"] in ("OK", "WARNING", "CRITICAL")
        and code == {"OK": 0, "WARNING": 1, "CRITICAL": 2}[doc["status"]]
    )
    names = [c["name"] for c in doc["pruefungen"]]
    assert names == [
        "datenbank",
        "postausgang",
        "dead_letters",
        "mailweg",
        "prefect",
        "worker",
        *DEPLOYMENTS,
    ]
    for check in doc["pruefungen"]:
        assert set(check) == {"name", "status", "detail"}
        assert check["status"] in ("OK", "WARNING", "CRITICAL") and check["detail"]
    assert checks(out)["abgleich"] == {
        "name": "abgleich",
        "status": "OK",
        "detail": "keine fehlgeschlagenen oder hängenden Läufe",
    }
    english = checks(health(failing, sqlite_url, "--lang", "en", "--json")[1])
    assert english["abgleich"]["detail"] == "no failed or stuck runs"
    assert english["moderation"]["detail"] == "none waiting longer than 14 days"


def test_a_run_running_longer_than_its_deployment_allows_warns(
    failing: dict[str, str], sqlite_url: str
) -> None:
    """The record a hung process leaves: Running, with heartbeats or without."""
    stuck = start_run(failing, "abgleich", name="abgleich hängt", state={"type": "RUNNING"})
    try:
        time.sleep(2)
        assert checks(health(failing, sqlite_url, "--json")[1])["abgleich"]["status"] == "OK"
        code, out = health(failing, sqlite_url, "--laufzeit", "abgleich=0,01")
        assert "[WARNING] abgleich: Lauf 'abgleich hängt' läuft seit " in out, out
        assert "(erwartet höchstens 1 s)" in out
        code, out = health(failing, sqlite_url, "--lang", "en", "--laufzeit", "abgleich=0.01")
        assert "[WARNING] abgleich: run 'abgleich hängt' has been running for " in out, out
        code, out = health(failing, sqlite_url, "--laufzeit", "abgelich=5")
        assert code == 2 and not out
    finally:
        api(
            failing,
            "POST",
            f"/flow_runs/{stuck}/set_state",
            {"state": {"type": "CANCELLED"}, "force": True},
        )


def test_a_run_whose_process_vanished_is_reported_crashed(
    failing: dict[str, str], sqlite_url: str
) -> None:
    """`abgleich` marks a Running run without heartbeats Crashed; health names it."""
    gone = start_run(
        failing, "erinnerungen", name="erinnerungen verschwunden", state={"type": "RUNNING"}
    )
    time.sleep(2)
    env = clean_env(**failing, DKBM_DATABASE_URL=sqlite_url, DKBM_STALE_RUN_SECONDS="1")
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", RECONCILE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "erinnerungen verschwunden" in json.loads(out.stdout.strip().splitlines()[-1])["crashed"]
    assert run_state(failing, gone) == "CRASHED"
    found = checks(health(failing, sqlite_url, "--json")[1])["erinnerungen"]
    assert found["status"] == "WARNING"
    assert found["detail"].startswith(
        "letzter Lauf 'erinnerungen verschwunden' abgestürzt (Crashed): Prozess verschwunden: "
        "kein Lebenszeichen (Heartbeat) seit 1 s"
    )


def test_a_worker_that_stopped_heartbeating_is_not_online(
    failing: dict[str, str], sqlite_url: str, tmp_path: Path
) -> None:
    pool = f"health-{uuid.uuid4().hex[:8]}"
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "worker",
                "start",
                "--pool",
                pool,
                "--type",
                "process",
                "--name",
                "w-eins",
            ],
            env=clean_env(**failing, PREFECT_WORKER_HEARTBEAT_SECONDS="2"),
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        worker_check = lambda: checks(health(failing, sqlite_url, "--json")[1])["worker"]  # noqa: E731
        wait_for("the worker online", lambda: worker_check()["detail"] == "1 Worker online", 60)
        signal_unit(worker, signal.SIGKILL)
        worker.wait()
        killed = time.monotonic()
        silent = wait_for(
            "the worker offline", lambda: (c := worker_check())["status"] == "CRITICAL" and c, 30
        )
        assert (
            time.monotonic() - killed < 15
        )  # two intervals of 2 s, and Prefect's own 3 not needed
        assert silent["detail"].startswith(f"kein Worker online im Work-Pool {pool}; ")
        assert "ohne Heartbeat seit zwei Intervallen: w-eins (letzter vor " in silent["detail"]
    finally:
        if worker.poll() is None:
            signal_unit(worker, signal.SIGKILL)
        httpx.delete(f"{failing['PREFECT_API_URL']}/work_pools/{pool}", timeout=10)


def test_a_run_killed_with_its_serve_is_crashed_within_two_minutes(
    tmp_path: Path, sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    """`dkbm serve` and the `versand` run it started are SIGKILLed mid-send, as when the machine
    dies; systemd starts `dkbm serve` again. With the heartbeat defaults `dkbm serve` sets (none
    of the test's own), the next `abgleich` runs on schedule mark the run Crashed within 2 min."""
    smtp_sink.delay = 0.5
    now = datetime.now(UTC)
    make_municipality(now)
    invite(60, "Kreis")  # 60 invitations: half a minute of sending
    with own_server(tmp_path, PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5") as server:
        env = clean_env(**server, DKBM_DATABASE_URL=sqlite_url, DKBM_MAIL_URL=smtp_sink.url)
        serve = Serve(env, tmp_path / "serve.log").start()
        again = None
        try:

            def sending() -> str | None:
                runs = api(
                    server,
                    "POST",
                    "/flow_runs/filter",
                    {
                        "flows": {"name": {"any_": ["versand"]}},
                        "flow_runs": {"state": {"type": {"any_": ["RUNNING"]}}},
                    },
                )
                return runs[0]["id"] if runs and len(smtp_sink.mails) >= 2 else None

            run = wait_for("a scheduled versand run sending", sending, 180)
            code, out = health(server, sqlite_url, "--laufzeit", "versand=0,001")
            assert "[WARNING] versand: Lauf 'versand " in out and " läuft seit " in out, out

            assert serve.process is not None
            signal_unit(serve.process, signal.SIGKILL)
            serve.process.wait()
            killed = time.monotonic()
            assert run_state(server, run) == "RUNNING"  # nobody is left to say otherwise
            again = Serve(env, tmp_path / "serve.log").start()
            wait_for("the killed run Crashed", lambda: run_state(server, run) == "CRASHED", 150)
            assert time.monotonic() - killed <= 120, tmp_path.joinpath("serve.log").read_text()[
                -3000:
            ]
            message = api(server, "GET", f"/flow_runs/{run}")["state"]["message"]
            assert message == "Prozess verschwunden: kein Lebenszeichen (Heartbeat) seit 45 s"
        finally:
            for s in (serve, again):
                if s is not None and s.process is not None and s.process.poll() is None:
                    signal_unit(s.process, signal.SIGKILL)
                    s.process.wait()


def test_a_run_message_is_one_line_without_secrets() -> None:
    message = (
        "Flow run encountered an exception: OperationalError: "
        f"postgresql+psycopg://dkbm:{SECRET}@db.kreis.example:5432/dkbm refused; "
        f"channel mailtos://bildungsbuero:{SECRET}@smtp.kreis.example?from=a@b.example, "
        f"slack://T1JJ3T3L2/{SECRET}/B1JJ3T3L2 and host=db password={SECRET} dbname=dkbm\n"
        "Traceback (most recent call last): …"
    )
    shown = run_message(message)
    assert SECRET not in shown and "\n" not in shown
    assert shown.startswith(
        "OperationalError: postgresql+psycopg://dkbm:***@db.kreis.example:5432/dkbm"
    )
    assert "mailtos://smtp.kreis.example/…#" in shown and "slack://…/…#" in shown
    assert "password=***" in shown
    assert len(run_message("x" * 1000)) == 300


def python(code: str, **env: str) -> str:
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


SHORT = (
    "import os; from dkbm.flows.reconcile import use_short_heartbeats; use_short_heartbeats(); "
    "print(os.environ.get('PREFECT_FLOWS_HEARTBEAT_FREQUENCY'))"
)
WINDOW = "from dkbm.flows.reconcile import stale_after; print(stale_after())"


def test_serve_gives_its_runs_30_s_heartbeats_and_abgleich_a_window_to_match() -> None:
    """What `dkbm serve` passes to the runs it starts, and how long `abgleich` in such a run
    waits for a heartbeat: one and a half intervals. An interval the operator chose (also
    under Prefect's older name) stays, and the window follows it."""
    assert python(SHORT) == "30"
    assert python(WINDOW, PREFECT_FLOWS_HEARTBEAT_FREQUENCY="30") == "45.0"
    assert python(SHORT, PREFECT_FLOWS_HEARTBEAT_FREQUENCY="60") == "60"
    assert python(SHORT, PREFECT_RUNNER_HEARTBEAT_FREQUENCY="120") == "None"
    assert python(WINDOW, PREFECT_RUNNER_HEARTBEAT_FREQUENCY="120") == "180.0"
    assert python(WINDOW, DKBM_STALE_RUN_SECONDS="70") == "70.0"
