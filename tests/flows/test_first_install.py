"""The first install on a bare host, as docs/operations.md ("First install") tells it: the
runbook's commands for the service user, the folders, the env file and the units, then the
Prefect server and a worker started exactly as their installed units start them (the
unit's ExecStart in its WorkingDirectory, with nothing in the environment but what systemd
gives a service and its EnvironmentFile), stopped as the units stop them, and an operator
running `dkbm` in her own shell with the same settings.

No root: the places are folders of the test (DKBM_ETC_DIR, DKBM_STATE_DIR, DKBM_BACKUP_DIR,
DKBM_SYSTEMD_ROOT for /etc/dkbm, /var/lib/dkbm, /var/backups/dkbm and the systemd tree),
and the service user is the one running the test. The env file keeps the example's
DKBM_LOG_FORMAT=json, so every line the server, the worker and its flow runs write must be
a JSON object (the docs' `… | jq` example).
"""

from __future__ import annotations

import getpass
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import stat
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.flows.conftest import api_call
from tests.flows.site import FINISHED, PG, ROOT, RUNBOOK, drop_databases, require_postgres
from tests.peers import free_port

DOCS = (ROOT / "docs" / "operations.md").read_text()
# What systemd puts into a service's environment besides its EnvironmentFile (systemd.exec).
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"


