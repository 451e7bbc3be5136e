"""`dkbm serve`: reminders, sending and digests on their schedules, with no cron of its own."""

from __future__ import annotations

import os
import signal
import sys
import threading
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
            int | None,
            typer.Option(
                help=h(
                    "Port des lokalen Prefect-Servers (Vorgabe: DKBM_PREFECT_PORT, sonst 4200; "
                    "die anderen Befehle finden ihn dort)",
                    "local server port (default: DKBM_PREFECT_PORT, else 4200; the other "
                    "commands find it there)",
                ),
                click_type=PORT,
                show_default=False,
            ),
        ] = None,
    ) -> None:
        from dkbm.flows import runs
        from dkbm.flows import server as local
        from dkbm.flows.logformat import configure_from_env
        from dkbm.store.settings import masked, prefect_port

        configure_from_env()
        port = port or prefect_port()

        server = None
        api = os.environ.get("PREFECT_API_URL")
        if api:
            if not local.healthy(runs.checked_api_url(api)):
                raise DkbmError("prefect_unreachable", url=masked(api))
        elif local.healthy(f"http://127.0.0.1:{port}/api"):
            # Left over from a serve that was killed: use it rather than refuse to start.
            print(
                h(
                    f"Prefect-Server auf Port {port} läuft schon und wird verwendet.",
                    f"A Prefect server already runs on port {port} and is used.",
                )
            )
            api = f"http://127.0.0.1:{port}/api"
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
            api = f"http://127.0.0.1:{port}/api"
        # For this process (runs.settings) and the flow-run processes it starts.
        os.environ["PREFECT_API_URL"] = api
        # A coordinator waits for the next moderation step: look for runs every 2 s, not 10.
        os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", "2")
        # Until Prefect's runner takes over SIGTERM (once it runs), stop cleanly ourselves.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        stopping = threading.Event()
        lost: list[int] = []  # the exit code of the local server, had it ended by itself

        def server_ended(code: int) -> None:
            """Without its server a serve runs nothing: it stops, with an error, so that
            systemd (`Restart=on-failure`) starts both again."""
            if not stopping.is_set():
                lost.append(code)
                os.kill(os.getpid(), signal.SIGTERM)

        if server is not None:
            from dkbm.flows.shutdown import when_ended

            when_ended(server, server_ended)
        try:
            from dkbm.flows.operations import serve_all

            def announce(names: list[str]) -> None:
                ui = runs.link("").removesuffix("/runs/flow-run/")
                print(
                    h(
                        f"dkbm führt aus: {', '.join(names)}. Prefect-UI: {ui} (Strg-C beendet)",
                        f"dkbm runs: {', '.join(names)}. Prefect UI: {ui} (Ctrl-C stops)",
                    ),
                    flush=True,
                )

            def overdue() -> None:
                print(
                    h(
                        "dkbm serve endet, ohne weiter auf Prefect zu warten (der Server "
                        "antwortet nicht oder hält das Beenden auf); unterbrochene Läufe "
                        "markiert der Server später als Crashed.",
                        "dkbm serve ends without waiting any longer for Prefect (the server "
                        "does not answer or holds up the stop); the server marks interrupted "
                        "runs as Crashed later.",
                    ),
                    file=sys.stderr,
                    flush=True,
                )
                stopping.set()
                if server is not None:
                    local.stop(server)
                if lost:
                    error = DkbmError("prefect_server_ended", code=lost[0]).message()
                    print(h("Fehler: ", "Error: ") + error, file=sys.stderr, flush=True)
                    os._exit(1)

            with runs.settings():
                # Prefect's own pause on shutdown retries for a minute when the server is
                # gone; pause_served pauses only a server that answers.
                serve_all(announce, pause_on_shutdown=False, on_overdue=overdue)
        finally:
            stopping.set()
            pause_served(api)
            if server is not None:
                local.stop(server)
            if lost:  # instead of the SystemExit(0) of the stop it asked for
                raise DkbmError("prefect_server_ended", code=lost[0])


def pause_served(api: str) -> None:
    """Pause the schedules of this database's deployments, as Prefect's runner would on
    shutdown, but only if the server answers, and without retries: a stop takes seconds."""
    from dkbm.flows import runs
    from dkbm.flows.server import healthy

    if not healthy(api):
        return
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterTags
    from prefect.settings import PREFECT_CLIENT_MAX_RETRIES, temporary_settings

    try:
        with (
            temporary_settings({PREFECT_CLIENT_MAX_RETRIES: 0}),
            runs.connect() as client,
        ):
            served = client.read_deployments(
                deployment_filter=DeploymentFilter(
                    tags=DeploymentFilterTags(all_=[runs.database_tag()])
                )
            )
            for deployment in served:
                client.pause_deployment(deployment.id)
    except DkbmError:
        pass  # the server went away meanwhile: nothing to pause there
