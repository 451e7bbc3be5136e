"""`dkbm sitzung antworten|anwesenheit|befangen|durchfuehren|abstimmen`: who comes, who is
there, who may not vote on an item, that the meeting took place, and its votes."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.meeting_output import ActorNo, ItemNo, MeetingNo, report, word
from dkbm.cli.output import JSON, h
from dkbm.states.errors import InvalidValue

Ids = Annotated[
    str,
    typer.Option(help=h("Akteur-Nummern, durch Komma getrennt", "actor numbers, comma-separated")),
]


def _ids(text: str, field: str) -> list[int]:
    try:
        return [int(p) for p in text.replace(",", " ").split()]
    except ValueError:
        raise InvalidValue(field, text, h("Nummern wie 1,2,3", "numbers like 1,2,3")) from None


def add_attendance_commands(app: typer.Typer) -> None:
    @app.command(
        "antworten",
        help=h(
            "Zusage, Absage oder Vertretung eines Mitglieds erfassen.", "Record a member's reply."
        ),
    )
    def reply(
        sitzung: MeetingNo,
        akteur: ActorNo,
        antwort: Annotated[str, typer.Argument(help="zusage | absage | vertretung")],
        durch: Annotated[
            int | None, typer.Option(help=h("Stellvertretung (Akteur-Nr.)", "deputy (actor no.)"))
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        meetings.reply(
            sitzung,
            akteur,
            context.parse_word(antwort).lower(),
            deputy_id=durch,
            by=context.who(),
            now=context.now(),
        )
        report(as_json, sitzung, h("Antwort erfasst.", "Reply recorded."))

    @app.command(
        "anwesenheit", help=h("Anwesenheit nach Namen erfassen.", "Record attendance by name.")
    )
    def attendance(
        sitzung: MeetingNo,
        anwesend: Ids = "",
        entschuldigt: Ids = "",
        abwesend: Ids = "",
        vertreten: Annotated[
            str,
            typer.Option(
                help=h(
                    "durch ihre Stellvertretung vertretene Mitglieder",
                    "members represented by their deputy",
                )
            ),
        ] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.record_attendance(
            sitzung,
            present=_ids(anwesend, "--anwesend"),
            excused=_ids(entschuldigt, "--entschuldigt"),
            absent=_ids(abwesend, "--abwesend"),
            represented=_ids(vertreten, "--vertreten"),
            by=context.who(),
            now=context.now(),
        )
        report(
            as_json,
            sitzung,
            h("Anwesenheit erfasst für ", "Attendance recorded for ")
            + f"{sum(1 for a in m.attendance.values() if a.presence)} "
            + h("Personen.", "people."),
        )

    @app.command(
        "befangen",
        help=h(
            "Ein Mitglied für einen TOP als befangen erfassen.", "Record a conflict of interest."
        ),
    )
    def conflicted(
        sitzung: MeetingNo,
        top: ItemNo,
        akteur: ActorNo,
        entfernen: Annotated[
            bool, typer.Option("--entfernen", help=h("entfernen", "remove"))
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        meetings.set_conflict(
            sitzung, top, akteur, remove=entfernen, by=context.who(), now=context.now()
        )
        report(
            as_json,
            sitzung,
            h("Befangenheit erfasst.", "Conflict recorded.")
            if not entfernen
            else h("Befangenheit entfernt.", "Conflict removed."),
        )

    @app.command(
        "durchfuehren",
        help=h(
            "Festhalten, dass die Sitzung stattgefunden hat.", "Record that the meeting took place."
        ),
    )
    def hold(sitzung: MeetingNo, as_json: JSON = False) -> None:
        from dkbm import meetings

        meetings.hold(sitzung, by=context.who(), now=context.now())
        report(
            as_json,
            sitzung,
            h("Sitzung ", "Meeting ")
            + f"{sitzung} "
            + h("durchgeführt; das Protokoll ist fällig.", "held; the minutes are due."),
        )

    @app.command(
        "abstimmen",
        help=h("Das Abstimmungsergebnis eines TOPs erfassen.", "Record a vote on an agenda item."),
    )
    def vote(
        sitzung: MeetingNo,
        top: ItemNo,
        ja: Annotated[int, typer.Option(help=h("Ja-Stimmen", "yes"))] = 0,
        nein: Annotated[int, typer.Option(help=h("Nein-Stimmen", "no"))] = 0,
        enthaltung: Annotated[int, typer.Option(help=h("Enthaltungen", "abstentions"))] = 0,
        einstimmig: Annotated[
            bool, typer.Option("--einstimmig", help=h("einstimmig angenommen", "unanimous"))
        ] = False,
        diskussion: Annotated[str, typer.Option(help=h("Verlauf der Beratung", "discussion"))] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.vote(
            sitzung,
            top,
            yes=ja,
            no=nein,
            abstain=enthaltung,
            unanimous=einstimmig,
            discussion=diskussion,
            by=context.who(),
            now=context.now(),
        )
        item = m.item(top)
        assert item is not None and item.vote is not None
        line = f"TOP {top}: {word('ergebnis', item.vote.outcome)} ({item.vote.yes} {h('Ja', 'yes')}, {item.vote.no} {h('Nein', 'no')}, {item.vote.abstain} {h('Enthaltung', 'abstention') if item.vote.abstain == 1 else h('Enthaltungen', 'abstentions')})"
        if item.cycle_id is not None and item.vote.outcome != "nicht_beschlussfaehig":
            line += h(f"; Zyklus {item.cycle_id} ", f"; cycle {item.cycle_id} ") + (
                h("beschlossen", "decided")
                if item.vote.outcome == "angenommen"
                else h("zur Überarbeitung", "sent back for revision")
            )
        report(as_json, sitzung, line)
