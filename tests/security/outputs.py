"""Every output of the hostile world, read once: what each holds as text, and what in it
could run, fetch or lead to a forbidden scheme (one line per finding, naming the file)."""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from icalendar import Calendar
from pypdf import PdfReader

from dkbm.notifications.ics import entry
from dkbm.portal.datasets import SCHEMAS
from dkbm.states import links
from tests.security.scan import forbidden_link, scan
from tests.security.world import BASE, MAIL_KINDS, World

OWN_SCRIPTS = tuple(
    f"{'../' * depth}static/{name}" for depth in range(3) for name in ("breite.js", "suche.js")
)
WEB = ("https", "http")


@dataclass
class Output:
    """One kind of output: its text per file and its findings."""

    texts: dict[str, str] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)

    def add(self, name: str, text: str, findings: list[str]) -> None:
        self.texts[name] = text
        self.findings += [f"{name}: {f}" for f in findings]

    def landed(self, marker: str) -> bool:
        return any(marker in t for t in self.texts.values())

    def about(self, marker: str) -> list[str]:
        return [f for f in self.findings if marker in f]


def _ours_or_web(url: str) -> bool:
    """An address in a feed or OParl: the portal's own, or a web link under the policy."""
    return url.startswith(BASE) or links.allowed(url, WEB)


def portal(out: Path) -> Output:
    found = Output()
    for path in sorted(out.rglob("*.html")):
        page = scan(path.read_text(encoding="utf-8"), OWN_SCRIPTS, data_icon=True)
        found.add(path.relative_to(out).as_posix(), page.text, page.findings)
    return found


# OParl 1.1 fields whose value is an address (or holds objects that have one)
OPARL_URLS = {
    "id", "type", "body", "system", "organization", "person", "meeting", "paper",
    "agendaItem", "consultation", "membership", "auxiliaryFile", "mainFile", "accessUrl",
    "downloadUrl", "externalServiceUrl", "license", "oparlVersion", "otherOparlVersions",
    "web", "website", "location", "subOrganizationOf", "first", "last", "next", "prev",
    "legislativeTerm", "derivativeFile", "originalFileUrl", "masterFile", "invitation",
    "resultsProtocol", "verbatimProtocol", "relatedPaper", "superordinatedPaper",
    "subordinatedPaper", "originatorPerson", "originatorOrganization", "underDirectionOf",
}  # fmt: skip
OPARL_TEXTS = {
    "cancelled", "classification", "created", "currentPage", "data", "date", "description",
    "elementsPerPage", "end", "fileName", "life", "links", "meetingState", "modified", "name",
    "number", "order", "organizationType", "pagination", "paperType", "public", "reference",
    "role", "shortName", "start", "totalElements", "totalPages", "votingRight", "deleted",
    "authoritative", "result",
}  # fmt: skip


def oparl(out: Path) -> Output:
    found = Output()
    for path in sorted((out / "oparl").rglob("*.json")):
        strings: list[str] = []
        problems: list[str] = []
        _walk_oparl(json.loads(path.read_bytes()), None, strings, problems)
        found.add(path.relative_to(out).as_posix(), "\n".join(strings), problems)
    return found


