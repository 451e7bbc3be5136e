"""What a moderation run does next, read off the cycle alone: the flow and the sweep share it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dkbm.states import cycle as machine
from dkbm.states import moderation as steps
from dkbm.states.model import StrategyCycle, Vote

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def in_consultation(invited: list[int]) -> StrategyCycle:
    c = StrategyCycle(id=1, municipality_id=1, title="Z", board_id=1, vision="Bildung für alle")
    machine.fire(
        c, "beteiligung_starten", now=NOW, deadline=NOW + timedelta(days=7), invited=invited
    )
    return c


def vote(yes: int, present: int) -> Vote:
    return Vote("leitbild", present, yes, 0, 0, voting_members=3, quorum_needed=2)


def test_a_draft_is_opened_for_consultation() -> None:
    c = StrategyCycle(id=1, municipality_id=1, title="Z", board_id=1)
    assert steps.scope_of(c) == steps.Scope("leitbild", 1)
    assert steps.next_step(c, steps.Scope("leitbild", 1), NOW).action == steps.OPEN_CONSULTATION


def test_an_open_consultation_waits_until_everyone_answered_or_the_deadline_passed() -> None:
    c = in_consultation([1, 2])
    scope = steps.Scope("leitbild", 1)
    waiting = steps.next_step(c, scope, NOW)
    assert waiting == steps.Step(steps.WAIT_CONSULTATION, "beteiligung-leitbild-r1")
    assert steps.next_step(c, scope, NOW + timedelta(days=8)).action == steps.OPEN_VOTE
    c.consultation.answers = {1: "ok", 2: "ok"}
    assert steps.next_step(c, scope, NOW).action == steps.OPEN_VOTE


def test_a_vote_waits_under_a_key_that_changes_with_every_recorded_result() -> None:
    c = in_consultation([1])
    c.consultation.answers = {1: "ok"}
    machine.fire(c, "abstimmung_starten", now=NOW)
    scope = steps.Scope("leitbild", 1)
    c.version = 5
    first = steps.next_step(c, scope, NOW)
    assert first == steps.Step(steps.WAIT_VOTE, "abstimmung-leitbild-r1-v5")
    c.vote, c.version = vote(yes=1, present=1), 6
    again = steps.next_step(c, scope, NOW)
    assert again.action == steps.WAIT_VOTE
    assert not steps.is_current("abstimmung-leitbild-r1-v5-0", again)
    assert steps.is_current("abstimmung-leitbild-r1-v6-0", again)
    c.vote = vote(yes=3, present=3)
    assert steps.next_step(c, scope, NOW).action == steps.DECIDE


def test_a_run_is_done_when_its_round_went_back_to_draft_or_the_stage_was_decided() -> None:
    c = in_consultation([1])
    machine.fire(c, "ueberarbeiten", now=NOW)
    assert steps.next_step(c, steps.Scope("leitbild", 1), NOW).action == steps.DONE
    c.state = "leitbild_beschlossen"
    c.round = 1
    assert steps.next_step(c, steps.Scope("leitbild", 1), NOW).action == steps.DONE
    assert steps.scope_of(c) is None


def test_fresh_keys_skip_the_ones_a_run_already_used() -> None:
    assert steps.fresh_key("abstimmung-leitbild-r1-v5", set()) == "abstimmung-leitbild-r1-v5-0"
    used = {"abstimmung-leitbild-r1-v5-0", "abstimmung-leitbild-r1-v5-1"}
    assert steps.fresh_key("abstimmung-leitbild-r1-v5", used) == "abstimmung-leitbild-r1-v5-2"
