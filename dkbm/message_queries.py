"""Read models of the Informationsfluss: messages sent, the outbox, and the Fristen whose
reminders it carries, in the stable `--json` shapes."""

from __future__ import annotations

from typing import Any

from dkbm.queries import iso
from dkbm.store import reads
from dkbm.store.reads import reader
from dkbm.store.settings import database_url


def messages(cycle_id: int | None = None) -> list[dict[str, Any]]:
    """Informationsfluss: every message sent, to whom, how, about what."""
    with reader(database_url()) as s:
        rows = reads.messages.message_log(s, cycle_id)
    return [
        {
            "id": m.id,
            "zeit": iso(m.at),
            "empfaenger": m.recipient,
            "akteur": m.recipient_id,
            "kanal": m.channel,
            "art": m.kind,
            "zyklus": m.cycle_id,
            "stufe": m.stage,
            "betreff": m.subject,
            "message_id": m.message_id,
        }
        for m in rows
    ]


def outbox(statuses: tuple[str, ...]) -> list[dict[str, Any]]:
    """Queued, failed or dead messages (no contents, no channel URLs)."""
    with reader(database_url()) as s:
        rows = reads.messages.outbox_rows(s, statuses)
    return [
        {
            "id": o.id,
            "art": o.kind,
            "zyklus": o.cycle_id,
            "akteur": o.recipient_id,
            "status": o.status,
            "versuche": o.attempts,
            "faellig": iso(o.due_at),
            "fehler": o.last_error,
            "message_id": o.message_id,
        }
        for o in rows
    ]


def ref_text(kind: str, ref: str, lang: str | None = None) -> str:
    """What a Frist is about, in words: `leitbild:1` of a Beteiligung is "Beteiligung
    Leitbild" (", Runde 2" from the second round on), `massnahme:8` "Maßnahme 8",
    `sitzung:2` "Sitzung 2", `aufgabe:3` "Aufgabe 3"; an unknown one as stored."""
    from dkbm.states.cycle import STAGE_NAMES
    from dkbm.states.i18n import CATALOG, language, t

    lang = lang or language()
    head, _, tail = ref.partition(":")
    if head in STAGE_NAMES["de"] and f"deadline_ref_{kind}" in CATALOG:
        text = t(f"deadline_ref_{kind}", lang, stage=STAGE_NAMES[lang][head])
        if tail.isdigit() and int(tail) > 1:
            text = t("deadline_ref_round", lang, ref=text, round=tail)
        return text
    if f"deadline_ref_{head}" in CATALOG and tail.isdigit():
        return t(f"deadline_ref_{head}", lang, id=tail)
    return ref


def deadlines() -> list[dict[str, Any]]:
    """The Fristen; `bezug` as stored (`massnahme:8`), `bezug_text` in the reader's words."""
    with reader(database_url()) as s:
        rows = reads.deadlines.deadlines(s)
    return [
        {
            "id": d.id,
            "zyklus": d.cycle_id,
            "art": d.kind,
            "bezug": d.ref,
            "bezug_text": ref_text(d.kind, d.ref),
            "frist": iso(d.due_at),
            "revision": d.revision,
            "status": d.status,
            "naechste_pruefung": iso(d.next_check_at) if d.next_check_at.year < 9999 else None,
        }
        for d in rows
    ]
