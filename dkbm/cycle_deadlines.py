"""What the reminder sweep needs of deadlines that belong to a strategy cycle.

Invited Akteure owe their Rückmeldung during a Beteiligung, voting members their Stimme in
a written vote, a Maßnahme's owner her Fortschrittsbericht during Umsetzung. Read for a
whole batch at once; `meeting_deadlines` does the same for meetings and tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

from dkbm.states.model import StrategyCycle
from dkbm.store import answers
from dkbm.store import repository as repo
from dkbm.store.answers import Round
from dkbm.store.db import Tx

if TYPE_CHECKING:
    from dkbm.deadlines import Deadline


@dataclass
class CycleView:
    """What the sweep needs of a cycle: the header for composing messages, and only for a
    Beteiligung or a vote who was asked (its document) and who answered or voted (rows of
    their own, in the cycle's current round). Maßnahmen come as rows."""

    cycle: StrategyCycle
    consultation: dict[str, Any] | None
    answered: set[int]
    voted: set[int]
    voters: list[int]


_DOCUMENT_KINDS = ("beteiligung", "abstimmung")


def views(s: Tx, rows: list[Any]) -> tuple[dict[int, CycleView], dict[tuple[int, int], Any]]:
    """The cycles of a batch's deadlines, and the Maßnahmen their report deadlines name."""
    mine = [r for r in rows if r.cycle_id is not None]
    if not mine:
        return {}, {}
    documents = {r.cycle_id for r in mine if r.kind in _DOCUMENT_KINDS}
    # the headers came with the due rows (`hotpath.due_deadlines`); documents are read
    headers = {r.cycle_id: _Header(*r.cycle) for r in mine if r.cycle is not None}
    found: list[Any] = repo.cycle_documents(s, documents)
    found += [h for i, h in headers.items() if i not in documents]
    found += repo.cycle_documents(
        s, {r.cycle_id for r in mine} - documents - headers.keys(), content=False
    )
    voters = repo.voters_by_board(s, {r.board_id for r in found if r.id in documents})
    # who answered only where a Beteiligung runs, who voted only where a vote runs
    asked = {
        Round(r.id, r.content["consultation"]["stage"], r.round): r.id
        for r in found
        if r.id in documents
        and r.state.endswith("_beteiligung")
        and (r.content or {}).get("consultation")
    }
    running = {
        Round(r.id, r.state.split("_", 1)[0], r.round): r.id
        for r in found
        if r.id in documents and r.state.endswith("_abstimmung")
    }
    answered = {asked[k]: v for k, v in answers.given(s, "answer", asked).items()}
    voted = {running[k]: v for k, v in answers.given(s, "ballot", running).items()}
    by_id = {}
    for row in found:
        doc = getattr(row, "content", None) or {}
        header = StrategyCycle(
            id=row.id,
            municipality_id=row.municipality_id,
            title=row.title,
            board_id=row.board_id,
            state=row.state,
            version=row.version,
            round=row.round,
        )
        by_id[row.id] = CycleView(
            header,
            doc.get("consultation"),
            answered.get(row.id, set()),
            voted.get(row.id, set()),
            voters.get(row.board_id, []),
        )
    # the Maßnahmen came with the due rows too; one not there is not in the result
    measures = {
        (r.cycle_id, _measure_id(r.ref)): SimpleNamespace(
            title=r.measure[0], owner_id=r.measure[1], reports=r.measure[2]
        )
        for r in mine
        if r.kind == "massnahme_bericht" and r.measure is not None
    }
    return by_id, measures


class _Header(NamedTuple):
    """A cycle's header as the due rows bring it."""

    id: int
    municipality_id: int
    board_id: int
    title: str
    state: str
    version: int
    round: int


def _measure_id(ref: str) -> int:
    return int(ref.split(":", 1)[1])


def owing(view: CycleView, measure: Any, deadline: Deadline) -> list[int] | None:
    """Akteure who still owe something for *deadline*; None if the deadline is moot."""
    state = view.cycle.state
    if deadline.kind == "beteiligung":
        c = view.consultation
        stage = deadline.ref.split(":", 1)[0]
        if c is None or state != f"{stage}_beteiligung" or c["stage"] != stage:
            return None
        return [a for a in c["invited"] if a not in view.answered]
    if deadline.kind == "abstimmung":
        stage = deadline.ref.split(":", 1)[0]
        if state != f"{stage}_abstimmung":
            return None
        return [a for a in view.voters if a not in view.voted]
    if deadline.kind == "massnahme_bericht":
        if state != "umsetzung" or measure is None:
            return None
        return [] if measure.reports or measure.owner_id is None else [measure.owner_id]
    return []


def measure_of(measures: dict[tuple[int, int], Any], deadline: Deadline) -> Any:
    if deadline.kind != "massnahme_bericht":
        return None
    return measures.get((deadline.cycle_id, _measure_id(deadline.ref)))
