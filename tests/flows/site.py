"""A scaled-out dkbm set up by deploy/runbook.sh, as an operator would: PostgreSQL databases of
its own, a Prefect server on PostgreSQL, workers, an SMTP server. For tests/flows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.flows.conftest import api_call
from tests.peers import free_port

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK = ROOT / "deploy" / "runbook.sh"
PG = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres"}
FINISHED = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


@dataclass
class Site:
    home: Path
    settings: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return self.settings["PREFECT_API_URL"]

    def env(self, **extra: str) -> dict[str, str]:
        """The operator's shell: PATH and the env file, nothing of the test's own settings."""
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}
        return {**keep, **PG, "HOME": str(self.home), "DKBM_ENV_FILE": str(self.env_file), **extra}

    @property
    def env_file(self) -> Path:
        return self.home / "dkbm.env"

    def write_env_file(self) -> None:
        self.env_file.write_text("".join(f"{k}='{v}'\n" for k, v in self.settings.items()))

    def step(self, *args: str, timeout: float = 180, **extra: str) -> subprocess.CompletedProcess:
        """One runbook step in the foreground; it must succeed."""
        out = self.run(*args, timeout=timeout, **extra)
        assert out.returncode == 0, f"runbook.sh {args}: {out.stdout[-2000:]}{out.stderr[-2000:]}"
        return out

    def run(self, *args: str, timeout: float = 180, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["sh", str(RUNBOOK), *args],
            env=self.env(**extra),
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, name: str, *args: str, cwd: Path | None = None) -> subprocess.Popen[bytes]:
        """A long-running step (server, worker) in a session of its own, as systemd would."""
        log = open(self.home / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            ["sh", str(RUNBOOK), *args],
            env=self.env(),
            cwd=cwd or self.home,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.home / f"{name}.log").read_text(errors="replace")[-3000:]

    def create_run(self, deployment: str) -> str:
        found = api_call("GET", f"{self.api}/deployments/name/{deployment}/{deployment}")
        created = api_call("POST", f"{self.api}/deployments/{found['id']}/create_flow_run", json={})
        return created["id"]

    def flow_run(self, run_id: str) -> dict[str, Any]:
        return httpx.get(f"{self.api}/flow_runs/{run_id}", timeout=10).json()

    def wait_for(
        self, run_id: str, states: tuple[str, ...] = FINISHED, timeout: float = 120
    ) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            run = self.flow_run(run_id)
            if run["state_type"] in states:
                return run
            time.sleep(0.5)
        raise AssertionError(f"flow run {run_id} not {states}: {self.flow_run(run_id)['state']}")

    def run_flow(self, deployment: str, timeout: float = 120) -> dict[str, Any]:
        return self.wait_for(self.create_run(deployment), timeout=timeout)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def runbook(*args: str, **env: str) -> subprocess.CompletedProcess:
    """One runbook step outside a site: the environment given, no env file; must succeed."""
    out = runbook_result(*args, **env)
    assert out.returncode == 0, out.stdout + out.stderr
    return out


def runbook_result(*args: str, **env: str) -> subprocess.CompletedProcess:
    """One runbook step outside a site, succeeding or not."""
    return subprocess.run(
        ["sh", str(RUNBOOK), *args],
        env={
            "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
            **PG,
            "DKBM_ENV_FILE": "/dev/null",
            "DKBM_BIN": str(Path(sys.executable).parent),
            "HOME": os.environ.get("HOME", "/root"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def descendants(pid: int) -> list[int]:
    """Every process below *pid* (from /proc), children first."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        kids = [p for p, parent in parents.items() if parent == current]
        found += kids
        todo += kids
    return found


def signal_unit(process: subprocess.Popen[bytes], signum: int) -> None:
    """What systemd does to a unit (KillMode=control-group): the signal to every process of it,
    the worker and the flow runs it started in sessions of their own."""
    for pid in [process.pid, *descendants(process.pid)]:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def require_postgres() -> None:
    import psycopg

    try:
        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")


def drop_databases(*names: str) -> None:
    import psycopg

    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
    ) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_site(home: Path, mail_url: str, **settings: str) -> Site:
    """Settings of a site whose databases and port are its own (names unique per test run)."""
    require_postgres()
    suffix = uuid.uuid4().hex[:10]
    port = free_port()
    dkbm_db, prefect_db = f"dkbm_site_{suffix}", f"prefect_site_{suffix}"
    site = Site(
        home=home,
        settings={
            "DKBM_BIN": str(Path(sys.executable).parent),
            "DKBM_DB_NAME": dkbm_db,
            "PREFECT_DB_NAME": prefect_db,
            "DKBM_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{dkbm_db}",
            "PREFECT_API_DATABASE_CONNECTION_URL": (
                f"postgresql+asyncpg://postgres@127.0.0.1:5432/{prefect_db}"
            ),
            "PREFECT_SERVER_PORT": str(port),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_HOME": str(home / "prefect"),
            "PREFECT_SERVER_UI_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "DKBM_MAIL_URL": mail_url,
            "DKBM_KOMMUNE_NAME": "Kreis Runbook",
            "DKBM_KONTAKT": "Koordination",
            "DKBM_KONTAKT_EMAIL": "koordination@kreis-runbook.de",
            "DKBM_LINK_SECRET": "runbook-link-secret-" + "0" * 32,
            **settings,
        },
    )
    site.write_env_file()
    return site
