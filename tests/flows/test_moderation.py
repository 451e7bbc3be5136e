"""Durable moderation against real peers: a Prefect server on PostgreSQL, `dkbm serve` as
the process that runs the `moderation` deployment, and PostgreSQL for dkbm.

The serving process group is SIGKILLed three times (during a task, while suspended in the
Beteiligung, while waiting for the vote) and started again each time; the vote is given
once through the API the UI's form uses and once through `dkbm zyklus entscheiden`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from dkbm import cycles, queries
from tests.factories import BY, make_network

ROOT = Path(__file__).resolve().parents[2]
INVITED = 2000  # enough that opening the Beteiligung takes long enough to be killed in it


def wait_for(what: str, check: Callable[[], Any], timeout: float = 120) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if result := check():
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def api(env: dict[str, str], path: str, body: dict | None = None) -> Any:
    response = httpx.post(f"{env['PREFECT_API_URL']}{path}", json=body or {}, timeout=10)
    response.raise_for_status()
    return response.json()


def moderation_runs(env: dict[str, str]) -> list[dict]:
    return api(env, "/flow_runs/filter", {"flows": {"name": {"any_": ["moderation"]}}})


def dkbm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def descendants(pid: int) -> list[int]:
    """Live processes below *pid*; an exited child its parent has not reaped yet (a zombie,
    seen under load) is no process."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            live = [c for c in children if not _zombie(c)]
            found += live
            todo += live
    return found


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True  # gone meanwhile


class Serve:
    """`dkbm serve` in a process group of its own, killed like a machine that dies."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.process = env, log, None

    def start(self) -> Serve:
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dkbm", "serve"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for("the moderation deployment", self._deployed)
        return self

    def _deployed(self) -> bool:
        r = httpx.get(
            f"{self.env['PREFECT_API_URL']}/deployments/name/moderation/moderation", timeout=5
        )
        return r.status_code == 200

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


@pytest.fixture
def served(
    prefect_pg_server: dict[str, str], pg_url: str, tmp_path: Path
) -> Iterator[tuple[Serve, dict[str, str]]]:
    env = {
        **os.environ,
        **prefect_pg_server,
        "DKBM_DATABASE_URL": pg_url,
        "DKBM_USER": "koordination",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30",
        "DKBM_STALE_RUN_SECONDS": "40",
        "DKBM_VOTE_FORM_GRACE_SECONDS": "5",
    }
    env.pop("DKBM_NOW", None)
    serve = Serve(env, tmp_path / "serve.log")
    yield serve, env
    serve.stop()


RECONCILE = """
import json
from datetime import UTC, datetime
from prefect.client.orchestration import get_client
from dkbm.flows.reconcile import reconcile_moderations
with get_client(sync_client=True) as client:
    print(json.dumps(vars(reconcile_moderations(datetime.now(UTC), client))))
