"""`dkbm portal build|serve`: the public transparency portal."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

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
        erzwingen: Annotated[
            bool,
            typer.Option(
                "--erzwingen",
                help=h(
                    "auch in einen Ordner mit fremden Dateien schreiben (sie bleiben, nichts "
                    "Fremdes wird ersetzt oder entfernt)",
                    "write into a folder with foreign files too (they stay: nothing foreign "
                    "is replaced or removed)",
                ),
            ),
        ] = False,
        uebernehmen: Annotated[
            bool,
            typer.Option(
                "--uebernehmen",
                help=h(
                    "einmalig den Portalordner einer früheren dkbm-Version (ohne "
                    ".dkbm-portal.json) übernehmen: was sie geschrieben hat, wird ersetzt oder "
                    "entfernt, andere Dateien bleiben",
                    "take over, once, the portal folder of an earlier dkbm version (without "
                    ".dkbm-portal.json): what it wrote is replaced or removed, other files stay",
                ),
            ),
        ] = False,
        alle: Annotated[
            bool,
            typer.Option(
                "--alle",
                help=h(
                    "das Portal jeder Kommune mit AGS, die etwas veröffentlicht (einen "
                    "Strategiezyklus, eine öffentliche Sitzung oder ein öffentliches Dokument), "
                    "in ORDNER/<AGS>/, dazu ORDNER/index.html (die Kommunen) und ein "
                    "OParl-System für alle (ORDNER/oparl/system.json); gilt statt --kommune",
                    "the portal of every Kommune with an AGS that publishes anything (a "
                    "strategy cycle, a public meeting or a public document) in ORDNER/<AGS>/, "
                    "with ORDNER/index.html (the Kommunen) and one OParl System for all "
                    "(ORDNER/oparl/system.json); instead of --kommune",
                ),
            ),
        ] = False,
    ) -> None:
        from dkbm.portal.build import build as write
        from dkbm.states.i18n import t

        base = basis_url or os.environ.get("DKBM_PORTAL_URL", "")  # as the rebuild flow
        if alle:
            _build_all(ordner, base, erzwingen)
            return
        report = write(ordner, context.now(), base, force=erzwingen, take_over=uebernehmen)
        gone = report.removed
        removed = t("portal_removed_count", count=len(gone)) if gone else ""
        print(
            t(
                "portal_written",
                folder=safe(str(ordner)),
                pages=report.pages,
                written=report.written,
                unchanged=report.unchanged,
                removed=removed,
            )
        )
        if report.taken_over:
            print(t("portal_taken_over"))
        if gone:  # what an earlier build wrote and this one no longer does, named
            print(t("portal_removed", paths=_listed(gone)))
        if report.foreign:
            print(t("portal_foreign_kept", paths=_listed(report.foreign)))
        if report.cleaned:
            print(t("portal_cleaned", count=report.cleaned))
        if report.left:
            print(t("portal_left_beside", paths=_listed(report.left)))
        if not base:
            print(t("portal_no_base_url"))

    @app.command("serve", help=h("Gebautes Portal lokal ansehen.", "Preview a built portal."))
    def serve(
        ordner: Out,
        port: Annotated[int, typer.Option(help="Port", click_type=PORT)] = 8080,
        host: Annotated[str, typer.Option(help="Host")] = "127.0.0.1",
    ) -> None:
        from dkbm.portal.serve import serve as run

        run(ordner, host, port)

    return app


def _build_all(folder: Path, base: str, force: bool) -> None:
    """`portal build --alle`: one line per Kommune built, one for the index and System."""
    from dkbm.portal.many import build_all
    from dkbm.states.errors import DkbmError
    from dkbm.states.i18n import t

    report = build_all(folder, context.now(), base, force=force)
    for ags, built in report.built.items():
        _written(folder / ags, built)
    _written(folder, report.top)
    for ags, removed in report.withdrawn.items():
        print(t("portal_removed", paths=_listed([f"{ags}/{p}" for p in removed] or [ags])))
    if not base:
        print(t("portal_no_base_url"))
    for line in report.failed.values():
        print(safe(line))
    if report.failed:  # the others are built: the run says so, and fails
        raise DkbmError(
            "portal_not_written", folder=safe(str(folder)), detail=", ".join(report.failed)
        )


def _written(folder: Path, report: Any) -> None:
    from dkbm.states.i18n import t

    gone = report.removed
    removed = t("portal_removed_count", count=len(gone)) if gone else ""
    print(
        t(
            "portal_written",
            folder=safe(str(folder)),
            pages=report.pages,
            written=report.written,
            unchanged=report.unchanged,
            removed=removed,
        )
    )
    if report.foreign:
        print(t("portal_foreign_kept", paths=_listed(report.foreign)))


def _listed(paths: list[str]) -> str:
    """The first ten of *paths* and how many more, safe for the terminal."""
    more = f" (+{len(paths) - 10})" if len(paths) > 10 else ""
    return safe(", ".join(paths[:10]) + more)
