"""Issue 21: a Sitzung's refusals and messages say what happened: a TOP voted on is
corrected, not voted again; an updated Ladung says what changed; a Ladung not yet sent is
replaced by the new one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dkbm import meetings
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network
from tests.store.test_meetings import MEETING, _held, _plan


def test_a_top_voted_on_is_corrected_whatever_the_minutes_state(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = make_network()
    m = _plan(net)
    for title in ("Bericht", "Verschiedenes"):
        meetings.add_item(
            m.id, title=title, public=True, documents=[], cycle_id=None, by=BY, now=T0
        )
    meetings.invite(m.id, by=BY, now=T0)
    _held(net, m.id, net.actors[:4])
    meetings.vote(m.id, 1, yes=4, by=BY, now=MEETING)
    meetings.draft_minutes(m.id, "Protokoll", by=BY, now=MEETING)
    monkeypatch.setenv("DKBM_NOW", (MEETING + timedelta(days=1)).isoformat())
    before = dump(sqlite_url)
    code, _, err = dkbm(capsys, "sitzung", "abstimmen", str(m.id), "1", "--ja", "3")
    assert code == 1 and err.count("\n") == 1
    assert "über TOP 1 wurde bereits abgestimmt; ein falsch erfasstes Ergebnis mit" in err
    assert "--korrektur --grund" in err and "durchfuehren" not in err
    code, _, err = dkbm(capsys, "sitzung", "abstimmen", str(m.id), "2", "--ja", "3")
    assert code == 1 and "durchfuehren" not in err and "nicht als durchgeführt" not in err
    assert "Protokoll schon entworfen" in err
    assert dump(sqlite_url) == before