"""


def reconcile(env: dict[str, str]) -> dict[str, list[str]]:
    """One pass of the `abgleich` flow's reconciliation against the real server, in a process
    of its own (Prefect reads its settings once per process)."""
    import json

    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", RECONCILE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_moderation_survives_three_kills_and_decides_exactly_once(
    served: tuple[Serve, dict[str, str]],
) -> None:
    serve, env = served
    now = lambda: datetime.now(UTC)  # noqa: E731
    net = make_network(voting=3, others=INVITED, now=now())
    cycle_id = cycles.start(title="Leitbild 2030", board_id=net.board, by=BY, now=now()).id
    cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=now())
    state = lambda: queries.status(cycle_id, now())  # noqa: E731
    serve.start()

    started = time.monotonic()
    frist = (now() + timedelta(days=7)).date().isoformat()
    out = dkbm(env, "zyklus", "moderieren", str(cycle_id), "--frist", frist)
    assert out.returncode == 0, out.stderr
    assert "/runs/flow-run/" in out.stdout
    assert time.monotonic() - started < 30
    (run,) = moderation_runs(env)
    run_id = run["id"]

    def task_running(name: str) -> bool:
        tasks = api(env, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run_id]}}})
        return any(t["name"].startswith(name) and t["state_type"] == "RUNNING" for t in tasks)

    # 1. Killed while the task "Beteiligung starten" renders thousands of invitations.
    wait_for("the task opening the Beteiligung", lambda: task_running("Beteiligung starten"))
    serve.kill()
    assert state()["zustand"] == "leitbild_entwurf"  # its transaction never committed
    serve.start()
    wait_for(
        "the vanished run to be rescheduled",
        lambda: (
            run["name"] in " ".join(reconcile(env)["rescheduled"])
            or _run(env, run_id)["state_type"] != "RUNNING"
        ),
        timeout=180,
    )
    wait_for("the Beteiligung", lambda: _run(env, run_id)["state_name"] == "Suspended", 180)
    assert state()["zustand"] == "leitbild_beteiligung"
    # The suspended run's process ends by itself (under load its teardown takes seconds).
    wait_for(
        "no flow-run process while people work",
        lambda: descendants(serve.process.pid) == [],
        30,
    )

    # 2. Killed while suspended in the Beteiligung; meanwhile its deadline passes (moved to
    # a few seconds from now: the consultation ends by deadline, not by answers).
    serve.kill()
    cycles.record_response(cycle_id, net.actors[0], "einverstanden", by=BY, now=now())
    due = now() + timedelta(seconds=15)
    cycles.change_deadline(cycle_id, due, by=BY, now=now())
    assert not reconcile(env)["resumed"]  # still open: the run keeps waiting
    serve.start()
    time.sleep(max(0.0, (due - now()).total_seconds()) + 1)
    assert reconcile(env)["resumed"]
    wait_for(
        "the run to wait for the vote",
        lambda: (
            _run(env, run_id)["state_name"] == "Suspended"
            and state()["zustand"] == "leitbild_abstimmung"
        ),
    )

    # 3. Killed while waiting for the vote; the UI's form gives a result without quorum.
    serve.kill()
    serve.start()
    waiting = _run(env, run_id)

    # The run was marked Suspended before it saved its form; if the kill fell in between,
    # an `abgleich` pass writes the form again once the run had its grace period.
    def form_or_reconcile() -> list[dict]:
        if found := _vote_form(env, run_id):
            return found
        reconcile(env)
        return _vote_form(env, run_id)

    form = wait_for("the vote form", form_or_reconcile, 90)
    description = form[0]["value"]
    assert "beschlussfähig ab **2** Anwesenden" in description and "Akteur 0" in description
    api(
        env,
        f"/flow_runs/{run_id}/resume",
        {"run_input": {"anwesend": 1, "ja": 1, "erfasst_von": "Frau Lehmann"}},
    )
    wait_for(
        "the run to wait for the repeated vote",
        lambda: (
            (r := _run(env, run_id))["state_name"] == "Suspended"
            and r["state"]["state_details"]["pause_key"]
            != waiting["state"]["state_details"]["pause_key"]
        ),
    )
    assert state()["abstimmung"]["beschlussfaehig"] is False

    out = dkbm(env, "zyklus", "entscheiden", str(cycle_id), "--anwesend", "3", "--ja", "3")
    assert out.returncode == 0, out.stderr
    assert "wird fortgesetzt" in out.stdout
    wait_for("the decision", lambda: _run(env, run_id)["state_type"] == "COMPLETED")

    assert state()["zustand"] == "leitbild_beschlossen"
    history = queries.history(cycle_id)
    steps = [e["schritt"] for e in history if e["schritt"]]
    assert steps == ["beteiligung_starten", "abstimmung_starten", "beschliessen"]
    votes = [e for e in history if e["aktion"] == "abstimmung_erfasst"]
    assert [(v["von"], v["details"]["present"]) for v in votes] == [
        ("Frau Lehmann", 1),
        ("koordination", 3),
    ]
    rows = _outbox(cycle_id)
    live = Counter((m.kind, m.recipient_id) for m in rows if m.status != "cancelled")
    assert set(live.values()) == {1}, "no message twice"
    assert sum(1 for k, _ in live if k == "beschluss_mitteilung") == INVITED + 3
    # One invitation per invitee from the step that the killed task had not committed;
    # no mail route here, so later steps withdrew what was still queued, as they should.
    opened = Counter(
        m.recipient_id
        for m in rows
        if m.kind == "beteiligung_einladung" and m.key.startswith("zyklus:")
    )
    assert len(opened) == INVITED + 3 and set(opened.values()) == {1}


def _vote_form(env: dict[str, str], run_id: str) -> list[dict]:
    inputs = api(
        env, f"/flow_runs/{run_id}/input/filter", {"prefix": "suspended-abstimmung", "limit": 50}
    )
    return [i for i in inputs if i["key"].endswith("-description")]


def test_a_run_killed_before_it_saved_its_vote_form_gets_the_form_and_can_be_woken(
    sqlite_url: str, prefect_server: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prefect marks the run Suspended, then saves the form: a kill in between leaves a run
    the UI cannot resume and the server refuses to wake ("Run input schema not found")."""
    from prefect.client.orchestration import get_client
    from prefect.input.run_input import keyset_from_paused_state
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.states import Cancelled, Suspended

    from dkbm.flows.moderation import moderate_stage
    from dkbm.flows.runs import wake

    for k, v in prefect_server.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("DKBM_VOTE_FORM_GRACE_SECONDS", "0")  # here: killed long ago
    now = datetime.now(UTC)
    cycle_id = _cycle_in_vote(make_network(voting=3, others=0, now=now), now)
    # this worker may have read Prefect's settings for another server already
    server = temporary_settings({PREFECT_API_URL: prefect_server["PREFECT_API_URL"]})
    with server, get_client(sync_client=True) as client:
        flow_id = client.create_flow(moderate_stage)
        deployment = client.create_deployment(flow_id=flow_id, name="moderation")
        run = client.create_flow_run_from_deployment(deployment, parameters={"zyklus": cycle_id})

        def killed_after_suspending(key: str) -> None:
            suspended = Suspended(timeout_seconds=None, pause_key=key)
            suspended.state_details.run_input_keyset = keyset_from_paused_state(suspended)
            client.set_flow_run_state(run.id, suspended, force=True)
            assert not [f for f in _vote_form(prefect_server, str(run.id)) if key in f["key"]]

        try:
            # the reconciler writes the form, then wakes the run (it has not taken the cycle)
            killed_after_suspending("abstimmung-1")
            # within its grace period the run may still be saving the form: left alone,
            # and the server's refusal to wake it is reported, not taken for a wake-up
            env = {**os.environ, "DKBM_DATABASE_URL": sqlite_url}
            early = reconcile({**env, "DKBM_VOTE_FORM_GRACE_SECONDS": "60"})
            assert early["forms_restored"] == early["resumed"] == []
            assert "Run input schema not found" in " ".join(early["waiting"])
            report = reconcile(env)
            assert report["forms_restored"] == report["resumed"] == [run.name]
            (form,) = _vote_form(prefect_server, str(run.id))
            assert "beschlussfähig ab **2** Anwesenden" in form["value"]

            # `dkbm zyklus entscheiden` wakes such a run too
            killed_after_suspending("abstimmung-2")
            assert wake(cycle_id)[0] == "resumed"
            assert len(_vote_form(prefect_server, str(run.id))) == 2
            assert _run(prefect_server, str(run.id))["state_type"] != "PAUSED"
        finally:  # the server is shared: leave no active run for another test's cycle 1
            client.set_flow_run_state(run.id, Cancelled(), force=True)


