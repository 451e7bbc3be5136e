"""`dkbm kommune add|list|zugang`: the Kommunen one installation serves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, safe


def add_tenant_commands(k: typer.Typer) -> None:
    @k.command(
        "add",
        help=h(
            "Eine Kommune anlegen (mehrere Kommunen in einer Datenbank: PostgreSQL, jede mit AGS).",
            "Add a municipality (several in one database: PostgreSQL, each with its AGS).",
        ),
    )
    def add(
        name: Annotated[str, typer.Argument(metavar="NAME", help=h("Name", "name"))],
        ags: Annotated[
            str,
            typer.Option(
                "--ags",
                metavar="AGS",
                help=h(
                    "Amtlicher Gemeindeschlüssel (8 Ziffern)",
                    "official municipality key (8 digits)",
                ),
            ),
        ],
        kontakt: Annotated[
            str,
            typer.Option(
                help=h(
                    "Zeichnungsbefugter Kontakt, erhält Eskalationen",
                    "sign-off contact, receives escalations",
                )
            ),
        ],
        kontakt_email: Annotated[str, typer.Option("--kontakt-email")],
        bundesland: Annotated[
            str, typer.Option(help=h("NW, BY, …; leer: nach dem AGS", "NW, BY, …; empty: by AGS"))
        ] = "",
        form: Annotated[
            str, typer.Option(help="zusatzaufgabe | personalstelle | bildungsbuero")
        ] = "bildungsbuero",
        verortung: Annotated[str, typer.Option(help="stabsstelle | linie")] = "stabsstelle",
    ) -> None:
        from dkbm import kommunen
        from dkbm.cli.words import display

        fields = {
            "name": name,
            "form": form,
            "placement": verortung,
            "contact_name": kontakt,
            "contact_email": kontakt_email,
        }
        if bundesland:
            fields["bundesland"] = bundesland
        m = kommunen.add(by=context.who(), now=context.now(), ags=ags, **fields)
        print(
            h("Kommune angelegt: ", "Municipality recorded: ")
            + f"{m.ags} {safe(m.name)} ({m.bundesland}), {display('form', m.form.value)}"
        )
        print(
            h(
                f"Befehle für sie: --kommune {m.ags} oder DKBM_KOMMUNE={m.ags}",
                f"Commands for it: --kommune {m.ags} or DKBM_KOMMUNE={m.ags}",
            )
        )

    @k.command("list", help=h("Die Kommunen dieser Datenbank.", "The municipalities here."))
    def listing(as_json: JSON = False) -> None:
        from dkbm import kommunen

        rows = kommunen.listed()
        if as_json:
            return emit_json(rows)
        if not rows:
            print(h("Keine Kommune eingerichtet.", "No municipality set up."))
            return
        for r in rows:
            role = f"  {h('Rolle', 'role')} {r['rolle']}" if r["rolle"] else ""
            ags = r["ags"] or h("ohne AGS", "without AGS")
            print(f"{ags:<10} {safe(r['name'])} ({r['bundesland']}){role}")

    @k.command(
        "entfernen",
        help=h(
            "Eine Kommune mit allem, was zu ihr gehört, entfernen; vorher wird alles in eine "
            "Datei exportiert (JSON, 0600).",
            "Remove a municipality with everything of it; everything is exported into a file "
            "first (JSON, 0600).",
        ),
    )
    def remove(
        ags: Annotated[str, typer.Argument(metavar="AGS")],
        export: Annotated[
            Path,
            typer.Option(
                "--export",
                metavar="DATEI",
                help=h("wohin alles vorher geschrieben wird", "where everything is written first"),
            ),
        ],
        bestaetigen: Annotated[
            str,
            typer.Option(
                "--bestaetigen",
                metavar="AGS",
                help=h("den AGS noch einmal, zur Bestätigung", "the AGS once more, to confirm"),
            ),
        ],
        as_json: JSON = False,
    ) -> None:
        from dkbm import kommunen

        doc = kommunen.remove(
            ags=ags, confirm=bestaetigen, export_file=export, by=context.who(), now=context.now()
        )
        if as_json:
            return emit_json(doc)
        print(
            h("Kommune entfernt: ", "Municipality removed: ")
            + f"{doc['ags']} {safe(doc['name'])}, {doc['zeilen']} "
            + h("Zeilen; alles vorher exportiert nach ", "rows; everything exported first to ")
            + f"{doc['datei']} (SHA-256 {doc['export_sha256'][:16]}…)"
        )

    @k.command(
        "zugang",
        help=h(
            "Einen Datenbankzugang nur für diese Kommune anlegen (PostgreSQL); URL und Passwort "
            "stehen danach in der Datei, die Ausgabe zeigt kein Passwort.",
            "Create a database login for this municipality alone (PostgreSQL); the URL with its "
            "password goes into the file, the output shows no password.",
        ),
    )
    def access(
        ags: Annotated[str, typer.Argument(metavar="AGS")],
        datei: Annotated[
            Path | None,
            typer.Option(
                "--datei",
                metavar="DATEI",
                help=h(
                    "Umgebungsdatei (0600), Vorgabe: dkbm-AGS.env",
                    "environment file (0600), default: dkbm-AGS.env",
                ),
            ),
        ] = None,
        ersetzen: Annotated[
            bool,
            typer.Option(
                "--ersetzen",
                help=h(
                    "eine vorhandene Datei ersetzen (das Passwort darin gilt dann nicht mehr)",
                    "replace an existing file (the password in it stops working)",
                ),
            ),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import kommunen

        doc = kommunen.grant_access(
            ags=ags,
            env_file=datei or Path(f"dkbm-{ags.strip()}.env"),
            replace=ersetzen,
            by=context.who(),
            now=context.now(),
        )
        if as_json:
            return emit_json(doc)
        print(h("Zugang für ", "Login for ") + f"{doc['ags']}: {h('Rolle', 'role')} {doc['rolle']}")
        print(f"  {doc['url']}")
        print(
            h("  URL mit Passwort in ", "  URL with password in ")
            + f"{doc['datei']} (0600); "
            + h(
                "mit dieser Verbindung sieht man nur die Zeilen dieser Kommune.",
                "connected so, one sees this municipality's rows alone.",
            )
        )
        print(
            h(
                "  Ein früher ausgegebenes Passwort dieser Kommune gilt nicht mehr.",
                "  A password given out earlier for this municipality no longer works.",
            )
        )
