"""Open data of regionale Verbünde (issue 22, point 3): the data set `verbuende` (agreement,
its link under the link policy, dates, Gremium, partner Kommunen by name and AGS, never
their contacts) and the Verbund of each cycle and Maßnahme, valid against the published
schemas."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema
from sqlalchemy import text

from dkbm import verbuende
from dkbm.portal.build import build
from dkbm.store.db import engine
from tests.conftest import T0
from tests.factories import BY, cycle_with_content

CONTACT = ("Frau Geheimkontakt", "geheim@nachbarhausen.example")


def test_verbuende_are_open_data_without_their_contacts(sqlite_url: str, tmp_path: Path) -> None:
    cycle = cycle_with_content()  # Gremium 1, Maßnahme 3
    nord = verbuende.add(
        name="Bildungsregion Nord", agreement="Kooperationsvereinbarung 2027",
        agreement_url="https://kreis.example/v.pdf", valid_from=date(2027, 1, 1),
        valid_to=date(2029, 12, 31), by=BY, now=T0,
    ).id or 0  # fmt: skip
    verbuende.add_partner(
        nord, name="Stadt Nachbarhausen", ags="05562014", contact_name=CONTACT[0],
        contact_email=CONTACT[1], by=BY, now=T0,
    )  # fmt: skip
    verbuende.add_partner(nord, name="Gemeinde Waldau", by=BY, now=T0)
    verbuende.set_board(nord, 1, by=BY, now=T0)
    sued = verbuende.add(name="Schulverbund Süd", by=BY, now=T0).id or 0
    with engine(sqlite_url).begin() as conn:  # a link stored before the policy refused it
        conn.execute(
            text("UPDATE verbund SET agreement_url = 'javascript:alert(1)' WHERE id = :v"),
            {"v": sued},
        )
    verbuende.set_cycle(cycle, nord, by=BY, now=T0)
    verbuende.set_measure(cycle, 3, sued, by=BY, now=T0)
    out = tmp_path / "portal"
    build(out, T0 + timedelta(days=1))

    data = out / "data"
    meta = json.loads((data / "metadaten.json").read_text("utf-8"))
    assert "verbuende" in [d["name"] for d in meta["datensaetze"]]
    for entry in meta["datensaetze"]:
        schema = json.loads((data / entry["schema"]).read_text("utf-8"))
        rows = json.loads((data / entry["json"]).read_text("utf-8"))
        jsonschema.validate(rows, schema, format_checker=jsonschema.FormatChecker())

    assert json.loads((data / "verbuende.json").read_text("utf-8")) == [
        {
            "id": nord, "name": "Bildungsregion Nord", "vereinbarung": "Kooperationsvereinbarung 2027",
            "vereinbarung_link": "https://kreis.example/v.pdf", "von": "2027-01-01",
            "bis": "2029-12-31", "gremium": 1,
            "partner": [
                {"name": "Stadt Nachbarhausen", "ags": "05562014"},
                {"name": "Gemeinde Waldau", "ags": None},
            ],
        },
        {
            "id": sued, "name": "Schulverbund Süd", "vereinbarung": "",
            "vereinbarung_link": None, "von": None, "bis": None, "gremium": None, "partner": [],
        },
    ]  # fmt: skip
    zyklen = json.loads((data / "zyklen.json").read_text("utf-8"))
    assert [(z["id"], z["verbund"]) for z in zyklen] == [(cycle, nord)]
    massnahmen = json.loads((data / "massnahmen.json").read_text("utf-8"))
    assert [(m["id"], m["verbund"]) for m in massnahmen] == [(3, sued)]
    header = (data / "verbuende.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.split(";")[:3] == ["id", "name", "vereinbarung"]

    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()
    )
    assert CONTACT[0] not in everything and CONTACT[1] not in everything
    assert "@nachbarhausen.example" not in everything
    assert "javascript:" not in everything
