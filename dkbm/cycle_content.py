"""Editing a strategy cycle's content: Leitbild, Ziele, Strategien and Maßnahmen in their
drafts, and the Fortschrittsberichte on Maßnahmen during Umsetzung.

Each use case is one change of the cycle (`cycle_changes.change`).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, NoReturn

from dkbm import consequences
from dkbm.cycle_changes import change
from dkbm.effects import Effects
from dkbm.states import cycle as machine
from dkbm.states.correction_rules import EDITORIAL_MIN_RATIO, is_editorial, reopen_way, similarity
from dkbm.states.errors import InvalidValue, NotFound, Reason, Refused, Word
from dkbm.states.i18n import t
from dkbm.states.model import EducationArea, Goal, Measure, Report, Strategy, StrategyCycle
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction

CONTENT_STAGE = {
    "vision": "leitbild",
    "goal": "ziele",
    "strategy": "strategien",
    "measure": "massnahmen",
}


def set_vision(cycle_id: int, text: str, *, by: str, now: datetime) -> StrategyCycle:
    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "vision", "leitbild")
        c.vision = _title(text)
        return Effects("leitbild_geaendert")

    return change(cycle_id, by, now, decide)


def add_goal(
    cycle_id: int, title: str, areas: list[str], *, by: str, now: datetime
) -> StrategyCycle:
    from dkbm.network import choice

    checked = [choice(EducationArea, a, "bildungsbereich").value for a in areas]

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "goal", "ziel")
        goal = Goal(id=c.next_item_id(), title=line(title), areas=checked)
        c.goals.append(goal)
        return Effects("ziel_hinzugefuegt", payload={"id": goal.id})

    return change(cycle_id, by, now, decide)


def add_strategy(
    cycle_id: int, goal_id: int, title: str, *, by: str, now: datetime
) -> StrategyCycle:
    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "strategy", "strategie")
        if not any(g.id == goal_id for g in c.goals):
            raise NotFound("goal", goal_id)
        strategy = Strategy(id=c.next_item_id(), goal_id=goal_id, title=line(title))
        c.strategies.append(strategy)
        return Effects("strategie_hinzugefuegt", payload={"id": strategy.id})

    return change(cycle_id, by, now, decide)


def save_measure(
    cycle_id: int,
    *,
    by: str,
    now: datetime,
    measure_id: int | None = None,
    strategy_id: int | None = None,
    title: str | None = None,
    owner_id: int | None = None,
    indicator: str | None = None,
    target_value: str | None = None,
    deadline: date | None = None,
) -> StrategyCycle:
    """Add a measure (no *measure_id*) or change the given fields of an existing one."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        _editable(c, "measure", "massnahme")
        if owner_id is not None:
            repo.actor(s, owner_id)
        if measure_id is None:
            if strategy_id is None or not any(x.id == strategy_id for x in c.strategies):
                raise NotFound("strategy", strategy_id)
            m = Measure(id=c.next_item_id(), strategy_id=strategy_id, title=line(title or ""))
            c.measures.append(m)
            action = "massnahme_hinzugefuegt"
        else:
            m = _measure(c, measure_id)
            if title is not None:
                m.title = line(title)
            action = "massnahme_geaendert"
        for name, value in (
            ("owner_id", owner_id),
            ("indicator", indicator),
            ("target_value", target_value),
            ("deadline", deadline),
        ):
            if value is not None:
                setattr(m, name, value)
        return Effects(action, payload={"id": m.id})

    return change(cycle_id, by, now, decide)


def change_item(
    cycle_id: int,
    item_id: int,
    *,
    by: str,
    now: datetime,
    title: str | None = None,
    areas: list[str] | None = None,
    goal_id: int | None = None,
) -> StrategyCycle:
    """Change a Ziel (title, Bildungsbereiche) or a Strategie (title, its Ziel) in its draft."""
    from dkbm.network import choice

    checked = [choice(EducationArea, a, "bildungsbereich").value for a in areas or []]

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        kind, item = _item(c, item_id)
        if kind == "measure":
            raise InvalidValue("nr", item_id, t("expected_goal_or_strategy"))
        _editable(c, kind, "aendern")
        if title is not None:
            item.title = line(title)
        if kind == "goal" and areas is not None:
            item.areas = checked
        if kind == "strategy" and goal_id is not None:
            if not any(g.id == goal_id for g in c.goals):
                raise NotFound("goal", goal_id)
            item.goal_id = goal_id
        return Effects(f"{_GERMAN[kind]}_geaendert", payload={"id": item_id})

    return change(cycle_id, by, now, decide)


