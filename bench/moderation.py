"""Latency of durable moderation: from a CLI command to the next state being visible,
through a run of the `moderation` deployment served by `dkbm serve` on a local Prefect
server, next to the same use case called directly and through `dkbm zyklus weiter`."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CYCLES = 3


def _until(check: Callable[[], bool], timeout: float = 180) -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise TimeoutError("state did not become visible")
        time.sleep(0.05)


def _cli(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dkbm", *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def rows() -> list[tuple[str, str, str, str]]:
    from dkbm.bench.fixtures import free_port
    from dkbm.flows import server as local

    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        api = f"http://127.0.0.1:{port}/api"
        env = {
            **os.environ,
            "PREFECT_HOME": str(work / "prefect"),
            "PREFECT_API_URL": api,
            "PREFECT_SERVER_UI_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "DKBM_DATABASE_URL": f"sqlite:///{work / 'dkbm.db'}",
        }
        env.pop("DKBM_NOW", None)
        os.environ.update(env)
        server = local.start(port, env)
        if server is None:
            return [("moderation via Prefect", "server did not start", "-", "-")]
        serve = subprocess.Popen(
            [sys.executable, "-m", "dkbm", "serve"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            return _measure(env)
        finally:
            serve.terminate()
            serve.wait(timeout=60)
            local.stop(server)


def _measure(env: dict[str, str]) -> list[tuple[str, str, str, str]]:
    import httpx

    from dkbm import cycles, queries
    from dkbm.bench.fixtures import BY, kommune
    from dkbm.flows.reconcile import reconcile_moderations

    now = lambda: datetime.now(UTC)  # noqa: E731
    (actor,), board = kommune(now())
    _until(
        lambda: (
            httpx.get(
                f"{env['PREFECT_API_URL']}/deployments/name/moderation/moderation"
            ).status_code
            == 200
        )
    )
    state = lambda c: queries.status(c, now())["zustand"]  # noqa: E731
    frist = (now() + timedelta(days=7)).date().isoformat()
    opened, decided, direct, weiter = [], [], [], []
    for _ in range(CYCLES):
        c = cycles.start(title="Bench", board_id=board, by=BY, now=now()).id
        cycles.set_vision(c, "Bildung", by=BY, now=now())
        start = time.perf_counter()
        _cli(env, "zyklus", "moderieren", str(c), "--frist", frist)
        _until(lambda c=c: state(c) == "leitbild_beteiligung")
        opened.append(time.perf_counter() - start)
        cycles.record_response(c, actor, "ok", by=BY, now=now())
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            reconcile_moderations(now(), client)
        _until(lambda c=c: state(c) == "leitbild_abstimmung")
        time.sleep(1)
        start = time.perf_counter()
        _cli(env, "zyklus", "entscheiden", str(c), "--anwesend", "1", "--ja", "1")
        _until(lambda c=c: state(c) == "leitbild_beschlossen")
        decided.append(time.perf_counter() - start)

        d = cycles.start(title="Direkt", board_id=board, by=BY, now=now()).id
        cycles.set_vision(d, "Bildung", by=BY, now=now())
        start = time.perf_counter()
        cycles.advance(
            d,
            "beteiligung_starten",
            by=BY,
            now=now(),
            deadline=now() + timedelta(days=7),
            invited=[actor],
        )
        direct.append(time.perf_counter() - start)
        cycles.record_response(d, actor, "ok", by=BY, now=now())
        weiter.append(_cli(env, "zyklus", "weiter", str(d), "abstimmung_starten"))
    base = statistics.median(direct)
    cli = statistics.median(weiter)
    return [
        (
            "moderieren -> Beteiligung visible (serve, median)",
            f"{statistics.median(opened):.2f} s",
            f"use case direct {base * 1000:.1f} ms; dkbm zyklus weiter {cli:.2f} s",
            f"{statistics.median(opened) / cli:.0f}x the CLI step",
        ),
        (
            "entscheiden -> Beschluss visible (serve, median)",
            f"{statistics.median(decided):.2f} s",
            f"dkbm zyklus weiter {cli:.2f} s",
            f"{statistics.median(decided) / cli:.0f}x the CLI step",
        ),
    ]
