"""The coverage report counts areas and sectors and warns when an extra-task Koordination
leans to a few Bildungsbereiche."""

from __future__ import annotations

import pytest

from dkbm import coverage, cycles, network
from dkbm.states.coverage import Coverage
from dkbm.states.errors import NotFound
from tests.conftest import T0
from tests.factories import BY, close_cycle, cycle_in_implementation, make_network


def _goals(areas: list[list[str]]) -> None:
    c = cycles.start(title="Z", board_id=1, by=BY, now=T0)
    for i, a in enumerate(areas):
        cycles.add_goal(c.id, f"Ziel {i}", a, by=BY, now=T0)


def test_an_extra_task_leaning_to_few_areas_is_warned_about(db_url: str) -> None:
    make_network()
    network.change_municipality(by=BY, now=T0, form="zusatzaufgabe")
    _goals([["fruehe_bildung"], ["fruehe_bildung"], ["weiterbildung"], ["schule"]])
    found = coverage.coverage()
    doc = coverage.document(found)
    assert doc["warnung"] and doc["schwerpunkt"] == ["fruehe_bildung", "weiterbildung"]
    assert "zusätzliche Aufgabe" in coverage.warning_text(found, "de")
    assert {"art": "bereich_ohne_ziele", "wert": "hochschule"} in doc["luecken"]


def test_a_bildungsbuero_gets_the_gaps_but_no_warning(db_url: str) -> None:
    make_network()
    _goals([["fruehe_bildung"], ["fruehe_bildung"]])
    doc = coverage.document(coverage.coverage())
    assert doc["schwerpunkt"] and not doc["warnung"]
    schule = next(b for b in doc["bereiche"] if b["bereich"] == "schule")
    assert schule["akteure"] == 8 and schule["mitglieder"] == 5


def test_a_closed_cycle_and_its_seeded_successor_are_not_counted_twice(db_url: str) -> None:
    net = make_network()
    old = cycle_in_implementation(net)
    close_cycle(old)
    new = cycles.start(title="Neu", board_id=net.board, seed_from=old, by=BY, now=T0).id

    def goals(found: Coverage) -> int:
        return sum(found.goals.values())

    running = coverage.coverage()
    assert running.cycles == [(new, "Neu")] and goals(running) > 0
    assert goals(coverage.coverage([old, new])) == 2 * goals(running)
    assert coverage.document(coverage.coverage([old]))["zyklen"] == [{"id": old, "titel": "Zyklus"}]
    with pytest.raises(NotFound):
        coverage.coverage([99])
