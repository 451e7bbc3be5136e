"""`dkbm portal build|serve`: the public transparency portal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import h

Out = Annotated[Path, typer.Argument(metavar="ORDNER", help=h("Zielordner", "target folder"))]


def portal_app() -> typer.Typer:
    app = typer.Typer(
        help=h(
            "Das öffentliche Transparenzportal: statische Seiten, Feeds, offene Daten.",
            "The public transparency portal: static pages, feeds, open data.",
        ),
        no_args_is_help=True,
    )

    @app.command("build", help=h("Portal in ORDNER schreiben.", "Write the portal to FOLDER."))
    def build(
        ordner: Out,
        basis_url: Annotated[
            str,
            typer.Option(
                help=h(
                    "öffentliche Adresse (für Feeds), z. B. https://bildung.kreis.example/",
                    "public address (for feeds)",
                )
            ),
        ] = "",
    ) -> None:
        from portal.build import build as write

        report = write(ordner, context.now(), basis_url)
        print(
            h("Portal geschrieben: ", "Portal written: ")
            + f"{ordner} ({report.pages} {h('Seiten', 'pages')}, {report.written} "
            + h("Dateien neu, ", "files new, ")
            + f"{report.unchanged} {h('unverändert', 'unchanged')})"
        )

    @app.command("serve", help=h("Gebautes Portal lokal ansehen.", "Preview a built portal."))
    def serve(
        ordner: Out,
        port: Annotated[int, typer.Option(help="Port")] = 8080,
        host: Annotated[str, typer.Option(help="Host")] = "127.0.0.1",
    ) -> None:
        from portal.serve import serve as run

        run(ordner, host, port)

    return app
