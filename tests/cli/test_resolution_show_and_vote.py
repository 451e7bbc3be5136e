"""(For tests/cli/, once for-A-owned-files.diff is applied.) `sitzung abstimmen
--beschlusstext` and `sitzung show` (human and --json `beschlusstext`, `anlagen`)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dkbm import meetings
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, make_network

MEETING = T0 + timedelta(days=21, hours=7)


def test_the_wording_given_with_the_vote_is_shown(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = make_network(voting=3, others=0)
    args = ["sitzung", "planen", "--gremium", "1", "--beginn", "01.02.2027 17:00"]
    assert dkbm(capsys, *args, "--ort", "Kreishaus")[0] == 0
    assert dkbm(capsys, "sitzung", "top", "1", "--titel", "Bericht")[0] == 0
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    meetings.record_attendance(
        1, present=net.actors[:3], excused=[], absent=[], represented=[], by=BY, now=MEETING
    )
    meetings.hold(1, by=BY, now=MEETING)
    monkeypatch.setenv("DKBM_NOW", MEETING.isoformat())
    code, _, err = dkbm(
        capsys, "sitzung", "abstimmen", "1", "1", "--einstimmig", "--beschlusstext", "Zur Kenntnis."
    )
    assert code == 0, err
    doc = json.loads(dkbm(capsys, "sitzung", "show", "1", "--json")[1])
    assert doc["tagesordnung"][0]["beschlusstext"] == "Zur Kenntnis."
    assert doc["tagesordnung"][0]["anlagen"] == []
    assert "Zur Kenntnis." in dkbm(capsys, "sitzung", "show", "1")[1]
    code, _, err = dkbm(
        capsys,
        "sitzung",
        "abstimmen",
        "1",
        "1",
        "--einstimmig",
        "--korrektur",
        "--grund",
        "Wortlaut",
        "--beschlusstext",
        "Zustimmend zur Kenntnis.",
    )
    assert code == 0, err
    doc = json.loads(dkbm(capsys, "sitzung", "show", "1", "--json")[1])
    assert doc["tagesordnung"][0]["beschlusstext"] == "Zustimmend zur Kenntnis."
