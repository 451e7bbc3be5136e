"""`dkbm sitzung protokoll`: the minutes (Protokoll) drafted, edited, exported and sent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.meeting_output import MeetingNo
from dkbm.cli.output import JSON, emit_json, h
from dkbm.states.errors import InvalidValue


def add_minutes_command(app: typer.Typer) -> None:
    @app.command(
        "protokoll",
        help=h(
            "Protokoll zeigen, entwerfen, bearbeiten (--datei), exportieren (--export) oder versenden.",
            "Show, draft, edit (--datei), export (--export) or send the minutes.",
        ),
    )
    def protocol(
        sitzung: MeetingNo,
        entwerfen: Annotated[
            bool,
            typer.Option(
                "--entwerfen",
                help=h("Entwurf aus den Sitzungsdaten erzeugen", "draft from the meeting's data"),
            ),
        ] = False,
        datei: Annotated[
            Path | None,
            typer.Option(help=h("bearbeitete Fassung (Markdown)", "edited version (Markdown)")),
        ] = None,
        export: Annotated[
            Path | None,
            typer.Option(help=h("nach DATEI.html oder DATEI.pdf", "to FILE.html or FILE.pdf")),
        ] = None,
        versenden: Annotated[
            bool,
            typer.Option("--versenden", help=h("an die Mitglieder senden", "send to the members")),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings, minutes
        from dkbm.states.i18n import language

        by, now = context.who(), context.now()
        say = (lambda *_: None) if as_json else print
        if entwerfen:
            meetings.draft_minutes(
                sitzung, minutes.draft(sitzung, by=by, lang=language()), by=by, now=now
            )
            say(h("Protokollentwurf erstellt.", "Draft minutes created."))
        if datei is not None:
            try:
                text = datei.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidValue("--datei", str(datei), type(exc).__name__) from None
            meetings.edit_minutes(sitzung, text, by=by, now=now)
            say(h("Protokoll gespeichert.", "Minutes saved."))
        if export is not None:
            if export.suffix.lower() not in (".html", ".pdf"):
                raise InvalidValue("--export", str(export), ".html | .pdf")
            data = (
                minutes.pdf(sitzung, language())
                if export.suffix.lower() == ".pdf"
                else minutes.document(sitzung, language()).encode()
            )
            export.write_bytes(data)
            say(h("Geschrieben: ", "Written: ") + str(export))
        if versenden:
            from dkbm import meeting_queries

            with_text = meeting_queries.minutes_text(sitzung)
            m = meetings.send_minutes(
                sitzung,
                html=minutes.body_html(with_text),
                text=with_text,
                pdf=minutes.pdf(sitzung, language()),
                by=by,
                now=now,
            )
            say(h("Protokoll im Postausgang.", "Minutes queued.") + f" ({m.id})")
        if not (entwerfen or datei or export or versenden):
            from dkbm import meeting_queries

            say(
                meeting_queries.minutes_text(sitzung)
                or h("(noch kein Protokoll)", "(no minutes yet)")
            )
        if as_json:
            from dkbm import meeting_queries

            emit_json(
                {
                    **meeting_queries.meeting(sitzung),
                    "protokoll": meeting_queries.minutes_text(sitzung),
                }
            )
