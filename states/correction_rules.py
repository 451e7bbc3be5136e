"""Corrections of what was decided: how far an editorial correction may go, and which way
reopens a decided stage from a given state (so that a refusal names a step that works).
Pure: no I/O."""

from __future__ import annotations

from difflib import SequenceMatcher

from dkbm.states.cycle_table import STAGES, TRANSITIONS
from dkbm.states.errors import Reason

# An editorial correction fixes typos: the new wording must stay this similar to the old
# one as a whole (difflib's ratio: 1.0 the same, 0.0 nothing in common).
EDITORIAL_MIN_RATIO = 0.8


def similarity(before: str, after: str) -> float:
    """How alike two wordings are (0.0 to 1.0), on the whole text."""
    return SequenceMatcher(None, before, after, autojunk=False).ratio()


def is_editorial(before: str, after: str) -> bool:
    """Whether *after* differs from *before* no more than a typo fix would."""
    return similarity(before, after) >= EDITORIAL_MIN_RATIO


def steps_from(state: str) -> set[str]:
    """The steps the transition table offers from *state* (guards aside)."""
    found = set()
    for t in TRANSITIONS:
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        if state in sources:
            found.add(t["trigger"])
    return found


def reopen_way(cycle_id: int, state: str, stage: str) -> Reason:
    """How to get back to decided *stage* from *state*, naming only a step that *state*
    allows: reopen it now (Wirkungsprüfung), start the Wirkungsprüfung first (Umsetzung),
    or, from a later stage, only after the Umsetzung; a closed cycle cannot reopen."""
    steps = steps_from(state)
    if "wiedereroeffnen" in steps:
        return Reason("way_reopen_now", cycle=cycle_id, stage_key=stage)
    if "wirkung_pruefen" in steps:
        return Reason("way_reopen_after_review", cycle=cycle_id, stage_key=stage)
    if state.split("_", 1)[0] in STAGES:
        return Reason("way_reopen_later")
    return Reason("way_closed")