def _outbox(cycle_id: int) -> list[Any]:
    from sqlmodel import Session, select

    from dkbm.store.db import engine
    from dkbm.store.tables import OutboxRow

    with Session(engine()) as s:
        return list(s.exec(select(OutboxRow).where(OutboxRow.cycle_id == cycle_id)))


def _run(env: dict[str, str], run_id: str) -> dict:
    response = httpx.get(f"{env['PREFECT_API_URL']}/flow_runs/{run_id}", timeout=10)
    response.raise_for_status()
    return response.json()


def test_entscheiden_records_the_vote_when_the_server_is_unreachable(
    sqlite_url: str, prefect_server: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    net = make_network(voting=3, others=0, now=now)
    cycle_id = _cycle_in_vote(net, now)
    env = {
        **os.environ,
        "DKBM_DATABASE_URL": sqlite_url,
        "DKBM_USER": "koordination",
        "PREFECT_API_URL": "http://127.0.0.1:9/api",
    }
    out = dkbm(env, "zyklus", "entscheiden", str(cycle_id), "--anwesend", "3", "--ja", "2")
    assert out.returncode == 0, out.stderr
    assert "nicht erreichbar" in out.stdout and "gespeichert" in out.stdout
    (vote,) = [e for e in queries.history(cycle_id) if e["aktion"] == "abstimmung_erfasst"]
    assert vote["von"] == "koordination"

    env["PREFECT_API_URL"] = prefect_server["PREFECT_API_URL"]
    out = dkbm(env, "zyklus", "entscheiden", str(cycle_id), "--anwesend", "3", "--ja", "3")
    assert out.returncode == 0, out.stderr
    assert "Kein Moderationslauf wartet" in out.stdout
    assert f"dkbm zyklus weiter {cycle_id} beschliessen" in out.stdout
    assert queries.status(cycle_id, now)["abstimmung"]["ja"] == 3


def _cycle_in_vote(net: Any, now: datetime) -> int:
    cycle_id = cycles.start(title="Leitbild", board_id=net.board, by=BY, now=now).id
    cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=now)
    cycles.advance(
        cycle_id, "beteiligung_starten", by=BY, now=now, deadline=now + timedelta(days=7)
    )
    for actor_id in net.actors:
        cycles.record_response(cycle_id, actor_id, "ok", by=BY, now=now)
    cycles.advance(cycle_id, "abstimmung_starten", by=BY, now=now)
    return cycle_id