class Host:
    """The bare host: its places under *root*, the runbook run as root would run it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.user = getpass.getuser()
        self.etc = root / "etc" / "dkbm"
        self.state = root / "var" / "lib" / "dkbm"
        self.backups = root / "var" / "backups" / "dkbm"
        self.systemd = root / "systemd-root"
        self.units = self.systemd / "etc" / "systemd" / "system"

    @property
    def env_file(self) -> Path:
        return self.etc / "dkbm.env"

    def places(self) -> dict[str, str]:
        return {
            "DKBM_SERVICE_USER": self.user,
            "DKBM_ETC_DIR": str(self.etc),
            "DKBM_STATE_DIR": str(self.state),
            "DKBM_BACKUP_DIR": str(self.backups),
            "DKBM_SYSTEMD_ROOT": str(self.systemd),
        }

    def shell(self) -> dict[str, str]:
        """A login shell's environment: nothing of dkbm's or Prefect's."""
        return {"PATH": SYSTEMD_PATH + ":/sbin:/bin", "HOME": str(self.root), "LANG": "C.UTF-8"}

    def runbook(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A documented `runbook.sh` command (as root, or the service user with sudo -u)."""
        assert f"runbook.sh {args[0]}" in DOCS, f"docs/operations.md lacks runbook.sh {args[0]}"
        out = subprocess.run(
            [str(RUNBOOK), *args],
            env={**self.shell(), **self.places()},
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if check:
            assert out.returncode == 0, (
                f"runbook.sh {args}: {out.stdout[-3000:]}{out.stderr[-3000:]}"
            )
        return out

    def fill_in(self, **values: str) -> None:
        """What the operator does with an editor: set the named settings in the env file."""
        text = self.env_file.read_text()
        for key, value in values.items():
            line = f"{key}='{value}'"
            text, n = re.subn(rf"^#?{key}=.*$", line, text, flags=re.M)
            if not n:
                text += line + "\n"
        self.env_file.write_text(text)


def environment_file(path: Path) -> dict[str, str]:
    """KEY='value' lines as systemd reads an EnvironmentFile (comments and blank lines skipped)."""
    found = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, raw = line.partition("=")
            found[key.strip()] = "".join(shlex.split(raw)) if raw.strip() else ""
    return found


class Unit:
    """An installed unit, started the way systemd starts it."""

    def __init__(self, path: Path, instance: str = "") -> None:
        self.name = path.name.replace("@.", f"@{instance}.") if instance else path.name
        fields: dict[str, str] = {}
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not line.startswith("#"):
                fields[key] = value.replace("%i", instance)
        self.fields = fields
        self.process: subprocess.Popen[bytes] | None = None
        self.out = self.err = Path()

    def environment(self) -> dict[str, str]:
        account = pwd.getpwnam(self.fields["User"])
        return {
            "PATH": SYSTEMD_PATH,
            "HOME": account.pw_dir,
            "USER": account.pw_name,
            "LOGNAME": account.pw_name,
            "SHELL": account.pw_shell,
            **environment_file(Path(self.fields["EnvironmentFile"])),
        }

    def start(self, logs: Path) -> None:
        self.out, self.err = logs / f"{self.name}.out", logs / f"{self.name}.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                shlex.split(self.fields["ExecStart"]),
                env=self.environment(),
                cwd=self.fields["WorkingDirectory"],
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

    def stop(self) -> int:
        """ExecStop if there is one (with $MAINPID), else KillSignal; the main process's end."""
        assert self.process is not None
        if "ExecStop" in self.fields:
            command = self.fields["ExecStop"].replace("$MAINPID", str(self.process.pid))
            stopped = subprocess.run(
                shlex.split(command),
                env=self.environment(),
                cwd=self.fields["WorkingDirectory"],
                capture_output=True,
                text=True,
                timeout=200,
            )
            assert stopped.returncode == 0, stopped.stderr
        else:
            os.kill(self.process.pid, getattr(signal, self.fields["KillSignal"]))
        return self.process.wait(timeout=int(self.fields["TimeoutStopSec"]))

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def wait_for_writers(self, timeout: float = 30) -> None:
        """Until no process has the unit's output open (journald's stream, here a file)."""
        logs = {str(self.out), str(self.err)}
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not any(_open_files(pid) & logs for pid in _pids()):
                return
            time.sleep(0.2)
        raise AssertionError(f"{self.name}: a process still writes its output")

    def lines(self) -> list[str]:
        return [
            line
            for path in (self.out, self.err)
            for line in path.read_text(errors="replace").splitlines()
        ]


def _pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _open_files(pid: int) -> set[str]:
    try:
        return {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
    except OSError:
        return set()


def _wait_for_run(api: str, deployment: str, timeout: float = 120) -> dict:
    import httpx

    found = api_call("GET", f"{api}/deployments/name/{deployment}/{deployment}")
    run = api_call("POST", f"{api}/deployments/{found['id']}/create_flow_run", json={})
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()
        if state["state_type"] in FINISHED:
            return state
        time.sleep(0.5)
    raise AssertionError(f"{deployment} run not finished: {state['state_type']}")


@pytest.fixture
def host(tmp_path: Path):  # type: ignore[no-untyped-def]
    require_postgres()
    h = Host(tmp_path)
    yield h


def test_first_install_then_server_and_worker_as_their_units_run_them(host: Host) -> None:
    # 0. the service user, the folders, the env file, the units (as root)
    assert "gibt es schon" in host.runbook("user").stdout
    host.runbook("folders")
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in (host.etc, host.state, host.backups)}
    assert modes == {host.etc: 0o750, host.state: 0o700, host.backups: 0o700}
    host.runbook("env-file")
    assert stat.S_IMODE(host.env_file.stat().st_mode) == 0o640
    written = environment_file(host.env_file)
    secret = written["DKBM_LINK_SECRET"]
    assert len(secret) >= 60 and written["PREFECT_HOME"] == f"{host.state}/prefect"
    host.runbook("env-file")  # never overwritten: the link secret stays
    assert environment_file(host.env_file)["DKBM_LINK_SECRET"] == secret
    host.runbook("units")
    wants = host.units / "multi-user.target.wants"
    assert sorted(p.name for p in wants.iterdir()) == [
        "dkbm-worker@1.service",
        "dkbm-worker@2.service",
        "prefect-server.service",
    ]

    # the operator fills the env file in: this host's databases, server, mail
    suffix = uuid.uuid4().hex[:10]
    dkbm_db, prefect_db, port = f"dkbm_first_{suffix}", f"prefect_first_{suffix}", free_port()
    api = f"http://127.0.0.1:{port}/api"
    host.fill_in(
        DKBM_DATABASE_URL=f"postgresql+psycopg://postgres@127.0.0.1:5432/{dkbm_db}",
        DKBM_DB_NAME=dkbm_db,
        PREFECT_DB_NAME=prefect_db,
        PREFECT_API_DATABASE_CONNECTION_URL=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{prefect_db}",
        PREFECT_SERVER_HOST="127.0.0.1",
        PREFECT_SERVER_PORT=str(port),
        PREFECT_API_URL=api,
        PREFECT_UI_API_URL=api,
        PREFECT_SERVER_LOGGING_LEVEL="INFO",  # uvicorn's request lines too
        PREFECT_WORKER_QUERY_SECONDS="1",
        DKBM_MAIL_URL="mailto://127.0.0.1:9?from=bildungsbuero@kreis-test.de",
        PGHOST=PG["PGHOST"],
        PGUSER=PG["PGUSER"],
    )
    server = Unit(host.units / "prefect-server.service")
    worker = Unit(host.units / "dkbm-worker@.service", "1")
    try:
        host.runbook("databases")
        # 3. init refuses the example's contact, and records nothing
        refused = host.runbook("init", check=False)
        assert refused.returncode == 2
        assert (
            "DKBM_KONTAKT_EMAIL" in refused.stderr and "landraetin@kreis.example" in refused.stderr
        )
        assert len(refused.stderr.strip().splitlines()) == 1
        shown = host.runbook("dkbm", "kommune", "show", check=False)
        assert shown.returncode != 0
        host.fill_in(
            DKBM_KONTAKT="Dezernat 4, Frau Kaya", DKBM_KONTAKT_EMAIL="dezernat4@kreis-test.de"
        )

        server.start(host.root)
        host.runbook("wait-server")
        host.runbook("init")
        for step in ("pool", "deploy"):
            host.runbook(step)
        worker.start(host.root)
        for deployment in ("abgleich", "versand"):
            assert _wait_for_run(api, deployment)["state_type"] == "COMPLETED"

        # an operator's shell: through the runbook, or with the env file loaded by hand
        recorded = json.loads(host.runbook("dkbm", "kommune", "show", "--json").stdout)
        assert (recorded["kontakt"], recorded["kontakt_email"]) == (
            "Dezernat 4, Frau Kaya",
            "dezernat4@kreis-test.de",
        )
        own_shell = subprocess.run(
            [
                "sh",
                "-c",
                f"set -a; . {host.env_file}; set +a; {ROOT}/.venv/bin/dkbm kommune show --json",
            ],
            env=host.shell(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert own_shell.returncode == 0 and json.loads(own_shell.stdout) == recorded
        assert "set -a; . /etc/dkbm/dkbm.env; set +a" in DOCS

        assert worker.stop() == 0  # ExecStop: runbook.sh stop-worker $MAINPID
        server.stop()
        for unit in (server, worker):  # the JSON reader ends with the last writer
            unit.wait_for_writers()
    finally:
        worker.kill()
        server.kill()
        drop_databases(dkbm_db, prefect_db)

    # every line of the server, the worker and its flow runs: one JSON object
    for unit in (server, worker):
        lines = unit.lines()
        assert lines, unit.name
        for line in lines:
            assert isinstance(json.loads(line), dict), f"{unit.name}: {line!r}"
    server_lines = [json.loads(line) for line in server.lines()]
    worker_lines = [json.loads(line) for line in worker.lines()]
    assert any(
        d["logger"] == "uvicorn.access" and "/api/health" in d["message"] for d in server_lines
    )
    assert any(re.fullmatch(r"Worker 'dkbm-.+-1' started!", d["message"]) for d in worker_lines)
    assert {"abgleich", "versand"} <= {d.get("flow_name") for d in worker_lines}
    if shutil.which("jq"):  # the docs' `journalctl … -o cat | jq`: jq takes every line
        for unit in (server, worker):
            for path in (unit.out, unit.err):
                if path.stat().st_size:
                    with path.open() as lines:
                        parsed = subprocess.run(["jq", "-c", "."], stdin=lines, capture_output=True)
                    assert parsed.returncode == 0, parsed.stderr
