"""Auskunft nach DSGVO Art. 15 (`dkbm akteur auskunft N`): everything stored about one
Akteur, in the stable `--format json` shape, as a readable summary (Markdown) or as a PDF.

Her data (channels masked: an Apprise URL is a secret), her consent and its history, her
memberships and who stands in for her, her Rückmeldungen and Stimmen, her replies to
meetings and her presence, her Aufgaben and Maßnahmen, the messages to her (kind, subject,
when, status; never their text or her links), her personal links (purpose, issued, expiry,
revoked; never a token) and the audit entries that name her. After an erasure it shows
what is left: the placeholder where her name was, nothing personal.

It goes to the person herself, not to the public. What people typed stays plain text:
escaped for Markdown, autoescaped in the HTML the PDF is made of (which fetches nothing,
see `dkbm.pdf`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dkbm.consultation_summary import environment
from dkbm.queries import iso
from dkbm.states.cycle import STAGE_NAMES
from dkbm.states.i18n import CATALOG, t
from dkbm.states.vocabulary import name_of
from dkbm.store import reads
from dkbm.store.reads import disclosure as stored
from dkbm.store.reads import reader
from dkbm.store.settings import database_url

FORMATS = ("md", "json", "pdf")
BERLIN = ZoneInfo("Europe/Berlin")


def disclosure(actor_id: int, now: datetime) -> dict[str, Any]:
    """What is stored about Akteur *actor_id*, read in one go (one read transaction)."""
    from dkbm.notifications.channels import masked

    with reader(database_url()) as r:
        a = reads.network.actor(r, actor_id)
        kommune = reads.network.municipality(r).name
        boards = reads.network.boards(r)
        consent = stored.consent_events(r, actor_id)
        answers = stored.answers(r, actor_id)
        ballots = stored.ballots(r, actor_id)
        meetings = stored.meetings(r)
        tasks = stored.tasks(r, actor_id)
        measures = stored.measures(r, actor_id)
        outbox = stored.outbox(r, actor_id)
        log = stored.message_log(r, actor_id)
        links = stored.links(r, actor_id)
        audit = stored.audit(r, actor_id)
    return {
        "akteur": actor_id,
        "kommune": kommune,
        "stand": iso(now),
        "daten": {
            "name": a.name,
            "organisation": a.organisation or None,
            "funktion": a.function or None,
            "email": a.email,
            "sektor": a.sector.value,
            "bildungsbereiche": [x.value for x in a.areas],
            "sprache": a.lang,
            "zustellung": a.delivery,
            "kanaele": [masked(url) for url in a.channels],
            "status": a.status,
        },
        "einwilligung": {
            "veroeffentlichung": a.consent_publication,
            "verlauf": [consent_doc(e) for e in consent],
        },
        "mitgliedschaften": [
            {
                "gremium": b.id,
                "name": b.name,
                "art": b.kind.value,
                "rolle": m.role.value,
                "vertritt": m.deputy_for,
            }
            for b in boards
            for m in b.members
            if m.actor_id == actor_id
        ],
        "vertreten_durch": [
            {"gremium": b.id, "name": b.name, "akteur": m.actor_id}
            for b in boards
            for m in b.members
            if m.deputy_for == actor_id
        ],
        "rueckmeldungen": [
            {
                "zyklus": x.cycle_id,
                "titel": x.title,
                "stufe": x.stage,
                "runde": x.round,
                "zeit": iso(x.given_at),
                "text": x.text,
                "punkte": x.items,
                "erfasst_von": x.given_by,
                "quelle": x.source or None,
                "ersetzt": x.replaced,
            }
            for x in answers
        ],
        "stimmen": [
            {
                "zyklus": x.cycle_id,
                "titel": x.title,
                "stufe": x.stage,
                "runde": x.round,
                "stimme": x.choice,
                "zeit": iso(x.cast_at),
                "erfasst_von": x.cast_by,
                "quelle": x.source or None,
            }
            for x in ballots
        ],
        "sitzungen": _meetings(meetings, actor_id),
        "aufgaben": [
            {
                "id": x.id,
                "sitzung": x.meeting_id,
                "top": x.item,
                "titel": x.title,
                "frist": iso(x.due_at),
                "status": x.status,
                "erledigt_am": iso(x.done_at),
                "bemerkung": x.note or None,
            }
            for x in tasks
        ],
        "massnahmen": [
            {
                "zyklus": x.cycle_id,
                "zyklus_titel": x.cycle_title,
                "massnahme": x.item_id,
                "titel": x.title,
                "frist": str(x.deadline) if x.deadline else None,
            }
            for x in measures
        ],
        "nachrichten": _messages(outbox, log),
        "links": [
            {
                "id": x.id,
                "zweck": x.purpose,
                "zyklus": x.cycle_id,
                "stufe": x.stage,
                "runde": x.round,
                "sitzung": x.meeting_id,
                "aufgabe": x.task_id,
                "ausgestellt": iso(x.created_at),
                "gueltig_bis": iso(x.expires_at),
                "widerrufen": iso(x.revoked_at),
                "widerrufsgrund": x.revoked_reason or None,
                "zuletzt_genutzt": iso(x.last_used_at),
            }
            for x in links
        ],
        "protokoll": [
            {
                "id": x.id,
                "zeit": iso(x.at),
                "gegenstand": x.subject,
                "nr": x.subject_id,
                "aktion": x.action,
                "von": x.by,
                "von_zustand": x.from_state,
                "zu_zustand": x.to_state,
                "grund": x.reason or None,
                "daten": x.payload,
            }
            for x in audit
        ],
    }


def consent_history(actor_id: int) -> list[dict[str, Any]]:
    """Her consent to publication as given and withdrawn, oldest first (`akteur show`)."""
    with reader(database_url()) as r:
        reads.network.actor(r, actor_id)
        return [consent_doc(e) for e in stored.consent_events(r, actor_id)]


def consent_doc(e: Any) -> dict[str, Any]:
    return {"erteilt": e.given, "zeit": iso(e.at), "von": e.by, "grund": e.reason or None}


def _meetings(rows: list[Any], actor_id: int) -> list[dict[str, Any]]:
    """Meetings that record her reply or presence, or in which she stood in for someone."""
    found = []
    for m in rows:
        own = next((a for a in m.attendance if a.get("actor_id") == actor_id), None)
        stood_in = [a["actor_id"] for a in m.attendance if a.get("deputy_id") == actor_id]
        if own is None and not stood_in:
            continue
        found.append(
            {
                "sitzung": m.id,
                "gremium": m.board_id,
                "gremium_name": m.board_name,
                "beginn": iso(m.starts_at),
                "zustand": m.state,
                "antwort": own.get("reply") if own else None,
                "anwesenheit": own.get("presence") if own else None,
                "vertreten_durch": own.get("deputy_id") if own else None,
                "vertritt": stood_in,
            }
        )
    return found


def _messages(outbox: list[Any], log: list[Any]) -> list[dict[str, Any]]:
    """Every message to her: those in the outbox with their status, and those the log
    records as sent without an outbox row (sent before the outbox kept them)."""
    logged = {x.outbox_id: x for x in log if x.outbox_id is not None}
    found = []
    for o in outbox:
        sent = logged.get(o.id)
        found.append(
            {
                "art": o.kind,
                "betreff": (sent.subject if sent else o.subject) or None,
                "erstellt": iso(o.created_at),
                "gesendet": iso(sent.at if sent else o.sent_at),
                "kanal": sent.channel if sent else None,
                "status": o.status,
            }
        )
    ids = {o.id for o in outbox}
    for x in log:
        if x.outbox_id is None or x.outbox_id not in ids:
            found.append(
                {
                    "art": x.kind,
                    "betreff": x.subject or None,
                    "erstellt": iso(x.at),
                    "gesendet": iso(x.at),
                    "kanal": x.channel,
                    "status": "sent",
                }
            )
    return sorted(found, key=lambda m: m["erstellt"] or "")


# The documents: Markdown (the readable summary) and HTML for the PDF.


def words(lang: str) -> dict[str, str]:
    """The documents' headings and words from the catalog (`states/texts/disclosure.py`)."""
    return {
        k.removeprefix("disclosure_"): v[lang]
        for k, v in CATALOG.items()
        if k.startswith("disclosure_")
    }


