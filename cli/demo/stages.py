"""`dkbm demo`, the cycle's stages: Leitbild, Strategische Ziele, Handlungsstrategien (decided
in a Sitzung, `demo_meeting`) and Maßnahmen, each with its Beteiligung and vote, refusals
shown as the coordinator would see them."""

from __future__ import annotations

from datetime import date

from dkbm import cycles, queries
from dkbm.cli.demo import meeting as demo_meeting
from dkbm.cli.demo.story import BY, Clock, say, step
from dkbm.cli.output import when
from dkbm.states.cycle import describe_state
from dkbm.states.errors import DkbmError, step_name
from dkbm.states.i18n import language


def _try(clock: Clock, cycle_id: int, trigger: str, **kw: object) -> bool:
    """Take a step; a refusal is shown with its reason, as the coordinator would see it."""
    try:
        c = cycles.advance(cycle_id, trigger, by=BY, now=clock.now, **kw)  # type: ignore[arg-type]
    except DkbmError as exc:
        print(f"  ✗ {exc}")
        return False
    print(f"  {step_name(trigger)} -> {describe_state(c.state, language())}")
    return True


def _consult(
    clock: Clock, cycle_id: int, answering: list[int], weeks: int = 3, **kw: object
) -> None:
    deadline = clock.deadline(weeks=weeks)
    _try(clock, cycle_id, "beteiligung_starten", deadline=deadline, **kw)
    c = queries.status(cycle_id, clock.now)["beteiligung"]
    say(
        f"  {c['eingeladen']} Eingeladene, Frist {when(deadline)}",
        f"  {c['eingeladen']} invited, deadline {when(deadline)}",
    )
    # the answers come in during office hours, well before the deadline
    per_day = -(-len(answering) // max(1, weeks * 5)) if answering else 1
    for i, actor_id in enumerate(answering):
        if i % per_day:
            clock.advance(minutes=20)
        else:
            clock.advance(days=1, minutes=-20 * (per_day - 1) if i else 0)
        cycles.record_response(
            cycle_id, actor_id, "Einverstanden, mit Anmerkungen.", by=BY, now=clock.now
        )
    say(f"  {len(answering)} Rückmeldungen eingegangen", f"  {len(answering)} answers received")


def _vote(clock: Clock, cycle_id: int, present: int, yes: int, no: int, abstain: int) -> None:
    clock.advance(days=7)
    c = cycles.record_vote(
        cycle_id, present=present, yes=yes, no=no, abstain=abstain, by=BY, now=clock.now
    )
    v = c.vote
    say(
        f"  Sitzung: {present} von {v.voting_members} anwesend, {yes} ja / {no} nein / {abstain} Enthaltung{'' if abstain == 1 else 'en'}",
        f"  Meeting: {present} of {v.voting_members} present, {yes} yes / {no} no / {abstain} abstain",
    )


def leitbild(clock: Clock, board_id: int) -> int:
    step("Stufe 1: Leitbild", "Stage 1: vision statement")
    c = cycles.start(
        title="Bildungsstrategie Musterland 2030", board_id=board_id, by=BY, now=clock.now
    )
    _try(clock, c.id, "beteiligung_starten", deadline=clock.deadline(weeks=3))
    cycles.set_vision(
        c.id,
        "Im Landkreis Musterland erhält jeder Mensch faire Bildungschancen, "
        "von der frühen Kindheit bis ins hohe Alter.",
        by=BY,
        now=clock.now,
    )
    _consult(clock, c.id, answering=[1, 5, 12, 18, 24], weeks=3)
    _try(clock, c.id, "abstimmung_starten")
    say(
        "  Rückmeldungen verlangen mehr Gewicht auf Weiterbildung: zurück in den Entwurf.",
        "  Answers ask for more weight on further education: back to draft.",
    )
    _try(clock, c.id, "ueberarbeiten", reason="Rückmeldungen der Beteiligung einarbeiten")
    cycles.set_vision(
        c.id,
        "Im Landkreis Musterland erhält jeder Mensch faire Bildungschancen, von der frühen "
        "Kindheit über Schule und Beruf bis zur Weiterbildung im hohen Alter.",
        by=BY,
        now=clock.now,
    )
    _consult(clock, c.id, answering=list(range(1, 31)), weeks=3)
    say(
        "  Alle haben geantwortet: Abstimmung vor Fristende möglich.",
        "  Everyone answered: the vote may open before the deadline.",
    )
    _try(clock, c.id, "abstimmung_starten")
    _vote(clock, c.id, present=4, yes=4, no=0, abstain=0)
    _try(clock, c.id, "beschliessen")
    say("  Neue Sitzung wird angesetzt.", "  A new meeting is called.")
    _vote(clock, c.id, present=7, yes=6, no=0, abstain=1)
    _try(clock, c.id, "beschliessen")
    _try(clock, c.id, "naechste_stufe")
    return c.id


def goals(clock: Clock, cycle_id: int, ag_ids: list[int]) -> None:
    step("Stufe 2: Strategische Ziele", "Stage 2: strategic goals")
    for title, areas in (
        ("Übergänge von der Kita in die Schule gelingen", ["fruehe_bildung", "schule"]),
        ("Kein Abschluss ohne Anschluss", ["uebergang_schule_beruf", "berufliche_bildung"]),
        ("Weiterbildung erreicht alle Altersgruppen", ["weiterbildung"]),
    ):
        cycles.add_goal(cycle_id, title, areas, by=BY, now=clock.now)
    say(
        "  3 Ziele erfasst; Beteiligung der Arbeitsgruppen.",
        "  3 goals; the working groups are consulted.",
    )
    _consult(clock, cycle_id, answering=[2, 10, 13], weeks=2, invited_boards=ag_ids)
    _try(clock, cycle_id, "abstimmung_starten")
    clock.advance(weeks=2)
    say("  Frist abgelaufen.", "  Deadline passed.")
    _try(clock, cycle_id, "abstimmung_starten")
    _vote(clock, cycle_id, present=8, yes=7, no=1, abstain=0)
    _try(clock, cycle_id, "beschliessen")
    _try(clock, cycle_id, "naechste_stufe")


def strategies(clock: Clock, cycle_id: int, board_id: int) -> None:
    step("Stufe 3: Handlungsstrategien", "Stage 3: action strategies")
    cycles.add_strategy(
        cycle_id, 1, "Kita-Schule-Tandems in jedem Sozialraum", by=BY, now=clock.now
    )
    cycles.add_strategy(
        cycle_id, 2, "Berufsorientierung ab Klasse 7 verzahnen", by=BY, now=clock.now
    )
    _try(clock, cycle_id, "beteiligung_starten", deadline=clock.deadline(weeks=2))
    cycles.add_strategy(cycle_id, 3, "Weiterbildungsberatung vor Ort", by=BY, now=clock.now)
    _consult(clock, cycle_id, answering=[], weeks=2)
    clock.advance(weeks=2, days=1)
    _try(clock, cycle_id, "abstimmung_starten")
    demo_meeting.decide(clock, cycle_id, board_id)
    _try(clock, cycle_id, "naechste_stufe")


def measures(clock: Clock, cycle_id: int) -> None:
    step("Stufe 4: Maßnahmenentscheidung", "Stage 4: decision on measures")
    for strategy_id, title, owner, indicator, target, deadline in (
        (
            4,
            "Übergangsbögen Kita-Schule einführen",
            5,
            "Anteil Kitas mit Übergangsbogen",
            "90 %",
            date(2028, 7, 31),
        ),
        (
            5,
            "Potenzialanalyse in allen 8. Klassen",
            13,
            "Schulen mit Potenzialanalyse",
            "alle 24",
            date(2028, 1, 31),
        ),
        (6, "Mobile Weiterbildungsberatung", 15, "", "400 Beratungen/Jahr", None),
    ):
        cycles.save_measure(
            cycle_id,
            strategy_id=strategy_id,
            title=title,
            owner_id=owner,
            indicator=indicator or None,
            target_value=target,
            deadline=deadline,
            by=BY,
            now=clock.now,
        )
    _try(clock, cycle_id, "beteiligung_starten", deadline=clock.deadline(weeks=2))
    cycles.save_measure(
        cycle_id,
        measure_id=9,
        indicator="Beratungen pro Jahr",
        deadline=date(2028, 12, 31),
        by=BY,
        now=clock.now,
    )
    say("  Maßnahme 9 vervollständigt.", "  Measure 9 completed.")
    _consult(clock, cycle_id, answering=list(range(1, 31)), weeks=2)
    _try(clock, cycle_id, "abstimmung_starten")
    _vote(clock, cycle_id, present=8, yes=6, no=1, abstain=1)
    _try(clock, cycle_id, "beschliessen")
    _try(clock, cycle_id, "naechste_stufe")
