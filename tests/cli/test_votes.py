"""Issue 8, part 4: votes a Geschäftsstelle can trust."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dkbm import cycles
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, make_network


def in_vote(voting: int, written_until: int | None = None) -> int:
    net = make_network(voting=voting, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    for a in net.actors:
        cycles.record_response(c, a, "ok", by=BY, now=T0)
    deadline = T0 + timedelta(days=written_until) if written_until else None
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0, deadline=deadline)
    return c


def test_a_written_vote_is_decided_early_only_with_a_reason(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = in_vote(voting=3, written_until=10)
    for actor, choice in ((1, "ja"), (2, "ja")):
        assert dkbm(capsys, "zyklus", "stimme", str(c), str(actor), choice)[0] == 0
    out = dkbm(capsys, "zyklus", "status", str(c))[1]
    assert "Schriftliche Abstimmung: 2 von 3 Stimmen, Frist 21.01.2027" in out
    assert "noch nicht abgestimmt: Akteur 2 (3)" in out
    code, _, err = dkbm(capsys, "zyklus", "weiter", str(c), "beschliessen")
    assert code == 1 and "läuft bis 21.01.2027" in err and "2 von 3" in err
    code, _, err = dkbm(
        capsys, "zyklus", "weiter", str(c), "beschliessen", "--grund", "Eilbedürftig"
    )
    assert code == 0, err
    (decision,) = [
        e
        for e in json.loads(dkbm(capsys, "zyklus", "verlauf", str(c), "--json")[1])
        if e["schritt"] == "beschliessen"
    ]
    assert decision["grund"] == "Eilbedürftig" and decision["von"] == "koordination"


def test_a_written_vote_where_everyone_voted_is_decided_before_its_deadline(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = in_vote(voting=2, written_until=10)
    for actor in (1, 2):
        dkbm(capsys, "zyklus", "stimme", str(c), str(actor), "ja")
    assert dkbm(capsys, "zyklus", "weiter", str(c), "beschliessen")[0] == 0


def test_results_are_told_in_words_and_a_second_result_replaces_the_first(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = in_vote(voting=7)
    code, out, _ = dkbm(
        capsys, "zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "4", "--nein", "1"
    )
    assert code == 0
    assert out.strip() == (
        "Abstimmung erfasst: 5 von 7 Stimmberechtigten anwesend (beschlussfähig ab 4): "
        "4 Ja, 1 Nein, 0 Enthaltungen – angenommen"
    )
    code, out, _ = dkbm(
        capsys, "zyklus", "abstimmung", str(c), "--anwesend", "3", "--ja", "3", "--enthaltung", "0"
    )
    assert "(ersetzt das frühere Ergebnis)" in out and "nicht beschlussfähig" in out
    code, out, _ = dkbm(
        capsys,
        "zyklus",
        "abstimmung",
        str(c),
        "--anwesend",
        "4",
        "--ja",
        "1",
        "--nein",
        "2",
        "--enthaltung",
        "1",
    )
    assert "1 Enthaltung – abgelehnt" in out
    history = dkbm(capsys, "zyklus", "verlauf", str(c))[1]
    assert "koordination" in history
    assert "4 Ja / 1 Nein / 0 Enth., 5/7 anwesend" in history
    assert "3 Ja / 0 Nein / 0 Enth., 3/7 anwesend; ersetzt" in history


def test_a_written_vote_with_ballots_takes_no_minutes_result(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = in_vote(voting=3, written_until=10)
    assert dkbm(capsys, "zyklus", "stimme", str(c), "1", "nein")[0] == 0
    code, out, _ = dkbm(capsys, "zyklus", "stimme", str(c), "1", "ja")
    assert code == 0 and "abgegeben 1 von 3; 1 Ja, 0 Nein" in out
    code, _, err = dkbm(capsys, "zyklus", "abstimmung", str(c), "--anwesend", "3", "--ja", "3")
    assert code == 1 and err.count("\n") == 1
    assert "abgegebene Stimmen: 1" in err and "dkbm zyklus stimme" in err


def test_answers_are_listed_with_when_how_often_replaced_and_from_where(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=2, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    code, out, _ = dkbm(capsys, "zyklus", "antwort", str(c), "1", "--text", "erst")
    assert code == 0 and "(ersetzt" not in out and "1 von 2 Eingeladenen hat geantwortet" in out
    cycles.record_response(c, 1, "dann", by="Akteur 0", now=T0, source="web:f1")
    code, out, _ = dkbm(capsys, "zyklus", "antwort", str(c), "1", "--text", "zuletzt")
    assert "(ersetzt die frühere)" in out
    doc = json.loads(dkbm(capsys, "zyklus", "rueckmeldungen", str(c), "--json")[1])
    (given,) = doc["rueckmeldungen"]
    assert (given["text"], given["ersetzt"], given["quelle"]) == ("zuletzt", 2, "cli")
    assert [m["akteur"] for m in doc["ausstehend"]] == [2]
    table = dkbm(capsys, "zyklus", "rueckmeldungen", str(c))[1]
    assert "zuletzt (ersetzt)" in table
