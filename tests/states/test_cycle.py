"""Every path of the Strategiezyklus machine, on plain domain objects (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dkbm.states import cycle as machine
from dkbm.states.diagram import mermaid
from dkbm.states.errors import InvalidTrigger, Refused, UnknownTrigger, step_name
from dkbm.states.i18n import set_language
from dkbm.states.model import Goal, Measure, Report, Strategy, StrategyCycle, Vote

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)


@pytest.fixture(autouse=True)
def german() -> None:
    set_language("de")


def fresh() -> StrategyCycle:
    return StrategyCycle(id=1, municipality_id=1, title="Z", board_id=1)


def ready(c: StrategyCycle) -> StrategyCycle:
    """Give the cycle's current stage the content its guards ask for."""
    if c.stage == "leitbild":
        c.vision = "Bildung für alle"
    elif c.stage == "ziele":
        c.goals = [Goal(1, "Ziel")]
    elif c.stage == "strategien":
        c.strategies = [Strategy(2, 1, "Strategie")]
    elif c.stage == "massnahmen":
        c.measures = [Measure(3, 2, "M", owner_id=1, indicator="Quote", deadline=date(2028, 1, 1))]
    return c


def carried(stage: str) -> Vote:
    return Vote(stage, present=5, yes=4, no=1, abstain=0, voting_members=9, quorum_needed=5)


def consult(c: StrategyCycle) -> None:
    machine.fire(
        c, "beteiligung_starten", now=NOW, deadline=NOW + timedelta(days=14), invited=[1, 2]
    )


def decide(c: StrategyCycle) -> None:
    ready(c)
    consult(c)
    machine.fire(c, "abstimmung_starten", now=LATER)
    c.vote = carried(c.stage)
    machine.fire(c, "beschliessen", now=LATER)


def test_a_new_cycle_starts_in_the_leitbild_draft() -> None:
    assert fresh().state == "leitbild_entwurf"
    assert machine.allowed_triggers("leitbild_entwurf") == ["beteiligung_starten"]


def test_full_path_from_leitbild_to_closed() -> None:
    c = fresh()
    for stage, following in zip(machine.STAGES, [*machine.STAGES[1:], "umsetzung"], strict=True):
        assert c.state == f"{stage}_entwurf"
        decide(c)
        assert c.state == f"{stage}_beschlossen"
        assert c.decided[stage] == LATER
        machine.fire(c, "naechste_stufe", now=LATER)
        assert c.state.startswith(following)
    c.measures[0].reports.append(Report(LATER, "läuft"))
    machine.fire(c, "wirkung_pruefen", now=LATER)
    machine.fire(c, "abschliessen", now=LATER)
    assert c.state == "abgeschlossen"
    assert machine.allowed_triggers("abgeschlossen") == []


@pytest.mark.parametrize("step", ["beteiligung", "abstimmung"])
def test_ueberarbeiten_returns_to_draft_and_starts_a_new_round(step: str) -> None:
    c = ready(fresh())
    consult(c)
    if step == "abstimmung":
        machine.fire(c, "abstimmung_starten", now=LATER)
    machine.fire(c, "ueberarbeiten", now=LATER)
    assert (c.state, c.round, c.consultation, c.vote) == ("leitbild_entwurf", 2, None, None)


def test_invalid_trigger_names_state_and_allowed_triggers() -> None:
    with pytest.raises(InvalidTrigger) as err:
        machine.fire(fresh(), "beschliessen", now=NOW)
    assert err.value.state == "leitbild_entwurf"
    assert err.value.allowed == ["beteiligung_starten"]
    assert str(err.value) == (
        "'beschliessen' ist im Zustand Leitbild / Entwurf nicht möglich; erlaubt: Beteiligung starten"
    )


def test_unknown_trigger_lists_known_ones() -> None:
    with pytest.raises(UnknownTrigger, match="beteiligung_starten"):
        machine.fire(fresh(), "fliegen", now=NOW)


