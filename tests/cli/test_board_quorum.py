"""Issue 21: an Arbeitsgruppe without a quorum rule shows none, wherever a quorum is shown
(gremium list, show, mitglied and sitzung show), in German and English."""

from __future__ import annotations

import pytest

from dkbm import meetings
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.store.test_meetings import MEETING


def test_a_working_group_without_a_quorum_rule_shows_no_rule(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    net = make_network()
    code, out, err = dkbm(capsys, "gremium", "add", "AG Kita", "--art", "arbeitsgruppe")
    assert code == 0, err
    ag = "2"
    code, out, err = dkbm(capsys, "gremium", "mitglied", ag, *map(str, net.actors[:3]))
    assert code == 0, err
    assert out.strip().endswith("3 Mitglieder, Quorum: keine Regel")
    assert "1/3" not in out
    _, out, _ = dkbm(capsys, "gremium", "list")
    lines = out.splitlines()
    assert lines[2].split()[-1] == "3/5"  # the Gremium keeps its quorum
    assert lines[3].endswith("keine Regel") and "1/3" not in out
    _, out, _ = dkbm(capsys, "gremium", "show", ag)
    assert "  Quorum: keine Regel" in out.splitlines()
    _, out, _ = dkbm(capsys, "--lang", "en", "gremium", "list")
    assert out.splitlines()[3].endswith("no rule")
    _, out, _ = dkbm(capsys, "--lang", "en", "gremium", "show", ag)
    assert "  Quorum: no rule" in out.splitlines()
    m = meetings.plan(
        board_id=int(ag),
        starts_at=MEETING,
        ends_at=None,
        place="Kita Sonnenschein",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    _, out, _ = dkbm(capsys, "sitzung", "show", str(m.id))
    assert "Sitze besetzt: 0 von 3, Quorum: keine Regel" in out
    _, out, _ = dkbm(capsys, "gremium", "show", "1")  # a Gremium's rule as before
    assert "beschlussfähig ab 3 von 5 Stimmberechtigten" in out


def test_the_json_of_a_working_group_without_a_rule_has_no_quorum(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    import json

    make_network()
    assert dkbm(capsys, "gremium", "add", "AG Kita", "--art", "arbeitsgruppe")[0] == 0
    _, out, _ = dkbm(capsys, "gremium", "show", "2", "--json")
    assert json.loads(out)["beschlussfaehig_ab"] is None
    _, out, _ = dkbm(capsys, "gremium", "show", "1", "--json")
    assert json.loads(out)["beschlussfaehig_ab"] == 3
