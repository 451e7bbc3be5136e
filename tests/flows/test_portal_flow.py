"""The portal rebuilt by Prefect: an `abgleich` run after a transition builds the changed
cycle's pages into DKBM_PORTAL_DIR and leaves a link artifact, and after an Akteur's consent
(not relayed as an event) all of it (real Prefect server; the flow runs in a process of its
own, as a worker would run it)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from dkbm import cycles, people
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

    def abgleich() -> None:
        done = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", ABGLEICH],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr[-2000:]

    abgleich()
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

    # make_network gives consent to even-numbered Akteure: Akteur 1 now consents too
    assert "Akteur 1" not in (out / "gremien.html").read_text(encoding="utf-8")
    people.change_actor(net.actors[1], consent=True, by=BY, now=now)
    abgleich()
    assert "Akteur 1" in (out / "gremien.html").read_text(encoding="utf-8")
