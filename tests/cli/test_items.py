"""Ziele and Maßnahmen across cycles from the command line: who owns what, in which
Bildungsbereich, due when, reported or not; in German and English; typos are errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from dkbm import cycles
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import (
    BY,
    Network,
    close_cycle,
    cycle_in_implementation,
    fill_stage,
    make_network,
)


@pytest.fixture
def two_cycles(db_url: str) -> tuple[Network, int, int]:
    """Cycle 1 in Umsetzung (Maßnahme 3 of Akteur 1 with a report), cycle 2 in drafting
    with a Ziel in Weiterbildung and a Maßnahme of Akteur 2 due earlier."""
    net = make_network()
    first = cycle_in_implementation(net)
    cycles.report_progress(first, 3, "läuft", value=20.0, by=BY, now=T0 + timedelta(days=30))
    second = cycles.start(title="Zweiter", board_id=net.board, by=BY, now=T0).id or 0
    cycles.add_goal(second, "Lernen im Alter", ["weiterbildung"], by=BY, now=T0)
    cycles.add_strategy(second, 1, "Beratung vor Ort", by=BY, now=T0)
    cycles.save_measure(
        second,
        strategy_id=2,
        title="Mobile Beratung",
        owner_id=net.actors[1],
        deadline=date(2027, 9, 30),
        by=BY,
        now=T0,
    )
    return net, first, second


def test_measures_of_every_cycle_soonest_first_and_filtered(
    capsys: pytest.CaptureFixture[str], two_cycles: tuple[Network, int, int]
) -> None:
    net, first, second = two_cycles
    code, out, err = dkbm(capsys, "massnahme", "list", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert [(m["zyklus"]["id"], m["titel"]) for m in found] == [
        (second, "Mobile Beratung"),
        (first, "Maßnahme zu 2"),
    ]
    assert found[1]["berichte"] == 1 and found[1]["letzter_wert"] == 20.0
    assert found[1]["ziel"] == {"id": 1, "titel": "Ziel A"} and found[1]["bereiche"] == ["schule"]

    def titles(*args: str) -> list[str]:
        code, out, err = dkbm(capsys, "massnahme", "list", "--json", *args)
        assert code == 0, err
        return [m["titel"] for m in json.loads(out)]

    assert titles("--akteur", str(net.actors[1])) == ["Mobile Beratung"]
    assert titles("--bereich", "schule") == ["Maßnahme zu 2"]
    # as the lists show them, in either language
    assert titles("--bereich", "Erwachsenen-/Weiterbildung") == ["Mobile Beratung"]
    assert titles("--bereich", "Adult and further education") == ["Mobile Beratung"]
    assert titles("--ohne-bericht") == ["Mobile Beratung"]
    assert titles("--faellig-bis", "30.09.2027") == ["Mobile Beratung"]
    assert titles("--zyklus", str(first)) == ["Maßnahme zu 2"]

    code, out, _ = dkbm(capsys, "massnahme", "list")
    assert code == 0
    assert "Mobile Beratung" in out and "Erwachsenen-/Weiterbildung" in out
    assert "Verantwortlich" in out.splitlines()[0]
    code, out, _ = dkbm(capsys, "--lang", "en", "massnahme", "list", "--bereich", "weiterbildung")
    assert out.splitlines()[0].split()[:3] == ["Cycle", "No.", "Measure"]
    assert f"{second} (Vision statement" in out


def test_goals_of_every_cycle_with_what_hangs_from_them(
    capsys: pytest.CaptureFixture[str], two_cycles: tuple[Network, int, int]
) -> None:
    _, first, second = two_cycles
    code, out, err = dkbm(capsys, "ziel", "list", "--json")
    assert code == 0, err
    assert [
        (g["zyklus"]["id"], g["titel"], g["strategien"], g["massnahmen"]) for g in json.loads(out)
    ] == [
        (first, "Ziel A", 1, 1),
        (second, "Lernen im Alter", 1, 1),
    ]
    code, out, _ = dkbm(capsys, "ziel", "list", "--bereich", "weiterbildung")
    assert "Lernen im Alter" in out and "Ziel A" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["massnahme", "list", "--akteur", "99"], "Fehler: Akteur 99 nicht gefunden"),
        (["massnahme", "list", "--zyklus", "42"], "Fehler: Zyklus 42 nicht gefunden"),
        (["ziel", "list", "--bereich", "mathe"], "Fehler: ungültiger Wert für --bereich: 'mathe'"),
        (
            ["massnahme", "list", "--faellig-bis", "31.02.2027"],
            "Fehler: ungültiger Wert für --faellig-bis: '31.02.2027'",
        ),
    ],
)
def test_a_typo_in_a_filter_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str],
    two_cycles: tuple[Network, int, int],
    db_url: str,
    args: list[str],
    message: str,
) -> None:
    before = dump(db_url)
    code, out, err = dkbm(capsys, *args)
    assert code != 0 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1
    assert dump(db_url) == before


def test_fill_stage_content_is_listed_before_its_stage_is_reached(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network()
    cycle_id = cycles.start(title="Früh", board_id=net.board, by=BY, now=T0).id or 0
    fill_stage(cycle_id, "ziele", net)
    code, out, _ = dkbm(capsys, "ziel", "list", "--zyklus", str(cycle_id), "--json")
    assert [g["titel"] for g in json.loads(out)] == ["Ziel A"]


def test_a_cycle_seeded_from_a_closed_one_says_what_it_took_over(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network()
    old = cycle_in_implementation(net)
    close_cycle(old)
    code, out, err = dkbm(
        capsys, "zyklus", "start", "Neu", "--gremium", str(net.board), "--aus", str(old)
    )
    assert code == 0, err
    assert out.splitlines() == [
        f"Zyklus gestartet: Nr. {old + 1} (Leitbild / Entwurf)",
        f"  aus Zyklus {old} übernommen: 1 Ziel, 1 Strategie, 1 Maßnahme, 0 Kennzahlen "
        "(Kennzahlen mit ihren Werten)",
    ]
