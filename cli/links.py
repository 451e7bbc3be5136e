"""`dkbm link zeigen|erneuern|widerrufen`: an Akteur's personal links, for the coordinator
who passes one on by phone, replaces a lost one or ends one."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, table, when

LinkNo = Annotated[int, typer.Argument(metavar="LINK", help=h("Link-Nr.", "link no."))]


def _purpose(doc: dict[str, Any]) -> str:
    from dkbm.states.i18n import t

    return t(f"link_purpose_{doc['zweck']}")


def links_app() -> typer.Typer:
    app = typer.Typer(
        help=h(
            "Persönliche Links der Akteure: zeigen, erneuern, widerrufen.",
            "Actors' personal links: show, renew, withdraw.",
        ),
        no_args_is_help=True,
    )

    @app.command(
        "zeigen",
        help=h(
            "Die offenen Links eines Akteurs (zum Weitergeben, etwa am Telefon).",
            "An actor's open links (to pass one on, say by phone).",
        ),
    )
    def show(
        akteur: Annotated[int, typer.Argument(metavar="AKTEUR", help=h("Akteur-Nr.", "actor no."))],
        as_json: JSON = False,
    ) -> None:
        from dkbm import member_links
        from dkbm.states.i18n import t

        docs = member_links.listing(akteur, context.now())
        if as_json:
            return emit_json(docs)
        if not docs:
            print(t("link_none_open", akteur=akteur))
            return
        table(
            [
                h("Nr.", "No."),
                h("Zweck", "Purpose"),
                h("Objekt", "Object"),
                h("gültig bis", "valid until"),
                "URL",
            ],
            [
                [d["id"], _purpose(d), d["bezeichnung"], when(d["gueltig_bis"]), d["url"]]
                for d in docs
            ],
        )

    @app.command(
        "erneuern",
        help=h(
            "Einen Link ersetzen: der alte gilt sofort nicht mehr; gibt den neuen aus.",
            "Replace a link: the old one stops working at once; prints the new one.",
        ),
    )
    def renew(link: LinkNo, as_json: JSON = False) -> None:
        from dkbm import member_links

        doc = member_links.renew(link, by=context.who(), now=context.now())
        if as_json:
            return emit_json(doc)
        print(
            h("Link ", "Link ")
            + f"{link} {h('erneuert als', 'renewed as')} {doc['id']} "
            + f"({h('gültig bis', 'valid until')} {when(doc['gueltig_bis'])}):"
        )
        print(doc["url"])

    @app.command(
        "widerrufen",
        help=h(
            "Einen Link beenden: er öffnet danach nichts mehr.",
            "End a link: it opens nothing from then on.",
        ),
    )
    def withdraw(link: LinkNo) -> None:
        from dkbm import member_links

        member_links.withdraw(link, by=context.who(), now=context.now())
        print(h("Link ", "Link ") + f"{link} {h('widerrufen', 'withdrawn')}.")

    return app
