"""The portal rebuilt by Prefect: an `abgleich` run after a transition builds the changed
cycle's pages into DKBM_PORTAL_DIR and leaves a link artifact; one after a change of the
knowledge library relays it as an event and rebuilds too, one after an Akteur's consent (no
event) rebuilds all of it (real Prefect server; the flow runs in a process of its own, as a
worker would run it)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from dkbm import cycles, documents, people
from tests.factories import BY, make_network

ROOT = Path(__file__).resolve().parents[2]
ABGLEICH = "from flows.operations import reconcile\nprint(reconcile())\n"


def test_abgleich_rebuilds_the_portal_after_a_transition(
    sqlite_url: str, prefect_server: dict[str, str], tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    net = make_network(voting=3, others=0, now=now)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=now)
    cycles.set_vision(c.id, "Bildung für alle", by=BY, now=now)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=now, deadline=now + timedelta(days=14))
    out = tmp_path / "portal"
    env = {
        **os.environ,
        **prefect_server,
        "DKBM_DATABASE_URL": sqlite_url,
        "DKBM_PORTAL_DIR": str(out),
        "DKBM_PORTAL_URL": "https://bildung.kreis.example/",
        "DKBM_PORTAL_CACHE": str(tmp_path / "cache"),
    }
    _abgleich(env)
    page = (out / "zyklus" / f"{c.id}.html").read_text(encoding="utf-8")
    assert "Beteiligung gestartet" in page
    system = (out / "oparl" / "system.json").read_text(encoding="utf-8")
    assert "https://bildung.kreis.example/oparl/system.json" in system
    artifacts = httpx.post(
        f"{prefect_server['PREFECT_API_URL']}/artifacts/filter",
        json={"artifacts": {"key": {"any_": ["dkbm-portal"]}}},
        timeout=10,
    ).json()
    assert artifacts and artifacts[0]["type"] == "markdown"
    assert "https://bildung.kreis.example/" in artifacts[0]["data"]

    # a library document alone (no transition) is relayed and rebuilds the portal
    documents.add(title="Bildungsbericht 2025", url="https://kreis.example/bb.pdf", by=BY, now=now)
    documents.add(
        title="Interner Vermerk", url="https://intern.example/v", public=False, by=BY, now=now
    )
    _abgleich(env)
    page = (out / "wissen.html").read_text(encoding="utf-8")
    assert "Bildungsbericht 2025" in page and "Interner Vermerk" not in page
    events = _events(prefect_server["PREFECT_API_URL"], "dkbm.dokument.", 2)
    assert sorted(e["resource"]["prefect.resource.id"] for e in events) == [
        "dkbm.dokument.1",
        "dkbm.dokument.2",
    ]
    assert {e["event"] for e in events} == {"dkbm.dokument.angelegt"}

    # make_network gives consent to even-numbered Akteure: Akteur 1 now consents too
    assert "Akteur 1" not in (out / "gremien.html").read_text(encoding="utf-8")
    people.change_actor(net.actors[1], consent=True, by=BY, now=now)
    _abgleich(env)
    assert "Akteur 1" in (out / "gremien.html").read_text(encoding="utf-8")


def _abgleich(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", ABGLEICH],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def _events(api: str, prefix: str, expected: int) -> list[dict[str, Any]]:
    """The server's events with *prefix*, waiting (bounded) until *expected* have arrived:
    the server stores events a moment after they were emitted."""
    end = time.monotonic() + 30
    while True:
        found = httpx.post(
            f"{api}/events/filter",
            json={"filter": {"event": {"prefix": [prefix]}}},
            timeout=10,
        ).json()["events"]
        if len(found) >= expected or time.monotonic() > end:
            return found
        time.sleep(0.5)


PORTAL_FLOW = "from dkbm.flows.portal import rebuild_portal\nrebuild_portal()\n"


def test_the_portal_flow_on_an_earlier_versions_folder_fails_naming_the_takeover(
    sqlite_url: str, prefect_server: dict[str, str], tmp_path: Path
) -> None:
    """After an upgrade, the nightly flow finds the portal the earlier version wrote (no
    manifest): it fails with the line that names the one step, in its log and in its state
    (what the Prefect UI shows), and leaves the folder as it was."""
    from dkbm.portal.build import build
    from dkbm.portal.target import MANIFEST

    now = datetime.now(UTC)
    net = make_network(voting=3, others=0, now=now)
    cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=now)
    out = tmp_path / "portal"
    build(out, now)
    (out / MANIFEST).unlink()
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    env = {
        **os.environ,
        **prefect_server,
        "DKBM_DATABASE_URL": sqlite_url,
        "DKBM_PORTAL_DIR": str(out),
        "DKBM_PORTAL_CACHE": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PORTAL_FLOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    line = (
        f"Portal nicht gebaut: {out} enthält das Portal einer früheren dkbm-Version (ohne "
        f"{MANIFEST}): einmal 'dkbm portal build {out} --uebernehmen' übernimmt es (fremde "
        "Dateien bleiben); nichts verändert"
    )
    assert done.returncode != 0 and line in done.stderr, done.stderr[-2000:]
    runs = httpx.post(
        f"{prefect_server['PREFECT_API_URL']}/flow_runs/filter",
        json={"flows": {"name": {"any_": ["portal"]}}, "sort": "START_TIME_DESC", "limit": 1},
        timeout=10,
    ).json()
    assert runs[0]["state_type"] == "FAILED"
    assert line in runs[0]["state"]["message"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
