"""`dkbm portal build|serve`: the public transparency portal."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import h, safe
from dkbm.cli.types import PORT

Out = Annotated[Path, typer.Argument(metavar="ORDNER", help=h("Zielordner", "target folder"))]


def portal_app() -> typer.Typer:
    app = typer.Typer(
        help=h(
            "Das öffentliche Transparenzportal: statische Seiten, Feeds, offene Daten.",
            "The public transparency portal: static pages, feeds, open data.",
        ),
        no_args_is_help=True,
    )

    @app.command(
        "build", help=h("Portal in ORDNER schreiben.", "Write the portal to the folder ORDNER.")
    )
    def build(
        ordner: Out,
        basis_url: Annotated[
            str,
            typer.Option(
                help=h(
                    "öffentliche Adresse (für Feeds und OParl), z. B. "
                    "https://bildung.kreis.example/; ohne: DKBM_PORTAL_URL",
                    "public address (for feeds and OParl); without: DKBM_PORTAL_URL",
                )
            ),
        ] = "",
    ) -> None:
        from dkbm.documents import file_error
        from dkbm.portal.build import build as write
        from dkbm.states.errors import InvalidValue

        if ordner.exists() and not ordner.is_dir():
            raise InvalidValue("ORDNER", str(ordner), h("ein Ordner, keine Datei", "a folder"))
        base = basis_url or os.environ.get("DKBM_PORTAL_URL", "")  # as the rebuild flow
        try:
            report = write(ordner, context.now(), base)
        except OSError as exc:
            raise InvalidValue("ORDNER", str(ordner), file_error(exc, writing=True)) from None
        gone = report.removed
        removed = f", {len(gone)} {h('entfernt', 'removed')}" if gone else ""
        print(
            h("Portal geschrieben: ", "Portal written: ")
            + f"{ordner} ({report.pages} {h('Seiten', 'pages')}, {report.written} "
            + h("Dateien geschrieben, ", "files written, ")
            + f"{report.unchanged} {h('unverändert', 'unchanged')}{removed})"
        )
        if gone:  # the portal's own folders: what no longer belongs there, named
            shown = ", ".join(gone[:10]) + (f" (+{len(gone) - 10})" if len(gone) > 10 else "")
            print(h("Entfernt: ", "Removed: ") + safe(shown))
        if not base:
            print(
                h(
                    "Hinweis: ohne --basis-url (oder DKBM_PORTAL_URL) zeigen Feeds und OParl auf "
                    "http://localhost:8080/: gut für die Vorschau, nicht zum Veröffentlichen.",
                    "Note: without --basis-url (or DKBM_PORTAL_URL) feeds and OParl point to "
                    "http://localhost:8080/: fine for the preview, not for publishing.",
                )
            )

    @app.command("serve", help=h("Gebautes Portal lokal ansehen.", "Preview a built portal."))
    def serve(
        ordner: Out,
        port: Annotated[int, typer.Option(help="Port", click_type=PORT)] = 8080,
        host: Annotated[str, typer.Option(help="Host")] = "127.0.0.1",
    ) -> None:
        from dkbm.portal.serve import serve as run

        run(ordner, host, port)

    return app
