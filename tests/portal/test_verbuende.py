"""A regionale Verbund in the portal: the cycle page and the Sachstandsbericht name it, OParl
publishes it as an Organization (valid against the OParl 1.1 schema) directing the cycle's
papers and above its own Gremium; its partner Kommunen appear by name, their contacts never."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema

from dkbm import cycles, verbuende
from dkbm.portal import report
from dkbm.portal.build import build
from tests.conftest import T0
from tests.factories import BY, decide_stage, make_network
from tests.portal.oparl_schema import SCHEMAS

CONTACT = ("Frau Geheimkontakt", "geheim@nachbarhausen.example")


def test_the_verbund_is_shown_without_its_contacts(sqlite_url: str, tmp_path: Path) -> None:
    net = make_network(voting=5, others=1)
    c = cycles.start(title="Bildung gemeinsam", board_id=net.board, by=BY, now=T0)
    decide_stage(c.id, net, T0)
    v = verbuende.add(
        name="Bildungsregion Nord", valid_from=date(2027, 1, 1), valid_to=date(2029, 12, 31),
        agreement="Vereinbarung", agreement_url="https://kreis.example/v.pdf", by=BY, now=T0,
    )  # fmt: skip
    verbuende.add_partner(
        v.id or 0, name="Stadt Nachbarhausen", ags="05562014", contact_name=CONTACT[0],
        contact_email=CONTACT[1], by=BY, now=T0,
    )  # fmt: skip
    verbuende.set_board(v.id or 0, net.board, by=BY, now=T0)
    verbuende.set_actor_partner(net.actors[0], 1, by=BY, now=T0)
    verbuende.set_cycle(c.id, v.id, by=BY, now=T0)
    out = tmp_path / "portal"
    build(out, T0 + timedelta(days=1))

    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()
    )
    assert "Stadt Nachbarhausen" in everything
    assert CONTACT[0] not in everything and CONTACT[1] not in everything

    page = (out / "zyklus" / f"{c.id}.html").read_text(encoding="utf-8")
    assert "Verbund: Bildungsregion Nord (mit Stadt Nachbarhausen)" in page

    org = json.loads((out / "oparl" / "organization" / "verbund-1.json").read_text("utf-8"))
    jsonschema.validate(org, SCHEMAS["Organization"], format_checker=jsonschema.FormatChecker())
    assert (org["name"], org["classification"], org["organizationType"]) == (
        "Bildungsregion Nord", "Verbund", "Sonstiges",
    )  # fmt: skip
    assert (org["keyword"], org["startDate"], org["endDate"]) == (
        ["Stadt Nachbarhausen"], "2027-01-01", "2029-12-31",
    )  # fmt: skip
    board = json.loads((out / "oparl" / "organization" / f"{net.board}.json").read_text("utf-8"))
    assert board["subOrganizationOf"] == org["id"]
    listed = json.loads((out / "oparl" / "body" / "1" / "organization.json").read_text("utf-8"))
    assert org["id"] in [o["id"] for o in listed["data"]]
    papers = json.loads((out / "oparl" / "body" / "1" / "paper.json").read_text("utf-8"))
    assert papers["data"] and all(p["underDirectionOf"] == [org["id"]] for p in papers["data"])
    for p in papers["data"]:
        jsonschema.validate(p, SCHEMAS["Paper"], format_checker=jsonschema.FormatChecker())

    md = report.markdown(c.id, T0 + timedelta(days=1))
    assert "Verbund: Bildungsregion Nord (Nr. 1) mit Stadt Nachbarhausen" in md
    assert CONTACT[1] not in md
    assert "Regional alliance: Bildungsregion Nord" in report.markdown(
        c.id, T0 + timedelta(days=1), "en"
    )
