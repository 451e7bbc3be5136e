"""Read models of strategy cycles: what the CLI, flows and artifacts show. Shapes here are the
stable `--json` shapes. The network's are in `network_queries`, the messages' in
`message_queries`."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any

from dkbm.states import cycle as machine
from dkbm.states.i18n import language
from dkbm.states.indicators import by_measure
from dkbm.states.model import VOTING_ROLES, Board, StrategyCycle
from dkbm.store import reads
from dkbm.store.mapping import aware
from dkbm.store.reads import reader
from dkbm.store.settings import database_url

if TYPE_CHECKING:
    from dkbm.message_queries import deadlines as deadlines
    from dkbm.message_queries import messages as messages
    from dkbm.message_queries import outbox as outbox
    from dkbm.network_queries import actor as actor
    from dkbm.network_queries import actors as actors
    from dkbm.network_queries import board as board
    from dkbm.network_queries import boards as boards
    from dkbm.network_queries import municipality as municipality

_ELSEWHERE = {
    **dict.fromkeys(("deadlines", "messages", "outbox"), "message_queries"),
    **dict.fromkeys(("actor", "actors", "board", "boards", "municipality"), "network_queries"),
}


def __getattr__(name: str) -> Any:
    """The CLI and flows still ask this module for the network's and the messages' read
    models; each is imported when first asked for, so that `zyklus status` and `zyklus
    list` import no more than they need."""
    if name in _ELSEWHERE:
        return getattr(import_module(f"dkbm.{_ELSEWHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def iso(moment: datetime | None) -> str | None:
    return aware(moment).isoformat() if moment else None


def cycles() -> list[dict[str, Any]]:
    with reader(database_url()) as s:
        return [_summary(c) for c in reads.cycles.cycles(s)]


def _summary(c: StrategyCycle) -> dict[str, Any]:
    stage, _, step = c.state.partition("_")
    return {
        "id": c.id,
        "titel": c.title,
        "zustand": c.state,
        "stufe": stage,
        "schritt": step or None,
        "bezeichnung": machine.describe_state(c.state, language()),
        "version": c.version,
        "runde": c.round,
        "gremium": c.board_id,
    }


def status(cycle_id: int, now: datetime) -> dict[str, Any]:
    """Where a cycle stands, what may happen next and, if not yet, why not."""
    from dkbm.store.reads import verbuende as verbund_reads

    with reader(database_url()) as s:
        c = reads.cycles.cycle(s, cycle_id)
        board = reads.network.board(s, c.board_id)
        names = reads.network.actor_names(s, _people(c, board))
        moderation = reads.audit.last_event(s, "zyklus", cycle_id, "moderation_gestartet")
        measured = by_measure(reads.indicators.indicators(s, cycle_id=cycle_id, with_values=False))
        own, measure_verbuende = verbund_reads.of_cycle(s, cycle_id)
        wanted = sorted({*measure_verbuende.values(), *([own] if own else [])})
        verbund_names = {v.id: v.name for v in verbund_reads.verbuende(s, wanted)}

    def verbund(verbund_id: int | None) -> dict[str, Any] | None:
        """A Verbund as {id, name}; None: run by this Kommune alone."""
        if verbund_id is None:
            return None
        return {"id": verbund_id, "name": verbund_names[verbund_id]}

    doc = _summary(c)
    doc["moderation"] = _moderation(c, moderation)
    doc["gremium_name"] = board.name
    doc["verbund"] = verbund(own)
    doc["naechste_schritte"] = [
        {"schritt": trigger, "moeglich": reason is None, "grund": str(reason) if reason else None}
        for trigger in machine.allowed_triggers(c.state)
        for reason in [_probe(c, trigger, now)]
    ]
    doc["inhalt"] = {
        "leitbild": c.vision,
        "ziele": [{"id": g.id, "titel": g.title, "bereiche": g.areas} for g in c.goals],
        "strategien": [{"id": x.id, "ziel": x.goal_id, "titel": x.title} for x in c.strategies],
        "massnahmen": [
            {
                "id": m.id,
                "strategie": m.strategy_id,
                "titel": m.title,
                "verantwortlich": m.owner_id,
                "verantwortlich_name": names.get(m.owner_id) if m.owner_id else None,
                "verbund": verbund(measure_verbuende.get(m.id)),  # type: ignore[arg-type]
                "indikator": m.indicator,
                "zielwert": m.target_value,
                "frist": m.deadline.isoformat() if m.deadline else None,
                "berichte": len(m.reports),
                "kennzahlen": [  # Bildungsmonitoring: these targets
                    {
                        "id": i.id,
                        "name": i.name,
                        "einheit": i.unit,
                        "zielwert": i.target_value,
                        "zieljahr": i.target_year,
                    }
                    for i in measured.get(m.id, [])
                ],
                "letzter_bericht": (
                    {
                        "zeit": iso(m.reports[-1].at),
                        "text": m.reports[-1].text,
                        "wert": m.reports[-1].value,
                    }
                    if m.reports
                    else None
                ),
            }
            for m in c.measures
        ],
    }
    con = c.consultation
    doc["beteiligung"] = (
        {
            "stufe": con.stage,
            "frist": iso(con.deadline),
            "eingeladen": len(con.invited),
            "geantwortet": len(con.answers),
            "ausstehend": con.missing(),
        }
        if con
        else None
    )
    v = c.vote
    doc["abstimmung"] = (
        {
            "stufe": v.stage,
            "anwesend": v.present,
            "ja": v.yes,
            "nein": v.no,
            "enthaltung": v.abstain,
            "stimmberechtigt": v.voting_members,
            "beschlussfaehig_ab": v.quorum_needed,
            "beschlussfaehig": v.quorate,
            "mehrheit": v.majority,
        }
        if v
        else None
    )
    voters = [m.actor_id for m in board.members if m.role in VOTING_ROLES]
    doc["schriftliche_abstimmung"] = (
        {
            "frist": iso(c.vote_deadline),
            "stimmen": len(c.ballots),
            "stimmberechtigt": len(voters),
            "ausstehend": [
                {"id": a, "name": names.get(a, "?")} for a in voters if a not in c.ballots
            ],
        }
        if c.vote_deadline
        else None
    )
    doc["sitzung"] = (
        {"termin": iso(c.vote_meeting), "ort": c.vote_place}
        if c.vote_meeting and c.state.endswith("_abstimmung")
        else None
    )
    doc["beschluesse"] = {stage: iso(at) for stage, at in c.decided.items()}
    return doc


def _moderation(c: StrategyCycle, event: Any) -> dict[str, Any] | None:
    """The moderation run that took on the cycle's current stage and round, if any."""
    from dkbm.states.moderation import scope_of

    if event is None or not event.payload:
        return None
    scope = scope_of(c)
    p = event.payload
    if scope is None or (scope.stage, scope.round) != (p.get("stufe"), p.get("runde")):
        return None
    return {"lauf": p.get("lauf"), "seit": iso(event.at), "von": event.by}


