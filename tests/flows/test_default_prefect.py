"""The documented default on one machine: `dkbm serve` and `dkbm zyklus moderieren` with no
Prefect variable at all (no PREFECT_API_URL, no PREFECT_HOME: a HOME of their own) find
each other on 127.0.0.1:4200, or on DKBM_PREFECT_PORT when 4200 is taken by something
else on the test machine: the one dkbm setting both read. No ephemeral Prefect server, no
run of another database, and a serve whose server died stops by itself, at once."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from dkbm import cycles, queries
from dkbm.flows.server import port_free
from dkbm.flows.shutdown import flow_run_processes
from dkbm.store.settings import database_fingerprint
from tests.conftest import dump
from tests.factories import BY, make_network
from tests.flows.conftest import api_call
from tests.peers import free_port

ROOT = Path(__file__).resolve().parents[2]


def bare_env(home: Path, database: str, port: int | None) -> dict[str, str]:
    """The environment of a coordinator who set nothing about Prefect."""
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.pop("DKBM_NOW", None)
    env.pop("DKBM_PREFECT_PORT", None)
    env.update(HOME=str(home), DKBM_DATABASE_URL=database, DKBM_USER="koordination")
    env["DKBM_LANG"] = "de"
    if port is not None:
        env["DKBM_PREFECT_PORT"] = str(port)
    return env


def dkbm(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_for(what: str, check: Callable[[], Any], timeout: float = 120) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if result := check():
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _cycle(now: datetime) -> int:
    net = make_network(voting=3, others=2, now=now)
    cycle_id = cycles.start(title="Leitbild 2030", board_id=net.board, by=BY, now=now).id
    cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=now)
    return cycle_id


def test_moderieren_without_a_server_says_how_to_start_one(sqlite_url: str, tmp_path: Path) -> None:
    cycle_id = _cycle(datetime.now(UTC))
    before = dump(sqlite_url)
    env = bare_env(tmp_path / "home", sqlite_url, free_port())  # nothing listens there
    started = time.monotonic()
    out = dkbm(env, "zyklus", "moderieren", str(cycle_id), "--frist", "2099-01-31", timeout=60)
    assert out.returncode != 0
    assert time.monotonic() - started < 20, "no ephemeral server is started and waited for"
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    line = lines[0]
    assert f"127.0.0.1:{env['DKBM_PREFECT_PORT']}" in line and "'dkbm serve'" in line, line
    assert not (tmp_path / "home" / ".prefect" / "prefect.db").exists()
    assert dump(sqlite_url) == before


@pytest.fixture
def other_database(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """A second dkbm database with a cycle of the same number."""
    path = tmp_path / "andere.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    saved = os.environ["DKBM_DATABASE_URL"]
    os.environ["DKBM_DATABASE_URL"] = url
    try:
        _cycle(datetime.now(UTC))
    finally:
        os.environ["DKBM_DATABASE_URL"] = saved
    yield url


def _server_group(serve_pid: int) -> int:
    """The process group of the Prefect server `dkbm serve` started (a session of its own)."""
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat[1]) == serve_pid and "prefect server start" in cmd:
            return int(proc.name)
    raise AssertionError("no Prefect server below dkbm serve")


def _alive(pid: int) -> bool:
    """Running, not ended (a zombie waiting for a parent that no longer reaps is ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _run_in_flight(api: str, serve_pid: int) -> list[int]:
    """Start a `versand` run now and return its process once the runner has started it."""
    deployment = httpx.get(f"{api}/deployments/name/versand/versand", timeout=5).json()
    api_call("POST", f"{api}/deployments/{deployment['id']}/create_flow_run", json={})
    return wait_for("a flow-run process", lambda: flow_run_processes(serve_pid), timeout=60)


def test_serve_and_moderieren_find_each_other_with_nothing_set(
    sqlite_url: str, other_database: str, tmp_path: Path
) -> None:
    now = lambda: datetime.now(UTC)  # noqa: E731
    cycle_id = _cycle(now())
    port = None if port_free(4200) else free_port()
    api = f"http://127.0.0.1:{port or 4200}/api"
    env = bare_env(tmp_path / "home", sqlite_url, port)
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "dkbm", "serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server_group = 0
    try:
        deployment = wait_for(
            "the moderation deployment",
            lambda: (
                (
                    r := httpx.get(f"{api}/deployments/name/moderation/moderation", timeout=5)
                ).is_success
                and r.json()
            ),
        )
        assert f"dkbm-db:{database_fingerprint(sqlite_url)}" in deployment["tags"]
        server_group = _server_group(serve.pid)

        # A run of another database that still waits for its cycle of the same number.
        api_call(
            "POST",
            f"{api}/flow_runs/",
            json={
                "flow_id": deployment["flow_id"],
                "deployment_id": deployment["id"],
                "name": f"moderation Zyklus {cycle_id} einer anderen Datenbank",
                "parameters": {"zyklus": cycle_id},
                "tags": [f"dkbm-db:{database_fingerprint(other_database)}"],
                "state": {
                    "type": "SCHEDULED",
                    "state_details": {"scheduled_time": "2099-01-01T00:00:00Z"},
                },
            },
        )

        started = time.monotonic()
        frist = (now() + timedelta(days=7)).date().isoformat()
        out = dkbm(env, "zyklus", "moderieren", str(cycle_id), "--frist", frist)
        assert out.returncode == 0, out.stderr
        assert time.monotonic() - started < 30, out.stderr
        assert "Moderationslauf eingeplant: moderation Zyklus" in out.stdout
        assert f"{api.removesuffix('/api')}/runs/flow-run/" in out.stdout
        assert "ephemeral" not in out.stderr and "locked" not in out.stderr, out.stderr

        wait_for(
            "the Beteiligung",
            lambda: queries.status(cycle_id, now())["zustand"] == "leitbild_beteiligung",
        )
        again = dkbm(env, "zyklus", "moderieren", str(cycle_id))
        assert again.returncode == 1
        assert "wird schon moderiert" in again.stderr and "anderen Datenbank" not in again.stderr

        # The other database's coordinator is told that this serve is not hers.
        theirs = dkbm(
            {**env, "DKBM_DATABASE_URL": other_database},
            "zyklus",
            "moderieren",
            str(cycle_id),
            "--frist",
            frist,
        )
        assert theirs.returncode == 1
        assert "anderen Datenbank" in theirs.stderr, theirs.stderr
        assert len(theirs.stderr.strip().splitlines()) == 1

        # Scheduled runs (versand, abgleich) and the moderation shared dkbm's SQLite file.
        served = log.read_text()
        assert "database is locked" not in served and "Traceback" not in served, served[-3000:]

        # The server dies while a run is in flight: dkbm serve stops by itself, with an error
        # (systemd's Restart=on-failure starts both again), and so does that run's process
        # (Prefect's runner waits minutes for both, retrying the dead API). Typically 2-8 s;
        # the bound leaves room for a loaded test machine.
        in_flight = _run_in_flight(api, serve.pid)
        os.killpg(server_group, signal.SIGKILL)
        try:
            assert serve.wait(timeout=30) == 1
        except subprocess.TimeoutExpired:
            tail = log.read_text()[-6000:]
            raise AssertionError(f"dkbm serve runs on without its server:\n{tail}") from None
        assert (
            log.read_text()
            .splitlines()[-1]
            .startswith("Fehler: der lokale Prefect-Server von 'dkbm serve' ist beendet (Exit -9)")
        )
        assert not [pid for pid in in_flight if _alive(pid)], "a flow run outlived dkbm serve"
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
        if server_group:  # a session of its own: nothing above reaches it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server_group, signal.SIGKILL)
