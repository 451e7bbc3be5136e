"""Issue 20, point 4: answers and ballots are rows of their own. Hundreds of members answering
or voting at once are all kept, none is refused with a conflict, and the cycle's version does
not move; a submission sent twice counts once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from dkbm import cycles, queries
from dkbm.cycle_consultation import own_answer
from dkbm.cycle_votes import own_ballot
from dkbm.states.errors import InvalidValue, Refused
from dkbm.states.model import MAX_ANSWER_CHARS
from dkbm.store.db import engine
from tests.conftest import T0, dump
from tests.factories import BY, make_network

DAY = timedelta(days=1)


def _consulting(voting: int, others: int) -> tuple[int, list[int]]:
    net = make_network(voting=voting, others=others)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.add_goal(c, "Übergänge gestalten", ["schule"], by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + 9 * DAY)
    return c, net.actors


def _voting(voting: int) -> tuple[int, list[int]]:
    c, actors = _consulting(voting, 0)
    for a in actors:
        cycles.record_response(c, a, "ok", by=BY, now=T0)
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0, deadline=T0 + 9 * DAY)
    return c, actors


def _at_once(calls: list[Callable[[], Any]]) -> list[BaseException]:
    """Run every call in a thread of its own, all released together; the errors raised."""
    gate = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        gate.wait()
        try:
            call()
        except BaseException as exc:  # collected and asserted on
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors


def _count(url: str, sql: str, **params: Any) -> int:
    with engine(url).connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_two_hundred_members_answering_at_once_are_all_kept(db_url: str) -> None:
    c, actors = _consulting(voting=5, others=195)
    version = queries.status(c, T0)["version"]
    errors = _at_once(
        [
            lambda a=a: cycles.record_response(
                c, a, f"Rückmeldung {a}", by=f"akteur:{a}", now=T0 + DAY, source=f"web:s{a}"
            )
            for a in actors
        ]
    )
    assert errors == []
    assert _count(db_url, "SELECT count(*) FROM answer WHERE cycle_id = :c", c=c) == 200
    events = "SELECT count(*) FROM audit_event WHERE subject_id = :c AND action = 'rueckmeldung'"
    assert _count(db_url, events, c=c) == 200
    status = queries.status(c, T0 + DAY)
    assert status["version"] == version
    assert status["beteiligung"]["geantwortet"] == 200 and status["beteiligung"]["ausstehend"] == []
    given = queries.responses(c)["rueckmeldungen"]
    assert {(r["akteur"], r["text"], r["quelle"]) for r in given} == {
        (a, f"Rückmeldung {a}", "web") for a in actors
    }
    assert cycles.advance(c, "abstimmung_starten", by=BY, now=T0 + DAY).version == version + 1


def test_fifty_voters_voting_at_once_are_all_counted(db_url: str) -> None:
    c, actors = _voting(voting=50)
    version = queries.status(c, T0)["version"]
    choice = {a: ("ja", "ja", "ja", "nein", "enthaltung")[i % 5] for i, a in enumerate(actors)}
    errors = _at_once(
        [lambda a=a: cycles.record_ballot(c, a, choice[a], by=BY, now=T0 + DAY) for a in actors]
    )
    assert errors == []
    assert _count(db_url, "SELECT count(*) FROM ballot WHERE cycle_id = :c", c=c) == 50
    events = "SELECT count(*) FROM audit_event WHERE subject_id = :c AND action = 'stimme'"
    assert _count(db_url, events, c=c) == 50
    status = queries.status(c, T0 + DAY)
    assert status["version"] == version
    vote = status["abstimmung"]
    assert (vote["anwesend"], vote["ja"], vote["nein"], vote["enthaltung"]) == (50, 30, 10, 10)
    assert status["schriftliche_abstimmung"]["stimmen"] == 50
    assert status["schriftliche_abstimmung"]["ausstehend"] == []
    # everyone voted: decided before the deadline, without a reason
    decided = cycles.advance(c, "beschliessen", by=BY, now=T0 + DAY)
    assert decided.state == "leitbild_beschlossen" and decided.version == version + 1


def test_a_submission_sent_twice_counts_once(db_url: str) -> None:
    c, actors = _consulting(voting=3, others=0)
    for _ in range(2):
        cycles.record_response(c, actors[0], "Gut so", by="web", now=T0, source="web:abc")
    errors = _at_once(
        [
            lambda: cycles.record_response(c, actors[1], "Ja", by="web", now=T0, source="web:x")
            for _ in range(8)
        ]
    )
    assert errors == []
    rows = "SELECT count(*) FROM answer WHERE cycle_id = :c AND actor_id = :a"
    events = "SELECT count(*) FROM audit_event WHERE subject_id = :c AND action = 'rueckmeldung'"
    assert _count(db_url, rows, c=c, a=actors[0]) == 1
    assert _count(db_url, rows, c=c, a=actors[1]) == 1
    assert _count(db_url, events, c=c) == 2
    assert own_answer(c, actors[1])["replaced"] == 0  # type: ignore[index]


def test_an_answer_identical_to_the_kept_one_writes_nothing(db_url: str) -> None:
    c, actors = _consulting(voting=3, others=0)
    cycles.record_response(c, actors[0], "Gut so", by=BY, now=T0)
    before = dump(db_url)
    again = cycles.record_response(c, actors[0], "Gut so", by=BY, now=T0 + DAY)
    assert dump(db_url) == before
    assert again.consultation is not None and again.consultation.answers == {actors[0]: "Gut so"}


def test_a_second_answer_replaces_the_first_and_counts_it(db_url: str) -> None:
    c, actors = _consulting(voting=3, others=0)
    cycles.record_response(c, actors[0], "erst", by=BY, now=T0)
    cycles.record_response(c, actors[0], "dann", by="akteur", now=T0 + DAY, source="web:2")
    kept = own_answer(c, actors[0])
    assert kept is not None
    assert (kept["text"], kept["replaced"], kept["source"]) == ("dann", 1, "web")
    assert kept["given_at"] == T0 + DAY and kept["items"] is None
    (row,) = queries.responses(c)["rueckmeldungen"]
    assert (row["text"], row["ersetzt"], row["zeit"]) == ("dann", 1, (T0 + DAY).isoformat())
    last = queries.history(c)[-1]
    assert last["aktion"] == "rueckmeldung" and last["details"] == {
        "akteur": actors[0],
        "text": "dann",
        "ersetzt": True,
        "quelle": "web",
    }
    assert own_answer(c, actors[1]) is None


def test_remarks_per_item_are_kept_and_unknown_items_or_stances_refused(db_url: str) -> None:
    c, actors = _consulting(voting=3, others=0)
    goal = queries.status(c, T0)["inhalt"]["ziele"][0]["id"]
    remarks = {goal: {"haltung": "bedenken", "text": "zu eng"}}
    cycles.record_response(c, actors[0], "insgesamt gut", items=remarks, by=BY, now=T0)
    kept = own_answer(c, actors[0])
    assert kept is not None and kept["items"] == {
        str(goal): {"haltung": "bedenken", "text": "zu eng"}
    }
    assert queries.history(c)[-1]["details"]["punkte"] == kept["items"]
    before = dump(db_url)
    for wrong in (
        {999: {"haltung": "zustimmung"}},
        {"x": {"haltung": "zustimmung"}},
        {goal: {"haltung": "vielleicht"}},
        {goal: "zustimmung"},
        {goal: {"haltung": "anmerkung", "text": "x" * (MAX_ANSWER_CHARS + 1)}},
    ):
        with pytest.raises(InvalidValue):
            cycles.record_response(c, actors[1], "ok", items=wrong, by=BY, now=T0)
    with pytest.raises(InvalidValue, match="10001 Zeichen"):
        cycles.record_response(c, actors[1], "x" * (MAX_ANSWER_CHARS + 1), by=BY, now=T0)
    cycles.record_response(c, actors[1], "x" * MAX_ANSWER_CHARS, by=BY, now=T0)
    assert own_answer(c, actors[1]) is not None
    assert dump(db_url)["answer"] != before["answer"]


def test_guards_refuse_and_change_nothing(db_url: str) -> None:
    net = make_network(voting=3, others=1)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)

    def refused(call: Callable[[], Any], match: str) -> None:
        before = dump(db_url)
        with pytest.raises(Refused, match=match):
            call()
        assert dump(db_url) == before

    refused(lambda: cycles.record_response(c, 1, "ok", by=BY, now=T0), "Beteiligung")
    refused(lambda: cycles.record_ballot(c, 1, "ja", by=BY, now=T0), "Abstimmung")
    invited = net.actors[:2]
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + 9 * DAY, invited=invited)
    refused(lambda: cycles.record_response(c, net.actors[3], "ok", by=BY, now=T0), "eingeladen")
    for a in invited:
        cycles.record_response(c, a, "ok", by=BY, now=T0)
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0)
    refused(lambda: cycles.record_ballot(c, net.actors[3], "ja", by=BY, now=T0), "stimmberechtigt")
    assert own_ballot(c, net.actors[0]) is None


def test_ballots_decide_and_a_minutes_result_is_refused_while_they_are_cast(
    db_url: str,
) -> None:
    c, actors = _voting(voting=3)
    cycles.record_ballot(c, actors[0], "nein", by=BY, now=T0, source="web:1")
    cycles.record_ballot(c, actors[0], "ja", by=BY, now=T0, source="web:2")
    assert own_ballot(c, actors[0]) == "ja"
    voted = cycles.record_ballot(c, actors[1], "ja", by=BY, now=T0)
    assert voted.vote is not None and (voted.vote.present, voted.vote.yes) == (2, 2)
    with pytest.raises(Refused, match="abgegebene Stimmen: 2"):
        cycles.record_vote(c, present=3, yes=0, no=3, abstain=0, by=BY, now=T0)
    decided = cycles.advance(c, "beschliessen", by=BY, now=T0, reason="eilt")
    assert decided.state == "leitbild_beschlossen"
    assert queries.status(c, T0)["abstimmung"]["ja"] == 2  # kept in the document at the decision


def test_a_new_round_starts_without_answers_and_the_old_rows_stay(db_url: str) -> None:
    c, actors = _consulting(voting=3, others=0)
    cycles.record_response(c, actors[0], "Runde 1", by=BY, now=T0)
    cycles.advance(c, "ueberarbeiten", by=BY, now=T0, reason="mehr Ziele")
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + 9 * DAY)
    status = queries.status(c, T0)
    assert status["runde"] == 2 and status["beteiligung"]["geantwortet"] == 0
    assert own_answer(c, actors[0]) is None
    rounds = "SELECT round FROM answer WHERE cycle_id = :c"
    assert _count(db_url, rounds, c=c) == 1


def test_a_reopened_stage_counts_its_rounds_on(db_url: str) -> None:
    """Wirkungsprüfung reopens a stage: its Beteiligung is a round of its own, so the
    answers of the first pass neither count nor are overwritten."""
    from tests.factories import cycle_in_implementation

    net = make_network()
    c = cycle_in_implementation(net)
    for m in cycles.replay_check(c)[0].measures:
        cycles.report_progress(c, m.id, "halb", value=1.0, by=BY, now=T0)
    cycles.advance(c, "wirkung_pruefen", by=BY, now=T0)
    reopened = cycles.advance(c, "wiedereroeffnen", by=BY, now=T0, stage="ziele")
    assert (reopened.state, reopened.round) == ("ziele_entwurf", 2)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + 9 * DAY)
    assert queries.status(c, T0)["beteiligung"]["geantwortet"] == 0
    cycles.record_response(c, net.actors[0], "ok", by=BY, now=T0)
    rows = "SELECT count(*) FROM answer WHERE cycle_id = :c AND stage = 'ziele'"
    assert _count(db_url, rows, c=c) == len(net.actors) + 1


def test_an_erased_members_answers_stay_without_her_name(db_url: str) -> None:
    """Erasing keeps every answer (as it keeps the audit entries), but her name and address
    leave who gave it and every answer's text, also another member's that named her."""
    from dkbm import people

    c, actors = _consulting(voting=3, others=0)
    goal = queries.status(c, T0)["inhalt"]["ziele"][0]["id"]
    her, other = actors[0], actors[1]
    remark = {goal: {"haltung": "anmerkung", "text": "Akteur 0 bringt das ein"}}
    cycles.record_response(c, her, "Gruß, Akteur 0", items=remark, by="Akteur 0", now=T0)
    cycles.record_response(c, other, "Wie a0@example.org schreibt", by=BY, now=T0)
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0 + 10 * DAY, deadline=T0 + 20 * DAY)
    cycles.record_ballot(c, her, "ja", by="Akteur 0", now=T0 + 10 * DAY)

    people.erase(her, by=BY, now=T0 + 11 * DAY)

    kept = {
        r[0]: r[1:] for r in _rows(db_url, "SELECT actor_id, given_by, text, items FROM answer")
    }
    assert set(kept) == {her, other}
    assert kept[her][:2] == ("ehemaliges Mitglied", "Gruß, ehemaliges Mitglied")
    assert "Akteur 0" not in str(kept[her][2]) and "ehemaliges Mitglied" in str(kept[her][2])
    assert kept[other][1] == "Wie ehemaliges Mitglied schreibt"
    assert _rows(db_url, "SELECT actor_id, cast_by, choice FROM ballot") == [
        (her, "ehemaliges Mitglied", "ja")
    ]
    assert queries.status(c, T0 + 11 * DAY)["schriftliche_abstimmung"]["stimmen"] == 1


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_each_ballot_changes_what_a_waiting_moderation_run_waits_for(db_url: str) -> None:
    """A Stimme moves no version, yet the run waiting on the vote must see each one (the
    reconciler wakes it when the key it would wait under differs)."""
    from dkbm.states import moderation as steps

    c, actors = _voting(voting=5)
    scope = steps.Scope("leitbild", 1)

    def key() -> str | None:
        step = steps.next_step(cycles.replay_check(c)[0], scope, T0 + DAY)
        assert step.action == steps.WAIT_VOTE
        return step.wait_key

    keys = [key()]
    for actor, choice in ((actors[0], "ja"), (actors[1], "nein"), (actors[1], "ja")):
        cycles.record_ballot(c, actor, choice, by=BY, now=T0 + DAY)
        keys.append(key())
    assert len(set(keys)) == len(keys)
    cycles.record_ballot(c, actors[1], "ja", by=BY, now=T0 + DAY)  # the same again
    assert key() == keys[-1]
    assert not steps.is_current(
        f"{keys[0]}-0", steps.next_step(cycles.replay_check(c)[0], scope, T0 + DAY)
    )
