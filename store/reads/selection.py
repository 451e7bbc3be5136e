"""What the Auswahl von Teilnehmenden reads: each Akteur's open duties, a few grouped
queries for the whole network (never one per Akteur), and who is already in a Gremium."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dkbm.states.meeting import INVITED
from dkbm.states.model import VOTING_ROLES
from dkbm.store.reads.connection import Reader, placeholders


def loads(r: Reader) -> dict[str, Counter[int]]:
    """Per kind of duty, Akteur -> how many she has open: `beteiligungen` (running
    Beteiligungen she is invited to and has not answered), `abstimmungen` (running written
    votes of a Gremium she votes in, without her ballot), `sitzungen` (Sitzungen whose
    invitation went out and she, a member, has not answered), `aufgaben` (open Aufgaben she
    owns), `mitgliedschaften` (Gremien and AGs she belongs to)."""
    memberships = Counter(
        {
            row.actor_id: row.n
            for row in r.rows("SELECT actor_id, COUNT(*) AS n FROM board_member GROUP BY actor_id")
        }
    )
    tasks = Counter(
        {
            row.owner_id: row.n
            for row in r.rows(
                "SELECT owner_id, COUNT(*) AS n FROM task WHERE status = 'offen' GROUP BY owner_id"
            )
        }
    )
    return {
        "beteiligungen": _consultations(r),
        "abstimmungen": _votes(r),
        "sitzungen": _meetings(r),
        "aufgaben": tasks,
        "mitgliedschaften": memberships,
    }


def _consultations(r: Reader) -> Counter[int]:
    rows = r.rows(
        "SELECT id, state, round, content FROM cycle WHERE state LIKE %(s)s", s="%beteiligung"
    )
    running = [
        c
        for c in rows
        if c.state.endswith("_beteiligung") and (c.content or {}).get("consultation")
    ]
    owing: Counter[int] = Counter()
    if not running:
        return owing
    marks, params = placeholders([c.id for c in running])
    answered: dict[tuple[Any, ...], set[int]] = {}
    for row in r.rows(
        f"SELECT cycle_id, stage, round, actor_id FROM answer WHERE cycle_id IN ({marks})",
        **params,
    ):
        answered.setdefault((row.cycle_id, row.stage, row.round), set()).add(row.actor_id)
    for c in running:
        consultation = c.content["consultation"]
        done = answered.get((c.id, consultation["stage"], c.round), set())
        owing.update(a for a in consultation.get("invited", []) if a not in done)
    return owing


def _votes(r: Reader) -> Counter[int]:
    rows = r.rows(
        "SELECT id, board_id, state, round, content FROM cycle WHERE state LIKE %(s)s",
        s="%abstimmung",
    )
    running = [
        c
        for c in rows
        if c.state.endswith("_abstimmung") and (c.content or {}).get("vote_deadline")
    ]
    owing: Counter[int] = Counter()
    if not running:
        return owing
    marks, params = placeholders(sorted({c.board_id for c in running}))
    roles, role_params = placeholders(sorted(x.value for x in VOTING_ROLES), "r")
    voters: dict[int, list[int]] = {}
    for m in r.rows(
        f"SELECT board_id, actor_id FROM board_member WHERE board_id IN ({marks}) "
        f"AND role IN ({roles})",
        **params,
        **role_params,
    ):
        voters.setdefault(m.board_id, []).append(m.actor_id)
    marks, params = placeholders([c.id for c in running])
    cast: dict[tuple[Any, ...], set[int]] = {}
    for row in r.rows(
        f"SELECT cycle_id, stage, round, actor_id FROM ballot WHERE cycle_id IN ({marks})",
        **params,
    ):
        cast.setdefault((row.cycle_id, row.stage, row.round), set()).add(row.actor_id)
    for c in running:
        done = cast.get((c.id, c.state.split("_", 1)[0], c.round), set())
        owing.update(a for a in voters.get(c.board_id, []) if a not in done)
    return owing


def _meetings(r: Reader) -> Counter[int]:
    invited = r.rows("SELECT board_id, content FROM meeting WHERE state = %(s)s", s=INVITED)
    owing: Counter[int] = Counter()
    if not invited:
        return owing
    marks, params = placeholders(sorted({m.board_id for m in invited}))
    by_board: dict[int, list[int]] = {}
    for m in r.rows(
        f"SELECT board_id, actor_id FROM board_member WHERE board_id IN ({marks})", **params
    ):
        by_board.setdefault(m.board_id, []).append(m.actor_id)
    for meeting in invited:
        attendance = (meeting.content or {}).get("attendance", [])
        replied = {a["actor_id"] for a in attendance if a.get("reply")}
        owing.update(a for a in by_board.get(meeting.board_id, []) if a not in replied)
    return owing


def board_members(r: Reader, board_id: int) -> set[int]:
    rows = r.rows("SELECT actor_id FROM board_member WHERE board_id = %(b)s", b=board_id)
    return {row.actor_id for row in rows}
