"""`dkbm akteur ...`: the group, assembled from its parts, and the commands that add, list
and show Akteure and set how they are told (add, list, show, kanal, zustellung)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.actor_disclosure import add_disclosure_command
from dkbm.cli.imports import add_actor_import_commands
from dkbm.cli.output import JSON, emit_json, h, safe, table
from dkbm.cli.people import add_people_commands
from dkbm.cli.words import display

ChannelUrl = Annotated[
    str,
    typer.Argument(
        help=h(
            "Apprise-URL; zum Entfernen auch die Nummer aus 'show'",
            "Apprise URL; to remove, also its number from 'show'",
        )
    ),
]
Remove = Annotated[bool, typer.Option(help=h("entfernen", "remove"))]


def print_new_organisation(organisation_id: int | None, name: str) -> None:
    """What `--organisation` made: a record of its own, to be completed."""
    print(
        h("Organisation neu angelegt: Nr. ", "Organisation created: no. ")
        + f"{organisation_id} {safe(name)} "
        + h(
            f"(Art Sonstige; ergänzen mit 'dkbm organisation aendern {organisation_id} --art …')",
            f"(kind Sonstige; complete it with 'dkbm organisation aendern {organisation_id} "
            "--art …')",
        )
    )


def actors_app() -> typer.Typer:
    a = typer.Typer(help=h("Akteure verwalten.", "Manage actors."), no_args_is_help=True)

    @a.command("add", help=h("Akteur anlegen.", "Add an actor."))
    def add(
        name: Annotated[str, typer.Argument(help=h("Name der Person", "the person's name"))],
        organisation: Annotated[
            str,
            typer.Option(
                help=h(
                    "Organisation (Name; neu angelegt, wenn es sie noch nicht gibt)",
                    "organisation (name; created when new)",
                )
            ),
        ],
        email: Annotated[str, typer.Option(help="E-Mail")],
        sektor: Annotated[
            str,
            typer.Option(
                help="politik | verwaltung | bildungseinrichtungen | wirtschaft | zivilgesellschaft"
            ),
        ],
        bereich: Annotated[
            list[str] | None,
            typer.Option(help=h("Bildungsbereich (mehrfach)", "education area (repeatable)")),
        ] = None,
        einwilligung: Annotated[
            bool,
            typer.Option(help=h("Einwilligung zur Veröffentlichung", "consent to publication")),
        ] = False,
        sprache: Annotated[str, typer.Option(help="de | en")] = "de",
        kanal: Annotated[
            list[str] | None,
            typer.Option(
                help=h(
                    "Apprise-URL für Nachrichten (mehrfach); ohne: E-Mail über DKBM_MAIL_URL",
                    "Apprise URL for messages (repeatable); default: e-mail via DKBM_MAIL_URL",
                )
            ),
        ] = None,
        zustellung: Annotated[
            str,
            typer.Option(
                help=h("sofort | taeglich (Zusammenfassung)", "sofort | taeglich (digest)")
            ),
        ] = "sofort",
        funktion: Annotated[str, typer.Option(help=h("ihre Funktion dort", "her role there"))] = "",
        partner: Annotated[
            int | None,
            typer.Option(help=h("Partnerkommune eines Verbunds (Nr.)", "partner municipality")),
        ] = None,
    ) -> None:
        from dkbm import network, verbuende

        actor, new = network.enrol_actor(
            function=funktion,
            channels=kanal or [],
            delivery=zustellung,
            name=name,
            organisation=organisation,
            email=email,
            sector=sektor,
            areas=bereich or [],
            consent=einwilligung,
            lang=sprache,
            partner_id=partner,
            by=context.who(),
            now=context.now(),
        )
        print(h("Akteur angelegt: Nr. ", "Actor added: no. ") + f"{actor.id} {actor.name}")
        if new is not None:
            print_new_organisation(new.id, new.name)
        if partner is not None:
            p = verbuende.partner(partner)
            print(h("Partnerkommune: ", "Partner municipality: ") + f"{p.id} {safe(p.name)}")

    @a.command("list", help=h("Akteure auflisten.", "List actors."))
    def list_(as_json: JSON = False) -> None:
        from dkbm import queries

        docs = queries.actors()
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Nr.", "No."),
                "Name",
                "Organisation",
                h("Sektor", "Sector"),
                h("Bereiche", "Areas"),
                h("Einwilligung", "Consent"),
                "Status",
            ],
            [
                [
                    d["id"],
                    d["name"],
                    d["organisation"],
                    display("sektor", d["sektor"]),
                    [display("bildungsbereich", a) for a in d["bildungsbereiche"]],
                    h("ja", "yes") if d["einwilligung_veroeffentlichung"] else h("nein", "no"),
                    display("status", d["status"]),
                ]
                for d in docs
            ],
        )

    @a.command("show", help=h("Einen Akteur zeigen.", "Show one actor."))
    def show(
        actor_id: Annotated[
            int, typer.Argument(metavar="AKTEUR", help=h("Akteur-Nr.", "actor no."))
        ],
        as_json: JSON = False,
    ) -> None:
        from dkbm import disclosure, queries

        doc = queries.actor(actor_id)
        doc["einwilligung_verlauf"] = disclosure.consent_history(actor_id)
        if as_json:
            return emit_json(doc)
        yes, no = h("ja", "yes"), h("nein", "no")

        print(
            f"{doc['id']}: {doc['name']}"
            + (f", {doc['organisation']}" if doc["organisation"] else "")
        )
        if doc["funktion"]:
            print(f"  {h('Funktion', 'Role')}: {doc['funktion']}")
        if doc["status"] != "aktiv":
            print(f"  Status: {display('status', doc['status'])}")
        print(f"  E-Mail: {doc['email']}")
        print(f"  {h('Sektor', 'Sector')}: {display('sektor', doc['sektor'])}")
        areas = ", ".join(display("bildungsbereich", a) for a in doc["bildungsbereiche"])
        print(f"  {h('Bildungsbereiche', 'Education areas')}: {areas or '-'}")
        consent = yes if doc["einwilligung_veroeffentlichung"] else no
        print(f"  {h('Veröffentlichung erlaubt', 'Consent to publication')}: {consent}")
        if doc["einwilligung_verlauf"]:
            print(f"  {h('Einwilligung, Verlauf', 'Consent, history')}:")
        for e in doc["einwilligung_verlauf"]:
            given = h("erteilt", "given") if e["erteilt"] else h("nicht erteilt", "not given")
            at = datetime.fromisoformat(e["zeit"]).astimezone(context.BERLIN)
            shown = at.strftime(h("%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"))
            print(f"    {shown} {given} ({safe(e['von'])})")
        print(
            f"  {h('Sprache', 'Language')}: {doc['sprache']}, {h('Zustellung', 'Delivery')}: {display('zustellung', doc['zustellung'])}"
        )
        channels = [f"{i}) {c}" for i, c in enumerate(doc["kanaele"], start=1)]
        fallback = h("E-Mail (DKBM_MAIL_URL)", "e-mail (DKBM_MAIL_URL)")
        print(f"  {h('Kanäle', 'Channels')}: {', '.join(channels) or fallback}")
        boards = [f"{g['name']} ({display('rolle', g['rolle'])})" for g in doc["gremien"]]
        print(f"  {h('Gremien', 'Boards')}: {', '.join(boards) or '-'}")

    @a.command(
        "kanal",
        help=h(
            "Nachrichtenkanal (Apprise-URL) hinzufügen oder mit --entfernen löschen.",
            "Add a message channel (Apprise URL) or delete it with --entfernen.",
        ),
    )
    def channel(
        akteur: int,
        url: ChannelUrl,
        entfernen: Remove = False,
    ) -> None:
        from dkbm import network

        shown = network.set_actor_channel(
            actor_id=akteur, url=url, remove=entfernen, by=context.who(), now=context.now()
        )
        print(h("Kanäle: ", "Channels: ") + (", ".join(shown) or "-"))

    @a.command(
        "zustellung",
        help=h(
            "Sofort zustellen oder täglich zusammenfassen.", "Deliver at once or as a daily digest."
        ),
    )
    def delivery(
        akteur: int, art: Annotated[str, typer.Argument(help="sofort | taeglich")]
    ) -> None:
        from dkbm import network

        network.set_delivery(actor_id=akteur, mode=art, by=context.who(), now=context.now())
        print(h("Zustellung: ", "Delivery: ") + art)

    add_people_commands(a)
    add_disclosure_command(a)
    add_actor_import_commands(a)
    return a
