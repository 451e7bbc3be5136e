"""Issue 8, part 1: the content a coordinator works on is visible in the CLI."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dkbm import cycles
from dkbm.cli import main
from tests.conftest import T0
from tests.factories import BY, cycle_in_implementation, make_network


def dkbm(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_status_shows_the_tree_from_leitbild_to_measures_with_owners_and_reports(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=5, others=0)
    cycle_id = cycle_in_implementation(net, T0)
    cycles.report_progress(cycle_id, 3, "Erste Schulen dabei", value=12, by=BY, now=T0)
    out = dkbm(capsys, "zyklus", "status", str(cycle_id))
    assert "Leitbild:\n    Bildung für alle" in out
    assert "Ziel 1: Ziel A [Schule]" in out
    assert "Strategie 2: Strategie zu 1" in out
    assert "Maßnahme 3: Maßnahme zu 2" in out
    assert "verantwortlich: Akteur 0 (1) · Indikator: Quote → 90 % · Frist: 14.01.2028" in out
    assert "letzter Bericht 11.01.2027: Erste Schulen dabei (Wert 12) (1 insgesamt)" in out
    doc = json.loads(dkbm(capsys, "zyklus", "status", str(cycle_id), "--json"))
    (measure,) = doc["inhalt"]["massnahmen"]
    assert measure["verantwortlich_name"] == "Akteur 0"
    assert measure["letzter_bericht"]["text"] == "Erste Schulen dabei"


def test_added_items_print_their_number(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    make_network(voting=2, others=0)
    dkbm(capsys, "zyklus", "start", "Z", "--gremium", "1")
    assert dkbm(capsys, "zyklus", "ziel", "1", "Kein Abschluss ohne Anschluss").startswith(
        "Ziel 1 hinzugefügt (Nr. 1)"
    )
    assert dkbm(capsys, "zyklus", "strategie", "1", "1", "Berufsorientierung").startswith(
        "Strategie 2 hinzugefügt"
    )
    out = dkbm(capsys, "zyklus", "massnahme", "1", "--strategie", "2", "--titel", "Analyse")
    assert out.startswith("Maßnahme 3 hinzugefügt")
    out = dkbm(capsys, "zyklus", "massnahme", "1", "--id", "3", "--indikator", "Quote")
    assert out.startswith("Maßnahme 3 geändert")


def test_answers_are_listed_with_name_and_date_and_a_second_one_replaces_the_first(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=2, others=1)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    first = dkbm(capsys, "zyklus", "antwort", str(c), "1", "--text", "Zu allgemein")
    assert "ersetzt" not in first and "1 von 3 Eingeladenen" in first
    second = dkbm(capsys, "zyklus", "antwort", str(c), "1", "--text", "Passt so")
    assert "(ersetzt die frühere)" in second and "1 von 3 Eingeladenen" in second
    out = dkbm(capsys, "zyklus", "rueckmeldungen", str(c))
    assert "Akteur 0" in out and "Passt so (ersetzt)" in out and "Zu allgemein" not in out
    assert "Ausstehend (2): Akteur 1 (2), Akteur 2 (3)" in out
    history = json.loads(dkbm(capsys, "zyklus", "verlauf", str(c), "--json"))
    texts = [e["details"]["text"] for e in history if e["aktion"] == "rueckmeldung"]
    assert texts == ["Zu allgemein", "Passt so"]


def test_list_is_an_overview_of_deadlines_debts_and_next_steps(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=2, others=1)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    cycles.record_response(c, 1, "ok", by=BY, now=T0)
    (doc,) = json.loads(dkbm(capsys, "zyklus", "list", "--json"))
    assert doc["ausstehend"] == 2 and doc["offene_frist"].startswith("2027-01-18")
    assert (doc["naechster_schritt"], doc["blockiert"]) == (None, "abstimmung_starten")
    out = dkbm(capsys, "zyklus", "list")
    assert "Offene Frist" in out and "18.01.2027" in out


def test_the_diagram_marks_the_current_state_only_when_asked(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_network(voting=2, others=0)
    dkbm(capsys, "zyklus", "start", "Z", "--gremium", "1")
    assert "class leitbild_entwurf aktuell" in dkbm(capsys, "zyklus", "diagramm", "1")
    assert "aktuell" not in dkbm(capsys, "zyklus", "diagramm")
