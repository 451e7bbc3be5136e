"""`dkbm sitzung ...`: the group, assembled from its parts, and the commands that plan a
meeting and show meetings (planen, list, show, verlauf)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.meeting_agenda import add_agenda_commands
from dkbm.cli.meeting_attendance import add_attendance_commands
from dkbm.cli.meeting_minutes import add_minutes_command
from dkbm.cli.meeting_output import (
    End,
    MeetingNo,
    Start,
    local,
    print_meeting,
    times,
    word,
)
from dkbm.cli.output import JSON, emit_json, h, safe, table, when
from dkbm.cli.tasks import add_task_command
from dkbm.states.errors import step_name


def meetings_app() -> typer.Typer:
    app = typer.Typer(
        help=h(
            "Sitzungen von Gremien und Arbeitsgruppen: Ladung, Tagesordnung, Anwesenheit, "
            "Beschlüsse, Protokoll, Aufgaben.",
            "Meetings of boards and working groups: invitation, agenda, attendance, "
            "decisions, minutes, tasks.",
        ),
        no_args_is_help=True,
    )

    @app.command("planen", help=h("Eine Sitzung planen.", "Plan a meeting."))
    def plan(
        gremium: Annotated[int, typer.Option(help=h("Gremium-Nr.", "board no."))],
        beginn: Start,
        ende: End = None,
        ort: Annotated[str, typer.Option(help=h("Ort", "place"))] = "",
        video: Annotated[str, typer.Option(help=h("Videolink", "video link"))] = "",
        oeffentlich: Annotated[
            bool,
            typer.Option("--oeffentlich/--nichtoeffentlich", help=h("öffentlich", "public")),
        ] = True,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meeting_queries, meetings

        start, end = times(beginn, ende)
        m = meetings.plan(
            board_id=gremium,
            starts_at=start,
            ends_at=end,
            place=ort,
            video=video,
            public=oeffentlich,
            by=context.who(),
            now=context.now(),
        )
        doc = meeting_queries.meeting(m.id or 0)
        if (late := meetings.late_notice(m, context.now())) is not None:
            print(late, file=sys.stderr)
        if as_json:
            return emit_json(doc)
        print(
            h("Sitzung ", "Meeting ")
            + f"{m.id} {h('geplant', 'planned')}: {safe(doc['gremium_name'])}, "
            + f"{local(doc['beginn'])}; "
            + h("Ladung spätestens ", "invitation due by ")
            + local(doc["ladung_bis"])
        )

    @app.command("list", help=h("Kommende Sitzungen (oder alle).", "Upcoming meetings (or all)."))
    def list_(
        gremium: Annotated[int | None, typer.Option(help=h("Gremium-Nr.", "board no."))] = None,
        alle: Annotated[
            bool,
            typer.Option("--alle", help=h("auch vergangene (Sitzungshistorie)", "include past")),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meeting_queries

        docs = meeting_queries.meetings(gremium, alle, context.now())
        if as_json:
            return emit_json(docs)
        if not docs:
            past = [] if alle else meeting_queries.meetings(gremium, True, context.now())
            return print(
                h("Keine kommenden Sitzungen", "No upcoming meetings")
                + (
                    h(f" ({len(past)} vergangene: --alle).", f" ({len(past)} past: --alle).")
                    if past
                    else "."
                )
            )
        table(
            [
                h("Nr.", "No."),
                h("Gremium", "Board"),
                h("Beginn", "Start"),
                h("Ort", "Place"),
                "TOPs",
                h("Zustand", "State"),
            ],
            [
                [
                    d["id"],
                    d["gremium_name"],
                    local(d["beginn"]),
                    d["ort"] or d["video"],
                    d["tops"],
                    word("sitzung", d["zustand"]),
                ]
                for d in docs
            ],
        )

    @app.command("show", help=h("Eine Sitzung mit Tagesordnung zeigen.", "Show a meeting."))
    def show(sitzung: MeetingNo, as_json: JSON = False) -> None:
        from dkbm import meeting_queries

        d = meeting_queries.meeting(sitzung)
        if as_json:
            return emit_json(d)
        print_meeting(d)

    @app.command("verlauf", help=h("Verlauf (Audit-Log) einer Sitzung.", "History (audit log)."))
    def history(sitzung: MeetingNo, as_json: JSON = False) -> None:
        from dkbm import meeting_queries

        docs = meeting_queries.history(sitzung)
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Zeit", "Time"),
                h("Von", "By"),
                h("Aktion", "Action"),
                h("Nach", "To"),
                h("Grund", "Reason"),
            ],
            [
                [
                    when(d["zeit"]),
                    d["von"],
                    step_name(d["schritt"]) if d["schritt"] else _action(d["aktion"]),
                    word("sitzung", d["nach"]),
                    d["grund"],
                ]
                for d in docs
            ],
        )

    add_agenda_commands(app)
    add_attendance_commands(app)
    add_minutes_command(app)
    add_task_command(app)
    return app


# What a meeting's audit entries record (as in --json), as the history table shows it
_ACTIONS = {
    "geplant": ("geplant", "planned"),
    "top": ("TOP", "agenda item"),
    "antwort": ("Antwort", "reply"),
    "anwesenheit": ("Anwesenheit", "attendance"),
    "abstimmung": ("Abstimmung", "vote"),
    "aufgabe": ("Aufgabe", "task"),
    "verschoben": ("verschoben", "moved"),
}


def _action(action: str) -> str:
    names = _ACTIONS.get(action)
    return h(*names) if names else action.replace("_", " ")