def test_refusal_leaves_the_cycle_unchanged() -> None:
    c = fresh()
    before = repr(c)
    with pytest.raises(Refused, match="Leitbild-Text fehlt"):
        consult(c)
    assert repr(c) == before


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"invited": [1]}, "fehlt die Frist"),
        ({"deadline": NOW, "invited": [1]}, "nicht in der Zukunft"),
        ({"deadline": LATER, "invited": []}, "niemand eingeladen"),
    ],
)
def test_beteiligung_needs_a_future_deadline_and_invitees(kwargs: dict, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        machine.fire(ready(fresh()), "beteiligung_starten", now=NOW, **kwargs)


def test_abstimmung_waits_for_deadline_or_every_answer() -> None:
    c = ready(fresh())
    consult(c)
    with pytest.raises(Refused, match="es fehlen noch 2 von 2 Rückmeldungen"):
        machine.fire(c, "abstimmung_starten", now=NOW + timedelta(days=1))
    c.consultation.answers = {1: "ja", 2: "ja"}
    machine.fire(c, "abstimmung_starten", now=NOW + timedelta(days=1))
    assert c.state == "leitbild_abstimmung"


def test_abstimmung_opens_after_the_deadline_even_without_answers() -> None:
    c = ready(fresh())
    consult(c)
    machine.fire(c, "abstimmung_starten", now=NOW + timedelta(days=14))
    assert c.state == "leitbild_abstimmung"


@pytest.mark.parametrize(
    ("vote", "reason"),
    [
        (None, "kein Abstimmungsergebnis"),
        (Vote("leitbild", 4, 4, 0, 0, 9, 5), "nicht beschlussfähig: 4 von 9"),
        (Vote("leitbild", 6, 3, 3, 0, 9, 5), "keine Mehrheit"),
        (Vote("ziele", 9, 9, 0, 0, 9, 5), "kein Abstimmungsergebnis"),
    ],
)
def test_beschluss_needs_quorum_and_majority(vote: Vote | None, reason: str) -> None:
    c = ready(fresh())
    consult(c)
    machine.fire(c, "abstimmung_starten", now=LATER)
    c.vote = vote
    with pytest.raises(Refused, match=reason):
        machine.fire(c, "beschliessen", now=LATER)


def test_stage_content_guards_explain_what_is_missing() -> None:
    c = fresh()
    decide(c)
    machine.fire(c, "naechste_stufe", now=LATER)
    with pytest.raises(Refused, match="kein strategisches Ziel"):
        consult(c)
    decide(c)
    machine.fire(c, "naechste_stufe", now=LATER)
    c.goals.append(Goal(9, "Zweites Ziel"))
    c.strategies = [Strategy(2, 1, "S")]
    with pytest.raises(Refused, match="Ziel 9 .* hat noch keine Handlungsstrategie"):
        consult(c)


def test_massnahmenentscheidung_needs_owner_indicator_and_deadline() -> None:
    c = fresh()
    for _ in range(3):
        decide(c)
        machine.fire(c, "naechste_stufe", now=LATER)
    c.measures = [Measure(3, 2, "Ohne alles")]
    with pytest.raises(Refused, match="Verantwortliche\\(r\\), Indikator, Frist"):
        consult(c)


def test_wirkungspruefung_needs_a_report_on_every_measure_and_may_reopen_any_stage() -> None:
    c = fresh()
    for _ in range(4):
        decide(c)
        machine.fire(c, "naechste_stufe", now=LATER)
    with pytest.raises(Refused, match="keinen Fortschrittsbericht"):
        machine.fire(c, "wirkung_pruefen", now=LATER)
    c.measures[0].reports.append(Report(LATER, "gut"))
    machine.fire(c, "wirkung_pruefen", now=LATER)
    with pytest.raises(Refused, match="braucht --stufe"):
        machine.fire(c, "wiedereroeffnen", now=LATER)
    machine.fire(c, "wiedereroeffnen", now=LATER, stage="ziele")
    assert c.state == "ziele_entwurf"
    assert set(c.decided) == {"leitbild"}


@pytest.mark.parametrize("stage", machine.STAGES)
def test_reopen_each_stage(stage: str) -> None:
    c = StrategyCycle(id=1, municipality_id=1, title="Z", board_id=1, state="wirkungspruefung")
    machine.fire(c, "wiedereroeffnen", now=LATER, stage=stage)
    assert c.state == f"{stage}_entwurf"


def test_replay_follows_the_same_table() -> None:
    steps = [("beteiligung_starten", {}), ("ueberarbeiten", {}), ("beteiligung_starten", {})]
    assert machine.replay(steps) == [
        "leitbild_beteiligung",
        "leitbild_entwurf",
        "leitbild_beteiligung",
    ]
    assert machine.replay([("wiedereroeffnen", {"stage": "strategien"})], "wirkungspruefung") == [
        "strategien_entwurf"
    ]


def test_reasons_render_in_english_too() -> None:
    set_language("en")
    with pytest.raises(Refused, match="vision statement text is still missing"):
        consult(fresh())


def test_mermaid_diagram_shows_every_state_and_transition() -> None:
    text = mermaid()
    assert text.startswith("stateDiagram-v2\n")
    for stage in machine.STAGES:
        for step in machine.STEPS:
            assert f"{stage}_{step}" in text
    for trigger in machine.TRIGGERS:  # labelled as people read the step
        assert f": {step_name(trigger, 'de')}\n" in text
    assert "umsetzung --> wirkungspruefung : Wirkung prüfen" in text
    english = mermaid("en")
    assert "Vision statement" in english and ": start consultation\n" in english
