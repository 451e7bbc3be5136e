"""`beschluss_aufheben`: a decided stage goes back to its Abstimmung only when the (corrected)
result no longer carries the decision."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dkbm.states import cycle as machine
from dkbm.states.diagram import mermaid
from dkbm.states.errors import InvalidTrigger, Refused
from dkbm.states.i18n import t
from tests.states.test_cycle import LATER, decide, fresh


@pytest.mark.parametrize("stage", machine.STAGES)
def test_a_decision_stands_while_its_result_carries_it(stage: str) -> None:
    c = fresh()
    for _earlier in machine.STAGES[: machine.STAGES.index(stage)]:
        decide(c)
        machine.fire(c, "naechste_stufe", now=LATER)
    decide(c)
    with pytest.raises(Refused) as refused:
        machine.fire(c, "beschluss_aufheben", now=LATER)
    assert "--korrektur --grund" in t(refused.value.reason.key)
    assert c.state == f"{stage}_beschlossen" and stage in c.decided


@pytest.mark.parametrize(
    "corrected", [{"present": 3}, {"yes": 1, "no": 3}, {"yes": 2, "no": 2, "abstain": 1}]
)
def test_a_corrected_result_that_does_not_carry_revokes_the_decision(corrected: dict) -> None:
    c = fresh()
    decide(c)
    assert c.vote is not None
    c.vote = replace(c.vote, **corrected)
    assert machine.fire(c, "beschluss_aufheben", now=LATER) == "leitbild_beschlossen"
    assert c.state == "leitbild_abstimmung" and "leitbild" not in c.decided
    assert c.vote is not None and c.vote.yes == corrected.get("yes", 4)
    assert machine.allowed_triggers(c.state) == ["beschliessen", "ueberarbeiten"]


def test_only_a_decided_stage_can_be_revoked_and_it_is_never_offered_as_a_step() -> None:
    assert machine.allowed_triggers("leitbild_beschlossen") == ["naechste_stufe"]
    with pytest.raises(InvalidTrigger):
        machine.fire(fresh(), "beschluss_aufheben", now=LATER)


def test_the_revocation_is_drawn_and_replayed() -> None:
    assert "leitbild_beschlossen --> leitbild_abstimmung : Beschluss aufheben" in mermaid()
    steps = [
        ("beteiligung_starten", {}),
        ("abstimmung_starten", {}),
        ("beschliessen", {}),
        ("beschluss_aufheben", {}),
        ("beschliessen", {}),
    ]
    assert machine.replay(steps)[-2:] == ["leitbild_abstimmung", "leitbild_beschlossen"]
