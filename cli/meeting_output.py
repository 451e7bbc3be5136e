"""A meeting on the command line: the arguments that name a meeting, an agenda item and an
Akteur, its start and end as typed, and how meetings and tasks are printed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import day, emit_json, h, safe, table, when
from dkbm.cli.words import display
from dkbm.states.errors import InvalidValue

MeetingNo = Annotated[int, typer.Argument(metavar="SITZUNG", help=h("Sitzungs-Nr.", "meeting no."))]
ItemNo = Annotated[int, typer.Argument(metavar="TOP", help=h("TOP-Nr.", "agenda item no."))]
ActorNo = Annotated[int, typer.Argument(metavar="AKTEUR", help=h("Akteur-Nr.", "actor no."))]
Start = Annotated[
    str, typer.Option("--beginn", help=h("TT.MM.JJJJ HH:MM (Europe/Berlin)", "DD.MM.YYYY HH:MM"))
]
End = Annotated[str | None, typer.Option("--ende", help=h("Ende (HH:MM oder Datum)", "end"))]


def times(start_text: str, end_text: str | None) -> tuple[datetime, datetime | None]:
    """--beginn and --ende as typed; the end may be just a time on the day of the start."""
    start = context.parse_moment(start_text, "--beginn")
    return start, _end(end_text, start)


def _end(text: str | None, start: datetime) -> datetime | None:
    if not text:
        return None
    if len(text.strip()) <= 5 and ":" in text:
        hh, _, mm = text.strip().partition(":")
        berlin = start.astimezone(context.BERLIN)
        try:
            return berlin.replace(hour=int(hh), minute=int(mm)).astimezone(start.tzinfo)
        except ValueError:
            raise InvalidValue("--ende", text, "HH:MM") from None
    return context.parse_moment(text, "--ende")


def local(iso: str | None) -> str:
    return when(iso) if iso else "-"


def report(as_json: bool, meeting_id: int, line: str) -> None:
    """One line for people; with --json the meeting as it is now."""
    if as_json:
        from dkbm import meeting_queries

        return emit_json(meeting_queries.meeting(meeting_id))
    print(line)


def state_word(state: str) -> str:
    return word("sitzung", state)


def word(kind: str, value: str | None) -> str:
    return "-" if value is None else display(kind, value)


def print_meeting(d: dict[str, Any]) -> None:
    """The page `dkbm sitzung show` prints: times and place, agenda, attendance, tasks."""
    print(
        f"{h('Sitzung', 'Meeting')} {d['id']}: {safe(d['gremium_name'])}, {local(d['beginn'])}"
        f" – {local(d['ende'])[-5:]}  [{word('sitzung', d['zustand'])}]"
    )
    print(
        f"  {h('Ort', 'Place')}: {safe(d['ort'] or '-')}"
        + (f"  Video: {safe(d['video'])}" if d["video"] else "")
    )
    print(
        f"  {h('Öffentlich', 'Public')}: {h('ja', 'yes') if d['oeffentlich'] else h('nein', 'no')}"
        f"   {h('Ladung bis', 'invite by')}: {local(d['ladung_bis'])}"
        + (
            f"   {h('eingeladen am', 'invited on')}: {local(d['eingeladen_am'])}"
            if d["eingeladen_am"]
            else ""
        )
    )
    if d["dringlich"]:
        print(f"  {h('Dringlichkeit', 'Urgency')}: {safe(d['dringlich'])}")
    if d["absagegrund"]:
        print(f"  {h('Abgesagt', 'Cancelled')}: {safe(d['absagegrund'])}")
    quorum = d["beschlussfaehig_ab"]
    print(
        f"  {h('Sitze besetzt', 'Seats filled')}: {d['sitze']} {h('von', 'of')} {d['stimmberechtigt']}"
        + (
            f", {h('beschlussfähig ab', 'quorate from')} {quorum}"
            if quorum is not None
            else f", Quorum: {h('keine Regel', 'no rule')}"
        )
    )
    print()
    table(
        ["TOP", h("Titel", "Title"), h("Öffentl.", "Public"), h("Ergebnis", "Result")],
        [
            [
                t["top"],
                t["titel"] + (f" ({h('Zyklus', 'cycle')} {t['zyklus']})" if t["zyklus"] else ""),
                t["oeffentlich"],
                (
                    word("ergebnis", t["ergebnis"]["ergebnis"])
                    + f" ({t['ergebnis']['yes']}/{t['ergebnis']['no']}/{t['ergebnis']['abstain']})"
                )
                if t["ergebnis"]
                else "-",
            ]
            for t in d["tagesordnung"]
        ],
    )
    for t in d["tagesordnung"]:
        if t.get("beschlusstext"):
            print(f"\nTOP {t['top']} – {h('Beschlusstext', 'Resolution')}:")
            for line in t["beschlusstext"].splitlines():
                print(f"  {safe(line)}")
    attached = [t for t in d["tagesordnung"] if t.get("anlagen")]
    for t in attached:
        ids = ", ".join(str(i) for i in t["anlagen"])
        print(f"TOP {t['top']} – {h('Anlagen (Bibliothek)', 'attachments (library)')}: {ids}")
    print()
    names = {p["akteur"]: p["name"] for p in d["teilnahme"]}
    table(
        [
            h("Nr.", "No."),
            "Name",
            h("Rolle", "Role"),
            h("Antwort", "Reply"),
            h("Anwesenheit", "Attendance"),
        ],
        [
            [
                p["akteur"],
                p["name"],
                display("rolle", p["rolle"]),
                word("antwort", p["antwort"]),
                word("anwesenheit", p["anwesenheit"])
                + (
                    f" ({h('durch', 'by')} {names.get(p['vertreten_durch'], '?')})"
                    if p["vertreten_durch"] and p["anwesenheit"] == "vertreten"
                    else ""
                ),
            ]
            for p in d["teilnahme"]
        ],
    )
    if d["aufgaben"]:
        print()
        tasks_table(d["aufgaben"])


def tasks_table(docs: list[dict[str, Any]]) -> None:
    table(
        [
            h("Nr.", "No."),
            h("Aufgabe", "Task"),
            h("Verantwortlich", "Owner"),
            h("Frist", "Due"),
            h("Sitzung/TOP", "Meeting/item"),
            "Status",
        ],
        [
            [
                d["id"],
                d["titel"],
                d["name"],
                day(d["frist"]) if d["frist"] else "-",
                f"{d['sitzung']}/{d['top']}",
                h(d["status"], "done" if d["status"] == "erledigt" else "open"),
            ]
            for d in docs
        ],
    )
