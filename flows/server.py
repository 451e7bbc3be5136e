"""Start a local Prefect server as a child process and wait until it answers.

Used by `dkbm serve` on one machine and by the tests that need a real server.
Imports no Prefect code itself.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from typing import IO


def start(
    port: int,
    env: dict[str, str] | None = None,
    log: IO[bytes] | IO[str] | None = None,
    timeout: float = 120,
) -> subprocess.Popen[bytes] | None:
    """Run `prefect server start` on 127.0.0.1:*port*; None if it did not become healthy.

    The server gets its own session, so a Ctrl-C or SIGTERM meant for the caller reaches
    the caller first, which can then shut down its own work before stopping the server.
    """
    api = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env={
            **retention(),
            **os.environ,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_API_URL": api,
            **(env or {}),
        },
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    return None


def retention() -> dict[str, str]:
    """The server deletes finished flow runs older than DKBM_RUN_RETENTION_DAYS (14): `versand`
    and `abgleich` alone make 2,880 runs a day. Prefect's own settings, when set, win."""
    raw = os.environ.get("DKBM_RUN_RETENTION_DAYS", "14")
    try:
        days = float(raw)
    except ValueError:
        days = 0
    if not 1 <= days <= 36500:
        from dkbm.states.errors import InvalidValue

        raise InvalidValue("DKBM_RUN_RETENTION_DAYS", raw, "Tage, 1 bis 36500")
    return {
        "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "events,flow_runs",
        "PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD": str(int(days * 86400)),
    }


def port_free(port: int) -> bool:
    """True if nothing listens on 127.0.0.1:*port* (a second server would attach to it)."""
    with socket.socket() as probe:
        # Connections that just closed (TIME_WAIT) do not count; a listening server does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def healthy(api: str, timeout: float = 5) -> bool:
    try:
        with urllib.request.urlopen(f"{api.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
