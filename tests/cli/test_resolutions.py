"""A TOP's Beschlusstext (issue 21, point 2): proposed with the TOP, worded in the meeting,
kept in the Protokoll (also when worded after the draft), carried by the
Beschlussmitteilung and its correction; typed Markdown never runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles, meetings
from dkbm.meeting_votes import correct_vote
from dkbm.states.errors import Refused
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import session, transaction
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, Network, fill_stage, make_network
from tests.store.test_meeting_words import delivered

MEETING = T0 + timedelta(days=21, hours=7)  # 01.02.2027, 17:00 Berlin
WORDED = (
    "Der Ausschuss beschließt das **Leitbild** <script>alert(1)</script> "
    "[gemäß Plan](https://kreis.example/plan.pdf) [klick](javascript:alert(2))"
)


def _cycle_in_vote(net: Network) -> int:
    c = cycles.start(title="Bildungsstrategie", board_id=net.board, by=BY, now=T0)
    fill_stage(c.id, "leitbild", net)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    for a in net.actors:
        cycles.record_response(c.id, a, "ok", by=BY, now=T0)
    cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0)
    return c.id


def _outbox(kind: str) -> list:
    with session() as s:
        return [o for o in repo.outbox(s) if o.kind == kind]


def _meeting(meeting_id: int):  # type: ignore[no-untyped-def]
    with transaction() as s:
        return store.meeting(s, meeting_id)


def _held_meeting(capsys: pytest.CaptureFixture[str], net: Network, cycle_id: int) -> None:
    args = ["sitzung", "planen", "--gremium", str(net.board), "--beginn", "01.02.2027 17:00"]
    assert dkbm(capsys, *args, "--ort", "Kreishaus")[0] == 0
    code, out, err = dkbm(
        capsys, "sitzung", "top", "1", "--zyklus", str(cycle_id), "--beschlusstext", "Vorschlag"
    )
    assert code == 0, err
    assert dkbm(capsys, "sitzung", "top", "1", "--titel", "Verschiedenes")[0] == 0
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    present = net.actors[:4]
    meetings.record_attendance(
        1, present=present, excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    meetings.hold(1, by=BY, now=MEETING)


def test_the_wording_travels_from_the_top_to_the_notice_and_the_minutes(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = make_network(voting=5, others=1)
    cycle_id = _cycle_in_vote(net)
    _held_meeting(capsys, net, cycle_id)
    assert _meeting(1).items[0].resolution == "Vorschlag"
    # worded finally with the vote: the Beschlussmitteilung carries it
    meetings.vote(1, 1, yes=3, no=1, resolution=f"  {WORDED}\n", by=BY, now=MEETING)
    assert _meeting(1).items[0].resolution == WORDED
    (notice, *_) = _outbox("beschluss_mitteilung")
    assert "Beschluss:\n\n" + WORDED in notice.payload["text"]
    page = notice.payload["html"]
    assert "<strong>Leitbild</strong>" in page and "&lt;script&gt;" in page
    assert "<script>" not in page and "javascript:" not in page
    assert 'href="https://kreis.example/plan.pdf"' in page

    monkeypatch.setenv("DKBM_NOW", (MEETING + timedelta(days=1)).isoformat())
    assert dkbm(capsys, "sitzung", "protokoll", "1", "--entwerfen")[0] == 0
    draft = dkbm(capsys, "sitzung", "protokoll", "1")[1]
    assert "**Beschluss:**\n\nDer Ausschuss beschließt das **Leitbild**" in draft
    assert draft.index("**Beschluss:**") < draft.index("**Abstimmung:**")

    # worded anew while the Protokoll is a draft: the draft follows
    code, out, err = dkbm(
        capsys, "sitzung", "top-aendern", "1", "1", "--beschlusstext", "Zeile 1\n\nZeile 2"
    )
    assert code == 0, err
    assert "im Protokollentwurf nachgeführt" in out and "Mitglieder" not in out
    draft = _meeting(1).minutes
    assert "**Beschluss:**\n\nZeile 1\n\nZeile 2\n" in draft and "Leitbild**" not in draft
    # a TOP without a result gets its first wording at its end
    code, out, _ = dkbm(
        capsys, "sitzung", "top-aendern", "1", "2", "--beschlusstext", "Zur Kenntnis genommen."
    )
    assert code == 0 and "nachgeführt" in out
    draft = _meeting(1).minutes
    assert draft.index("Zur Kenntnis genommen.") > draft.index("### TOP 2")
    # cleared: the block leaves the draft
    assert dkbm(capsys, "sitzung", "top-aendern", "1", "2", "--beschlusstext", "")[0] == 0
    assert "Zur Kenntnis" not in _meeting(1).minutes
    # the renamed agenda is closed after the meeting; only the wording may change
    code, _, err = dkbm(capsys, "sitzung", "top-aendern", "1", "1", "--titel", "Neu")
    assert code != 0 and "Fehler" in err

    # the exported Protokoll renders it as Markdown under the link policy
    from dkbm import minutes

    html = minutes.document(1, text=_meeting(1).minutes)
    assert "<p><strong>Beschluss:</strong></p>\n<p>Zeile 1</p>\n<p>Zeile 2</p>" in html

    history = [e for e in repo_history(1) if e["action"] == "top_geaendert"]
    assert history[0]["payload"]["beschlusstext"] == "Zeile 1\n\nZeile 2"
    assert history[0]["payload"]["beschlusstext_vorher"] == WORDED
    assert history[0]["payload"]["protokoll_nachgefuehrt"] is True


def test_a_correction_rewords_and_tells_who_got_the_notice(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    net = make_network(voting=5, others=1)
    cycle_id = _cycle_in_vote(net)
    _held_meeting(capsys, net, cycle_id)
    meetings.vote(1, 1, yes=3, no=1, resolution="Erste Fassung", by=BY, now=MEETING)
    with session() as s:  # the Beschlussmitteilung went out: its readers get the notice
        s.connection().execute(
            text("UPDATE outbox SET status = 'sent' WHERE kind = 'beschluss_mitteilung'")
        )
    done = correct_vote(
        1,
        1,
        yes=4,
        no=0,
        reason="Zählfehler",
        resolution="Berichtigte Fassung",
        by=BY,
        now=MEETING + timedelta(hours=3),
    )
    assert done.meeting.items[0].resolution == "Berichtigte Fassung"
    (notice, *_) = _outbox("korrektur_mitteilung")
    assert "Beschluss, wie er nun gilt:\n\nBerichtigte Fassung" in notice.payload["text"]
    assert "<blockquote><p>Berichtigte Fassung</p></blockquote>" in notice.payload["html"]


def test_a_wording_is_refused_once_the_meeting_is_cancelled_and_nothing_changes(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    make_network(voting=3, others=0)
    args = ["sitzung", "planen", "--gremium", "1", "--beginn", "01.02.2027 17:00"]
    assert dkbm(capsys, *args, "--ort", "Kreishaus")[0] == 0
    assert dkbm(capsys, "sitzung", "top", "1", "--titel", "Bericht")[0] == 0
    assert dkbm(capsys, "sitzung", "absagen", "1", "--grund", "Krankheit")[0] == 0
    version = _meeting(1).version
    code, _, err = dkbm(capsys, "sitzung", "top-aendern", "1", "1", "--beschlusstext", "X")
    assert code != 0 and err.count("\n") == 1 and "Beschlusstext" in err
    assert _meeting(1).version == version and _meeting(1).items[0].resolution == ""
    with pytest.raises(Refused):
        meetings.edit_item(1, 1, resolution="Y", by=BY, now=T0)
    code, _, err = dkbm(
        capsys, "sitzung", "top", "1", "--titel", "Z", "--beschlusstext", "x" * 20_001
    )
    assert code != 0 and "--beschlusstext" in err


def repo_history(meeting_id: int) -> list[dict]:
    with session() as s:
        return [
            {"action": e.action, "payload": e.payload}
            for e in repo.audit_events(s, "sitzung", meeting_id)
        ]


def test_the_ladung_carries_the_beschlussvorschlag_and_a_new_wording_goes_out(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    net = make_network(voting=3, others=0)
    args = ["sitzung", "planen", "--gremium", str(net.board), "--beginn", "01.02.2027 17:00"]
    assert dkbm(capsys, *args, "--ort", "Kreishaus")[0] == 0
    code, _, err = dkbm(
        capsys, "sitzung", "top", "1", "--titel", "Haushalt", "--beschlusstext", WORDED
    )
    assert code == 0, err
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    (ladung, *_) = _outbox("sitzung_einladung")
    text, html = ladung.payload["text"], ladung.payload["html"]
    assert "Beschlussvorschlag:" in text and "Der Ausschuss beschließt das **Leitbild**" in text
    assert "<strong>Leitbild</strong>" in html and "<script>" not in html
    assert "javascript:" not in html and 'href="https://kreis.example/plan.pdf"' in html

    # only the wording changes before the meeting: the members get the amended Ladung
    delivered()
    code, _, err = dkbm(
        capsys, "sitzung", "top-aendern", "1", "1", "--beschlusstext", "Neu gefasst"
    )
    assert code == 0, err
    changed = _outbox("sitzung_geaendert")
    assert len(changed) == len(net.actors)
    assert all("Neu gefasst" in o.payload["text"] for o in changed)
    assert all(
        "Neuer Beschlussvorschlag zu TOP 1 „Haushalt“." in o.payload["text"] for o in changed
    )
    assert changed[0].payload["subject"].startswith("Geänderte Tagesordnung: ")
    assert _meeting(1).sequence == ladung.payload["ics"]["sequence"] + 1
