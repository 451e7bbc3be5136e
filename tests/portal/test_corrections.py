"""Issue 21, point 1: the portal, OParl and the Sachstandsbericht show a corrected result
(OParl `modified` moves), and a revoked decision no longer as a decision."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from dkbm import cycles
from dkbm.cycle_votes import correct_vote
from dkbm.portal import report
from dkbm.portal.build import build
from tests.conftest import T0
from tests.factories import BY, fill_stage, make_network


def _decided() -> int:
    net = make_network(voting=5, others=1)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0).id
    fill_stage(c, "leitbild", net, T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=14))
    for actor_id in net.actors:
        cycles.record_response(c, actor_id, "ok", by=BY, now=T0)
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0)
    cycles.record_vote(c, present=5, yes=4, no=1, abstain=0, by=BY, now=T0)
    cycles.advance(c, "beschliessen", by=BY, now=T0)
    return c


def _paper(out: Path) -> dict:
    (paper,) = json.loads((out / "oparl" / "body" / "1" / "paper.json").read_text())["data"]
    return paper


def test_a_corrected_result_is_shown_everywhere_and_a_revoked_decision_nowhere(
    sqlite_url: str, tmp_path: Path
) -> None:
    c = _decided()
    out = tmp_path / "portal"
    build(out, T0 + timedelta(days=1))
    first = _paper(out)
    assert "4 Ja, 1 Nein" in (out / "beschluesse.html").read_text()

    fixed_at = T0 + timedelta(days=5)
    correct_vote(c, present=5, yes=3, no=1, abstain=1, reason="Zählfehler", by=BY, now=fixed_at)
    build(out, T0 + timedelta(days=6))
    page = (out / "beschluesse.html").read_text()
    assert "3 Ja, 1 Nein, 1 Enthaltung (berichtigt am 16.01.2027)" in page
    assert "4 Ja, 1 Nein" not in page and "Zählfehler" not in page
    paper = _paper(out)
    assert paper["created"] == first["created"]
    assert paper["modified"] > first["modified"] and paper["modified"].startswith("2027-01-16")
    text = report.markdown(c, T0 + timedelta(days=6))
    assert "3 Ja, 1 Nein, 1 Enthaltung (berichtigt am 16.01.2027)" in text
    (decision,) = json.loads((out / "data" / "beschluesse.json").read_text())
    assert (decision["ja"], decision["enthaltung"]) == (3, 1)
    assert decision["berichtigt"].startswith("2027-01-16")
    csv_head, csv_row = (out / "data" / "beschluesse.csv").read_text().splitlines()[:2]
    assert "berichtigt" in csv_head
    assert "2027-01-16" in csv_row

    correct_vote(c, present=2, yes=2, no=0, abstain=0, reason="nur zwei", by=BY, now=fixed_at)
    build(out, T0 + timedelta(days=7))
    assert "berichtigt" not in (out / "beschluesse.html").read_text()
    assert json.loads((out / "oparl" / "body" / "1" / "paper.json").read_text())["data"] == []
    assert "3 Ja" not in report.markdown(c, T0 + timedelta(days=7))


def test_an_editorial_correction_is_shown_as_such_on_the_cycle_page(
    sqlite_url: str, tmp_path: Path
) -> None:
    from dkbm.cycle_content import correct_wording

    c = _decided()
    fixed_at = T0 + timedelta(days=5)
    correct_wording(c, None, "Bildung für alle.", reason="Tippfehler", by=BY, now=fixed_at)
    out = tmp_path / "portal"
    build(out, T0 + timedelta(days=6))
    page = (out / "zyklus" / f"{c}.html").read_text()
    assert "Bildung für alle." in page
    assert "(redaktionell geändert am 16.01.2027)" in page and "Tippfehler" not in page
    english = (out / "en" / "zyklus" / f"{c}.html").read_text()
    assert "(editorially corrected on" in english
    (cycle,) = json.loads((out / "data" / "zyklen.json").read_text())
    assert cycle["leitbild_redaktionell_geaendert"].startswith("2027-01-16")


def test_the_report_marks_edited_wording_like_the_cycle_page(sqlite_url: str) -> None:
    from dkbm.cycle_content import correct_wording

    c = _decided()
    correct_wording(
        c, None, "Bildung für alle.", reason="Tippfehler", by=BY, now=T0 + timedelta(days=5)
    )
    text = report.markdown(c, T0 + timedelta(days=6))
    assert "Bildung für alle. (redaktionell geändert am 16.01.2027)" in text
    assert "(editorially corrected on" in report.markdown(c, T0 + timedelta(days=6), "en")
    # only what was corrected is marked
    assert text.count("redaktionell geändert") == 1