def _people(c: StrategyCycle, board: Board) -> list[int]:
    """Whose names a status shows: owners of measures and voting members."""
    ids = {m.owner_id for m in c.measures if m.owner_id is not None}
    ids.update(m.actor_id for m in board.members)
    return sorted(ids)


def responses(cycle_id: int) -> dict[str, Any]:
    """The running (or last) Beteiligung: each invitee's answer with name and date."""
    with reader(database_url()) as s:
        c = reads.cycles.cycle(s, cycle_id)
        con = c.consultation
        invited = con.invited if con else []
        names = reads.network.actor_names(s, invited)
        given = (
            {a.actor_id: a for a in reads.cycles.answers(s, cycle_id, con.stage, c.round)}
            if con
            else {}
        )
    return {
        "zyklus": cycle_id,
        "stufe": con.stage if con else None,
        "frist": iso(con.deadline) if con else None,
        **answered(invited, given, names),
    }


def answered(
    invited: list[int], given: dict[int, Any], names: dict[int, str]
) -> dict[str, list[dict[str, Any]]]:
    """A Beteiligung's answers (by invitee, with name and date) and who has not answered."""
    return {
        "rueckmeldungen": [
            {
                "akteur": a,
                "name": names.get(a, "?"),
                "zeit": iso(given[a].given_at),
                "text": given[a].text,
                "ersetzt": given[a].replaced,
                "punkte": given[a].items,
                "quelle": given[a].source,
            }
            for a in invited
            if a in given
        ],
        "ausstehend": [{"akteur": a, "name": names.get(a, "?")} for a in invited if a not in given],
    }


def overview(now: datetime) -> list[dict[str, Any]]:
    """`zyklus list`: per cycle the stage, the open deadline, who still owes and what is next."""
    with reader(database_url()) as s:
        rows = reads.cycles.cycles(s)
        due = reads.deadlines.earliest_open_by_cycle(s)
        boards = {b.id: b for b in reads.network.boards(s)}
    out = []
    for c in rows:
        doc = _summary(c)
        board = boards.get(c.board_id)
        if c.consultation and c.state.endswith("_beteiligung"):
            owed = len(c.consultation.missing())
        elif c.vote_deadline and c.state.endswith("_abstimmung") and board:
            owed = sum(
                1 for m in board.members if m.role in VOTING_ROLES and m.actor_id not in c.ballots
            )
        else:
            owed = 0
        doc["offene_frist"] = iso(due[c.id]) if c.id in due else None
        doc["ausstehend"] = owed
        # The step forward, not the way back (ueberarbeiten is always possible in between).
        triggers = [t for t in machine.allowed_triggers(c.state) if t != "ueberarbeiten"]
        doc["naechster_schritt"] = next((t for t in triggers if _probe(c, t, now) is None), None)
        doc["blockiert"] = None if doc["naechster_schritt"] else next(iter(triggers), None)
        out.append(doc)
    return out


def _probe(c: StrategyCycle, trigger: str, now: datetime) -> Any:
    """The reason a trigger would be refused now; inputs the coordinator still has to give
    (deadline and invitees of a Beteiligung, the stage to reopen) count as given."""
    kwargs: dict[str, Any] = {}
    if trigger == "beteiligung_starten":
        kwargs = {"deadline": datetime.max.replace(tzinfo=now.tzinfo), "invited": [0]}
    if trigger == "wiedereroeffnen":
        kwargs = {"stage": machine.STAGES[0]}
    return machine.check(c, trigger, now=now, **kwargs)


def history(cycle_id: int) -> list[dict[str, Any]]:
    with reader(database_url()) as s:
        reads.cycles.cycle(s, cycle_id)
        events = reads.audit.events(s, "zyklus", cycle_id)
    return history_docs(events)


def history_docs(events: list[Any]) -> list[dict[str, Any]]:
    """Audit events (of a cycle or a meeting) in the `verlauf --json` shape."""
    return [
        {
            "version": e.version,
            "zeit": iso(e.at),
            "von": e.by,
            "aktion": e.action,
            "schritt": e.trigger,
            "aus": e.from_state,
            "nach": e.to_state,
            "grund": e.reason or None,
            "details": e.payload or {},
        }
        for e in events
    ]
