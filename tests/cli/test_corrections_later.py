"""Issue 21, point 1: a result corrected after the cycle moved on (Umsetzung,
Wirkungsprüfung); a refusal names only steps the state allows, with the cycle's number."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from dkbm import cycles
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, cycle_in_implementation, make_network


def _correct(capsys: pytest.CaptureFixture[str], c: int, *counts: str, grund: str = "x"):
    return dkbm(capsys, "zyklus", "abstimmung", str(c), *counts, "--korrektur", "--grund", grund)


def _hinted_step_runs(capsys: pytest.CaptureFixture[str], err: str) -> None:
    """The command a refusal names is not refused for the state the cycle is in."""
    hinted = re.search(r"dkbm (zyklus weiter \d+ [a-z_]+(?: --stufe [a-z]+)?)", err)
    assert hinted, err
    code, _, err2 = dkbm(capsys, *hinted.group(1).split())
    assert "nicht möglich" not in err2 and "im Zustand" not in err2, err2


def test_in_implementation_the_latest_decided_stage_is_corrected(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = cycle_in_implementation(make_network())
    code, _, err = dkbm(capsys, "zyklus", "abstimmung", str(c), "--anwesend", "5", "--ja", "3")
    assert code == 1 and "mit --korrektur --grund TEXT berichtigen" in err
    code, out, err = _correct(capsys, c, "--anwesend", "5", "--ja", "3", "--nein", "2")
    assert code == 0, err
    assert "3 Ja, 2 Nein" in out and "„Maßnahmenentscheidung“ bleibt bestehen" in out
    assert cycles.replay_check(c)[0].state == "umsetzung"
    history = [e for e in _history(c) if e["aktion"] == "abstimmung_korrigiert"]
    assert history[-1]["details"]["vorher"]["yes"] == 4
    assert history[-1]["details"]["nachher"]["yes"] == 3
    # an earlier stage by name
    code, out, err = _correct(
        capsys, c, "--anwesend", "5", "--ja", "5", "--stufe", "leitbild", grund="verzählt"
    )
    assert code == 0, err
    assert "„Leitbild“ bleibt bestehen" in out
    # the same again: nothing changed, nothing written
    before = dump(db_url)
    code, _, err = _correct(capsys, c, "--anwesend", "5", "--ja", "5", "--stufe", "leitbild")
    assert code == 1 and "nichts geändert" in err
    assert dump(db_url) == before


def test_in_implementation_a_result_that_no_longer_carries_names_a_working_step(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = cycle_in_implementation(make_network())
    before = dump(db_url)
    code, _, err = _correct(capsys, c, "--anwesend", "5", "--ja", "1", "--nein", "4")
    assert code == 1 and err.count("\n") == 1
    assert f"dkbm zyklus weiter {c} wirkung_pruefen" in err and " N " not in err
    assert dump(db_url) == before
    _hinted_step_runs(capsys, err)


def test_in_the_impact_review_the_hint_reopens_the_stage(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = cycle_in_implementation(make_network())
    for m in cycles.replay_check(c)[0].measures:
        cycles.report_progress(c, m.id, "erreicht", value=90.0, by=BY, now=T0)
    cycles.advance(c, "wirkung_pruefen", by=BY, now=T0)
    code, _, err = _correct(
        capsys, c, "--anwesend", "2", "--ja", "2", "--stufe", "ziele", grund="nicht beschlussfähig"
    )
    assert code == 1
    assert f"dkbm zyklus weiter {c} wiedereroeffnen --stufe ziele" in err
    _hinted_step_runs(capsys, err)
    assert cycles.replay_check(c)[0].state == "ziele_entwurf"


def test_editing_decided_content_names_a_working_step(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c = cycle_in_implementation(make_network())
    code, _, err = dkbm(capsys, "zyklus", "leitbild", str(c), "Neu")
    assert code == 1 and " N " not in err
    assert f"dkbm zyklus weiter {c} wirkung_pruefen" in err
    _hinted_step_runs(capsys, err)


def _history(c: int) -> list[dict]:
    from dkbm import queries

    return queries.history(c)


def test_an_earlier_stages_correction_shows_on_its_own_decision(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    from dkbm.portal.build import build

    c = cycle_in_implementation(make_network())
    code, _, err = _correct(capsys, c, "--anwesend", "5", "--ja", "5", "--stufe", "leitbild")
    assert code == 0, err
    build(tmp_path / "p", T0 + timedelta(days=400))
    decisions = json.loads((tmp_path / "p" / "data" / "beschluesse.json").read_text())
    by_stage = {d["stufe"]: d for d in decisions}
    assert by_stage["leitbild"]["ja"] == 5 and by_stage["leitbild"]["berichtigt"]
    assert all(d["berichtigt"] is None for s, d in by_stage.items() if s != "leitbild")
