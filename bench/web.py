"""Members answering through their personal links: MEMBERS Akteure of one Beteiligung open
their link and answer within WINDOW seconds against `dkbm web` (two uvicorn workers) on
PostgreSQL. Figures: page and submit latency (p50 / p95), answers kept against answers sent,
and the submit against a bare FastAPI endpoint doing one INSERT under the same load, measured
in the same run. `python -m dkbm.bench.web` alone."""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dkbm.bench.fixtures import BY, free_port, kommune, with_postgres

MEMBERS = int(os.environ.get("DKBM_BENCH_MEMBERS", "500"))
WINDOW = float(os.environ.get("DKBM_BENCH_WINDOW_SECONDS", "60"))
WORKERS = 2

# The baseline: what any web app on this stack pays for a form post that writes one row.
_BARE_APP = """
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from sqlalchemy import create_engine, text

engine = create_engine({url!r}, pool_size=5)
app = FastAPI()

@app.post("/m/{{token}}")
def answer(token: str) -> PlainTextResponse:
    body = b"answer"
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO bare_answer (token, body) VALUES (:t, :b)"), {{"t": token, "b": body}}
        )
    return PlainTextResponse("ok")
"""


class _Form(HTMLParser):
    """The first form's action, hidden fields and the name of its text area."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.hidden: dict[str, str] = {}
        self.text_field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and self.action is None and (a.get("method") or "").lower() == "post":
            self.action = a.get("action") or ""
        elif tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"] or ""] = a.get("value") or ""
        elif tag == "textarea" and self.text_field is None:
            self.text_field = a.get("name")


def _wait_for(url: str, proc: subprocess.Popen[Any], seconds: float = 60) -> None:
    import httpx

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"bench: server exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"bench: {url} did not answer")


def _consultation(url: str) -> list[str]:
    """A Beteiligung with MEMBERS invited Akteure; their personal links."""
    os.environ["DKBM_DATABASE_URL"] = url
    from dkbm import cycles, member_links
    from dkbm.member_links import Target
    from dkbm.store.db import transaction

    now = datetime.now(UTC)
    ids, board = kommune(now, actors=MEMBERS)
    c = cycles.start(title="Bench", board_id=board, by=BY, now=now)
    cycles.set_vision(c.id, "Bildung für alle", by=BY, now=now)
    deadline = now + timedelta(days=14)
    cycles.advance(
        c.id, "beteiligung_starten", by=BY, now=now, deadline=deadline, invited=list(ids)
    )
    target = Target("beteiligung", c.id, "leitbild", 1)
    with transaction() as s:
        return [member_links.issue(s, a, target, deadline, now) for a in ids]


async def _members(base: str, links: list[str], page: bool) -> tuple[list[float], list[float], int]:
    """Each member arrives at a random moment of the window, opens her link (if *page*) and
    answers. Returns (page latencies, submit latencies, answers acknowledged)."""
    import httpx

    pages: list[float] = []
    submits: list[float] = []
    acknowledged = 0
    rng = random.Random(20)
    starts = sorted(rng.uniform(0, WINDOW) for _ in links)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        t0 = time.monotonic()

        async def member(n: int, link: str, at: float) -> None:
            nonlocal acknowledged
            await asyncio.sleep(max(0.0, t0 + at - time.monotonic()))
            path = link[link.index("/m/") :]
            data = {"text": f"Rückmeldung {n}"}
            if page:
                start = time.perf_counter()
                r = await client.get(path)
                pages.append(time.perf_counter() - start)
                r.raise_for_status()
                form = _Form()
                form.feed(r.text)
                data = {**form.hidden, (form.text_field or "text"): f"Rückmeldung {n}"}
                path = form.action or path
            start = time.perf_counter()
            r = await client.post(path, data=data, headers={"Origin": base})
            submits.append(time.perf_counter() - start)
            if r.status_code < 400:
                acknowledged += 1

        await asyncio.gather(
            *(member(n, x, s) for n, (x, s) in enumerate(zip(links, starts, strict=True)))
        )
    return pages, submits, acknowledged


def _serve(args: list[str], env: dict[str, str], probe: str) -> subprocess.Popen[Any]:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for(probe, proc)
    return proc


def _stop(proc: subprocess.Popen[Any]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def measure(url: str) -> dict[str, Any]:
    links = _consultation(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DKBM_DATABASE_URL": url,
        "DKBM_WEB_URL": base,
        "DKBM_WEB_RATE_ADDRESS": str(100 * MEMBERS),
    }
    dkbm = str(Path(sys.executable).with_name("dkbm"))
    proc = _serve([dkbm, "web", "--port", str(port), "--workers", str(WORKERS)], env, f"{base}/m/x")
    try:
        pages, submits, acknowledged = asyncio.run(_members(base, links, page=True))
    finally:
        _stop(proc)
    kept, distinct = _kept(url)
    bare = _bare(url, [x.replace(x[: x.index("/m/")], base) for x in links])
    return {
        "pages": pages,
        "submits": submits,
        "sent": len(links),
        "acknowledged": acknowledged,
        "kept": kept,
        "distinct": distinct,
        "bare": bare,
    }


def _kept(url: str) -> tuple[int, int]:
    from sqlalchemy import text

    from dkbm.store.db import engine

    with engine(url).connect() as conn:
        kept = conn.execute(text("SELECT count(*) FROM answer")).scalar_one()
        distinct = conn.execute(text("SELECT count(DISTINCT actor_id) FROM answer")).scalar_one()
    return int(kept), int(distinct)


def _bare(url: str, links: list[str]) -> list[float]:
    """The same arrivals posting to a bare FastAPI endpoint that INSERTs one row."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE bare_answer (id serial PRIMARY KEY, token text, body bytea)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"dkbm-bench-bare-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    (folder / "bare_app.py").write_text(_BARE_APP.format(url=url))
    uvicorn = [sys.executable, "-m", "uvicorn", "--app-dir", str(folder), "bare_app:app"]
    proc = _serve(
        [*uvicorn, "--port", str(port), "--workers", str(WORKERS), "--no-access-log"],
        dict(os.environ),
        f"{base}/",
    )
    try:
        _, submits, _ = asyncio.run(
            _members(base, [base + x[x.index("/m/") :] for x in links], page=False)
        )
    finally:
        _stop(proc)
    return submits


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def rows() -> list[tuple[str, str, str, str]]:
    figures = with_postgres(measure)
    label = f"{MEMBERS} members answer within {WINDOW:.0f} s, `dkbm web` ({WORKERS} workers), PG"
    if figures is None:
        return [(label, "unreachable", "-", "-")]
    pages, submits, bare = figures["pages"], figures["submits"], figures["bare"]
    return [
        (
            f"{label}: page p50 / p95",
            f"{_p(pages, 50):.0f} / {_p(pages, 95):.0f} ms",
            "-",
            f"p95 {'<' if _p(pages, 95) < 300 else '>='} 300 ms (aim < 300 ms)",
        ),
        (
            f"{label}: submit p50 / p95",
            f"{_p(submits, 50):.0f} / {_p(submits, 95):.0f} ms",
            f"bare FastAPI INSERT {_p(bare, 50):.0f} / {_p(bare, 95):.0f} ms",
            f"{_p(submits, 50) / _p(bare, 50):.1f}x / {_p(submits, 95) / _p(bare, 95):.1f}x "
            "(aim p95 < 300 ms)",
        ),
        (
            f"{label}: answers kept",
            f"{figures['kept']} rows, {figures['distinct']} Akteure",
            f"sent {figures['sent']}, acknowledged {figures['acknowledged']}",
            f"lost {figures['sent'] - figures['distinct']}, "
            f"duplicated {figures['kept'] - figures['distinct']} (aim 0, 0)",
        ),
    ]


if __name__ == "__main__":
    for row in rows():
        print("  ".join(row))
