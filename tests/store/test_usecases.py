"""Use cases on SQLite and PostgreSQL: state, audit and outbox commit together or not at all."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dkbm import cycles, queries
from dkbm.states.errors import Conflict, InvalidTrigger, NotFound, Refused
from dkbm.store import repository as repo
from dkbm.store.db import session
from tests.conftest import T0, dump
from tests.factories import BY, cycle_in_implementation, decide_stage, make_network

# A Rückmeldung or a Stimme is a row of its own: its audit entry names the version it saw.
CONTRIBUTIONS = ("rueckmeldung", "stimme")


def test_a_transition_writes_state_audit_and_outbox_in_one_go(db_url: str) -> None:
    net = make_network()
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung für alle", by=BY, now=T0)
    after = cycles.advance(
        c.id,
        "beteiligung_starten",
        by="koordination",
        now=T0,
        reason="Start",
        deadline=T0 + timedelta(days=14),
    )
    assert (after.state, after.version) == ("leitbild_beteiligung", 3)
    last = queries.history(c.id)[-1]
    assert last["von"] == "koordination"
    assert (last["aus"], last["nach"], last["schritt"], last["grund"]) == (
        "leitbild_entwurf",
        "leitbild_beteiligung",
        "beteiligung_starten",
        "Start",
    )
    with session() as s:
        invitations = repo.outbox(s, c.id)
    assert {o.recipient_id for o in invitations} == set(net.actors)
    assert {o.kind for o in invitations} == {"beteiligung_einladung"}


def test_a_refused_step_changes_nothing(db_url: str) -> None:
    net = make_network()
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    before = dump(db_url)
    with pytest.raises(Refused, match="Leitbild-Text"):
        cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=3))
    with pytest.raises(InvalidTrigger):
        cycles.advance(c.id, "beschliessen", by=BY, now=T0)
    with pytest.raises(NotFound):
        cycles.advance(999, "beschliessen", by=BY, now=T0)
    assert dump(db_url) == before


def test_vote_without_quorum_is_recorded_but_beschluss_is_refused(db_url: str) -> None:
    net = make_network(voting=9)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=1))
    cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0 + timedelta(days=2))
    cycles.record_vote(c.id, present=4, yes=4, no=0, abstain=0, by=BY, now=T0)
    with pytest.raises(Refused, match="4 von 9 .* nötig sind 5"):
        cycles.advance(c.id, "beschliessen", by=BY, now=T0)
    cycles.record_vote(c.id, present=5, yes=3, no=1, abstain=1, by=BY, now=T0)
    assert cycles.advance(c.id, "beschliessen", by=BY, now=T0).state == "leitbild_beschlossen"


def test_vote_counts_are_checked_against_the_board(db_url: str) -> None:
    net = make_network(voting=5)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=1))
    cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0 + timedelta(days=2))
    with pytest.raises(Refused, match="nur 5 stimmberechtigte"):
        cycles.record_vote(c.id, present=6, yes=6, no=0, abstain=0, by=BY, now=T0)
    with pytest.raises(Refused, match="übersteigen die Anwesenden"):
        cycles.record_vote(c.id, present=3, yes=3, no=1, abstain=0, by=BY, now=T0)


def test_only_invited_actors_answer_and_only_during_consultation(db_url: str) -> None:
    net = make_network()
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    with pytest.raises(Refused, match="nur während einer Beteiligung"):
        cycles.record_response(c.id, net.actors[0], "x", by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    cycles.advance(
        c.id,
        "beteiligung_starten",
        by=BY,
        now=T0,
        deadline=T0 + timedelta(days=1),
        invited=[net.actors[0]],
    )
    with pytest.raises(Refused, match="nicht eingeladen"):
        cycles.record_response(c.id, net.actors[1], "x", by=BY, now=T0)
    cycles.record_response(c.id, net.actors[0], "passt", by=BY, now=T0)
    assert cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0).state == "leitbild_abstimmung"


def test_content_is_frozen_once_its_stage_is_out_for_consultation(db_url: str) -> None:
    net = make_network()
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.add_goal(c.id, "Früh vorbereitet", ["schule"], by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=1))
    with pytest.raises(Refused, match="nur im Entwurf"):
        cycles.set_vision(c.id, "Anders", by=BY, now=T0)


def test_invitations_can_name_actors_and_boards(db_url: str) -> None:
    net = make_network(voting=3, others=3)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    after = cycles.advance(
        c.id,
        "beteiligung_starten",
        by=BY,
        now=T0,
        deadline=T0 + timedelta(days=1),
        invited=[net.actors[5]],
        invited_boards=[net.board],
    )
    assert after.consultation.invited == [*net.actors[:3], net.actors[5]]


def test_outbox_rows_are_idempotent_by_key(db_url: str) -> None:
    row = {
        "key": "zyklus:1:v1:test:akteur:1",
        "kind": "test",
        "cycle_id": None,
        "recipient_id": None,
        "payload": {},
        "created_at": T0,
        "due_at": T0,
        "status": "pending",
        "attempts": 0,
    }
    with session() as s:
        repo.enqueue(s, [row])
    with session() as s:
        repo.enqueue(s, [row, {**row, "key": "other"}])
    with session() as s:
        assert [o.key for o in repo.outbox(s)] == [row["key"], "other"]


def test_stale_expected_version_is_a_conflict_and_changes_nothing(db_url: str) -> None:
    net = make_network()
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Bildung", by=BY, now=T0)
    before = dump(db_url)
    with pytest.raises(Conflict, match="Version 1 erwartet, jetzt 2"):
        cycles.advance(
            c.id,
            "beteiligung_starten",
            by=BY,
            now=T0,
            deadline=T0 + timedelta(days=1),
            expected_version=1,
        )
    assert dump(db_url) == before


def test_whole_cycle_to_implementation_and_closing_then_seeding_the_next(db_url: str) -> None:
    net = make_network()
    cycle_id = cycle_in_implementation(net)
    now = T0 + timedelta(days=10)
    with pytest.raises(Refused, match="Fortschrittsbericht"):
        cycles.advance(cycle_id, "wirkung_pruefen", by=BY, now=now)
    for m in cycles.replay_check(cycle_id)[0].measures:
        cycles.report_progress(cycle_id, m.id, "halb erreicht", value=45.0, by=BY, now=now)
    cycles.advance(cycle_id, "wirkung_pruefen", by=BY, now=now)
    cycles.advance(cycle_id, "wiedereroeffnen", by=BY, now=now, stage="massnahmen")
    decide_stage(cycle_id, net, now)
    for m in cycles.replay_check(cycle_id)[0].measures:
        cycles.report_progress(cycle_id, m.id, "erreicht", value=90.0, by=BY, now=now)
    cycles.advance(cycle_id, "wirkung_pruefen", by=BY, now=now)
    closed = cycles.advance(cycle_id, "abschliessen", by=BY, now=now)
    assert closed.state == "abgeschlossen"
    nxt = cycles.start(title="Nächster", board_id=net.board, seed_from=cycle_id, by=BY, now=now)
    assert nxt.state == "leitbild_entwurf"
    assert nxt.vision == closed.vision and len(nxt.measures) == len(closed.measures)
    assert all(not m.reports for m in nxt.measures)
    stored, events, reached = cycles.replay_check(cycle_id)
    assert reached[-1] == stored.state == "abgeschlossen"
    changes = [e.version for e in events if e.action not in CONTRIBUTIONS]
    assert changes == list(range(1, stored.version + 1))
    assert [e.version for e in events] == sorted(e.version for e in events)


def test_only_a_closed_cycle_seeds_the_next(db_url: str) -> None:
    net = make_network()
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    with pytest.raises(Refused, match="nur aus einem abgeschlossenen"):
        cycles.start(title="Z2", board_id=net.board, seed_from=c.id, by=BY, now=T0)
