"""Issue 21: a Sitzung's refusals and messages say what happened: a TOP voted on is
corrected, not voted again; an updated Ladung says what changed; a Ladung not yet sent is
replaced by the new one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import meetings
from dkbm.store import repository as repo
from dkbm.store.db import session, transaction
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network
from tests.store.test_meetings import MEETING, _held, _plan


def delivered() -> None:
    """What is queued went out (as the sender marks it): members now have the Ladung."""
    with transaction() as s:
        s.connection().execute(text("UPDATE outbox SET status = 'sent' WHERE status = 'pending'"))


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


def _queued(kind: str) -> list:
    with session() as s:
        return [o for o in repo.outbox(s) if o.kind == kind and o.status == "pending"]


def test_a_ladung_not_yet_sent_is_replaced_by_the_new_version_itself(sqlite_url: str) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(
        m.id, title="Bericht", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(m.id, by=BY, now=T0)
    meetings.edit_item(m.id, 1, title="Bericht der Koordination", by=BY, now=T0)
    assert not _queued("sitzung_geaendert")
    ladung = _queued("sitzung_einladung")
    assert {o.recipient_id for o in ladung} == set(net.actors[:5])
    assert all("TOP 1  Bericht der Koordination" in o.payload["text"] for o in ladung)
    assert {o.payload["ics"]["sequence"] for o in ladung} == {1}
    with session() as s:
        gone = [o for o in repo.outbox(s) if o.status == "cancelled"]
    assert len(gone) == 5 and {o.last_error for o in gone} == {"superseded_meeting_changed"}


def test_the_updated_ladung_says_what_changed_with_a_fitting_subject(sqlite_url: str) -> None:
    net = make_network()
    m = _plan(net)
    meetings.add_item(
        m.id, title="Bericht", public=True, documents=[], cycle_id=None, by=BY, now=T0
    )
    meetings.invite(m.id, by=BY, now=T0)
    delivered()
    meetings.add_item(
        m.id, title="Haushalt", public=False, documents=[], cycle_id=None, by=BY, now=T0
    )
    (added, *_) = _queued("sitzung_geaendert")
    assert added.payload["subject"].startswith("Ergänzte Tagesordnung: Sitzung „Lenkungsgruppe“")
    assert "- TOP 2 „Haushalt“ wurde ergänzt." in added.payload["text"]
    assert "<li>TOP 2 <strong>„Haushalt“</strong> wurde ergänzt.</li>" in added.payload["html"]
    delivered()
    with session() as s:
        s.connection().execute(
            text("UPDATE actor SET lang = 'en' WHERE id = :a"), {"a": net.actors[0]}
        )
    meetings.move(
        m.id,
        starts_at=MEETING + timedelta(days=1),
        ends_at=None,
        place="Rathaus",
        video=None,
        by=BY,
        now=T0,
    )
    moved = {o.recipient_id: o for o in _queued("sitzung_geaendert")}
    de, en = moved[net.actors[1]].payload, moved[net.actors[0]].payload
    assert de["subject"].startswith("Neuer Termin: Sitzung „Lenkungsgruppe“ am 02.02.2027")
    assert (
        "- Neuer Termin: 02.02.2027, 17:00–19:00 Uhr (bisher 01.02.2027, 17:00–19:00 Uhr)."
        in de["text"]
    )
    assert "- Neuer Ort: Rathaus." in de["text"]
    assert en["subject"].startswith('New date: meeting of "Lenkungsgruppe"')
    assert "(was 01 Feb 2027, 17:00–19:00)." in en["text"] and "- New place: Rathaus." in en["text"]
    delivered()
    meetings.remove_item(m.id, 1, by=BY, now=T0)
    removed = next(o for o in _queued("sitzung_geaendert") if o.recipient_id == net.actors[1])
    assert removed.payload["subject"].startswith("Geänderte Tagesordnung:")
    assert (
        "- TOP 1 „Bericht“ wurde von der Tagesordnung genommen; die folgenden TOPs rücken auf."
        in removed.payload["text"]
    )


def test_a_tops_correction_names_its_own_stage_and_the_command_typed(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dkbm import cycles
    from tests.store.test_meeting_corrections import _voted

    m_id, cycle_id = _voted(yes=3, no=1)
    later = MEETING + timedelta(days=1)
    cycles.advance(cycle_id, "naechste_stufe", by=BY, now=later)  # on to the Ziele
    monkeypatch.setenv("DKBM_NOW", (later + timedelta(hours=1)).isoformat())
    before = dump(sqlite_url)
    args = ["sitzung", "abstimmen", str(m_id), "1", "--ja", "1", "--nein", "3", "--korrektur"]
    code, _, err = dkbm(capsys, *args, "--grund", "vertauscht")
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("Fehler: 'abstimmen' abgelehnt") and "„Leitbild“" in err, err
    assert "Strategische Ziele“" not in err
    assert dump(sqlite_url) == before
    # a correction that still carries the decision goes through on the TOP's stage
    code, out, err = dkbm(
        capsys, *args[:4], "--ja", "2", "--nein", "1", "--korrektur", "--grund", "x"
    )
    assert code == 0, err
    assert cycles.replay_check(cycle_id)[0].state.startswith("ziele_")