def readable(doc: dict[str, Any], lang: str) -> dict[str, Any]:
    """*doc* with stored values as people read them (names in *lang*, local times); the
    audit entries without their data (`--format json` has it whole)."""
    shape = "%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M"

    def when(value: str | None) -> str:
        return datetime.fromisoformat(value).astimezone(BERLIN).strftime(shape) if value else "–"

    def day(value: str | None) -> str | None:
        if not value:
            return None
        return date.fromisoformat(value).strftime("%d.%m.%Y" if lang == "de" else "%Y-%m-%d")

    def named(kind: str, value: str | None) -> str:
        return name_of(kind, value, lang) if value else "–"

    def word(kind: str, value: str | None) -> str:
        """A stored value named by this catalog's `disclosure_<kind>_<value>`, else by its
        own words."""
        if not value:
            return "–"
        key = f"disclosure_{kind}_{value}"
        return t(key, lang) if key in CATALOG else value.replace("_", " ")

    def revoked(reason: str | None) -> str | None:
        key = f"link_revoked_{reason}"
        return t(key, lang) if key in CATALOG else (reason or "").replace("_", " ") or None

    def stage(value: str) -> str:
        return STAGE_NAMES[lang].get(value, value)

    def items(points: dict[str, Any]) -> dict[str, Any]:
        return {
            nr: {**p, "haltung": t(f"summary_{p.get('haltung')}", lang)}
            if f"summary_{p.get('haltung')}" in CATALOG
            else p
            for nr, p in points.items()
        }

    d = doc["daten"]
    return {
        **doc,
        "stand": when(doc["stand"]),
        "daten": {
            **d,
            "sektor": named("sektor", d["sektor"]),
            "sprache": t(f"language_{d['sprache']}", lang)
            if f"language_{d['sprache']}" in CATALOG
            else d["sprache"],
            "bildungsbereiche": [named("bildungsbereich", x) for x in d["bildungsbereiche"]],
            "zustellung": named("zustellung", d["zustellung"]),
            "status": named("status", d["status"]),
        },
        "einwilligung": {
            **doc["einwilligung"],
            "verlauf": [
                {**e, "zeit": when(e["zeit"]), "grund": word("reason", e["grund"])}
                for e in doc["einwilligung"]["verlauf"]
            ],
        },
        "mitgliedschaften": [
            {**m, "art": named("gremienart", m["art"]), "rolle": named("rolle", m["rolle"])}
            for m in doc["mitgliedschaften"]
        ],
        "rueckmeldungen": [
            {**x, "zeit": when(x["zeit"]), "stufe": stage(x["stufe"]), "punkte": items(x["punkte"])}
            for x in doc["rueckmeldungen"]
        ],
        "stimmen": [
            {
                **x,
                "zeit": when(x["zeit"]),
                "stufe": stage(x["stufe"]),
                "stimme": word("ballot", x["stimme"]),
            }
            for x in doc["stimmen"]
        ],
        "sitzungen": [
            {
                **x,
                "beginn": when(x["beginn"]),
                "zustand": named("sitzung", x["zustand"]),
                "antwort": named("antwort", x["antwort"]),
                "anwesenheit": named("anwesenheit", x["anwesenheit"]),
            }
            for x in doc["sitzungen"]
        ],
        "aufgaben": [
            {
                **x,
                "frist": when(x["frist"]),
                "erledigt_am": when(x["erledigt_am"]),
                "status": word("task", x["status"]),
            }
            for x in doc["aufgaben"]
        ],
        "massnahmen": [{**x, "frist": day(x["frist"])} for x in doc["massnahmen"]],
        "nachrichten": [
            {
                **x,
                "art": named("nachricht", x["art"]).replace("_", " "),
                "erstellt": when(x["erstellt"]),
                "gesendet": when(x["gesendet"]),
                "status": word("status", x["status"]),
            }
            for x in doc["nachrichten"]
        ],
        "links": [
            {
                **x,
                "zweck": word("purpose", x["zweck"]),
                "ausgestellt": when(x["ausgestellt"]),
                "gueltig_bis": when(x["gueltig_bis"]),
                "widerrufen": when(x["widerrufen"]) if x["widerrufen"] else None,
                "widerrufsgrund": revoked(x["widerrufsgrund"]),
            }
            for x in doc["links"]
        ],
        "protokoll": [
            {
                **x,
                "zeit": when(x["zeit"]),
                "gegenstand": word("subject", x["gegenstand"]),
                "aktion": word("action", x["aktion"]),
                "daten": None,
            }
            for x in doc["protokoll"]
        ],
    }


def markdown(actor_id: int, now: datetime, lang: str = "de") -> str:
    doc = readable(disclosure(actor_id, now), lang)
    template = environment(False, quote_indent=2).get_template("auskunft.md")
    return template.render(d=doc, w=words(lang))


def html(actor_id: int, now: datetime, lang: str = "de") -> str:
    doc = readable(disclosure(actor_id, now), lang)
    template = environment(True, quote_indent=2).get_template("auskunft.html")
    return template.render(d=doc, w=words(lang), lang=lang)


def pdf(actor_id: int, now: datetime, lang: str = "de") -> bytes:
    from dkbm.pdf import pdf_from_html

    return pdf_from_html(html(actor_id, now, lang))
