"""Issue 8, part 2: content, Akteure and the Kommune can be changed; deletion follows the DSGVO."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles
from dkbm.store.db import engine
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network


def test_goals_and_strategies_change_and_go_in_their_draft_unless_used(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_network(voting=2, others=0)
    c = cycles.start(title="Z", board_id=1, by=BY, now=T0).id
    cycles.add_goal(c, "Ziel A", ["schule"], by=BY, now=T0)  # 1
    cycles.add_goal(c, "Ziel B", [], by=BY, now=T0)  # 2
    cycles.add_strategy(c, 1, "Strategie", by=BY, now=T0)  # 3
    code, out, _ = dkbm(
        capsys, "zyklus", "aendern", str(c), "1", "--titel", "Ziel A neu", "--bereich", "hochschule"
    )
    assert code == 0 and out.startswith("Nr. 1 geändert")
    assert dkbm(capsys, "zyklus", "aendern", str(c), "3", "--ziel", "2")[0] == 0
    before = dump(db_url)
    code, _, err = dkbm(capsys, "zyklus", "entfernen", str(c), "2")
    assert code == 1 and "Ziel 2 wird noch gebraucht von Handlungsstrategie 3" in err
    assert dump(db_url) == before
    assert dkbm(capsys, "zyklus", "entfernen", str(c), "3")[0] == 0
    assert dkbm(capsys, "zyklus", "entfernen", str(c), "2")[0] == 0
    doc = json.loads(dkbm(capsys, "zyklus", "status", str(c), "--json")[1])
    assert doc["inhalt"]["ziele"] == [{"id": 1, "titel": "Ziel A neu", "bereiche": ["hochschule"]}]
    assert doc["inhalt"]["strategien"] == []


def test_content_of_a_stage_out_of_its_draft_cannot_be_removed(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=2, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=5))
    cycles.add_goal(c, "Ziel", [], by=BY, now=T0)  # allowed: the Ziele stage is still ahead
    assert dkbm(capsys, "zyklus", "entfernen", str(c), "1")[0] == 0


def test_an_actor_changes_deactivates_and_is_erased_keeping_history_without_the_name(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=2, others=1)
    outsider = net.actors[2]
    code, out, _ = dkbm(
        capsys,
        "akteur",
        "aendern",
        str(outsider),
        "--organisation",
        "Neu",
        "--email",
        "neu@example.org",
    )
    assert code == 0 and "--organisation, --email" in out
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=5))
    cycles.record_response(c, outsider, "Gute Idee", by=BY, now=T0)
    code, _, err = dkbm(capsys, "akteur", "deaktivieren", "1")
    assert code == 1 and "noch Mitglied in: Lenkungsgruppe" in err
    assert dkbm(capsys, "akteur", "deaktivieren", str(outsider))[0] == 0
    doc = json.loads(dkbm(capsys, "akteur", "show", str(outsider), "--json")[1])
    assert doc["status"] == "inaktiv"

    code, out, _ = dkbm(capsys, "akteur", "loeschen", str(outsider), "--ja")
    assert code == 0 and "gelöscht: 0 Mitgliedschaften beendet" in out
    erased = json.loads(dkbm(capsys, "akteur", "show", str(outsider), "--json")[1])
    assert erased["name"] == "ehemaliges Mitglied" and erased["organisation"] == ""
    assert "example.org" not in erased["email"]
    answers = json.loads(dkbm(capsys, "zyklus", "rueckmeldungen", str(c), "--json")[1])
    assert [(r["name"], r["text"]) for r in answers["rueckmeldungen"]] == [
        ("ehemaliges Mitglied", "Gute Idee")
    ]
    with engine(db_url).connect() as conn:
        waiting = conn.execute(
            text("SELECT status, payload FROM outbox WHERE recipient_id = :id"), {"id": outsider}
        ).all()
    assert waiting and all(s == "cancelled" and p is None for s, p in waiting)
    history = json.loads(dkbm(capsys, "zyklus", "verlauf", str(c), "--json")[1])
    assert any(e["aktion"] == "rueckmeldung" for e in history)


def test_new_invitations_skip_deactivated_actors(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=2, others=1)
    assert dkbm(capsys, "akteur", "deaktivieren", str(net.actors[2]))[0] == 0
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=5))
    doc = json.loads(dkbm(capsys, "zyklus", "status", str(c), "--json")[1])
    assert doc["beteiligung"]["eingeladen"] == 2


def test_kommune_settings_change_escalation_and_are_audited(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_network()
    code, out, _ = dkbm(
        capsys, "kommune", "aendern", "--verortung", "linie", "--kontakt", "Dezernent Maier"
    )
    assert code == 0 and "Dezernats-/Amtsleitung" in out
    doc = json.loads(dkbm(capsys, "kommune", "show", "--json")[1])
    assert doc["verortung"] == "linie" and doc["kontakt"] == "Dezernent Maier"
    with engine(db_url).connect() as conn:
        (payload,) = conn.execute(
            text(
                "SELECT payload FROM audit_event WHERE subject = 'kommune' AND action = 'geaendert'"
            )
        ).one()
    payload = payload if isinstance(payload, dict) else json.loads(payload)
    assert payload["placement"] == {"von": "stabsstelle", "zu": "linie"}
    before = dump(db_url)
    code, _, err = dkbm(capsys, "kommune", "aendern", "--form", "irgendwas")
    assert code == 2 and "ungültiger Wert für form" in err and dump(db_url) == before


def test_a_deputy_names_the_voting_member_she_stands_in_for(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=2, others=1)
    deputy = str(net.actors[2])
    code, _, err = dkbm(capsys, "gremium", "mitglied", "1", deputy, "--rolle", "stellvertretung")
    assert code == 2 and "--vertritt" in err
    code, _, err = dkbm(
        capsys, "gremium", "mitglied", "1", deputy, "--rolle", "stellvertretung", "--vertritt", "3"
    )
    assert code == 1 and "kein stimmberechtigtes Mitglied" in err
    assert (
        dkbm(
            capsys,
            "gremium",
            "mitglied",
            "1",
            deputy,
            "--rolle",
            "stellvertretung",
            "--vertritt",
            "1",
        )[0]
        == 0
    )
    out = dkbm(capsys, "gremium", "show", "1")[1]
    assert "Stellvertretung für Akteur 0" in out
    doc = json.loads(dkbm(capsys, "gremium", "show", "1", "--json")[1])
    assert {"akteur": net.actors[2], "rolle": "stellvertretung", "vertritt": 1}.items() <= next(
        m for m in doc["mitglieder"] if m["akteur"] == net.actors[2]
    ).items()
