"""`dkbm fristen ...`: deadlines, the reminder sweep and the reminder plans."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, table, when
from dkbm.cli.words import display
from dkbm.states.i18n import t


def _overdue(status: str, due: str) -> str:
    """An open deadline that has passed is shown as overdue (it is stored as open)."""
    from datetime import datetime

    if status == "offen" and datetime.fromisoformat(due) < context.now():
        return "ueberfaellig"
    return status


def deadlines_app() -> typer.Typer:
    f = typer.Typer(
        help=h("Fristen und Erinnerungen.", "Deadlines and reminders."), no_args_is_help=True
    )

    @f.command("list", help=h("Alle Fristen.", "All deadlines."))
    def list_(as_json: JSON = False) -> None:
        from dkbm import queries

        docs = queries.deadlines()
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Nr.", "No."),
                h("Zyklus", "Cycle"),
                h("Art", "Kind"),
                h("Bezug", "Ref"),
                h("Frist", "Due"),
                "Status",
                h("Nächste Prüfung", "Next check"),
            ],
            [
                [
                    d["id"],
                    d["zyklus"],
                    display("frist", d["art"]),
                    d["bezug_text"],
                    when(d["frist"]),
                    display("fristenstatus", _overdue(d["status"], d["frist"])),
                    when(d["naechste_pruefung"])
                    if d["naechste_pruefung"] and d["status"] == "offen"
                    else None,
                ]
                for d in docs
            ],
        )

    @f.command(
        "pruefen",
        help=h(
            "Fällige Erinnerungen und Eskalationen jetzt einreihen.",
            "Queue due reminders and escalations now.",
        ),
    )
    def sweep(
        stapel: Annotated[int, typer.Option(min=1, help=h("Stapelgröße", "batch size"))] = 500,
    ) -> None:
        from dkbm.cli.messages import served
        from dkbm.deadlines import sweep as run_sweep

        report = run_sweep(context.now(), stapel)
        print(
            h(
                f"{report.deadlines} Fristen geprüft, {report.queued} Nachrichten eingereiht ({report.batches} Stapel).",
                f"{report.deadlines} deadlines checked, {report.queued} messages queued ({report.batches} batches).",
            )
        )
        if report.kommunen:
            print(served(report.kommunen))

    @f.command(
        "plan",
        help=h(
            "Erinnerungspläne zeigen oder für eine Fristart ändern (Arbeitstage).",
            "Show reminder plans, or change the plan of one kind of deadline (working days).",
        ),
    )
    def plan(
        art: Annotated[
            str | None, typer.Argument(help="beteiligung | abstimmung | massnahme_bericht")
        ] = None,
        vorher: Annotated[
            str | None,
            typer.Option(help=h("Arbeitstage vorher, z. B. 7,2", "working days before, e.g. 7,2")),
        ] = None,
        am_tag: Annotated[
            bool | None,
            typer.Option(
                "--am-tag/--nicht-am-tag", help=h("Erinnerung am Fristtag", "reminder on the day")
            ),
        ] = None,
        ueberfaellig: Annotated[
            str | None,
            typer.Option(help=h("Arbeitstage danach, z. B. 1", "working days after, e.g. 1")),
        ] = None,
        eskalation: Annotated[
            int | None,
            typer.Option(
                help=h(
                    "Eskalation nach N Arbeitstagen (0: nie)",
                    "escalate after N working days (0: never)",
                )
            ),
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dataclasses import replace

        from dkbm.cli.plans import parse_days
        from dkbm.deadlines import plans, set_plan
        from dkbm.states.errors import InvalidValue
        from dkbm.states.reminders import DEFAULT_PLANS
        from dkbm.store.db import session

        with session() as s:
            current = plans(s)
            if art is not None and art not in DEFAULT_PLANS:
                raise InvalidValue("art", art, ", ".join(DEFAULT_PLANS))
            if art is not None and any(
                v is not None for v in (vorher, am_tag, ueberfaellig, eskalation)
            ):
                changed = current[art]
                if vorher is not None:
                    changed = replace(changed, before=parse_days(vorher, "--vorher"))
                if am_tag is not None:
                    changed = replace(changed, on_the_day=am_tag)
                if ueberfaellig is not None:
                    changed = replace(changed, overdue=parse_days(ueberfaellig, "--ueberfaellig"))
                if eskalation is not None:
                    if not 0 <= eskalation <= 60:
                        raise InvalidValue("--eskalation", eskalation, t("expected_working_days"))
                    changed = replace(changed, escalate_after=eskalation or None)
                set_plan(s, art, changed)
                current[art] = changed
        docs = [
            {
                "art": kind,
                "vorher": list(p.before),
                "am_tag": p.on_the_day,
                "ueberfaellig": list(p.overdue),
                "eskalation": p.escalate_after,
            }
            for kind, p in current.items()
            if art is None or kind == art
        ]
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Art", "Kind"),
                h("vorher", "before"),
                h("am Tag", "on the day"),
                h("überfällig", "overdue"),
                h("Eskalation", "escalation"),
            ],
            [
                [
                    display("frist", d["art"]),
                    d["vorher"],
                    d["am_tag"],
                    d["ueberfaellig"],
                    d["eskalation"],
                ]
                for d in docs
            ],
        )

    return f
