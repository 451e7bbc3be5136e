"""What a member's form may hold, per purpose, and the one use case it calls.

Only the fields a purpose's page offers are read; a form with any other field (an object id,
another purpose's answer) is refused whole, so a link can act on its own object alone. The
use case is the CLI's: same checks, same audit entry, with the Akteur as the one acting and
the form's submission id as the source (a double click gives one answer).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dkbm.cycle_consultation import record_response
from dkbm.cycle_votes import record_ballot
from dkbm.meeting_attendance import reply
from dkbm.meeting_tasks import complete_task
from dkbm.states.errors import Conflict
from dkbm.states.meeting import REPLIES
from dkbm.states.model import BALLOT_CHOICES, MAX_ANSWER_CHARS, STANCES, StrategyCycle
from dkbm.web.member_views import MemberView

COMMON = ("csrf", "einreichung")
_SUBMISSION = re.compile(r"[0-9a-f]{32}")
ATTEMPTS = 3  # a meeting's replies share its version: a reply that lost a race is tried again


class FormInvalid(Exception):
    """The form does not fit its page (422): *key* says why, in the member's words."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Outcome:
    """What a submission recorded: the words for the page, and the cycle it changed (to see
    whether a waiting moderation run has what it waited for)."""

    saved: str
    cycle: StrategyCycle | None = None


def submission(form: dict[str, str]) -> str:
    given = form.get("einreichung", "")
    if not _SUBMISSION.fullmatch(given):
        raise FormInvalid("web_submission_missing")
    return given


def submit(view: MemberView, form: dict[str, str], now: datetime) -> Outcome:
    source = f"web:{submission(form)}"
    by = f"akteur:{view.holder.id}"
    act = {
        "beteiligung": _answer,
        "abstimmung": _ballot,
        "sitzung": _reply,
        "aufgabe": _done,
    }[view.purpose](view, form)
    return _again_on_conflict(lambda: act(by, now, source))


def _again_on_conflict(call: Callable[[], Outcome]) -> Outcome:
    for attempt in range(ATTEMPTS):
        try:
            return call()
        except Conflict:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _only(form: dict[str, str], allowed: set[str]) -> None:
    unexpected = sorted(set(form) - allowed - set(COMMON))
    if unexpected:
        raise FormInvalid("web_unexpected_field", field=unexpected[0][:40])


Act = Callable[[str, datetime, str], Outcome]


def answer_items(view: MemberView, form: dict[str, str]) -> dict[str, dict[str, str]]:
    """The per-item part of a Rückmeldung: a stance and a text for each item given either."""
    items: dict[str, dict[str, str]] = {}
    for item_id in sorted(view.data["item_ids"], key=int):
        stance = form.get(f"haltung_{item_id}", "").strip()
        text = form.get(f"text_{item_id}", "").strip()
        if stance and stance not in STANCES:
            raise FormInvalid("web_stance_unknown")
        if text and not stance:
            stance = "anmerkung"
        if stance:
            items[item_id] = {"haltung": stance, "text": text}
    return items


def _within_limit(form: dict[str, str]) -> None:
    if any(len(value) > MAX_ANSWER_CHARS for value in form.values()):
        raise FormInvalid("web_text_too_long", chars=MAX_ANSWER_CHARS)


def _answer(view: MemberView, form: dict[str, str]) -> Act:
    ids = view.data["item_ids"]
    _only(form, {"text", *(f"{p}_{i}" for i in ids for p in ("haltung", "text"))})
    _within_limit(form)
    text = form.get("text", "").strip()
    items = answer_items(view, form)
    if not text and not items:
        raise FormInvalid("web_answer_empty")
    target = view.link.target
    assert target.cycle_id is not None

    def act(by: str, now: datetime, source: str) -> Outcome:
        c = record_response(
            target.cycle_id or 0,
            view.holder.id,
            text,
            items={int(k): v for k, v in items.items()},
            by=by,
            now=now,
            source=source,
        )
        return Outcome("web_saved_answer", c)

    return act


def _ballot(view: MemberView, form: dict[str, str]) -> Act:
    _only(form, {"stimme"})
    choice = form.get("stimme", "")
    if choice not in BALLOT_CHOICES:
        raise FormInvalid("web_choose_ballot")
    target = view.link.target

    def act(by: str, now: datetime, source: str) -> Outcome:
        c = record_ballot(
            target.cycle_id or 0, view.holder.id, choice, by=by, now=now, source=source
        )
        return Outcome("web_saved_ballot", c)

    return act


def _reply(view: MemberView, form: dict[str, str]) -> Act:
    _only(form, {"antwort", "vertretung"})
    answer = form.get("antwort", "")
    if answer not in REPLIES:
        raise FormInvalid("web_choose_reply")
    deputy: int | None = None
    if answer == "vertretung":
        offered = {str(d["akteur"]): d["akteur"] for d in view.data["deputies"]}
        chosen = form.get("vertretung", "")
        if chosen and chosen not in offered:
            raise FormInvalid("web_deputy_not_offered")
        deputy = offered[chosen] if chosen else view.data["linked_deputy"]
        if deputy is None:
            raise FormInvalid("web_choose_deputy")
    meeting_id = view.link.target.meeting_id or 0

    def act(by: str, now: datetime, source: str) -> Outcome:
        reply(meeting_id, view.holder.id, answer, deputy_id=deputy, by=by, now=now, source=source)
        return Outcome(f"web_saved_{answer}")

    return act


def _done(view: MemberView, form: dict[str, str]) -> Act:
    _only(form, {"bemerkung"})
    _within_limit(form)
    note = form.get("bemerkung", "").strip()
    task_id = view.link.target.task_id or 0

    def act(by: str, now: datetime, source: str) -> Outcome:
        complete_task(task_id, note=note, by=by, now=now, source=source)
        return Outcome("web_saved_done")

    return act


def values(form: dict[str, str]) -> dict[str, Any]:
    """A posted form as the page shows it again (after a refusal, nothing is lost)."""
    return {k: v for k, v in form.items() if k not in COMMON}
