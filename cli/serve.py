"""`dkbm serve`: reminders, sending and digests on their schedules, with no cron of its own."""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated

import typer

from dkbm.cli.output import h
from dkbm.cli.types import PORT
from dkbm.states.errors import DkbmError


def add_serve_command(app: typer.Typer) -> None:
    @app.command(
        "serve",
        help=h(
            "Erinnerungen, Versand, Zusammenfassungen und Abgleich nach Zeitplan und "
            "Moderationsläufe ausführen (startet einen lokalen Prefect-Server, wenn "
            "PREFECT_API_URL fehlt).",
            "Run reminders, sending, digests and reconciliation on schedule, and moderation "
            "runs (starts a local Prefect server when PREFECT_API_URL is not set).",
        ),
    )
    def serve(
        port: Annotated[
            int,
            typer.Option(
                help=h("Port des lokalen Prefect-Servers", "local server port"),
                click_type=PORT,
            ),
        ] = 4200,
    ) -> None:
        from dkbm.flows import server as local
        from dkbm.flows.logformat import configure_from_env

        configure_from_env()

        server = None
        api = os.environ.get("PREFECT_API_URL")
        if api:
            from dkbm.flows.runs import checked_api_url
            from dkbm.store.settings import masked

            if not local.healthy(checked_api_url(api)):
                raise DkbmError("prefect_unreachable", url=masked(api))
        elif local.healthy(f"http://127.0.0.1:{port}/api"):
            # Left over from a serve that was killed: use it rather than refuse to start.
            print(
                h(
                    f"Prefect-Server auf Port {port} läuft schon und wird verwendet.",
                    f"A Prefect server already runs on port {port} and is used.",
                )
            )
            os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
        else:
            if not local.port_free(port):
                raise DkbmError("port_busy", port=port)
            print(
                h(
                    f"Starte lokalen Prefect-Server: http://127.0.0.1:{port}",
                    f"Starting a local Prefect server: http://127.0.0.1:{port}",
                )
            )
            server = local.start(port)
            if server is None:
                raise DkbmError("prefect_unreachable", url=f"http://127.0.0.1:{port}/api")
            os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
        # A coordinator waits for the next moderation step: look for runs every 2 s, not 10.
        os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", "2")
        # Until Prefect's runner takes over SIGTERM (once it runs), stop cleanly ourselves.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            from dkbm.flows.operations import serve_all
            from dkbm.flows.runs import link

            def announce(names: list[str]) -> None:
                ui = link("").removesuffix("/runs/flow-run/")
                print(
                    h(
                        f"dkbm führt aus: {', '.join(names)}. Prefect-UI: {ui} (Strg-C beendet)",
                        f"dkbm runs: {', '.join(names)}. Prefect UI: {ui} (Ctrl-C stops)",
                    ),
                    flush=True,
                )

            serve_all(announce)
        finally:
            if server is not None:
                local.stop(server)
