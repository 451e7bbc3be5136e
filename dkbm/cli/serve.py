"""`dkbm serve`: reminders, sending and digests on their schedules, with no cron of its own."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from dkbm.cli.output import h


def add_serve_command(app: typer.Typer) -> None:
    @app.command(
        "serve",
        help=h(
            "Erinnerungen, Versand und Zusammenfassungen als Prefect-Deployments nach Zeitplan "
            "ausführen (startet einen lokalen Prefect-Server, wenn PREFECT_API_URL fehlt).",
            "Run reminders, sending and digests as scheduled Prefect deployments (starts a local "
            "Prefect server when PREFECT_API_URL is not set).",
        ),
    )
    def serve(
        port: Annotated[
            int, typer.Option(help=h("Port des lokalen Prefect-Servers", "local server port"))
        ] = 4200,
    ) -> None:
        server = None
        if not os.environ.get("PREFECT_API_URL"):
            server = _start_local_server(port)
        try:
            from flows.operations import serve_all

            serve_all()
        finally:
            if server is not None:
                from flows.server import stop

                stop(server)


def _start_local_server(port: int):  # type: ignore[no-untyped-def]
    from flows import server as local

    print(
        h(
            f"Starte lokalen Prefect-Server: http://127.0.0.1:{port}",
            f"Starting a local Prefect server: http://127.0.0.1:{port}",
        )
    )
    process = local.start(port)
    if process is None:
        from states.errors import DkbmError

        raise DkbmError(
            "database_unreachable",
            url=f"http://127.0.0.1:{port}/api",
            detail="Prefect-Server startet nicht",
        )
    os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    return process
