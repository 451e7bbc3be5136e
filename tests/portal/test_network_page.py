"""The portal's network page (netzwerk.html, in German and English): the organisations with
what the public may know of them, the picture inline with its text alternative, no person
named (with or without consent), every typed name escaped; and the open data sets
organisationen and beziehungen, valid against their schemas."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import jsonschema

from dkbm import organisations, relations
from dkbm.portal.build import build
from tests.conftest import T0
from tests.factories import BY, make_network

EVIL = "Förderverein <script>alert(1)</script>"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _site(out: Path) -> None:
    make_network(voting=3, others=2)  # Akteure 0..4 in Organisation 0..4 (ids 1..5)
    evil = organisations.add(
        name=EVIL,
        kind="verein",
        sector="zivilgesellschaft",
        areas=["non_formale_bildung"],
        website="https://verein.example.org",
        address="Hauptstraße 1",
        by=BY,
        now=T0,
    )
    relations.add(evil.id, 1, kind="foerderung", by=BY, now=T0)  # type: ignore[arg-type]
    relations.add(2, 3, kind="netzwerkpartner", valid_to=date(2026, 12, 31), by=BY, now=T0)
    build(out, T0 + timedelta(days=1))


def test_the_network_page_in_both_languages_names_no_person(
    sqlite_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "portal"
    _site(out)
    for path, title in (("netzwerk.html", "Netzwerk"), ("en/netzwerk.html", "Network")):
        page = (out / path).read_text("utf-8")
        assert f"<title>{title}" in page or f">{title}<" in page
        tags = _Tags()
        tags.feed(page)
        assert "svg" in tags.tags and "script" not in tags.tags[: tags.tags.index("svg") + 1]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page
        assert "Hauptstraße" not in page  # no address
        assert 'href="https://verein.example.org"' in page
        for n in range(5):  # with consent or without: the page names no person
            assert f"Akteur {n}" not in page
            assert f"a{n}@example.org" not in page
        assert "Lenkungsgruppe" in page  # the Gremium as a hub
    de = (out / "netzwerk.html").read_text("utf-8")
    assert "Organisation 1 → Organisation 2" not in de  # ended on 2026-12-31
    assert "Förderung" in de and "Organisationen nach Sektor" in de
    assert "Mitglied in Gremium oder AG" in de  # the legend tells membership from relations
    assert ">Lenkungsgruppe" in de  # the hub's name written next to its square
    assert 'data-scroll-hint="← Das Bild lässt sich seitlich verschieben →"' in de  # not "Tabelle"
    en = (out / "en" / "netzwerk.html").read_text("utf-8")
    assert "funding" in en and "Organisations by sector" in en
    assert "Member of a board or working group" in en
    assert 'data-scroll-hint="← The picture scrolls sideways →"' in en
    index = (out / "index.html").read_text("utf-8")
    assert 'href="netzwerk.html"' in index  # in the navigation


def test_organisations_and_relations_as_open_data(sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "portal"
    _site(out)
    data = out / "data"
    for name in ("organisationen", "beziehungen"):
        records = json.loads((data / f"{name}.json").read_text())
        schema = json.loads((data / "schema" / f"{name}.schema.json").read_text())
        jsonschema.validate(records, schema)
        assert (data / f"{name}.csv").exists()
    orgs = json.loads((data / "organisationen.json").read_text())
    assert orgs[-1] == {
        "id": 6,
        "name": EVIL,
        "art": "verein",
        "sektor": "zivilgesellschaft",
        "bildungsbereiche": ["non_formale_bildung"],
        "gemeinde": "",
        "website": "https://verein.example.org",
    }
    rels = json.loads((data / "beziehungen.json").read_text())
    assert [(r["von_organisation"], r["zu_organisation"], r["art"], r["bis"]) for r in rels] == [
        (6, 1, "foerderung", None),
        (2, 3, "netzwerkpartner", "2026-12-31"),
    ]
