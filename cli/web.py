"""`dkbm web`: the members' web app (personal links) under uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from dkbm.cli.output import h
from dkbm.cli.types import PORT, Number


def add_web_command(app: typer.Typer) -> None:
    @app.command(
        "web",
        help=h(
            "Die Mitgliederseiten hinter persönlichen Links ausliefern (Rückmeldung, Stimme, "
            "Zu- oder Absage, Aufgabe erledigt). Öffentliche Adresse: DKBM_WEB_URL; davor "
            "gehört ein Webserver mit TLS (docs/operations.md).",
            "Serve the members' pages behind personal links (feedback, vote, meeting reply, "
            "task done). Public address: DKBM_WEB_URL; put a web server with TLS in front "
            "(docs/operations.md).",
        ),
    )
    def web(
        host: Annotated[
            str, typer.Option(help=h("Adresse, an der gelauscht wird", "address to listen on"))
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(help=h("Port", "port"), click_type=PORT)] = 8300,
        workers: Annotated[
            int,
            typer.Option(
                help=h("Anzahl der Worker-Prozesse", "number of worker processes"),
                click_type=Number(1, 64),
            ),
        ] = 1,
    ) -> None:
        from dkbm.store.settings import web_url
        from dkbm.web import server

        server.check_schema()
        server.check_settings()
        server.check_port(host, port)
        print(
            h(
                f"dkbm web auf http://{host}:{port} (öffentlich: {web_url()}); Strg-C beendet",
                f"dkbm web on http://{host}:{port} (public: {web_url()}); Ctrl-C stops",
            ),
            flush=True,
        )
        from dkbm.store import tenant

        asked = tenant.asked()
        if isinstance(asked, str) and asked:
            # uvicorn's worker processes read the Kommune from the environment, not from
            # this process's context (`--kommune` ties the app to that Kommune's links)
            os.environ["DKBM_KOMMUNE"] = asked
        server.run(host, port, workers)
