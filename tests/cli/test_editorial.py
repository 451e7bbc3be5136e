"""Issue 21, point 1: decided content gets an editorial correction with a reason, shown as
such; the refusal of an edit names the real ways forward."""

from __future__ import annotations

import json

import pytest

from dkbm import cycles
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, decide_stage, make_network


def _leitbild_decided() -> tuple[int, int]:
    """Leitbild decided, Ziele in their draft with one goal; returns (cycle, goal)."""
    net = make_network(voting=5, others=1)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0).id
    decide_stage(c, net, T0)
    goal = cycles.add_goal(c, "Übergänge gelingen", ["schule"], by=BY, now=T0).goals[-1].id
    return c, goal


def test_an_edit_of_decided_content_is_refused_with_the_ways_forward(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c, _ = _leitbild_decided()
    before = dump(db_url)
    code, _, err = dkbm(capsys, "zyklus", "leitbild", str(c), "Bildung für alle!")
    assert code == 1 and err.count("\n") == 1
    assert "'bearbeiten'" not in err and "'leitbild' abgelehnt" in err
    assert "„Leitbild“ ist beschlossen" in err and "--grund TEXT" in err
    assert "erst in der Wirkungsprüfung" in err and " N " not in err
    code, _, err = dkbm(capsys, "zyklus", "leitbild", str(c), "Neu", "--grund", " ")
    assert code == 1 and "braucht einen Grund" in err
    assert dump(db_url) == before


def test_an_editorial_correction_is_kept_and_shown_as_such(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c, goal = _leitbild_decided()
    old = cycles.replay_check(c)[0].vision
    code, out, err = dkbm(
        capsys, "zyklus", "leitbild", str(c), "Bildung für alle.", "--grund", "Tippfehler"
    )
    assert code == 0, err
    assert out.startswith("Leitbild redaktionell geändert am 11.01.2027")
    status = dkbm(capsys, "zyklus", "status", str(c))[1]
    assert "Leitbild (redaktionell geändert am 11.01.2027):" in status
    assert "Bildung für alle." in status
    history = json.loads(dkbm(capsys, "zyklus", "verlauf", str(c), "--json")[1])
    (fix,) = [e for e in history if e["aktion"] == "redaktionell_geaendert"]
    assert fix["details"]["vorher"] == old and fix["details"]["nachher"] == "Bildung für alle."
    assert fix["grund"] == "Tippfehler"
    table = dkbm(capsys, "zyklus", "verlauf", str(c))[1]
    assert "redaktionell geändert" in table and "→ „Bildung für alle.“" in table
    # a goal still in its draft is edited as before, without --grund
    code, _, err = dkbm(
        capsys, "zyklus", "aendern", str(c), str(goal), "--titel", "X", "--grund", "g"
    )
    assert code == 1 and "noch nicht beschlossen; ohne --grund" in err


def test_an_editorial_correction_changes_only_the_wording(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=5, others=1)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0).id
    decide_stage(c, net, T0)
    decide_stage(c, net, T0)
    goal = cycles.replay_check(c)[0].goals[0].id
    before = dump(db_url)
    code, _, err = dkbm(
        capsys,
        "zyklus",
        "aendern",
        str(c),
        str(goal),
        "--titel",
        "Neu",
        "--bereich",
        "schule",
        "--grund",
        "g",
    )
    assert code == 2 or code == 1
    assert "nur den Wortlaut" in err and "erst in der Wirkungsprüfung" in err and " N " not in err
    code, _, err = dkbm(capsys, "zyklus", "aendern", str(c), str(goal), "--titel", "Neu")
    assert code == 1 and "ist beschlossen" in err and "'aendern' abgelehnt" in err
    assert dump(db_url) == before
    code, out, err = dkbm(
        capsys,
        "zyklus",
        "aendern",
        str(c),
        str(goal),
        "--titel",
        "Ziel A.",
        "--grund",
        "Kommafehler",
        "--lang",
        "en",
    )
    assert code == 0, err and "editorially corrected on 2027-01-11" in out
    status = dkbm(capsys, "zyklus", "status", str(c))[1]
    assert f"Ziel {goal}: Ziel A." in status and "(redaktionell geändert am" in status


def test_an_editorial_correction_is_small_and_changes_something(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    c, _ = _leitbild_decided()
    before = dump(db_url)
    code, _, err = dkbm(
        capsys,
        "zyklus",
        "leitbild",
        str(c),
        "Etwas völlig anderes als bisher beschlossen",
        "--grund",
        "Tippfehler",
    )
    assert code == 1 and err.count("\n") == 1
    assert "mehr als eine redaktionelle Änderung" in err and "mindestens 80 %" in err
    assert " N " not in err and "erst in der Wirkungsprüfung" in err
    code, _, err = dkbm(
        capsys, "zyklus", "leitbild", str(c), "Bildung für alle", "--grund", "Tippfehler"
    )
    assert code == 1 and "nichts geändert" in err
    assert dump(db_url) == before
