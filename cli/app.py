"""The command tree: `dkbm init|db|demo`, and every group, built only as far as a call needs."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import h
from dkbm.cli.words import display


def build(args: list[str] | None = None) -> Any:
    """The command tree; with *args*, only the branch they name (building every command
    costs ~1.5 ms each, and a command should answer fast)."""
    app = typer.Typer(
        help=h(
            "dkbm: Strategiezyklen, Gremien und Fristen der Bildungskoordination.",
            "dkbm: strategy cycles, boards and deadlines of municipal education coordination.",
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def root(
        lang: Annotated[
            str, typer.Option("--lang", help=h("Sprache: de oder en", "language: de or en"))
        ] = "de",
        kommune: Annotated[
            str | None,
            typer.Option(
                "--kommune",
                metavar="AGS",
                help=h(
                    "die Kommune (AGS), für die der Befehl gilt, überall in der Zeile "
                    "(Vorgabe: DKBM_KOMMUNE, sonst die einzige)",
                    "the Kommune (AGS) the command is for, anywhere on the line (default: "
                    "DKBM_KOMMUNE, else the only one)",
                ),
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """dkbm. Both options are read before the command tree is built (`dkbm.cli`):
        listed here for the help."""

    app.command(
        "init",
        help=h(
            "Datenbank einrichten (Migrationen) und optional die Kommune anlegen.",
            "Set up the database (migrations) and optionally record the municipality.",
        ),
    )(init)
    db = typer.Typer(help=h("Datenbank verwalten.", "Manage the database."), no_args_is_help=True)
    db.command("upgrade", help=h("Migrationen anwenden.", "Apply migrations."))(db_upgrade)
    app.add_typer(db, name="db")
    from dkbm.cli.actors import actors_app
    from dkbm.cli.boards import boards_app
    from dkbm.cli.people import municipality_app

    app.add_typer(actors_app(), name="akteur")
    app.add_typer(municipality_app(), name="kommune")
    app.add_typer(boards_app(), name="gremium")
    from dkbm.cli.organisations import organisations_app

    app.add_typer(organisations_app(), name="organisation")

    from dkbm.cli.cycles import cycles_app
    from dkbm.cli.deadlines import deadlines_app
    from dkbm.cli.messages import messages_app

    app.add_typer(cycles_app(), name="zyklus")
    from dkbm.cli.items import goals_app, measures_app

    app.add_typer(goals_app(), name="ziel")
    app.add_typer(measures_app(), name="massnahme")
    app.add_typer(messages_app(), name="nachrichten")
    app.add_typer(deadlines_app(), name="fristen")
    from dkbm.cli.indicators import indicators_app

    app.add_typer(indicators_app(), name="kennzahl")
    from dkbm.cli.documents import documents_app

    app.add_typer(documents_app(), name="wissen")
    from dkbm.cli.meetings import meetings_app
    from dkbm.cli.tasks import tasks_app

    app.add_typer(meetings_app(), name="sitzung")
    app.add_typer(tasks_app(), name="aufgabe")
    from dkbm.cli.links import links_app

    app.add_typer(links_app(), name="link")
    from dkbm.cli.portal import portal_app

    app.add_typer(portal_app(), name="portal")
    from dkbm.cli.reports import reports_app

    app.add_typer(reports_app(), name="bericht")
    from dkbm.cli.selection import selection_app

    app.add_typer(selection_app(), name="auswahl")
    from dkbm.cli.network_map import network_app

    app.add_typer(network_app(), name="netzwerk")
    from dkbm.cli.verbuende import verbuende_app

    app.add_typer(verbuende_app(), name="verbund")
    from dkbm.cli.health import add_health_command
    from dkbm.cli.serve import add_serve_command

    add_serve_command(app)
    add_health_command(app)
    from dkbm.cli.web import add_web_command

    add_web_command(app)
    app.command(
        "demo",
        help=h(
            "Beispiel-Landkreis anlegen und einen Zyklus bis zur Umsetzung durchspielen.",
            "Set up a sample district and run a cycle through to implementation.",
        ),
    )(demo)
    if args and not {"--help", "-h"} & set(args):
        _prune(app, [a for a in args if not a.startswith("-")])
    return typer.main.get_command(app)


def _prune(app: typer.Typer, words: list[str]) -> None:
    group = next((g for g in app.registered_groups if words and g.name == words[0]), None)
    if group is None or group.typer_instance is None:
        return
    sub = group.typer_instance
    chosen = [c for c in sub.registered_commands if len(words) > 1 and c.name == words[1]]
    if chosen:
        sub.registered_commands = chosen
    app.registered_groups = [group]
    app.registered_commands = []


def init(
    kommune: Annotated[str | None, typer.Option(help=h("Name der Kommune", "municipality"))] = None,
    ags: Annotated[
        str | None,
        typer.Option(
            "--ags",
            metavar="AGS",
            help=h(
                "Amtlicher Gemeindeschlüssel (8 Ziffern)", "official municipality key (8 digits)"
            ),
        ),
    ] = None,
    bundesland: Annotated[
        str,
        typer.Option(
            help=h("NW, BY, …; leer: nach dem AGS, sonst NW", "NW, BY, …; empty: by AGS, else NW")
        ),
    ] = "",
    form: Annotated[
        str, typer.Option(help="zusatzaufgabe | personalstelle | bildungsbuero")
    ] = "bildungsbuero",
    verortung: Annotated[str, typer.Option(help="stabsstelle | linie")] = "stabsstelle",
    kontakt: Annotated[
        str,
        typer.Option(
            help=h(
                "Zeichnungsbefugter Kontakt (Verwaltungsspitze bzw. Dezernats-/Amtsleitung)",
                "sign-off contact (chief executive or head of department)",
            )
        ),
    ] = "",
    kontakt_email: Annotated[str, typer.Option("--kontakt-email")] = "",
) -> None:
    from dkbm import network
    from dkbm.store.db import database_url, safe_url
    from dkbm.store.migrate import upgrade

    if not bundesland:
        from dkbm.states.kommune import checked_ags, land_of

        bundesland = land_of(checked_ags(ags)) if ags else "NW"
    fields = {
        "name": kommune or "",
        "bundesland": bundesland,
        "form": form,
        "placement": verortung,
        "contact_name": kontakt or "-",
        "contact_email": kontakt_email or "kontakt@example.org",
    }
    if kommune:
        network.municipality_from(**fields)
        if ags:
            from dkbm.states.kommune import checked_ags, checked_land

            checked_land(checked_ags(ags), bundesland)
    else:
        network.checked_bundesland(bundesland)
    upgrade()
    print(h("Datenbank eingerichtet: ", "Database ready: ") + safe_url(database_url()))
    if kommune:
        m = network.setup_municipality(by=context.who(), now=context.now(), ags=ags, **fields)
        print(
            h("Kommune angelegt: ", "Municipality recorded: ")
            + f"{m.name} ({m.bundesland}), {display('form', m.form.value)}, "
            + f"{display('verortung', m.placement.value)} -> {display('eskalation', m.escalation_role)}"
        )


def db_upgrade() -> None:
    from dkbm.store.db import database_url, safe_url
    from dkbm.store.migrate import upgrade

    upgrade()
    print(h("Migrationen angewendet: ", "Migrations applied: ") + safe_url(database_url()))


def demo() -> None:
    from dkbm.cli.demo import run

    run()
