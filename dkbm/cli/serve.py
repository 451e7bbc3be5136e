"""`dkbm serve`: reminders, sending and digests on their schedules, with no cron of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
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
                server.terminate()
                server.wait(timeout=30)


def _start_local_server(port: int) -> subprocess.Popen[bytes]:
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_API_URL": api}
    print(
        h(
            f"Starte lokalen Prefect-Server: http://127.0.0.1:{port}",
            f"Starting a local Prefect server: http://127.0.0.1:{port}",
        )
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own session: Ctrl-C or a service manager's SIGTERM reach `dkbm serve`, which
        # pauses its deployments on the still running server and then stops the server.
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                if response.status == 200:
                    os.environ["PREFECT_API_URL"] = api
                    return server
        except OSError:
            time.sleep(0.5)
        if server.poll() is not None:
            break
    server.kill()
    from states.errors import DkbmError

    raise DkbmError("database_unreachable", url=api, detail="Prefect-Server startet nicht")