def _walk_oparl(value: Any, key: str | None, strings: list[str], problems: list[str]) -> None:
    """Every string into *strings*; an address that is neither ours nor a web link, and a
    field this test does not know (it could hold an address), into *problems*."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in OPARL_URLS | OPARL_TEXTS:
                problems.append(f"unknown field {k!r}: {v!r}"[:300])
            _walk_oparl(v, k, strings, problems)
    elif isinstance(value, list):
        for v in value:
            _walk_oparl(v, key, strings, problems)
    elif isinstance(value, str):
        strings.append(value)
        if key in OPARL_URLS and not _ours_or_web(value):
            problems.append(f"{key} {value!r}")


ATOM = "{http://www.w3.org/2005/Atom}"
_TEXT_CONSTRUCTS = {"title", "subtitle", "summary", "content", "rights"}


def atom(out: Path) -> Output:
    """Text constructs of type html (or xhtml) are HTML once unescaped: scanned as such;
    plain text ones (the default) are text to every reader (RFC 4287 §3.1)."""
    found = Output()
    for path in sorted((out / "feeds").glob("*.atom")):
        name = path.relative_to(out).as_posix()
        root = ET.fromstring(path.read_bytes())  # well-formed, or this raises
        texts, problems = [], []
        for element in root.iter():
            tag = element.tag.removeprefix(ATOM)
            if tag in _TEXT_CONSTRUCTS:
                kind = element.get("type", "text")
                if kind == "html":
                    page = scan(element.text or "")
                    texts.append(page.text)
                    problems += page.findings
                elif kind == "xhtml":
                    page = scan("".join(ET.tostring(c, encoding="unicode") for c in element))
                    texts.append(page.text)
                    problems += page.findings
                else:
                    if kind != "text":
                        problems.append(f"{tag} of type {kind!r}")
                    texts.append(element.text or "")
            for attribute in ("href", "src", "uri"):
                value = element.get(attribute)
                if value is not None and not _ours_or_web(value):
                    problems.append(f"{tag} {attribute}={value!r}")
        found.add(name, "\n".join(texts), problems)
    return found


_PORTAL_CALENDAR = {
    "VCALENDAR": {"PRODID", "VERSION", "METHOD", "X-WR-CALNAME"},
    "VEVENT": {
        "UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION",
        "STATUS", "URL",
    },
}  # fmt: skip
_MAIL_CALENDAR = {
    "VCALENDAR": {"PRODID", "VERSION", "METHOD"},
    "VEVENT": _PORTAL_CALENDAR["VEVENT"] | {"ORGANIZER", "ATTENDEE"},
    "VTIMEZONE": {"TZID", "X-LIC-LOCATION", "COMMENT"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "RRULE", "RDATE"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "RRULE", "RDATE"},
}
_ICS_URLS = {"URL", "ATTACH", "TZURL", "SOURCE", "IMAGE", "CONFERENCE", "ORGANIZER", "ATTENDEE"}


def ics(out: Path, meetings: int) -> Output:
    """Each calendar of the portal holds its meetings' events."""
    found = Output()
    for path in sorted((out / "feeds").glob("*.ics")):
        name = path.relative_to(out).as_posix()
        events = meetings if name == "feeds/sitzungen.ics" else 1
        found.add(name, *_calendar(path.read_bytes(), events, _PORTAL_CALENDAR))
    return found


def mail_calendars(world: World) -> Output:
    """The calendar entry each Ladung carries, as the sender attaches it."""
    found = Output()
    for n, mail in enumerate(world.mails):
        if mail["kind"] == "sitzung_einladung":
            data = entry(mail["ics"])
            found.add(f"outbox {n + 1} einladung.ics", *_calendar(data, 1, _MAIL_CALENDAR))
    return found


def _calendar(data: bytes, events: int, known: dict[str, set[str]]) -> tuple[str, list[str]]:
    """The calendar's texts, and its problems: a component or property the writer does not
    write (a line break in a text would start one of its own), an address that is neither
    ours nor a web or mail link, another number of events than *events*."""
    calendar = Calendar.from_ical(data)
    texts, problems = [], []
    if len([c for c in calendar.walk() if c.name == "VEVENT"]) != events:
        problems.append(f"not {events} events")
    for component in calendar.walk():
        if component.name not in known:
            problems.append(f"component {component.name}")
            continue
        for prop, value in component.property_items(recursive=False):
            if prop in ("BEGIN", "END"):
                continue
            shown = value.to_ical() if hasattr(value, "to_ical") else str(value)
            shown = shown.decode() if isinstance(shown, bytes) else shown
            if prop not in known[component.name]:
                problems.append(f"property {prop}:{shown}"[:300])
            if prop in _ICS_URLS and not (_ours_or_web(str(value)) or links.allowed(str(value))):
                problems.append(f"{prop} {str(value)!r}")
            texts.append(str(value))
    return "\n".join(texts), problems


def mails(world: World) -> Output:
    found = Output()
    for n, mail in enumerate(world.mails):
        if mail["kind"] not in MAIL_KINDS:
            continue
        page = scan(mail["html"])
        problems = list(page.findings)
        if "\n" in mail["subject"] or "\r" in mail["subject"]:
            problems.append(f"subject breaks the header: {mail['subject']!r}")
        found.add(f"outbox {n + 1} {mail['kind']} ({mail['lang']})", page.text, problems)
    return found


