"""`dkbm health`: one summary line and an exit code for monitoring (0 OK, 1 WARNING, 2 CRITICAL)."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import emit_json, h


def add_health_command(app: typer.Typer) -> None:
    @app.command(
        "health",
        help=h(
            "Zustand für die Überwachung (Icinga, Nagios, Zabbix): Datenbank, Postausgang, "
            "Prefect-Server, Worker, letzte Läufe, wartende Moderationen. Rückgabe 0 OK, "
            "1 WARNING, 2 CRITICAL.",
            "State for monitoring (Icinga, Nagios, Zabbix): database, outbox, Prefect server, "
            "workers, last runs, waiting moderations. Exit 0 OK, 1 WARNING, 2 CRITICAL.",
        ),
    )
    def health(
        as_json: Annotated[
            bool, typer.Option("--json", help=h("JSON statt Text", "JSON instead of text"))
        ] = False,
        ohne_prefect: Annotated[
            bool,
            typer.Option(
                "--ohne-prefect",
                help=h("nur Datenbank und Postausgang prüfen", "check database and outbox only"),
            ),
        ] = False,
        warte_tage: Annotated[
            int,
            typer.Option(
                help=h(
                    "Moderationen, die länger warten, sind eine Warnung",
                    "moderations waiting longer are a warning",
                )
            ),
        ] = 14,
    ) -> None:
        from dkbm import health as checks

        now = context.now()
        found = checks.database(now)
        if not ohne_prefect:
            from dkbm.flows.health import prefect

            found += prefect(now, warte_tage)
        status = checks.worst(found)
        if as_json:
            emit_json({"status": status, "pruefungen": [c.doc() for c in found]})
        else:
            problems = [f"{c.name}: {c.detail}" for c in found if c.status != checks.OK]
            summary = "; ".join(problems) if problems else h("alles in Ordnung", "all is well")
            print(f"DKBM {status} - {summary}")
            for c in found:
                print(f"  [{c.status}] {c.name}: {c.detail}")
        raise typer.Exit(checks.EXIT[status])
