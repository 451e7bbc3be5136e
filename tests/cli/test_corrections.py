"""Issue 21, point 1: a wrongly recorded vote result is corrected with a reason, also after
the stage was decided; a decision the corrected result no longer carries is revoked."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles
from dkbm.store.db import engine
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network


def decided(voting: int = 7) -> int:
    """A cycle whose Leitbild was decided with 4/1/0 of 5 present (of 7)."""
    net = make_network(voting=voting, others=1)
    c = cycles.start(title="Bildungsstrategie", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(
        c,
        "beteiligung_starten",
        by=BY,
        now=T0,
        deadline=T0 + timedelta(days=7),
        invited=[net.actors[-1]],
    )
    cycles.record_response(c, net.actors[-1], "ok", by=BY, now=T0)
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0)
    cycles.record_vote(c, present=5, yes=4, no=1, abstain=0, by=BY, now=T0)
    cycles.advance(c, "beschliessen", by=BY, now=T0)
    return c


def deliver(url: str, kind: str = "beschluss_mitteilung") -> None:
    """The queued messages of *kind* went out."""
    with engine(url).begin() as conn:
        conn.execute(
            text("UPDATE outbox SET status = 'sent' WHERE status = 'pending' AND kind = :k"),
            {"k": kind},
        )


def notices(url: str, cycle_id: int, kind: str, status: str | None = None) -> list[dict]:
    with engine(url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT recipient_id, status, last_error, payload FROM outbox "
                "WHERE cycle_id = :c AND kind = :k ORDER BY id"
            ),
            {"c": cycle_id, "k": kind},
        ).all()
    return [
        {
            "to": r.recipient_id,
            "status": r.status,
            "why": r.last_error,
            **(json.loads(r.payload) if isinstance(r.payload, str) else r.payload),
        }
        for r in rows
        if status is None or r.status == status
    ]


def test_without_korrektur_the_refusal_names_the_way_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = decided()
    before = dump(db_url)
    code, _, err = dkbm(capsys, "zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "3")
    assert code == 1 and err.count("\n") == 1
    assert "bereits beschlossen" in err and "--korrektur --grund" in err
    code, _, err = dkbm(
        capsys, "zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "3", "--korrektur"
    )
    assert code == 1 and "braucht einen Grund" in err
    code, _, err = dkbm(capsys, "zyklus", "weiter", str(c), "beschluss_aufheben")
    assert code == 1 and "--korrektur --grund" in err
    assert dump(db_url) == before


def test_a_correction_that_still_carries_keeps_the_decision_and_tells_who_was_told(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = decided()
    deliver(db_url)
    told = {n["to"] for n in notices(db_url, c, "beschluss_mitteilung")}
    code, out, err = dkbm(
        capsys,
        "zyklus",
        "abstimmung",
        str(c),
        "--anwesend",
        "5",
        "--ja",
        "3",
        "--nein",
        "1",
        "--enthaltung",
        "1",
        "--korrektur",
        "--grund",
        "Zählfehler im Protokoll",
    )
    assert code == 0, err
    assert out.splitlines() == [
        "Ergebnis berichtigt: 5 von 7 Stimmberechtigten anwesend (beschlussfähig ab 4): "
        "3 Ja, 1 Nein, 1 Enthaltung – angenommen",
        "Bisher: 5 anwesend: 4 Ja, 1 Nein, 0 Enthaltungen",
        "Der Beschluss zu „Leitbild“ bleibt bestehen.",
    ]
    status = json.loads(dkbm(capsys, "zyklus", "status", str(c), "--json")[1])
    assert status["zustand"] == "leitbild_beschlossen"
    sent = notices(db_url, c, "korrektur_mitteilung")
    assert {n["to"] for n in sent} == told and len(told) > 1
    mail = sent[0]["text"]
    assert "Bisher: 5 von 7" in mail and "4 Ja, 1 Nein, 0 Enthaltungen." in mail
    assert "3 Ja, 1 Nein, 1 Enthaltung – angenommen" in mail
    assert "Zählfehler im Protokoll" in mail and "Der Beschluss bleibt bestehen." in mail
    history = json.loads(dkbm(capsys, "zyklus", "verlauf", str(c), "--json")[1])
    (fix,) = [e for e in history if e["aktion"] == "abstimmung_korrigiert"]
    assert fix["details"]["vorher"]["yes"] == 4 and fix["details"]["nachher"]["yes"] == 3
    assert fix["details"]["grund"] == "Zählfehler im Protokoll"
    table = dkbm(capsys, "zyklus", "verlauf", str(c))[1]
    assert "4 Ja / 1 Nein / 0 Enth., 5/7 anwesend → 3 Ja / 1 Nein / 1 Enth., 5/7" in table


def test_a_correction_that_no_longer_carries_revokes_the_decision(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = decided()
    deliver(db_url)
    code, out, err = dkbm(
        capsys,
        "zyklus",
        "abstimmung",
        str(c),
        "--anwesend",
        "3",
        "--ja",
        "3",
        "--korrektur",
        "--grund",
        "nur drei waren da",
    )
    assert code == 0, err
    assert "nicht beschlussfähig" in out
    assert "Der Beschluss zu „Leitbild“ ist aufgehoben" in out and "wieder in der Abstimmung" in out
    status = json.loads(dkbm(capsys, "zyklus", "status", str(c), "--json")[1])
    assert status["zustand"] == "leitbild_abstimmung"
    history = json.loads(dkbm(capsys, "zyklus", "verlauf", str(c), "--json")[1])
    assert [e["schritt"] for e in history if e["schritt"]][-1] == "beschluss_aufheben"
    (mail,) = {n["text"] for n in notices(db_url, c, "korrektur_mitteilung") if n["to"] == 1}
    assert "Der Beschluss ist aufgehoben" in mail
    replay = cycles.replay_check(c)
    assert replay[2][-1] == replay[0].state
    # the vote is open again: a new result decides it once more
    assert dkbm(capsys, "zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "5")[0] == 0
    assert dkbm(capsys, "zyklus", "weiter", str(c), "beschliessen")[0] == 0


def test_a_correction_before_the_decision_tells_nobody(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=3, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    for a in net.actors:
        cycles.record_response(c, a, "ok", by=BY, now=T0)
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0)
    before = dump(db_url)
    code, _, err = dkbm(
        capsys,
        "zyklus",
        "abstimmung",
        str(c),
        "--anwesend",
        "3",
        "--ja",
        "3",
        "--korrektur",
        "--grund",
        "x",
    )
    assert code == 1 and "noch kein Ergebnis" in err
    assert dump(db_url) == before
    cycles.record_vote(c, present=3, yes=2, no=1, abstain=0, by=BY, now=T0)
    code, _, err = dkbm(
        capsys,
        "zyklus",
        "abstimmung",
        str(c),
        "--anwesend",
        "3",
        "--ja",
        "3",
        "--korrektur",
        "--grund",
        "Tippfehler",
    )
    assert code == 0, err
    assert notices(db_url, c, "korrektur_mitteilung") == []


def test_a_queued_decision_notice_is_replaced_by_one_with_the_corrected_result(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = decided()
    first = notices(db_url, c, "beschluss_mitteilung")
    # one of them went out already, the others are still queued
    got = first[0]["to"]
    with engine(db_url).begin() as conn:
        conn.execute(
            text(
                "UPDATE outbox SET status = 'sent' WHERE kind = 'beschluss_mitteilung' "
                "AND recipient_id = :r"
            ),
            {"r": got},
        )
    args = ("zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "3", "--nein", "2")
    code, _, err = dkbm(capsys, *args, "--korrektur", "--grund", "Zählfehler")
    assert code == 0, err
    withdrawn = notices(db_url, c, "beschluss_mitteilung", "cancelled")
    assert {n["to"] for n in withdrawn} == {n["to"] for n in first} - {got}
    assert {n["why"] for n in withdrawn} == {"superseded_result_corrected"}
    anew = notices(db_url, c, "beschluss_mitteilung", "pending")
    assert {n["to"] for n in anew} == {n["to"] for n in withdrawn}
    assert all("3 Ja, 2 Nein, 0 Enthaltungen – angenommen" in n["text"] for n in anew)
    assert [n["to"] for n in notices(db_url, c, "korrektur_mitteilung")] == [got]
    # a revoking correction withdraws the corrected Beschlussmitteilung and sends none
    args = ("zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "2", "--nein", "3")
    code, _, err = dkbm(capsys, *args, "--korrektur", "--grund", "vertauscht")
    assert code == 0, err
    assert notices(db_url, c, "beschluss_mitteilung", "pending") == []
    assert [n["to"] for n in notices(db_url, c, "korrektur_mitteilung")] == [got, got]


def test_a_correction_after_the_next_stage_still_works_while_it_carries(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = decided()
    cycles.advance(c, "naechste_stufe", by=BY, now=T0)
    args = ("zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "3", "--korrektur")
    code, out, err = dkbm(capsys, *args, "--grund", "Tippfehler")
    assert code == 0, err
    assert "3 Ja, 0 Nein" in out and "Der Beschluss zu „Leitbild“ bleibt bestehen" in out
    # the same correction again changes nothing
    before = dump(db_url)
    code, _, err = dkbm(capsys, *args, "--grund", "nochmal")
    assert code == 1 and "nichts geändert" in err
    assert dump(db_url) == before


def test_a_correction_that_would_undo_a_stage_built_on_is_refused_with_a_way(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = decided()
    cycles.advance(c, "naechste_stufe", by=BY, now=T0)
    before = dump(db_url)
    code, _, err = dkbm(
        capsys,
        "zyklus",
        "abstimmung",
        str(c),
        "--anwesend",
        "5",
        "--ja",
        "2",
        "--nein",
        "3",
        "--korrektur",
        "--grund",
        "x",
    )
    assert code == 1 and err.count("\n") == 1
    assert "„Leitbild“ nicht mehr" in err and "erst in der Wirkungsprüfung" in err
    assert " N " not in err
    assert dump(db_url) == before


def test_in_english(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    c = decided()
    code, _, err = dkbm(
        capsys, "--lang", "en", "zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "3"
    )
    assert code == 1 and "already been decided" in err and "--korrektur --grund" in err
    code, out, _ = dkbm(
        capsys,
        "--lang",
        "en",
        "zyklus",
        "abstimmung",
        str(c),
        "--anwesend",
        "5",
        "--ja",
        "2",
        "--nein",
        "3",
        "--korrektur",
        "--grund",
        "swapped",
    )
    assert (
        code == 0
        and "Result corrected" in out
        and 'The decision on "Vision statement" is revoked' in out
    )
