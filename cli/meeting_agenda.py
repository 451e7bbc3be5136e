"""`dkbm sitzung top|einladen|verschieben|absagen`: the agenda and the invitation (Ladung);
once it is out, members are told of each change."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.meeting_output import End, MeetingNo, Start, report, times
from dkbm.cli.output import JSON, h, safe

Urgency = Annotated[
    str,
    typer.Option(
        "--dringlich",
        help=h(
            "Grund, warum die Ladungsfrist nicht eingehalten wird (Dringlichkeit)",
            "why the notice period is not kept (urgency)",
        ),
    ),
]


def add_agenda_commands(app: typer.Typer) -> None:
    @app.command("top", help=h("Einen TOP zur Tagesordnung hinzufügen.", "Add an agenda item."))
    def top(
        sitzung: MeetingNo,
        titel: Annotated[str, typer.Option(help=h("Titel", "title"))] = "",
        zyklus: Annotated[
            int | None,
            typer.Option(
                help=h("Zyklus, dessen Stufe zur Abstimmung steht", "cycle awaiting its vote")
            ),
        ] = None,
        unterlage: Annotated[
            list[str] | None, typer.Option(help=h("Unterlage (Link), mehrfach", "document link"))
        ] = None,
        oeffentlich: Annotated[
            bool,
            typer.Option("--oeffentlich/--nichtoeffentlich", help=h("öffentlich", "public")),
        ] = True,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.add_item(
            sitzung,
            title=titel,
            public=oeffentlich,
            documents=unterlage or [],
            cycle_id=zyklus,
            by=context.who(),
            now=context.now(),
        )
        item = m.items[-1]
        report(
            as_json,
            sitzung,
            f"TOP {item.number} {h('angelegt', 'added')}: {safe(item.title)}"
            + (
                h(
                    " (geänderte Tagesordnung an die Mitglieder)",
                    " (amended agenda sent to members)",
                )
                if m.state == "eingeladen"
                else ""
            ),
        )

    @app.command("einladen", help=h("Die Ladung versenden.", "Send the invitation."))
    def invite(sitzung: MeetingNo, dringlich: Urgency = "", as_json: JSON = False) -> None:
        from dkbm import meetings

        m = meetings.invite(sitzung, urgency=dringlich, by=context.who(), now=context.now())
        report(
            as_json,
            sitzung,
            h("Ladung zu Sitzung ", "Invitation to meeting ")
            + f"{m.id} "
            + h("im Postausgang.", "queued.")
            + (h(" Dringlich: ", " Urgent: ") + safe(m.urgency) if m.urgency else ""),
        )

    @app.command("verschieben", help=h("Die Sitzung verlegen.", "Move the meeting."))
    def move(
        sitzung: MeetingNo,
        beginn: Start,
        ende: End = None,
        ort: Annotated[str | None, typer.Option(help=h("neuer Ort", "new place"))] = None,
        video: Annotated[
            str | None, typer.Option(help=h("neuer Videolink", "new video link"))
        ] = None,
        dringlich: Urgency = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        start, end = times(beginn, ende)
        m = meetings.move(
            sitzung,
            starts_at=start,
            ends_at=end,
            place=ort,
            video=video,
            urgency=dringlich,
            by=context.who(),
            now=context.now(),
        )
        report(
            as_json,
            sitzung,
            h("Sitzung ", "Meeting ")
            + f"{m.id} "
            + h("verlegt auf ", "moved to ")
            + m.starts_at.astimezone(context.BERLIN).strftime("%d.%m.%Y %H:%M")
            + (
                h(" (Mitglieder werden benachrichtigt)", " (members are told)")
                if m.state == "eingeladen"
                else ""
            ),
        )

    @app.command("absagen", help=h("Die Sitzung absagen.", "Cancel the meeting."))
    def cancel(
        sitzung: MeetingNo,
        grund: Annotated[str, typer.Option(help=h("Grund", "reason"))] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.cancel(sitzung, reason=grund, by=context.who(), now=context.now())
        report(
            as_json, sitzung, h("Sitzung ", "Meeting ") + f"{m.id} " + h("abgesagt.", "cancelled.")
        )
