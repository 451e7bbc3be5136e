"""Ziele, Strategien, Maßnahmen and reports as rows: always equal to the cycle's document,
written in the same transaction, untouched by a transition that leaves them alone."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from dkbm import cycles, indicators
from dkbm.states.errors import Conflict
from dkbm.states.indicators import ItemKind
from dkbm.store import indicators as store_indicators
from dkbm.store import items, mapping
from dkbm.store import repository as repo
from dkbm.store.db import engine, session, transaction
from tests.conftest import T0
from tests.factories import (
    BY,
    close_cycle,
    cycle_in_implementation,
    cycle_with_content,
    make_network,
)


def _rows_equal_document(cycle_id: int) -> dict:
    with session() as s:
        stored = items.stored(s, cycle_id)
        document = items.rows(cycle_id, mapping.content(repo.cycle(s, cycle_id)))
    assert stored == document
    return {table.name: rows for table, rows in stored.items()}


def test_every_change_of_content_reaches_the_rows(db_url: str) -> None:
    cycle_id = cycle_with_content()
    rows = _rows_equal_document(cycle_id)
    assert [(g["item_id"], g["title"], g["areas"]) for g in rows["goal"]] == [
        (1, "Ziel A", ["schule"])
    ]
    assert [(s["item_id"], s["goal_id"]) for s in rows["strategy"]] == [(2, 1)]
    assert [(m["item_id"], m["strategy_id"], m["reports"]) for m in rows["measure"]] == [(3, 2, 0)]

    cycles.change_item(cycle_id, 1, title="Ziel A neu", areas=["fruehe_bildung"], by=BY, now=T0)
    cycles.save_measure(cycle_id, measure_id=3, deadline=date(2028, 7, 31), by=BY, now=T0)
    cycles.add_goal(cycle_id, "Ziel B", ["weiterbildung"], by=BY, now=T0)
    rows = _rows_equal_document(cycle_id)
    assert [g["title"] for g in rows["goal"]] == ["Ziel A neu", "Ziel B"]
    assert rows["measure"][0]["deadline"] == date(2028, 7, 31)

    cycles.remove_item(cycle_id, 4, by=BY, now=T0)
    assert [g["item_id"] for g in _rows_equal_document(cycle_id)["goal"]] == [1]


def test_reports_become_rows_and_the_measure_sums_them_up(db_url: str) -> None:
    net = make_network()
    cycle_id = cycle_in_implementation(net)
    measure = repo_measures(cycle_id)[0]
    later = T0 + timedelta(days=60)
    cycles.report_progress(cycle_id, measure, "läuft", value=12.5, by=BY, now=later)
    cycles.report_progress(cycle_id, measure, "weiter", value=14.0, by=BY, now=later)
    rows = _rows_equal_document(cycle_id)
    assert [(r["position"], r["text"], r["value"]) for r in rows["measure_report"]] == [
        (0, "läuft", 12.5),
        (1, "weiter", 14.0),
    ]
    assert rows["measure"][0]["reports"] == 2
    assert rows["measure"][0]["last_value"] == 14.0
    assert rows["measure"][0]["last_report_at"] == later


def repo_measures(cycle_id: int) -> list[int]:
    with session() as s:
        return [m.id for m in repo.cycle(s, cycle_id).measures]


def test_a_seeded_cycle_has_rows_of_its_own(db_url: str) -> None:
    net = make_network()
    old = cycle_in_implementation(net)
    close_cycle(old)
    new = cycles.start(title="Neu", board_id=net.board, seed_from=old, by=BY, now=T0).id or 0
    rows = _rows_equal_document(new)
    assert rows["measure"] and all(m["reports"] == 0 for m in rows["measure"])
    assert _rows_equal_document(old)["measure"]


def test_a_seeded_cycle_continues_the_kennzahlen_of_its_predecessor(db_url: str) -> None:
    net = make_network()
    old = cycle_in_implementation(net)
    measure = repo_measures(old)[0]
    kennzahl = indicators.add(
        old,
        item_kind=ItemKind.MASSNAHME,
        item_id=measure,
        name="Übergangsquote",
        unit="%",
        source="Kreisstatistik",
        baseline=(40.0, 2024),
        target=(80.0, 2030),
        by=BY,
        now=T0,
    )
    indicators.record_value(kennzahl.id or 0, year=2025, value=48.0, by=BY, now=T0)
    close_cycle(old)
    new = cycles.start(title="Neu", board_id=net.board, seed_from=old, by=BY, now=T0).id or 0
    with session() as s:
        (carried,) = store_indicators.indicators(s, cycle_id=new)
        (kept,) = store_indicators.indicators(s, cycle_id=old)
        audit = repo.audit_events(s, "kennzahl", carried.id or 0)
    assert (carried.item_id, carried.name, carried.target_value) == (measure, "Übergangsquote", 80)
    assert [(v.year, v.value) for v in carried.values] == [(2025, 48.0)]
    assert kept.id != carried.id and [(v.year, v.value) for v in kept.values] == [(2025, 48.0)]
    assert [(e.action, e.payload["aus_kennzahl"]) for e in audit] == [("uebernommen", kept.id)]


def test_a_transition_that_leaves_the_items_alone_does_not_touch_their_rows(
    db_url: str,
) -> None:
    cycle_id = cycle_with_content()
    touched: list[str] = []

    def note(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if re.search(r"\b(goal|strategy|measure|measure_report)\b", statement):
            touched.append(statement)

    event.listen(engine(), "before_cursor_execute", note)
    try:
        cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=T0)
        cycles.advance(cycle_id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(7))
    finally:
        event.remove(engine(), "before_cursor_execute", note)
    assert touched == []


def test_a_conflicting_write_leaves_the_rows_as_they_were(db_url: str) -> None:
    cycle_id = cycle_with_content()
    with session() as s:
        stale = repo.cycle(s, cycle_id)
    cycles.add_goal(cycle_id, "Ziel B", [], by=BY, now=T0)
    stale.goals.append(type(stale.goals[0])(id=99, title="verloren", areas=[]))
    stale.version += 1
    with pytest.raises(Conflict), transaction() as tx:
        repo.update_cycle(tx, stale, stale.version - 1, T0)
    assert [g["title"] for g in _rows_equal_document(cycle_id)["goal"]] == ["Ziel A", "Ziel B"]
