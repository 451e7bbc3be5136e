"""`dkbm sitzung aufgabe` (a task from an agenda item) and `dkbm aufgabe list|erledigt|frist`."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.meeting_output import ItemNo, MeetingNo, report, tasks_table
from dkbm.cli.output import JSON, emit_json, h


def add_task_command(app: typer.Typer) -> None:
    @app.command(
        "aufgabe",
        help=h("Eine Aufgabe aus einem TOP vergeben.", "Assign a task from an agenda item."),
    )
    def task(
        sitzung: MeetingNo,
        top: ItemNo,
        titel: Annotated[str, typer.Option(help=h("Titel", "title"))],
        akteur: Annotated[
            int, typer.Option(help=h("verantwortlich (Akteur-Nr.)", "owner (actor no.)"))
        ],
        frist: Annotated[str, typer.Option(help=h("TT.MM.JJJJ", "DD.MM.YYYY"))],
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        task_id = meetings.add_task(
            sitzung,
            top,
            title=titel,
            owner_id=akteur,
            due_at=context.parse_moment(frist, "--frist", end_of_day=True),
            by=context.who(),
            now=context.now(),
        )
        report(
            as_json, sitzung, h("Aufgabe ", "Task ") + f"{task_id} " + h("angelegt.", "created.")
        )


def tasks_app() -> typer.Typer:
    app = typer.Typer(
        help=h("Aufgaben aus Sitzungen.", "Tasks from meetings."), no_args_is_help=True
    )

    @app.command("list", help=h("Aufgaben zeigen.", "List tasks."))
    def list_(
        offen: Annotated[bool, typer.Option("--offen", help=h("nur offene", "open only"))] = False,
        akteur: Annotated[
            int | None, typer.Option(help=h("nur dieses Akteurs", "only this actor's"))
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meeting_queries

        docs = meeting_queries.tasks(owner_id=akteur, only_open=offen)
        if as_json:
            return emit_json(docs)
        tasks_table(docs)

    @app.command("erledigt", help=h("Eine Aufgabe als erledigt melden.", "Report a task as done."))
    def done(
        aufgabe: Annotated[
            int, typer.Argument(metavar="AUFGABE", help=h("Aufgaben-Nr.", "task no."))
        ],
        bemerkung: Annotated[str, typer.Option(help=h("Bemerkung", "note"))] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        row = meetings.complete_task(aufgabe, note=bemerkung, by=context.who(), now=context.now())
        if as_json:
            from dkbm import meeting_queries

            return emit_json(meeting_queries.task_doc(row, {}))
        print(h("Aufgabe ", "Task ") + f"{aufgabe} " + h("erledigt.", "done."))

    @app.command(
        "frist",
        help=h("Die Frist einer Aufgabe verschieben.", "Move a task's deadline."),
    )
    def deadline(
        aufgabe: Annotated[
            int, typer.Argument(metavar="AUFGABE", help=h("Aufgaben-Nr.", "task no."))
        ],
        datum: Annotated[
            str,
            typer.Argument(
                metavar="DATUM", help=h("neue Frist TT.MM.JJJJ", "new deadline DD.MM.YYYY")
            ),
        ],
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        due_at = context.parse_moment(datum, "DATUM", end_of_day=True)
        row = meetings.move_task_deadline(aufgabe, due_at, by=context.who(), now=context.now())
        if as_json:
            from dkbm import meeting_queries

            return emit_json(meeting_queries.task_doc(row, {}))
        print(
            h("Aufgabe ", "Task ")
            + f"{aufgabe}: "
            + h("neue Frist ", "new deadline ")
            + due_at.astimezone(context.BERLIN).strftime("%d.%m.%Y")
        )

    return app