def protocol_html(world: World) -> Output:
    found = Output()
    page = scan(world.protocol_html)
    found.add("protokoll.html", page.text, page.findings)
    for mail in world.mails:
        if mail["kind"] == "sitzung_protokoll":
            page = scan(mail["html"])
            found.add(f"protokoll mail to {mail['target']}", page.text, page.findings)
            break
    return found


def report_html(world: World) -> Output:
    found = Output()
    for lang, html in world.report_html.items():
        page = scan(html)
        found.add(f"sachstandsbericht.{lang}.html", page.text, page.findings)
    return found


def protocol_pdf(world: World) -> Output:
    """The PDF exported and the one attached to each Protokoll mail."""
    found = Output()
    sent = [a for m in world.mails if m["kind"] == "sitzung_protokoll" for a in _attached(m)]
    for name, pdf in [("protokoll.pdf", world.protocol_pdf), *(("mail.pdf", p) for p in sent[:1])]:
        reader = PdfReader(BytesIO(pdf))
        problems = []
        text = "\n".join(page.extract_text() for page in reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            if page.images:
                problems.append(f"page {number}: {len(page.images)} images")
            for annotation in page.get("/Annots", []) or []:
                annotation = annotation.get_object()
                action = annotation.get("/A")
                action = action.get_object() if action is not None else None
                if annotation.get("/Subtype") == "/FileAttachment":
                    problems.append(f"page {number}: attachment")
                if action is None:
                    continue
                kind = action.get("/S")
                uri = str(action.get("/URI", ""))
                if kind != "/URI" or forbidden_link(uri) or links.shown(uri) is None:
                    problems.append(f"page {number}: link {kind} {uri!r}")
            if "/AA" in page:
                problems.append(f"page {number}: additional actions")
        catalog = reader.trailer["/Root"]
        if "/OpenAction" in catalog or "/AA" in catalog:
            problems.append("document action")
        names = catalog.get("/Names")
        if names is not None and ("/JavaScript" in names.get_object() or reader.attachments):
            problems.append("document JavaScript or attachment")
        found.add(name, text, problems)
    return found


def _attached(mail: dict[str, Any]) -> list[bytes]:
    return [base64.b64decode(a["base64"]) for a in mail.get("attachments", [])]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def open_data(out: Path) -> tuple[Output, list[str]]:
    """The CSV cells (text cells neutralised, numbers as numbers) and the JSON strings (as
    typed) of every data set; the second value: every string of the JSON files."""
    found = Output()
    strings: list[str] = []
    for name, schema in SCHEMAS.items():
        properties = schema["items"]["properties"]
        numbers = {
            column
            for column, spec in properties.items()
            if {"number", "integer"} & set(_types(spec))
        }
        raw = (out / "data" / f"{name}.csv").read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline=""), delimiter=";"))
        problems, cells = [], []
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        for row in body:
            for column, cell in zip(header, row, strict=True):
                cells.append(cell)
                if column in numbers:
                    if cell and not _german_number(cell):
                        problems.append(f"number column {column}: {cell[:200]!r}")
                elif cell.startswith(_FORMULA):
                    problems.append(f"formula in {column}: {cell[:200]!r}")
        found.add(f"data/{name}.csv", "\n".join(cells), problems)
        _strings(json.loads((out / "data" / f"{name}.json").read_bytes()), strings)
    search = json.loads((out / "data" / "suche.json").read_bytes())
    addresses = [d["url"] for d in search] + [
        d["url"] for d in json.loads((out / "data" / "dokumente.json").read_bytes())
    ]
    found.findings += [
        f"data: document address {u!r}" for u in addresses if u and forbidden_link(u)
    ]
    return found, strings


def _types(spec: dict[str, Any]) -> list[str]:
    kinds = spec.get("type", [])
    return [kinds] if isinstance(kinds, str) else list(kinds)


def _german_number(cell: str) -> bool:
    head, _, tail = cell.removeprefix("-").partition(",")
    return head.isdigit() and (tail == "" or tail.isdigit())


def _strings(value: Any, into: list[str]) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _strings(v, into)
    elif isinstance(value, list):
        for v in value:
            _strings(v, into)
    elif isinstance(value, str):
        into.append(value)
