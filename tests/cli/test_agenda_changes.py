"""Issue 21, point 2 from the command line: TOPs renamed, reordered and removed, in German
and English; refusals in one line and nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dkbm import cycles
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, fill_stage, make_network


def _meeting(capsys: pytest.CaptureFixture[str]) -> None:
    make_network()
    args = (
        "sitzung",
        "planen",
        "--gremium",
        "1",
        "--beginn",
        "01.02.2027 17:00",
        "--ort",
        "Rathaus",
    )
    assert dkbm(capsys, *args)[0] == 0
    for title in ("Bericht", "Haushalt", "Verschiedenes"):
        assert dkbm(capsys, "sitzung", "top", "1", "--titel", title)[0] == 0


def test_items_are_renamed_moved_and_removed(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    _meeting(capsys)
    code, out, err = dkbm(capsys, "sitzung", "top-aendern", "1", "2", "--titel", "Haushalt 2027")
    assert (code, out.strip()) == (0, "TOP 2 geändert: Haushalt 2027"), err
    code, out, _ = dkbm(capsys, "sitzung", "top-verschieben", "1", "3", "--nach", "1")
    assert out.strip() == "Tagesordnung: 1 Verschiedenes; 2 Bericht; 3 Haushalt 2027"
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    code, out, _ = dkbm(capsys, "--lang", "en", "sitzung", "top-entfernen", "1", "2")
    assert out.strip() == "TOP 2 removed; 2 item(s) remain (amended agenda sent to members)"
    code, out, _ = dkbm(capsys, "sitzung", "top-verschieben", "1", "2", "--nach", "1", "--json")
    assert code == 0 and '"Haushalt 2027"' in out


def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    _meeting(capsys)
    before = dump(db_url)
    code, _, err = dkbm(capsys, "sitzung", "top-entfernen", "1", "9")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "9" in err
    code, _, err = dkbm(capsys, "sitzung", "top-verschieben", "1", "1", "--nach", "0")
    assert code == 2 and len(err.strip().splitlines()) == 1
    for beyond in ("0", "9"):  # a position the agenda does not have: its range named
        code, _, err = dkbm(capsys, "sitzung", "top-verschieben", "1", "2", "--nach", beyond)
        assert code == 2 and len(err.strip().splitlines()) == 1
        assert f"--nach: {beyond} (1 bis 3)" in err, err
    code, _, err = dkbm(capsys, "sitzung", "top-aendern", "1", "1", "--titel", " ")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert dump(db_url) == before


def test_help_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert "TOP umbenennen" in dkbm(capsys, "sitzung", "top-aendern", "--help")[1]
    out = dkbm(capsys, "--lang", "en", "sitzung", "top-verschieben", "--help")[1]
    assert "Move an agenda item" in out


def test_a_cycles_top_names_its_stage_from_the_beteiligung_to_the_result(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = make_network()
    c = cycles.start(title="Bildungsstrategie Fürth 2032", board_id=net.board, by=BY, now=T0)
    fill_stage(c.id, "leitbild", net)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    args = (
        "sitzung",
        "planen",
        "--gremium",
        "1",
        "--beginn",
        "01.02.2027 17:00",
        "--ort",
        "Rathaus",
    )
    assert dkbm(capsys, *args)[0] == 0
    code, out, err = dkbm(capsys, "sitzung", "top", "1", "--zyklus", str(c.id))
    assert out.strip() == "TOP 1 angelegt: Bildungsstrategie Fürth 2032: Leitbild", err
    for a in net.actors:
        cycles.record_response(c.id, a, "ok", by=BY, now=T0)
    cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0)
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    monkeypatch.setenv("DKBM_NOW", "2027-02-01T18:00:00+01:00")
    present = ",".join(str(a) for a in net.actors[:5])
    assert dkbm(capsys, "sitzung", "anwesenheit", "1", "--anwesend", present)[0] == 0
    assert dkbm(capsys, "sitzung", "durchfuehren", "1")[0] == 0
    code, out, err = dkbm(capsys, "sitzung", "abstimmen", "1", "1", "--ja", "4", "--nein", "1")
    assert out.strip() == (
        f"TOP 1: angenommen (4 Ja, 1 Nein, 0 Enthaltungen); Leitbild beschlossen (Zyklus {c.id})"
    ), err


def test_planning_past_the_ladungsfrist_warns_in_both_languages(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_network()
    args = (
        "sitzung",
        "planen",
        "--gremium",
        "1",
        "--beginn",
        "14.01.2027 17:00",
        "--ort",
        "Rathaus",
    )
    code, out, err = dkbm(capsys, *args)
    assert code == 0 and out.startswith("Sitzung 1 geplant")
    assert err.strip().startswith("Warnung: die Ladungsfrist (7 Tage) ist schon verstrichen")
    code, out, err = dkbm(capsys, "--lang", "en", *args)
    assert code == 0 and "warning: the notice period (7 days) has already passed" in err
    code, out, err = dkbm(capsys, *args[:5], "01.02.2027 17:00", *args[6:])
    assert code == 0 and err == ""
    # a Ladungsfrist in working days is named as such, its last day as the reader writes it
    assert dkbm(capsys, "gremium", "ladungsfrist", "1", "5", "--arbeitstage")[0] == 0
    code, out, err = dkbm(capsys, *args)
    assert "die Ladungsfrist (5 Arbeitstage) ist schon verstrichen" in err
    assert "hätte bis 07.01.2027 hinausgehen müssen" in err
    code, out, err = dkbm(capsys, "--lang", "en", *args)
    assert "the notice period (5 working days) has already passed" in err and "2027-01-07" in err


def test_a_tasks_deadline_moves_from_the_command_line(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _meeting(capsys)
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    monkeypatch.setenv("DKBM_NOW", "2027-02-01T18:00:00+01:00")
    assert dkbm(capsys, "sitzung", "anwesenheit", "1", "--anwesend", "1,2,3,4,5")[0] == 0
    assert dkbm(capsys, "sitzung", "durchfuehren", "1")[0] == 0
    task = ("sitzung", "aufgabe", "1", "1", "--titel", "Daten", "--akteur", "3")
    assert dkbm(capsys, *task, "--frist", "15.02.2027")[0] == 0
    code, out, err = dkbm(capsys, "aufgabe", "frist", "1", "01.03.2027")
    assert (code, out.strip()) == (0, "Aufgabe 1: neue Frist 01.03.2027"), err
    code, out, _ = dkbm(capsys, "--lang", "en", "aufgabe", "frist", "1", "08.03.2027")
    assert out.strip() == "Task 1: new deadline 08.03.2027"
    assert "2027-03-08" in dkbm(capsys, "aufgabe", "list", "--json")[1]
    before = dump(db_url)
    code, _, err = dkbm(capsys, "aufgabe", "frist", "1", "01.01.2027")
    assert code == 1 and len(err.strip().splitlines()) == 1
    code, _, err = dkbm(capsys, "aufgabe", "frist", "1", "morgen")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert dump(db_url) == before
