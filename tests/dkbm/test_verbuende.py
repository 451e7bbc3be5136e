"""Regionale Verbünde (issue 22, point 3): a Verbund with partner Kommunen, its agreement and
dates, its own Gremium with Akteure of the partner Kommunen, cycles and Maßnahmen run in it;
each change one audited transaction, bad input refused with nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles, verbuende, verbund_queries
from dkbm.states.errors import Duplicate, InvalidValue, NotFound, Refused
from dkbm.store.db import engine
from tests.conftest import T0, dump
from tests.factories import BY, cycle_with_content, make_network


def _audit(url: str, subject: str) -> list[str]:
    with engine(url).connect() as conn:
        return [
            r.action
            for r in conn.execute(
                text("SELECT action FROM audit_event WHERE subject = :s ORDER BY id"),
                {"s": subject},
            )
        ]


def _verbund_with_partners() -> tuple[int, int, int]:
    v = verbuende.add(
        name="Bildungsregion Nord",
        agreement="Kooperationsvereinbarung 2027",
        agreement_url="https://kreis.example/vereinbarung.pdf",
        valid_from=date(2027, 1, 1),
        valid_to=date(2029, 12, 31),
        by=BY,
        now=T0,
    )
    a = verbuende.add_partner(
        v.id or 0,
        name="Stadt Nachbarhausen",
        ags="05562014",
        contact_name="Frau Kontakt",
        contact_email="kontakt@nachbarhausen.example",
        by=BY,
        now=T0,
    )
    b = verbuende.add_partner(v.id or 0, name="Gemeinde Waldau", by=BY, now=T0)
    return v.id or 0, a.id or 0, b.id or 0


def _flow(url: str) -> None:
    net = make_network(voting=3, others=2)
    verbund, first, second = _verbund_with_partners()
    verbuende.set_board(verbund, net.board, by=BY, now=T0)
    verbuende.set_actor_partner(net.actors[1], first, by=BY, now=T0)
    verbuende.set_actor_partner(net.actors[4], second, by=BY, now=T0)
    c = cycles.start(title="Gemeinsam", board_id=net.board, by=BY, now=T0)
    cycles.add_goal(c.id, "Ziel", ["schule"], by=BY, now=T0)
    strategy = cycles.add_strategy(c.id, 1, "Strategie", by=BY, now=T0).strategies[-1].id
    cycles.save_measure(
        c.id, strategy_id=strategy, title="Gemeinsame Messe", owner_id=None,
        indicator="", target_value="", deadline=None, by=BY, now=T0,
    )  # fmt: skip
    version = cycles.replay_check(c.id)[0].version
    verbuende.set_cycle(c.id, verbund, by=BY, now=T0)
    verbuende.set_measure(c.id, 3, verbund, by=BY, now=T0)
    assert cycles.replay_check(c.id)[0].version == version + 2  # each mark a new version

    doc = verbund_queries.verbund(verbund)
    assert doc == {
        "id": verbund,
        "name": "Bildungsregion Nord",
        "vereinbarung": "Kooperationsvereinbarung 2027",
        "link": "https://kreis.example/vereinbarung.pdf",
        "von": "2027-01-01",
        "bis": "2029-12-31",
        "gremium": {"id": net.board, "name": "Lenkungsgruppe"},
        "partner": [
            {
                "id": first,
                "name": "Stadt Nachbarhausen",
                "ags": "05562014",
                "kontakt": "Frau Kontakt",
                "kontakt_email": "kontakt@nachbarhausen.example",
            },
            {
                "id": second,
                "name": "Gemeinde Waldau",
                "ags": "",
                "kontakt": "",
                "kontakt_email": "",
            },
        ],
        "mitglieder": [
            {"id": net.actors[0], "name": "Akteur 0", "rolle": "mitglied", "partner": None},
            {"id": net.actors[1], "name": "Akteur 1", "rolle": "mitglied", "partner": first},
            {"id": net.actors[2], "name": "Akteur 2", "rolle": "mitglied", "partner": None},
        ],
        "akteure": [
            {"id": net.actors[1], "name": "Akteur 1", "status": "aktiv", "partner": first},
            {"id": net.actors[4], "name": "Akteur 4", "status": "aktiv", "partner": second},
        ],
        "zyklen": [{"id": c.id, "titel": "Gemeinsam", "zustand": "leitbild_entwurf"}],
        "massnahmen": [
            {"zyklus": c.id, "zyklus_titel": "Gemeinsam", "id": 3, "titel": "Gemeinsame Messe"}
        ],
    }
    assert verbund_queries.of_cycle(c.id) == {
        "verbund": {
            "id": verbund,
            "name": "Bildungsregion Nord",
            "partner": ["Stadt Nachbarhausen", "Gemeinde Waldau"],
        },
        "massnahmen": {
            3: {
                "id": verbund,
                "name": "Bildungsregion Nord",
                "partner": ["Stadt Nachbarhausen", "Gemeinde Waldau"],
            }
        },
    }
    # a later edit of the content keeps the Maßnahme's Verbund (the item rows are diffed)
    cycles.save_measure(
        c.id, strategy_id=strategy, title="Zweite Maßnahme", owner_id=None,
        indicator="", target_value="", deadline=None, by=BY, now=T0,
    )  # fmt: skip
    assert list(verbund_queries.of_cycle(c.id)["massnahmen"]) == [3]
    assert _audit(url, "verbund") == [
        "angelegt", "partner_hinzugefuegt", "partner_hinzugefuegt", "gremium_gesetzt",
    ]  # fmt: skip
    assert "partnerkommune_gesetzt" in _audit(url, "akteur")
    assert {"verbund_gesetzt", "massnahme_verbund_gesetzt"} <= set(_audit(url, "zyklus"))
    # the contact is personal data: no audit entry names it
    with engine(url).connect() as conn:
        payloads = " ".join(
            str(p) for (p,) in conn.execute(text("SELECT payload FROM audit_event"))
        )
    assert "kontakt@nachbarhausen.example" not in payloads and "Frau Kontakt" not in payloads

    # unmarking, ending, changing
    verbuende.set_measure(c.id, 3, None, by=BY, now=T0)
    verbuende.set_cycle(c.id, None, by=BY, now=T0)
    assert verbund_queries.of_cycle(c.id) == {"verbund": None, "massnahmen": {}}
    assert verbuende.change_verbund(verbund, name="Bildungsregion Nord-West", by=BY, now=T0) == [
        "name"
    ]
    ended = verbuende.end(verbund, date(2028, 6, 30), by=BY, now=T0)
    assert ended.valid_to == date(2028, 6, 30)
    verbuende.set_actor_partner(net.actors[4], None, by=BY, now=T0)
    assert verbuende.remove_partner(second, by=BY, now=T0).name == "Gemeinde Waldau"
    assert [p["name"] for p in verbund_queries.verbuende()[0]["partner"]] == ["Stadt Nachbarhausen"]


def test_a_verbund_with_partners_board_cycle_and_measure(sqlite_url: str) -> None:
    _flow(sqlite_url)


def test_a_verbund_on_postgresql(pg_url: str) -> None:
    _flow(pg_url)


def test_bad_input_is_refused_and_changes_nothing(sqlite_url: str) -> None:
    net = make_network(voting=2, others=1)
    verbund, first, _ = _verbund_with_partners()
    verbuende.set_actor_partner(net.actors[2], first, by=BY, now=T0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0)
    before = dump(sqlite_url)
    refusals = [
        (lambda: verbuende.add(name="bildungsregion  nord", by=BY, now=T0), Duplicate),
        (lambda: verbuende.add(name=" ", by=BY, now=T0), InvalidValue),
        (
            lambda: verbuende.add(name="X", agreement_url="javascript:alert(1)", by=BY, now=T0),
            InvalidValue,
        ),
        (
            lambda: verbuende.add(
                name="X", valid_from=date(2027, 5, 1), valid_to=date(2027, 4, 1), by=BY, now=T0
            ),
            InvalidValue,
        ),
        (lambda: verbuende.end(verbund, date(2026, 1, 1), by=BY, now=T0), InvalidValue),
        (lambda: verbuende.add_partner(verbund, name="Y", ags="123", by=BY, now=T0), InvalidValue),
        (
            lambda: verbuende.add_partner(verbund, name="Y", contact_email="nix", by=BY, now=T0),
            InvalidValue,
        ),
        (
            lambda: verbuende.add_partner(verbund, name="stadt nachbarhausen", by=BY, now=T0),
            Refused,
        ),
        (lambda: verbuende.add_partner(99, name="Y", by=BY, now=T0), NotFound),
        (lambda: verbuende.remove_partner(first, by=BY, now=T0), Refused),  # an Akteur is its
        (lambda: verbuende.remove_partner(99, by=BY, now=T0), NotFound),
        (lambda: verbuende.set_board(verbund, 99, by=BY, now=T0), NotFound),
        (lambda: verbuende.set_actor_partner(net.actors[0], 99, by=BY, now=T0), NotFound),
        (lambda: verbuende.set_cycle(c.id, 99, by=BY, now=T0), NotFound),
        (lambda: verbuende.set_measure(c.id, 42, verbund, by=BY, now=T0), NotFound),
        (lambda: verbuende.change_verbund(verbund, by=BY, now=T0), InvalidValue),
        (
            lambda: verbuende.set_cycle(c.id, verbund, by=BY, now=T0 + timedelta(days=3 * 366)),
            Refused,  # the agreement ended 2029-12-31
        ),
    ]
    for call, error in refusals:
        with pytest.raises(error):
            call()
    assert dump(sqlite_url) == before


def test_a_board_serves_one_verbund(sqlite_url: str) -> None:
    cycle_with_content()
    first = verbuende.add(name="Eins", by=BY, now=T0).id or 0
    second = verbuende.add(name="Zwei", by=BY, now=T0).id or 0
    verbuende.set_board(first, 1, by=BY, now=T0)
    with pytest.raises(Refused, match="Verbund 1"):
        verbuende.set_board(second, 1, by=BY, now=T0)
    assert verbuende.set_board(first, None, by=BY, now=T0).board_id is None
    assert verbuende.set_board(second, 1, by=BY, now=T0).board_id == 1
