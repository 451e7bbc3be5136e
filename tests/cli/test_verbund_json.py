"""`zyklus status --json` names the cycle's Verbund and each Maßnahme's (issue 22, point 3):
{id, name}, or null when run by this Kommune alone."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import dkbm
from tests.factories import cycle_with_content


def _ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = dkbm(capsys, *args)
    assert (code, err) == (0, ""), (args, out, err)
    return out


def test_status_json_names_the_verbund_of_the_cycle_and_of_each_measure(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    cycle = str(cycle_with_content())  # Maßnahme 3
    status = json.loads(_ok(capsys, "zyklus", "status", cycle, "--json"))
    assert status["verbund"] is None
    assert {m["id"]: m["verbund"] for m in status["inhalt"]["massnahmen"]} == {3: None}

    _ok(capsys, "verbund", "add", "Bildungsregion Nord")
    _ok(capsys, "verbund", "add", "Schulverbund Süd")
    _ok(capsys, "verbund", "partner", "1", "Stadt Nachbarhausen")
    _ok(capsys, "verbund", "massnahme", "2", cycle, "3")
    status = json.loads(_ok(capsys, "zyklus", "status", cycle, "--json"))
    assert status["verbund"] is None
    assert status["inhalt"]["massnahmen"][0]["verbund"] == {"id": 2, "name": "Schulverbund Süd"}

    _ok(capsys, "verbund", "zyklus", "1", cycle)
    status = json.loads(_ok(capsys, "zyklus", "status", cycle, "--json"))
    assert status["verbund"] == {"id": 1, "name": "Bildungsregion Nord"}
    assert status["inhalt"]["massnahmen"][0]["verbund"] == {"id": 2, "name": "Schulverbund Süd"}
    text_ = _ok(capsys, "zyklus", "status", cycle)  # the text says the same
    assert "Verbund: Bildungsregion Nord (Nr. 1) mit Stadt Nachbarhausen" in text_
    assert "Maßnahmen im Verbund: 3 → Schulverbund Süd" in text_
