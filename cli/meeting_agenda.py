"""`dkbm sitzung top|top-aendern|top-verschieben|top-entfernen|einladen|verschieben|absagen`:
the agenda and the invitation (Ladung);
once it is out, members are told of each change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dkbm import context
from dkbm.cli.meeting_output import End, ItemNo, MeetingNo, Start, report, times
from dkbm.cli.output import JSON, h, safe

if TYPE_CHECKING:
    from dkbm.states.meeting import Meeting

Resolution = Annotated[
    str | None,
    typer.Option(
        "--beschlusstext",
        help=h(
            'Beschlusstext des TOPs (Markdown; "" leert ihn)',
            'the item\'s resolution as worded (Markdown; "" clears it)',
        ),
    ),
]

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
        beschlusstext: Resolution = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.add_item(
            sitzung,
            title=titel,
            public=oeffentlich,
            documents=unterlage or [],
            cycle_id=zyklus,
            resolution=beschlusstext or "",
            by=context.who(),
            now=context.now(),
        )
        item = m.items[-1]
        report(
            as_json,
            sitzung,
            f"TOP {item.number} {h('angelegt', 'added')}: {safe(item.title)}" + _told(m.state),
        )

    @app.command(
        "top-aendern",
        help=h(
            "Einen TOP umbenennen (vor der Sitzung) oder seinen Beschlusstext fassen (auch "
            "danach, solange das Protokoll ein Entwurf ist).",
            "Rename an agenda item (before the meeting) or word its resolution (also after it, "
            "while the minutes are a draft).",
        ),
    )
    def edit_top(
        sitzung: MeetingNo,
        top: ItemNo,
        titel: Annotated[str | None, typer.Option(help=h("neuer Titel", "new title"))] = None,
        oeffentlich: Annotated[
            bool | None,
            typer.Option("--oeffentlich/--nichtoeffentlich", help=h("öffentlich", "public")),
        ] = None,
        beschlusstext: Resolution = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.edit_item(
            sitzung,
            top,
            title=titel,
            public=oeffentlich,
            resolution=beschlusstext,
            by=context.who(),
            now=context.now(),
        )
        item = m.item(top) or m.items[-1]
        told = _told(m.state) if titel is not None or oeffentlich is not None else ""
        report(
            as_json,
            sitzung,
            f"TOP {item.number} {h('geändert', 'changed')}: {safe(item.title)}"
            + told
            + (_draft_note(m, item.resolution) if beschlusstext is not None else ""),
        )

    @app.command(
        "top-verschieben",
        help=h(
            "Einen TOP an eine andere Stelle setzen.", "Move an agenda item to another position."
        ),
    )
    def move_top(
        sitzung: MeetingNo,
        top: ItemNo,
        nach: Annotated[
            int,
            typer.Option("--nach", help=h("neue Position (TOP-Nr.)", "new position (item no.)")),
        ],
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.move_item(sitzung, top, to=nach, by=context.who(), now=context.now())
        order = "; ".join(f"{i.number} {safe(i.title)}" for i in m.items)
        report(as_json, sitzung, h("Tagesordnung: ", "Agenda: ") + order + _told(m.state))

    @app.command(
        "top-entfernen",
        help=h("Einen TOP von der Tagesordnung nehmen.", "Remove an agenda item."),
    )
    def remove_top(sitzung: MeetingNo, top: ItemNo, as_json: JSON = False) -> None:
        from dkbm import meetings

        m = meetings.remove_item(sitzung, top, by=context.who(), now=context.now())
        report(
            as_json,
            sitzung,
            f"TOP {top} {h('entfernt', 'removed')}; "
            + h(f"{len(m.items)} TOP(s) verbleiben", f"{len(m.items)} item(s) remain")
            + _told(m.state),
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


def _draft_note(m: Meeting, resolution: str) -> str:
    """After the Protokoll was drafted: whether the draft took the new wording."""
    if m.state != "protokoll_entwurf" or not resolution:
        return ""
    from dkbm import minutes

    if any(minutes.resolution_block(resolution, lang) in m.minutes for lang in ("de", "en")):
        return h(" (im Protokollentwurf nachgeführt)", " (updated in the draft minutes)")
    return h(
        " (im Protokollentwurf nicht gefunden: bitte dort nachtragen, "
        "'dkbm sitzung protokoll --datei')",
        " (not found in the draft minutes: please add it there, 'dkbm sitzung protokoll --datei')",
    )


def _told(state: str) -> str:
    if state != "eingeladen":
        return ""
    return h(" (geänderte Tagesordnung an die Mitglieder)", " (amended agenda sent to members)")
