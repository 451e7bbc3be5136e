"""The portal as files: nothing private in any of them, data valid against its schemas,
feeds that parse, and every link pointing at something that exists."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree as ET

import jsonschema
from icalendar import Calendar

from tests.portal.conftest import Built


def _files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file()]


def test_people_without_consent_and_e_mail_addresses_appear_in_no_file(site: Built) -> None:
    everything = "\n".join(p.read_text(encoding="utf-8") for p in _files(site.out))
    for name in site.hidden_names:
        assert re.search(rf"{name}\b", everything) is None, name
    for email in site.emails:
        assert email not in everything
    assert "mailto:" not in everything
    assert site.secret_title not in everything and "Interna" not in everything
    assert any(re.search(rf"{n}\b", everything) for n in site.shown_names)


def test_open_data_validates_against_its_published_schemas(site: Built) -> None:
    data = site.out / "data"
    meta = json.loads((data / "metadaten.json").read_text())
    assert meta["lizenz"]["name"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    for entry in meta["datensaetze"]:
        schema = json.loads((data / entry["schema"]).read_text())
        rows = json.loads((data / entry["json"]).read_text())
        jsonschema.validate(rows, schema, format_checker=jsonschema.FormatChecker())
        with (data / entry["csv"]).open(encoding="utf-8-sig") as handle:
            assert len(list(csv.DictReader(handle, delimiter=";"))) == len(rows)
    decisions = json.loads((data / "beschluesse.json").read_text())
    assert [d["stufe"] for d in decisions] == ["leitbild"]


def test_feeds_parse(site: Built) -> None:
    atom = ET.parse(site.out / "feeds" / "beschluesse.atom").getroot()
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    calendar = Calendar.from_ical((site.out / "feeds" / "sitzungen.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Sitzung Lenkungsgruppe"]
    assert "Personalangelegenheit" not in str(events[0]["description"])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_a_crawl_finds_no_broken_link(site: Built) -> None:
    pages = [p for p in _files(site.out) if p.suffix == ".html"]
    assert len(pages) >= 16
    broken = []
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parsed = urlparse(link)
            if parsed.scheme or link.startswith("#") or link.startswith("data:"):
                continue
            target = (page.parent / parsed.path).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site.out)} -> {link}")
    assert broken == []


def test_the_coverage_page_names_the_gaps(site: Built) -> None:
    page = (site.out / "abdeckung.html").read_text(encoding="utf-8")
    assert "kein Ziel im Bereich Hochschule" in page
    assert "no goal in the area Higher education" in (site.out / "en" / "abdeckung.html").read_text(
        encoding="utf-8"
    )


def test_the_oparl_endpoint_validates_and_its_links_resolve(site: Built) -> None:
    from tests.portal.oparl_schema import LIST, SCHEMAS

    root = site.out / "oparl"
    base = "http://localhost:8080/oparl/"
    seen: dict[str, int] = {}
    unresolved = []

    def check_links(value: object) -> None:
        if isinstance(value, str) and value.startswith(base):
            if not (root / value.removeprefix(base)).is_file():
                unresolved.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                check_links(v)
        elif isinstance(value, list):
            for v in value:
                check_links(v)

    checker = jsonschema.FormatChecker()
    for path in root.rglob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if "data" in doc:
            jsonschema.validate(doc, LIST, format_checker=checker)
            objects = doc["data"]
        else:
            objects = [doc]
        for obj in objects:
            kind = obj["type"].rsplit("/", 1)[-1]
            jsonschema.validate(obj, SCHEMAS[kind], format_checker=checker)
            seen[kind] = seen.get(kind, 0) + 1
        check_links(doc)
    assert unresolved == []
    for kind in (
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "File",
        "Location",
    ):
        assert seen.get(kind), kind
    people = json.loads((root / "body" / "1" / "person.json").read_text())["data"]
    assert sorted(p["name"] for p in people) == sorted(site.shown_names)


def test_a_cycle_page_shows_its_indicators_with_an_accessible_chart(site: Built) -> None:
    page = (site.out / "zyklus" / "1.html").read_text(encoding="utf-8")
    assert "Übergangsquote Kita-Schule" in page and 'role="img"' in page
    assert "51,5" in page  # German decimal comma in the chart or its table
    data = json.loads((site.out / "data" / "kennzahlen.json").read_text())
    assert [v["wert"] for v in data[0]["werte"]] == [48.0, 51.5]
