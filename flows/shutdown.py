"""`dkbm serve` stops within seconds of SIGTERM, also when its Prefect server is gone, and
stops by itself when the local server it started ends (`when_ended`).

Prefect's runner stops the flow runs in flight by reading each one from the API first. With
the server gone that read fails and the run's process is left running; the runner waits for
it, the run's own engine retries the dead API for minutes, and so does the runner's report
of the run's end. So a deadline starts with the SIGTERM. While the server answers, Prefect's
own stop goes on (a sender finishes the message in hand) for up to `FINAL_S`. Once it does
not answer, nothing can be reported anyway: the runs still in flight are asked to stop
(SIGTERM), killed `GRACE_S` later, and the serve ends at most `GRACE_S` after that. A killed
run is marked Crashed by the heartbeat check once a server answers again (`abgleich`
reschedules a moderation it belonged to).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from dkbm.flows.server import healthy

GRACE_S = 3.0
FINAL_S = 60.0  # below systemd's TimeoutStopSec=90 of deploy/systemd/dkbm-serve.service

# Prefect's runner starts each flow run as `python -m prefect.engine`.
_ENGINE = b"prefect.engine"


def flow_run_processes(parent: int | None = None) -> list[int]:
    """The flow-run processes started by *parent* (this process), read from /proc."""
    parent = os.getpid() if parent is None else parent
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == parent and _ENGINE in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return found


def _signal_all(pids: list[int], signum: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def _wait_for_end(pids: list[int], seconds: float) -> None:
    end = time.monotonic() + seconds
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < end:
        time.sleep(0.2)


def start_deadline(
    api: str,
    on_overdue: Callable[[], None] | None = None,
    grace: float = GRACE_S,
    final: float = FINAL_S,
) -> None:
    """Watch the stop that begins now (see the module's docstring); *on_overdue* runs just
    before the process ends on its own (to stop what a `finally` block would have stopped)."""

    def watch() -> None:
        give_up = time.monotonic() + final
        while time.monotonic() < give_up and healthy(api, timeout=1):
            time.sleep(1)
        if time.monotonic() < give_up:
            runs = flow_run_processes()
            _signal_all(runs, signal.SIGTERM)
            _wait_for_end(runs, grace)
            _signal_all(flow_run_processes(), signal.SIGKILL)
            time.sleep(grace)
        if on_overdue is not None:
            on_overdue()
        os._exit(0)

    threading.Thread(target=watch, name="dkbm-stop-deadline", daemon=True).start()


def when_ended(process: subprocess.Popen[bytes], then: Callable[[int], None]) -> None:
    """Call *then* with *process*'s exit code once it ends (a daemon thread waits for it)."""
    threading.Thread(
        target=lambda: then(process.wait()), name="dkbm-server-watch", daemon=True
    ).start()
