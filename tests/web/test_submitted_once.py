"""A resent form counts once for every purpose: the same submission id is one answer, one
ballot, one reply, one task done, and one audit entry."""

from __future__ import annotations

from dkbm import meeting_queries, meeting_tasks, queries
from dkbm.meeting_attendance import reply
from dkbm.store import repository as repo
from dkbm.store.db import session
from tests.web.conftest import NOW, World

ONCE = "web:" + "a" * 32


def _entries(subject: str, subject_id: int, action: str) -> int:
    with session() as s:
        return sum(1 for e in repo.audit_events(s, subject, subject_id) if e.action == action)


def test_a_reply_sent_twice_is_one_reply(world: World) -> None:
    anna = world.actors[0]
    for _ in range(2):
        reply(world.meeting, anna, "zusage", by=f"akteur:{anna}", now=NOW, source=ONCE)
    assert _entries("sitzung", world.meeting, "antwort") == 1
    other = "web:" + "b" * 32
    reply(world.meeting, anna, "absage", by=f"akteur:{anna}", now=NOW, source=other)
    assert _entries("sitzung", world.meeting, "antwort") == 2


def test_a_task_done_twice_by_the_same_form_is_done_once(world: World) -> None:
    anna = world.actors[0]
    for _ in range(2):
        meeting_tasks.complete_task(
            world.task, note="erledigt", by=f"akteur:{anna}", now=NOW, source=ONCE
        )
    assert _entries("aufgabe", world.task, "erledigt") == 1
    (task,) = [t for t in meeting_queries.tasks(owner_id=anna) if t["id"] == world.task]
    assert task["status"] == "erledigt"


def test_an_answer_sent_twice_is_one_answer(world: World) -> None:
    from dkbm.cycle_consultation import record_response

    anna = world.actors[0]
    for text in ("Einmal", "Einmal anders"):  # the second, resent with the first's id
        record_response(world.consultation, anna, text, by="x", now=NOW, source=ONCE)
    shown = queries.responses(world.consultation)["rueckmeldungen"]
    assert [r["text"] for r in shown if r["akteur"] == anna] == ["Einmal"]
