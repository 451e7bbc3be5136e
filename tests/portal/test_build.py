"""The portal as files: nothing private in any of them, data valid against its schemas,
feeds that parse, and every link pointing at something that exists."""

from __future__ import annotations

import csv
import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from icalendar import Calendar

from tests.portal.conftest import Built


def _files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file()]


def _everything(out: Path) -> str:
    """Every file under *out* as text (a binary one as far as it decodes)."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in _files(out))


def test_people_without_consent_and_e_mail_addresses_appear_in_no_file(site: Built) -> None:
    everything = _everything(site.out)
    for name in site.hidden_names:
        assert re.search(rf"{name}\b", everything) is None, name
    for email in site.emails:
        assert email not in everything
    assert "mailto:" not in everything
    assert site.secret_title not in everything and "Interna" not in everything
    assert any(re.search(rf"{n}\b", everything) for n in site.shown_names)


def test_an_internal_library_document_appears_in_no_file(site: Built) -> None:
    everything = _everything(site.out)
    for text in site.internal:
        assert text not in everything, text
        assert not any(text in str(p) for p in _files(site.out)), text
    assert not any(site.internal_bytes in p.read_bytes() for p in _files(site.out))
    assert "Konzept Übergang Kita–Grundschule" in everything  # the public ones are there
    assert (site.out / "wissen" / "2" / "Konzept Übergänge.pdf").read_bytes() == site.public_file
    assert sorted(p.relative_to(site.out).as_posix() for p in _files(site.out / "wissen")) == [
        "wissen/2/Konzept Übergänge.pdf"
    ]


def test_open_data_validates_against_its_published_schemas(site: Built) -> None:
    data = site.out / "data"
    meta = json.loads((data / "metadaten.json").read_text())
    assert meta["lizenz"]["name"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    for entry in meta["datensaetze"]:
        schema = json.loads((data / entry["schema"]).read_text())
        rows = json.loads((data / entry["json"]).read_text())
        jsonschema.validate(rows, schema, format_checker=jsonschema.FormatChecker())
        with (data / entry["csv"]).open(encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, delimiter=";")
            assert len(list(reader)) == len(rows)
            header = reader.fieldnames
        # the metadata names the CSV columns, also of a data set without rows yet
        assert entry["csv_spalten"] and entry["csv_spalten"] == (header or entry["csv_spalten"])
    decisions = json.loads((data / "beschluesse.json").read_text())
    assert [d["stufe"] for d in decisions] == ["leitbild"]


def test_feeds_parse(site: Built) -> None:
    atom = ET.parse(site.out / "feeds" / "beschluesse.atom").getroot()
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    summary = entries[0].findtext("{http://www.w3.org/2005/Atom}summary")
    assert summary == "4 Ja, 1 Nein, 0 Enthaltungen"
    links = [e.get("href") for e in atom.iter("{http://www.w3.org/2005/Atom}link")]
    assert all(link.startswith("http") for link in links), links
    calendar = Calendar.from_ical((site.out / "feeds" / "sitzungen.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Sitzung Lenkungsgruppe"]
    assert "Personalangelegenheit" not in str(events[0]["description"])
    assert str(events[0]["url"]).startswith("http://localhost:8080/sitzung/")
    assert str(calendar["x-wr-calname"]).startswith("Öffentliche Sitzungen ")
    ids = [e.findtext("{http://www.w3.org/2005/Atom}id") or "" for e in entries]
    assert all(i.startswith("urn:uuid:") for i in ids)  # not tied to an address or a year
    english = ET.parse(site.out / "feeds" / "decisions.atom").getroot()
    summary = english.findtext(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary"
    )
    assert summary == "4 yes, 1 no, 0 abstentions"
    assert 'href="../feeds/decisions.atom"' in (site.out / "en" / "beschluesse.html").read_text()


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
            target = (page.parent / unquote(parsed.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site.out)} -> {link}")
    assert broken == []


def test_the_coverage_page_names_the_gaps(site: Built) -> None:
    page = (site.out / "abdeckung.html").read_text(encoding="utf-8")
    assert "kein Ziel im Bereich Hochschule" in page
    assert 'Ziele und Maßnahmen der laufenden Zyklen: <a href="zyklus/1.html">' in page
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
    # embedded objects leave out the reference back to their container
    assert all("person" not in m for p in people for m in p["membership"])
    meeting = json.loads(next((root / "meeting").glob("*.json")).read_text())
    assert meeting["agendaItem"] and all("meeting" not in i for i in meeting["agendaItem"])
    item = json.loads(next((root / "agendaitem").glob("*.json")).read_text())
    assert item["meeting"].endswith(".json")  # called on its own, it names its meeting


def test_a_cycle_page_shows_its_indicators_with_an_accessible_chart(site: Built) -> None:
    page = (site.out / "zyklus" / "1.html").read_text(encoding="utf-8")
    assert "Übergangsquote Kita-Schule" in page and 'role="img"' in page
    assert "51,5" in page  # German decimal comma in the chart or its table
    data = json.loads((site.out / "data" / "kennzahlen.json").read_text())
    assert [v["wert"] for v in data[0]["werte"]] == [48.0, 51.5]
    # CSV as a German spreadsheet reads it: one row per Kennzahl and year, decimal commas
    rows = (site.out / "data" / "kennzahlwerte.csv").read_text(encoding="utf-8-sig")
    assert rows.splitlines()[:3] == [
        "kennzahl;zyklus;jahr;wert;einheit;notiz",
        "1;1;2025;48;%;",
        "1;1;2026;51,5;%;",
    ]
    # no JSON in any CSV cell: nested lists are tables of their own, a person three columns
    for table in (site.out / "data").glob("*.csv"):
        assert "{" not in table.read_text(encoding="utf-8-sig"), table.name
    members = (site.out / "data" / "mitgliedschaften.csv").read_text(encoding="utf-8-sig")
    assert members.startswith("gremium;person_name;person_organisation;person_sektor;rolle")
    header = (site.out / "data" / "kennzahlen.csv").read_text(encoding="utf-8-sig").split("\n")[0]
    assert header.endswith(";zielwert;zieljahr") and "werte" not in header


def test_the_knowledge_section_lists_library_and_meeting_documents_with_their_tags(
    site: Built,
) -> None:
    page = (site.out / "wissen.html").read_text(encoding="utf-8")
    items = re.findall(r"<li data-text=.*?</li>", page, re.S)
    assert len(items) == 3
    report, concept = (
        next(i for i in items if title in i) for title in ("Bildungsbericht", "Konzept")
    )
    assert 'href="https://kreis.example/bildungsbericht-2025.pdf"' in report
    assert 'href="zyklus/1.html">Zyklus 1: Bildung 2030</a>' in report
    assert "Schule, Frühe Bildung" in report and "Zweiter Bildungsbericht des Kreises" in report
    assert 'href="wissen/2/Konzept%20%C3%9Cberg%C3%A4nge.pdf"' in concept
    assert "AG Frühe Bildung" in concept and "(Datei Konzept Übergänge.pdf, 1 kB)" in concept
    assert any('href="sitzung/1.html"' in i and "Bericht Schulentwicklung" in i for i in items)
    english = (site.out / "en" / "wissen.html").read_text(encoding="utf-8")
    assert 'href="../wissen/2/Konzept%20%C3%9Cberg%C3%A4nge.pdf"' in english
    assert "Early education" in english and "Cycle 1: Bildung 2030" in english

    cycle_page = (site.out / "zyklus" / "1.html").read_text(encoding="utf-8")
    assert "<h2>Unterlagen</h2>" in cycle_page and "Bildungsbericht 2025</a>" in cycle_page

    index = json.loads((site.out / "data" / "suche.json").read_text(encoding="utf-8"))
    assert sorted((d["quelle"], d["titel"]) for d in index) == [
        ("bibliothek", "Bildungsbericht 2025"),
        ("bibliothek", "Konzept Übergang Kita–Grundschule"),
        ("sitzung", "Bericht Schulentwicklung"),
    ]
    concept_entry = next(d for d in index if d["art"] == "datei")
    assert concept_entry["url"] == "wissen/2/Konzept Übergänge.pdf"
    assert (concept_entry["gremium"], concept_entry["bereiche"]) == (
        "AG Frühe Bildung",
        ["fruehe_bildung"],
    )
    data = json.loads((site.out / "data" / "dokumente.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["zyklus"], d["sitzung"]) for d in data if d["quelle"] == "bibliothek"] == [
        (2, None, None),
        (1, 1, None),
    ]


def test_a_rebuild_withdraws_what_was_made_internal_or_removed(site: Built) -> None:
    from dkbm import documents
    from dkbm.documents import Upload
    from dkbm.portal.build import build
    from tests.conftest import T0
    from tests.factories import BY

    later = T0 + timedelta(days=2)
    documents.change(2, upload=Upload("Konzept v2.pdf", b"zweite Fassung"), by=BY, now=later)
    build(site.out, later)
    assert [p.name for p in _files(site.out / "wissen")] == ["Konzept v2.pdf"]
    assert (site.out / "wissen" / "2" / "Konzept v2.pdf").read_bytes() == b"zweite Fassung"
    documents.change(2, public=False, by=BY, now=later)
    documents.remove(1, by=BY, now=later)
    build(site.out, later)
    assert not (site.out / "wissen").exists()
    everything = _everything(site.out)
    for gone in ("Konzept Übergang", "Konzept v2", "Bildungsbericht 2025", "bildungsbericht-2025"):
        assert gone not in everything, gone
    assert "Bericht Schulentwicklung" in everything


def test_the_preview_lets_browsers_read_oparl_and_lists_no_folder(site: Built) -> None:
    import threading
    import urllib.error
    import urllib.request

    from dkbm.portal.serve import server

    httpd = server(site.out, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with urllib.request.urlopen(root + "oparl/system.json") as answer:
            assert answer.headers["Access-Control-Allow-Origin"] == "*"
        with urllib.request.urlopen(root + "index.html") as answer:
            assert answer.headers["Access-Control-Allow-Origin"] is None
        with pytest.raises(urllib.error.HTTPError) as listing:
            urllib.request.urlopen(root + "oparl/")
        assert listing.value.code == 404
    finally:
        httpd.shutdown()
        httpd.server_close()
