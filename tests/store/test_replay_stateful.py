"""Random sequences of use cases never reach an undefined state, the stored cycle
always equals what its audit log replays to, and its item rows equal its document."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from dkbm import cycles
from dkbm.states import cycle as machine
from dkbm.states.errors import DkbmError
from dkbm.store import items, mapping
from dkbm.store.db import engine, session
from tests.conftest import T0
from tests.factories import BY, fill_stage, make_network

# A Rückmeldung or a Stimme is a row of its own: its audit entry names the version it saw.
CONTRIBUTIONS = ("rueckmeldung", "stimme")

LEAVES = {f"{s}_{step}" for s in machine.STAGES for step in machine.STEPS} | set(machine.LATER)


class CycleUnderRandomUse(RuleBasedStateMachine):
    template: Path

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.mkdtemp()
        path = Path(self.dir) / "dkbm.db"
        shutil.copy(self.template, path)
        self.url = f"sqlite:///{path}"
        self.previous_url = os.environ.get("DKBM_DATABASE_URL")
        os.environ["DKBM_DATABASE_URL"] = self.url
        self.now = T0

    @initialize()
    def a_cycle(self) -> None:
        self.net = make_network(voting=5, others=1, now=self.now)
        self.cycle_id = cycles.start(title="Z", board_id=self.net.board, by=BY, now=self.now).id

    @rule(
        trigger=st.sampled_from(machine.TRIGGERS),
        days=st.integers(0, 20),
        stage=st.sampled_from([None, *machine.STAGES]),
    )
    def take_a_step(self, trigger: str, days: int, stage: str | None) -> None:
        self.now += timedelta(days=days)
        try:
            cycles.advance(
                self.cycle_id,
                trigger,
                by=BY,
                now=self.now,
                deadline=self.now + timedelta(days=7),
                stage=stage,
            )
        except DkbmError:
            pass

    @rule()
    def fill_the_current_stage(self) -> None:
        stage = cycles.replay_check(self.cycle_id)[0].stage
        try:
            fill_stage(self.cycle_id, stage, self.net, self.now)
        except DkbmError:
            pass

    @rule(actor=st.integers(1, 6))
    def answer(self, actor: int) -> None:
        try:
            cycles.record_response(self.cycle_id, actor, "ok", by=BY, now=self.now)
        except DkbmError:
            pass

    @rule(present=st.integers(0, 5), yes=st.integers(0, 5))
    def vote(self, present: int, yes: int) -> None:
        try:
            cycles.record_vote(
                self.cycle_id,
                present=present,
                yes=min(yes, present),
                no=0,
                abstain=0,
                by=BY,
                now=self.now,
            )
        except DkbmError:
            pass

    @rule()
    def report(self) -> None:
        c = cycles.replay_check(self.cycle_id)[0]
        for m in c.measures:
            try:
                cycles.report_progress(self.cycle_id, m.id, "läuft", value=1.0, by=BY, now=self.now)
            except DkbmError:
                pass

    @invariant()
    def stored_state_is_defined_and_equals_the_replayed_log(self) -> None:
        if not hasattr(self, "cycle_id"):
            return
        stored, events, reached = cycles.replay_check(self.cycle_id)
        assert stored.state in LEAVES | {"abgeschlossen"}
        changes = [e.version for e in events if e.action not in CONTRIBUTIONS]
        assert changes == list(range(1, stored.version + 1))
        assert [e.version for e in events] == sorted(e.version for e in events)
        assert (reached[-1] if reached else machine.INITIAL) == stored.state
        assert reached == [e.to_state for e in events if e.trigger]

    @invariant()
    def item_rows_equal_the_document(self) -> None:
        if not hasattr(self, "cycle_id"):
            return
        stored = cycles.replay_check(self.cycle_id)[0]
        with session() as s:
            rows = items.stored(s, self.cycle_id)
        assert rows == items.rows(self.cycle_id, mapping.content(stored))

    def teardown(self) -> None:
        engine(self.url).dispose()
        if self.previous_url is None:
            os.environ.pop("DKBM_DATABASE_URL", None)
        else:
            os.environ["DKBM_DATABASE_URL"] = self.previous_url
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_random_use_never_breaks_replay(sqlite_template: Path) -> None:
    CycleUnderRandomUse.template = sqlite_template
    run = CycleUnderRandomUse.TestCase
    run.settings = settings(
        max_examples=25,
        stateful_step_count=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    run().runTest()
