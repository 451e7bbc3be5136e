"""The portal's feeds: decisions as Atom (RFC 4287), public meetings as iCalendar."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5
from xml.etree import ElementTree as ET

from icalendar import Calendar, Event

from dkbm.notifications.ics import meeting_uid
from dkbm.portal.public import Site
from dkbm.states.cycle import STAGE_NAMES

ATOM = "http://www.w3.org/2005/Atom"


FEED_FILE = {"de": "beschluesse.atom", "en": "decisions.atom"}


def decisions_atom(site: Site, base_url: str, lang: str = "de") -> bytes:
    """One entry per decision, newest first; ids are stable UUID URNs. The English feed
    is a feed of its own (its own ids), linking the English pages."""
    en = lang == "en"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    kommune = site.kommune["name"]
    title = "Decisions – education management" if en else "Beschlüsse – Bildungsmanagement"
    _text(feed, "title", f"{title} {kommune}")
    _text(feed, "id", _id(site, "beschluesse" + (":en" if en else "")))
    updated = site.decisions[0]["at"] if site.decisions else (site.changed_at or site.built_at)
    _text(feed, "updated", _stamp(updated))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "self", "href": f"{base_url}feeds/{FEED_FILE[lang]}"}
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.kommune["herausgeber"][lang])
    page = f"{base_url}en/beschluesse.html" if en else f"{base_url}beschluesse.html"
    for d in site.decisions:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        stage = STAGE_NAMES[lang].get(d["stage"], d["stage"])
        said = "decided" if en else "beschlossen"
        _text(entry, "title", f"{d['cycle_title']}: {stage} {said}")
        _text(entry, "id", _id(site, f"beschluss:{d['id']}" + (":en" if en else "")))
        _text(entry, "updated", _stamp(d["at"]))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": f"{page}#beschluss-{d['id']}"})
        _text(entry, "summary", _summary(d, lang))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _id(site: Site, name: str) -> str:
    """A feed or entry id that never changes (RFC 4287 §4.2.6): a name-based UUID of the
    Kommune and the thing, the same whatever address or year the portal is built for. The
    Kommune by its name, as ever; among many Kommunen (`portal.many`) by its AGS, which no
    other shares."""
    kommune = f"ags-{site.among.ags}" if site.among else _slug(site.kommune["name"])
    return uuid5(NAMESPACE_URL, f"dkbm:{kommune}:{name}").urn


def _summary(d: dict[str, Any], lang: str = "de") -> str:
    v = d.get("vote") or {}
    if not v:
        return "Decision" if lang == "en" else "Beschluss"
    abstain = v.get("abstain", 0)
    if lang == "en":
        return (
            f"{v.get('yes', 0)} yes, {v.get('no', 0)} no, "
            f"{abstain} {'abstention' if abstain == 1 else 'abstentions'}"
        )
    return (
        f"{v.get('yes', 0)} Ja, {v.get('no', 0)} Nein, "
        f"{abstain} {'Enthaltung' if abstain == 1 else 'Enthaltungen'}"
    )


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _stamp(moment: datetime | None) -> str:
    assert moment is not None
    return moment.isoformat(timespec="seconds")


def _slug(name: str) -> str:
    return "".join(ch.lower() if ch.isalnum() else "-" for ch in name).strip("-")


def meetings_ics(
    meetings: list[dict[str, Any]],
    stamp: datetime,
    kommune: str = "",
    base_url: str = "",
    identifier_ags: str | None = None,
) -> bytes:
    """Public meetings as a subscribable calendar (METHOD:PUBLISH); the UIDs are those of
    the members' invitations (with the AGS the Kommune's identifiers carry), so a
    subscriber sees each meeting once. Each event links its page in the portal
    (*base_url*)."""
    calendar = Calendar()
    calendar.add("prodid", "-//dkbm//Portal//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Öffentliche Sitzungen {kommune}".strip())
    for m in meetings:
        event = Event()
        event.add("uid", meeting_uid(m["id"], identifier_ags))
        event.add("sequence", m["sequence"])
        event.add("dtstamp", stamp)
        event.add("dtstart", m["starts_at"])
        event.add("dtend", m["ends_at"] or m["starts_at"])
        event.add("summary", f"Sitzung {m['board_name']}")
        event.add("description", "\n".join(f"TOP {i['number']}: {i['title']}" for i in m["items"]))
        if m["place"] or m["video"]:
            event.add("location", m["place"] or m["video"])
        event.add("status", "CANCELLED" if m["state"] == "abgesagt" else "CONFIRMED")
        if base_url:
            event.add("url", f"{base_url}sitzung/{m['id']}.html")
        calendar.add_component(event)
    return calendar.to_ical()
