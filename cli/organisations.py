"""`dkbm organisation add|list|show|aendern|zusammenfuehren|loeschen`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.imports import add_organisation_import_commands
from dkbm.cli.output import JSON, count, emit_json, h, safe, table
from dkbm.cli.words import display

Org = Annotated[
    int, typer.Argument(metavar="ORGANISATION", help=h("Organisations-Nr.", "organisation no."))
]
KINDS = (
    "kita | schule | hochschule | traeger | betrieb | kammer | verein | amt | stiftung | sonstige"
)
SECTORS = "politik | verwaltung | bildungseinrichtungen | wirtschaft | zivilgesellschaft"
_FIELD_WORDS = {
    "name": "--name",
    "kind": "--art",
    "sector": "--sektor",
    "areas": "--bereich",
    "locality": "--gemeinde",
    "address": "--adresse",
    "website": "--website",
}


def organisations_app() -> typer.Typer:
    o = typer.Typer(
        help=h(
            "Organisationen im Netzwerk (Kitas, Schulen, Träger, Betriebe, Kammern, Vereine …).",
            "Organisations in the network (day-care, schools, providers, companies, chambers, "
            "associations …).",
        ),
        no_args_is_help=True,
    )

    @o.command("add", help=h("Organisation anlegen.", "Add an organisation."))
    def add(
        name: Annotated[str, typer.Argument(help=h("Name der Organisation", "its name"))],
        art: Annotated[str, typer.Option(help=KINDS)],
        sektor: Annotated[str, typer.Option(help=SECTORS)],
        bereich: Annotated[
            list[str] | None,
            typer.Option(help=h("Bildungsbereich (mehrfach)", "education area (repeatable)")),
        ] = None,
        gemeinde: Annotated[
            str, typer.Option(help=h("Sozialraum oder Gemeinde", "district or municipality"))
        ] = "",
        adresse: Annotated[str, typer.Option(help=h("Anschrift", "address"))] = "",
        website: Annotated[str, typer.Option(help="https://…")] = "",
    ) -> None:
        from dkbm import organisations

        org = organisations.add(
            name=name,
            kind=art,
            sector=sektor,
            areas=bereich or [],
            locality=gemeinde,
            address=adresse,
            website=website,
            by=context.who(),
            now=context.now(),
        )
        print(
            h("Organisation angelegt: Nr. ", "Organisation added: no. ")
            + f"{org.id} {safe(org.name)} ({display('organisationsart', org.kind.value)})"
        )

    @o.command("list", help=h("Organisationen auflisten.", "List organisations."))
    def list_(as_json: JSON = False) -> None:
        from dkbm import organisation_queries

        docs = organisation_queries.organisations()
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Nr.", "No."),
                "Name",
                h("Art", "Kind"),
                h("Sektor", "Sector"),
                h("Bereiche", "Areas"),
                h("Gemeinde", "Locality"),
                h("Akteure", "Actors"),
            ],
            [
                [
                    d["id"],
                    d["name"],
                    display("organisationsart", d["art"]),
                    display("sektor", d["sektor"]),
                    [display("bildungsbereich", a) for a in d["bildungsbereiche"]],
                    d["gemeinde"] or "-",
                    d["akteure"],
                ]
                for d in docs
            ],
        )

    @o.command("show", help=h("Eine Organisation mit ihren Akteuren.", "One organisation."))
    def show(organisation: Org, as_json: JSON = False) -> None:
        from dkbm import organisation_queries

        doc = organisation_queries.organisation(organisation)
        if as_json:
            return emit_json(doc)
        _print(doc)

    @o.command(
        "aendern",
        help=h(
            "Angaben einer Organisation ändern (nur die genannten).",
            "Change an organisation's details (only those given).",
        ),
    )
    def change(
        organisation: Org,
        name: Annotated[str | None, typer.Option(help="Name")] = None,
        art: Annotated[str | None, typer.Option(help=KINDS)] = None,
        sektor: Annotated[str | None, typer.Option(help=SECTORS)] = None,
        bereich: Annotated[
            list[str] | None,
            typer.Option(help=h("Bildungsbereiche (ersetzt alle)", "education areas (replaces)")),
        ] = None,
        gemeinde: Annotated[
            str | None, typer.Option(help=h("Sozialraum oder Gemeinde", "district"))
        ] = None,
        adresse: Annotated[str | None, typer.Option(help=h("Anschrift", "address"))] = None,
        website: Annotated[
            str | None, typer.Option(help=h("https://… (leer: keine)", "https://… (empty: none)"))
        ] = None,
    ) -> None:
        from dkbm import organisations

        changed = organisations.change(
            organisation,
            by=context.who(),
            now=context.now(),
            name=name,
            kind=art,
            sector=sektor,
            areas=bereich,
            locality=gemeinde,
            address=adresse,
            website=website,
        )
        if not changed:
            print(h("Nichts geändert.", "Nothing changed."))
            return
        print(
            h("Organisation ", "Organisation ")
            + f"{organisation} {h('geändert', 'changed')}: "
            + ", ".join(_FIELD_WORDS.get(k, k) for k in changed)
        )

    @o.command(
        "zusammenfuehren",
        help=h(
            "Organisation B in A überführen: ihre Akteure gehören dann zu A (Gremien und AGs "
            "bleiben), B wird entfernt.",
            "Merge organisation B into A: its actors then belong to A (boards and working "
            "groups stay), B is removed.",
        ),
    )
    def merge(
        ziel: Annotated[int, typer.Argument(metavar="A", help=h("bleibt (Nr.)", "stays (no.)"))],
        quelle: Annotated[
            int, typer.Argument(metavar="B", help=h("geht in A auf (Nr.)", "merged into A (no.)"))
        ],
    ) -> None:
        from dkbm import organisations

        done = organisations.merge(ziel, quelle, by=context.who(), now=context.now())
        moved = count(len(done["akteure"]), h("Akteur", "actor"), h("Akteure", "actors"))
        print(
            h("Organisation ", "Organisation ")
            + f"{quelle} ({safe(done['name'])}) {h('in', 'merged into')} {ziel}"
            + h(" überführt: ", ": ")
            + f"{moved} {h('übernommen', 'moved')}"
        )

    @o.command(
        "loeschen",
        help=h(
            "Organisation entfernen, zu der kein Akteur mehr gehört.",
            "Remove an organisation no actor belongs to.",
        ),
    )
    def delete(organisation: Org) -> None:
        from dkbm import organisations

        name = organisations.delete(organisation, by=context.who(), now=context.now())
        print(
            h("Organisation ", "Organisation ")
            + f"{organisation} ({safe(name)}) {h('gelöscht', 'deleted')}"
        )

    add_organisation_import_commands(o)
    return o


def _print(doc: dict[str, Any]) -> None:
    print(f"{doc['id']}: {safe(doc['name'])} ({display('organisationsart', doc['art'])})")
    print(f"  {h('Sektor', 'Sector')}: {display('sektor', doc['sektor'])}")
    areas = ", ".join(display("bildungsbereich", a) for a in doc["bildungsbereiche"])
    print(f"  {h('Bildungsbereiche', 'Education areas')}: {areas or '-'}")
    print(f"  {h('Sozialraum/Gemeinde', 'District')}: {safe(doc['gemeinde']) or '-'}")
    print(f"  {h('Anschrift', 'Address')}: {safe(doc['adresse']) or '-'}")
    print(f"  Website: {safe(doc['website']) or '-'}")
    if not doc["akteure"]:
        print(f"  {h('Akteure', 'Actors')}: -")
        return
    print(f"  {h('Akteure', 'Actors')}:")
    table(
        [h("Nr.", "No."), "Name", h("Funktion", "Role"), "Status"],
        [
            [a["id"], a["name"], a["funktion"] or "-", display("status", a["status"])]
            for a in doc["akteure"]
        ],
    )