def remove_item(cycle_id: int, item_id: int, *, by: str, now: datetime) -> StrategyCycle:
    """Remove a Ziel, Strategie or Maßnahme in its draft; refused while something uses it."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        kind, item = _item(c, item_id)
        _editable(c, kind, "entfernen")
        users = {
            "goal": ("strategy", [x.id for x in c.strategies if x.goal_id == item_id]),
            "strategy": ("measure", [x.id for x in c.measures if x.strategy_id == item_id]),
            "measure": ("measure", []),
        }[kind]
        if not users[1] and kind != "strategy":
            users = ("indicator", _indicators_of(s, cycle_id, item_id))
        if users[1]:
            raise Refused(
                "entfernen",
                Reason(
                    "reason_item_referenced",
                    what=_kind_word(kind),
                    id=item_id,
                    by=_Named(users[0], users[1]),
                ),
            )
        for items in (c.goals, c.strategies, c.measures):
            if item in items:
                items.remove(item)
        return Effects(f"{_GERMAN[kind]}_entfernt", payload={"id": item_id, "titel": item.title})

    return change(cycle_id, by, now, decide)


_GERMAN = {"goal": "ziel", "strategy": "strategie", "measure": "massnahme"}


def _indicators_of(s: Tx, cycle_id: int, item_id: int) -> list[int]:
    """Kennzahlen measuring a Ziel or Maßnahme: it cannot go while they refer to it."""
    from dkbm.store import indicators

    return [i.id or 0 for i in indicators.indicators(s, cycle_id=cycle_id) if i.item_id == item_id]


def _item(c: StrategyCycle, item_id: int) -> tuple[str, Any]:
    for kind, items in (("goal", c.goals), ("strategy", c.strategies), ("measure", c.measures)):
        for item in items:
            if item.id == item_id:
                return kind, item
    raise NotFound("item", item_id)


def report_progress(
    cycle_id: int,
    measure_id: int,
    text: str,
    *,
    value: float | None,
    by: str,
    now: datetime,
) -> StrategyCycle:
    """Fortschrittsbericht on a measure during Umsetzung."""

    if value is not None and not math.isfinite(value):
        raise InvalidValue("wert", value, t("expected_number"))

    if not text.strip():  # an empty report would count as reported
        raise InvalidValue("text", text, t("expected_not_empty"))

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if c.state != "umsetzung":
            raise Refused("bericht", Reason("reason_not_in_implementation", state=c.state))
        _measure(c, measure_id).reports.append(Report(at=now, text=text, value=value))
        consequences.of_report(s, c, measure_id)
        return Effects("bericht", payload={"massnahme": measure_id, "wert": value})

    return change(cycle_id, by, now, decide)


def _editable(c: StrategyCycle, what: str, operation: str) -> None:
    """Content of a stage may be prepared early and edited in its draft, never once it is out;
    once decided, the refusal names the two ways on: an editorial correction or a reopening."""
    stage = CONTENT_STAGE[what]
    order = machine.ALL_STAGES
    if c.state == f"{stage}_entwurf" or order.index(c.stage) < order.index(stage):
        return
    if stage in c.decided:
        raise Refused(
            operation,
            Reason(
                "reason_edit_decided",
                stage=_stage_name(stage),
                way=reopen_way(c.id or 0, c.state, stage),
            ),
        )
    raise Refused(
        operation,
        Reason("reason_not_editable", what=_kind_word(what), stage=stage, state=c.state),
    )


def correct_wording(
    cycle_id: int,
    item_id: int | None,
    text: str,
    *,
    reason: str,
    by: str,
    now: datetime,
) -> StrategyCycle:
    """An editorial correction of decided content (a typo in the Leitbild, or in a Ziel's,
    Strategie's or Maßnahme's title; *item_id* None: the Leitbild). Only the wording changes;
    the audit keeps both wordings and the reason, and it is shown as "redaktionell geändert"."""
    grund = reason.strip()

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if item_id is None:
            kind, item, before = "vision", None, c.vision
        else:
            kind, item = _item(c, item_id)
            before = item.title
        stage = CONTENT_STAGE[kind]
        if stage not in c.decided or c.state == f"{stage}_entwurf":
            raise Refused(
                "korrektur",
                Reason("reason_editorial_not_decided", stage=_stage_name(stage)),
            )
        if not grund:
            raise Refused("korrektur", Reason("reason_correction_without_reason"))
        after = _title(text) if item is None else line(text)
        if after == before:
            raise Refused("korrektur", Reason("reason_editorial_unchanged"))
        if not is_editorial(before, after):
            raise Refused(
                "korrektur",
                Reason(
                    "reason_editorial_too_much",
                    share=round(similarity(before, after) * 100),
                    needed=round(EDITORIAL_MIN_RATIO * 100),
                    way=reopen_way(c.id or cycle_id, c.state, stage),
                ),
            )
        if item is None:
            c.vision = after
        else:
            item.title = after
        return Effects(
            "redaktionell_geaendert",
            reason=grund,
            payload={
                "id": item_id,
                "art": kind,
                "vorher": before,
                "nachher": after,
                "grund": grund,
            },
        )

    return change(cycle_id, by, now, decide)


def refuse_beyond_wording(cycle_id: int, item_id: int | None) -> NoReturn:
    """An editorial correction (--grund) asked for more than the wording: refused, naming
    the way to reopen the item's stage from the state the cycle is in."""
    with transaction() as s:
        c = repo.cycle(s, cycle_id)
    kind = "measure" if item_id is None else _item(c, item_id)[0]
    stage = CONTENT_STAGE[kind]
    raise Refused(
        "korrektur", Reason("reason_editorial_only_text", way=reopen_way(cycle_id, c.state, stage))
    )


def _stage_name(stage: str) -> str:
    from dkbm.states.i18n import language

    return machine.describe_state(stage, language())


def _kind_word(what: str) -> Word:
    return Word(what)


class _Named:
    """`Strategie 2, Strategie 3` in the language of the moment."""

    def __init__(self, kind: str, ids: list[int]) -> None:
        self.kind, self.ids = kind, ids

    def __format__(self, spec: str) -> str:
        return ", ".join(f"{Word(self.kind):}{' '}{i}" for i in self.ids)


def _measure(c: StrategyCycle, measure_id: int) -> Measure:
    for m in c.measures:
        if m.id == measure_id:
            return m
    raise NotFound("measure", measure_id)


def _title(title: str) -> str:
    if not title.strip():
        raise InvalidValue("titel", title, t("expected_not_empty"))
    return title.strip()


def line(title: str) -> str:
    """A title shown in lists and tables: one line."""
    if "\n" in title or "\r" in title:
        raise InvalidValue("titel", title, t("expected_one_line"))
    return _title(title)
