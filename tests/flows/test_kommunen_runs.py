"""Runs of several Kommunen in one database: a moderation run names its Kommune (parameter,
name, tag) and is matched by Kommune and cycle; relayed events carry the Kommune's AGS; the
reconciler and the scheduled flows serve each Kommune as itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dkbm import cycles
from dkbm.flows import reconcile, relay, runs
from dkbm.flows.moderation import name_for
from dkbm.store import tenant
from tests.conftest import T0
from tests.notifications.test_fair_queues import KOELN, MUENCHEN, consult, two_kommunen
from tests.peers import SmtpSink

ROOT = Path(__file__).resolve().parents[2]


def run(cycle_id: int, kommune: str | None = "absent", state: str = "PAUSED") -> Any:
    parameters: dict[str, Any] = {"zyklus": cycle_id}
    if kommune != "absent":
        parameters["kommune"] = kommune
    return SimpleNamespace(
        id=f"run-{cycle_id}-{kommune}",
        name=f"run {cycle_id} {kommune}",
        tags=[],
        parameters=parameters,
    )


class Client:
    """What `runs` asks of a Prefect client: the runs there are, and a run created."""

    def __init__(self, present: list[Any]) -> None:
        self.present = present
        self.created: list[dict[str, Any]] = []

    def read_flow_runs(self, **_: Any) -> list[Any]:
        return self.present

    def read_deployment_by_name(self, _: str) -> Any:
        return SimpleNamespace(id="deployment", tags=[runs.database_tag()])

    def create_flow_run_from_deployment(self, _: str, **kw: Any) -> Any:
        self.created.append(kw)
        return SimpleNamespace(name=kw["name"], id="new")


def test_a_run_matches_its_kommune_and_cycle_and_one_without_a_kommune_its_cycle() -> None:
    koeln, muenchen, old = run(3, KOELN), run(3, MUENCHEN), run(4)
    client = Client([koeln, muenchen, old])
    assert runs.active_run(client, 3, MUENCHEN) is muenchen
    assert runs.active_run(client, 3, KOELN) is koeln
    assert runs.active_run(client, 3, "08111000") is None
    assert runs.active_run(client, 4, MUENCHEN) is old  # made before runs named a Kommune
    assert runs.active_run(Client([run(5, None)]), 5, None) is not None


def test_a_run_is_started_with_its_kommune_in_parameters_name_and_tags(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_kommunen()
    cycle = consult(MUENCHEN, 2)
    client = Client([run(cycle, KOELN, "RUNNING")])  # another Kommune's: no obstacle
    monkeypatch.setattr(runs, "require_server", lambda: "http://127.0.0.1:1/api")
    monkeypatch.setattr(runs, "connect", lambda: _held(client))
    runs.start(cycle, None, None, "test", MUENCHEN)
    made = client.created[0]
    assert made["parameters"]["kommune"] == MUENCHEN and made["parameters"]["zyklus"] == cycle
    assert f"dkbm-kommune-{MUENCHEN}" in made["tags"] and f"dkbm-zyklus-{cycle}" in made["tags"]
    assert made["name"] == f"moderation München {MUENCHEN} Zyklus {cycle} Leitbild Runde 1"
    with tenant.serving(MUENCHEN):
        assert runs.served_kommune() == MUENCHEN


def test_one_kommune_without_an_ags_names_runs_as_before(db_url: str) -> None:
    from tests.factories import make_network

    net = make_network(voting=1, others=0)
    c = cycles.start(title="Z", board_id=net.board, by="test", now=T0).id
    assert name_for(c) == f"moderation Zyklus {c} Leitbild Runde 1"
    assert runs.served_kommune() is None


def _held(client: Client) -> Any:
    from contextlib import nullcontext

    return nullcontext(client)


def test_relayed_events_carry_their_kommune_and_artifacts_are_read_as_it(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_kommunen()
    koeln, muenchen = consult(KOELN, 1), consult(MUENCHEN, 1)
    events: list[dict[str, Any]] = []
    artifacts: dict[int, str] = {}
    monkeypatch.setattr("prefect.events.emit_event", lambda **e: events.append(e))

    def refresh(cycle_id: int) -> None:
        from dkbm import context, queries

        artifacts[cycle_id] = queries.status(cycle_id, context.now())["titel"]

    monkeypatch.setattr(relay, "refresh_artifact", refresh)
    count, touched, _ = relay.relay_changes()
    assert count > 0 and touched == {koeln, muenchen}
    labels = {e["resource"]["prefect.resource.id"]: e["resource"]["dkbm.kommune"] for e in events}
    assert labels[f"dkbm.zyklus.{koeln}"] == KOELN
    assert labels[f"dkbm.zyklus.{muenchen}"] == MUENCHEN
    assert artifacts == {koeln: "Zyklus koeln", muenchen: "Zyklus muenchen"}
    assert relay.relay_changes()[0] == 0  # the position moved on, across Kommunen


def test_the_reconciler_reads_each_runs_cycle_as_its_kommune(pg_url: str) -> None:
    two_kommunen()
    koeln, muenchen = consult(KOELN, 1), consult(MUENCHEN, 1)
    assert reconcile.kommune_of(run(muenchen, MUENCHEN)) == MUENCHEN
    legacy = reconcile.kommune_of(run(koeln))  # no parameter: its cycle's Kommune
    with tenant.serving(legacy):
        assert runs.served_kommune() == KOELN
    for r in (run(koeln, KOELN), run(muenchen), run(muenchen, MUENCHEN)):
        with reconcile.serving(reconcile.kommune_of(r)):
            # no moderation taken on yet: nothing to wait for, and no `kommune_ambiguous`
            assert reconcile._scope_and_step(r, T0) == (None, None)


_FLOWS = """
import json
from dkbm.flows.operations import reminder_sweep, send_outbox
sent = send_outbox(batch_size=2)
swept = reminder_sweep(batch_size=1)
print(json.dumps({"sent": sent, "swept": swept}))
"""


def test_scheduled_flows_serve_every_kommune_and_say_which(
    pg_url: str, smtp_sink: SmtpSink, prefect_server: dict[str, str]
) -> None:
    two_kommunen()
    consult(KOELN, 3)
    consult(MUENCHEN, 2)
    env = {**os.environ, **prefect_server, "DKBM_NOW": (T0 + timedelta(days=7)).isoformat()}
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _FLOWS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    sent, swept = result["sent"], result["swept"]
    assert sent["sent"] == 5 and sent["kommunen"] == 2
    assert sent["kommunen_ags"] == [KOELN, MUENCHEN]
    assert swept["kommunen_ags"] == [KOELN, MUENCHEN] and swept["queued"] == 5