def test_every_transition_becomes_one_event_whoever_caused_it(
    sqlite_url: str, prefect_server: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for k, v in prefect_server.items():
        monkeypatch.setenv(k, v)
    now = datetime.now(UTC)
    net = make_network(voting=3, others=0, now=now)
    cycle_id = _cycle_in_vote(net, now)
    env = {**os.environ, "DKBM_USER": "koordination"}
    assert dkbm(env, "zyklus", "weiter", str(cycle_id), "ueberarbeiten").returncode == 0

    def relayed() -> int:
        """One relay in a process of its own, as in a flow run (events go to this server)."""
        code = (
            "from flows.relay import relay_transitions\n"
            "from prefect.events.worker import EventsWorker\n"
            "n = relay_transitions()\n"
            "EventsWorker.drain_all()\n"
            "print(n)\n"
        )
        out = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", code],
            cwd=ROOT,
            env={**env, "PREFECT_API_URL": prefect_server["PREFECT_API_URL"]},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr[-2000:]
        return int(out.stdout.strip().splitlines()[-1])

    assert relayed() > 0
    assert relayed() == 0

    def events() -> list[tuple[str, str]]:
        page = api(
            prefect_server,
            "/events/filter",
            {"filter": {"resource": {"id": [f"dkbm.zyklus.{cycle_id}"]}}, "limit": 50},
        )
        found = sorted((e["event"], e["payload"]["by"]) for e in page["events"])
        return found if len(found) >= 3 else []

    assert wait_for("events", events, timeout=30) == [
        ("dkbm.zyklus.abstimmung_starten", BY),
        ("dkbm.zyklus.beteiligung_starten", BY),
        ("dkbm.zyklus.ueberarbeiten", "koordination"),
    ]

    # a meeting's steps become events of their own resource
    from dkbm import meetings

    m = meetings.plan(
        board_id=net.board,
        starts_at=now + timedelta(days=14),
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=now,
    )
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=now)
    meetings.invite(m.id, by=BY, now=now)
    assert relayed() == 3

    def meeting_events() -> list[str]:
        page = api(
            prefect_server,
            "/events/filter",
            {"filter": {"resource": {"id": [f"dkbm.sitzung.{m.id}"]}}, "limit": 50},
        )
        return [e["event"] for e in page["events"]]

    assert wait_for("meeting events", meeting_events, timeout=30) == ["dkbm.sitzung.einladen"]
