"""Issue 21, point 1: a Sitzung's TOP result corrected with a reason; on a cycle's TOP the
cycle's vote follows, and a decision the corrected result no longer carries is revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles, meetings, queries
from dkbm.meeting_votes import correct_vote
from dkbm.store import repository as repo
from dkbm.store.db import session
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network
from tests.store.test_meetings import MEETING, _cycle_in_vote, _held, _plan


def _voted(yes: int, no: int, present: int = 4) -> tuple[int, int]:
    net = make_network()
    cycle_id = _cycle_in_vote(net)
    m = _plan(net)
    meetings.add_item(m.id, title="", public=True, documents=[], cycle_id=cycle_id, by=BY, now=T0)
    meetings.invite(m.id, by=BY, now=T0)
    _held(net, m.id, net.actors[:present])
    meetings.vote(m.id, 1, yes=yes, no=no, by=BY, now=MEETING)
    return m.id, cycle_id


def _delivered(kind: str) -> None:
    """The queued messages of *kind* went out (a correction then tells their readers)."""
    with session() as s:
        s.connection().execute(
            text("UPDATE outbox SET status = 'sent' WHERE status = 'pending' AND kind = :k"),
            {"k": kind},
        )


def _kinds(kind: str) -> list:
    with session() as s:
        return [o for o in repo.outbox(s) if o.kind == kind]


def test_a_corrected_top_corrects_the_cycles_vote_and_keeps_the_decision(db_url: str) -> None:
    m_id, cycle_id = _voted(yes=3, no=1)
    _delivered("beschluss_mitteilung")
    later = MEETING + timedelta(days=3)
    done = correct_vote(m_id, 1, yes=2, no=1, abstain=1, reason="Protokollfehler", by=BY, now=later)
    assert (done.before.yes, done.meeting.items[0].vote.yes) == (3, 2)
    assert done.cycle is not None and not done.cycle.revoked
    c = cycles.replay_check(cycle_id)[0]
    assert c.state == "leitbild_beschlossen" and c.vote.yes == 2 and c.vote.abstain == 1
    (fix,) = [e for e in queries.history(cycle_id) if e["aktion"] == "abstimmung_korrigiert"]
    assert fix["details"]["sitzung"] == m_id and fix["details"]["grund"] == "Protokollfehler"
    told = {o.recipient_id for o in _kinds("beschluss_mitteilung")}
    assert {o.recipient_id for o in _kinds("korrektur_mitteilung")} == told


def test_a_corrected_top_that_no_longer_carries_revokes_the_cycles_decision(
    db_url: str,
) -> None:
    m_id, cycle_id = _voted(yes=3, no=1)
    _delivered("beschluss_mitteilung")
    done = correct_vote(m_id, 1, yes=1, no=3, reason="vertauscht", by=BY, now=MEETING)
    assert done.meeting.items[0].vote.outcome == "abgelehnt"
    assert done.cycle is not None and done.cycle.revoked
    c = cycles.replay_check(cycle_id)
    assert c[0].state == "leitbild_abstimmung" and c[2][-1] == c[0].state
    assert "Der Beschluss ist aufgehoben" in _kinds("korrektur_mitteilung")[0].payload["text"]


def test_a_not_quorate_top_corrected_after_its_attendance_decides_the_stage_now(
    db_url: str,
) -> None:
    m_id, cycle_id = _voted(yes=2, no=0, present=2)
    assert cycles.replay_check(cycle_id)[0].state == "leitbild_abstimmung"
    with session() as s:
        board = repo.board(s, repo.cycle(s, cycle_id).board_id)
    present = [m.actor_id for m in board.members][:4]
    meetings.record_attendance(
        m_id, present=present, excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    done = correct_vote(
        m_id, 1, yes=3, no=1, reason="zwei fehlten in der Liste", by=BY, now=MEETING
    )
    assert done.decided_now and done.cycle is None
    assert cycles.replay_check(cycle_id)[0].state == "leitbild_beschlossen"


def test_refusals_change_nothing_and_name_the_way(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    m_id, _ = _voted(yes=3, no=1)
    monkeypatch.setenv("DKBM_NOW", (MEETING + timedelta(days=1)).isoformat())
    before = dump(db_url)
    code, _, err = dkbm(capsys, "sitzung", "abstimmen", str(m_id), "1", "--ja", "2")
    assert code == 1 and "über TOP 1 wurde bereits abgestimmt" in err
    assert "--korrektur --grund" in err
    code, _, err = dkbm(capsys, "sitzung", "abstimmen", str(m_id), "1", "--ja", "2", "--korrektur")
    assert code == 1 and "braucht einen Grund" in err
    code, _, err = dkbm(
        capsys, "sitzung", "abstimmen", str(m_id), "1", "--ja", "9", "--korrektur", "--grund", "x"
    )
    assert code == 1 and err.count("\n") == 1
    assert dump(db_url) == before
    code, out, err = dkbm(
        capsys,
        "sitzung",
        "abstimmen",
        str(m_id),
        "1",
        "--ja",
        "1",
        "--nein",
        "2",
        "--korrektur",
        "--grund",
        "vertauscht",
    )
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "TOP 1 berichtigt: abgelehnt (1 Ja, 2 Nein, 0 Enthaltungen)",
        "Bisher: angenommen (3 Ja, 1 Nein, 0 Enthaltungen)",
    ]
    assert "ist aufgehoben" in out and "wieder in der Abstimmung" in out


def test_a_queued_decision_notice_goes_out_anew_with_the_corrected_result(db_url: str) -> None:
    m_id, _ = _voted(yes=3, no=1)
    first = _kinds("beschluss_mitteilung")
    correct_vote(m_id, 1, yes=2, no=1, abstain=1, reason="Protokollfehler", by=BY, now=MEETING)
    rows = _kinds("beschluss_mitteilung")
    assert {o.status for o in rows if o.id in {f.id for f in first}} == {"cancelled"}
    anew = [o for o in rows if o.status == "pending"]
    assert {o.recipient_id for o in anew} == {o.recipient_id for o in first}
    text_ = anew[0].payload["text"]
    assert "in der Sitzung am" in text_ and "2 Ja, 1 Nein, 1 Enthaltung – angenommen" in text_
    assert _kinds("korrektur_mitteilung") == []
