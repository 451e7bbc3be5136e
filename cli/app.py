"""The command tree: `dkbm init|db|akteur|gremium|zyklus|demo`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, count, emit_json, h, table
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
    ) -> None:
        """dkbm."""

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
    from dkbm.cli.people import add_people_commands, municipality_app

    actors = _actors()
    add_people_commands(actors)
    app.add_typer(actors, name="akteur")
    app.add_typer(municipality_app(), name="kommune")
    app.add_typer(_boards(), name="gremium")

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
    from dkbm.cli.portal import portal_app

    app.add_typer(portal_app(), name="portal")
    from dkbm.cli.reports import reports_app

    app.add_typer(reports_app(), name="bericht")
    from dkbm.cli.health import add_health_command
    from dkbm.cli.serve import add_serve_command

    add_serve_command(app)
    add_health_command(app)
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
    bundesland: Annotated[str, typer.Option(help="NW, BY, ...")] = "NW",
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
    else:
        network.checked_bundesland(bundesland)
    upgrade()
    print(h("Datenbank eingerichtet: ", "Database ready: ") + safe_url(database_url()))
    if kommune:
        m = network.setup_municipality(by=context.who(), now=context.now(), **fields)
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


def _actors() -> typer.Typer:
    a = typer.Typer(help=h("Akteure verwalten.", "Manage actors."), no_args_is_help=True)

    @a.command("add", help=h("Akteur anlegen.", "Add an actor."))
    def add(
        name: Annotated[str, typer.Argument(help=h("Name der Person", "the person's name"))],
        organisation: Annotated[str, typer.Option(help="Organisation")],
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
    ) -> None:
        from dkbm import network

        actor = network.add_actor(
            channels=kanal or [],
            delivery=zustellung,
            name=name,
            organisation=organisation,
            email=email,
            sector=sektor,
            areas=bereich or [],
            consent=einwilligung,
            lang=sprache,
            by=context.who(),
            now=context.now(),
        )
        print(h("Akteur angelegt: Nr. ", "Actor added: no. ") + f"{actor.id} {actor.name}")

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
        from dkbm import queries

        doc = queries.actor(actor_id)
        if as_json:
            return emit_json(doc)
        yes, no = h("ja", "yes"), h("nein", "no")

        print(
            f"{doc['id']}: {doc['name']}"
            + (f", {doc['organisation']}" if doc["organisation"] else "")
        )
        if doc["status"] != "aktiv":
            print(f"  Status: {display('status', doc['status'])}")
        print(f"  E-Mail: {doc['email']}")
        print(f"  {h('Sektor', 'Sector')}: {display('sektor', doc['sektor'])}")
        areas = ", ".join(display("bildungsbereich", a) for a in doc["bildungsbereiche"])
        print(f"  {h('Bildungsbereiche', 'Education areas')}: {areas or '-'}")
        consent = yes if doc["einwilligung_veroeffentlichung"] else no
        print(f"  {h('Veröffentlichung erlaubt', 'Consent to publication')}: {consent}")
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

    return a


def _boards() -> typer.Typer:
    g = typer.Typer(
        help=h("Gremien und Arbeitsgruppen verwalten.", "Manage boards and working groups."),
        no_args_is_help=True,
    )

    @g.command(
        "add", help=h("Gremium oder Arbeitsgruppe anlegen.", "Add a board or working group.")
    )
    def add(
        name: Annotated[str, typer.Argument(help=h("Name des Gremiums", "the board's name"))],
        art: Annotated[str, typer.Option(help="gremium | arbeitsgruppe")] = "gremium",
        quorum: Annotated[
            int | None,
            typer.Option(
                help=h(
                    "beschlussfähig, wenn mehr als QUORUM % der Stimmberechtigten anwesend sind "
                    "(Gremium: 50; Arbeitsgruppe: keine Regel)",
                    "quorate when more than QUORUM % of voting members are present "
                    "(board: 50; working group: no rule)",
                )
            ),
        ] = None,
        ladungsfrist: Annotated[
            int, typer.Option(help=h("Ladungsfrist in Tagen", "notice period in days"))
        ] = 7,
        arbeitstage: Annotated[
            bool,
            typer.Option(
                help=h(
                    "Ladungsfrist in Arbeitstagen (mit den Feiertagen des Bundeslands)",
                    "notice period in working days (with the Bundesland's holidays)",
                )
            ),
        ] = False,
    ) -> None:
        from dkbm import network

        board = network.add_board(
            name=name,
            kind=art,
            quorum_percent=quorum,
            notice_days=ladungsfrist,
            notice_working_days=arbeitstage,
            by=context.who(),
            now=context.now(),
        )
        print(h("Gremium angelegt: Nr. ", "Board added: no. ") + f"{board.id} {board.name}")

    @g.command(
        "ladungsfrist",
        help=h("Die Ladungsfrist eines Gremiums ändern.", "Change a board's notice period."),
    )
    def notice(
        gremium: Annotated[int, typer.Argument(help=h("Gremium-Nr.", "board no."))],
        tage: Annotated[int, typer.Argument(help=h("Tage", "days"))],
        arbeitstage: Annotated[
            bool,
            typer.Option(
                "--arbeitstage/--kalendertage",
                help=h("in Arbeitstagen oder Kalendertagen", "working or calendar days"),
            ),
        ] = False,
    ) -> None:
        from dkbm import meetings

        board = meetings.set_notice(gremium, tage, arbeitstage, by=context.who(), now=context.now())
        unit = h("Arbeitstage", "working days") if arbeitstage else h("Tage", "days")
        print(f"{board.name}: {h('Ladungsfrist', 'notice period')} {tage} {unit}")

    @g.command("list", help=h("Gremien auflisten.", "List boards."))
    def list_(as_json: JSON = False) -> None:
        from dkbm import queries

        docs = queries.boards()
        if as_json:
            return emit_json(docs)
        table(
            [h("Nr.", "No."), "Name", h("Art", "Kind"), h("Mitglieder", "Members"), "Quorum"],
            [
                [
                    d["id"],
                    d["name"],
                    display("gremienart", d["art"]),
                    len(d["mitglieder"]),
                    f"{d['beschlussfaehig_ab']}/{d['stimmberechtigt']}",
                ]
                for d in docs
            ],
        )

    @g.command(
        "show", help=h("Ein Gremium mit Mitgliedern zeigen.", "Show a board and its members.")
    )
    def show(
        gremium: Annotated[int, typer.Argument(help=h("Gremium-Nr.", "board no."))],
        as_json: JSON = False,
    ) -> None:
        from dkbm import meeting_queries, queries
        from dkbm.cli.meeting_output import state_word

        doc = queries.board(gremium)
        doc["kommende_sitzungen"] = meeting_queries.meetings(gremium, now=context.now())
        if as_json:
            return emit_json(doc)
        print(f"{doc['id']}: {doc['name']} ({display('gremienart', doc['art'])})")
        if doc["art"] == "gremium" or doc["quorum_prozent"]:
            print(
                f"  {h('beschlussfähig ab', 'quorate from')} {doc['beschlussfaehig_ab']} "
                f"{h('von', 'of')} {doc['stimmberechtigt']} "
                f"{h('Stimmberechtigten', 'voting members')}"
            )
        unit = (
            h("Arbeitstage", "working days")
            if doc["ladungsfrist_arbeitstage"]
            else h("Tage", "days")
        )
        print(f"  {h('Ladungsfrist', 'notice period')}: {doc['ladungsfrist_tage']} {unit}")

        names = {m["akteur"]: m["name"] for m in doc["mitglieder"]}
        table(
            [h("Nr.", "No."), "Name", "Organisation", h("Sektor", "Sector"), h("Rolle", "Role")],
            [
                [
                    m["akteur"],
                    m["name"],
                    m["organisation"],
                    display("sektor", m["sektor"]),
                    display("rolle", m["rolle"])
                    + (
                        f" {h('für', 'for')} {names.get(m['vertritt'], m['vertritt'])}"
                        if m.get("vertritt")
                        else ""
                    ),
                ]
                for m in doc["mitglieder"]
            ],
        )
        if doc["kommende_sitzungen"]:
            print()
            print(h("Kommende Sitzungen:", "Upcoming meetings:"))
            for m in doc["kommende_sitzungen"]:
                start = m["beginn"][:16].replace("T", " ")
                print(
                    f"  {m['id']}: {start}  {m['ort'] or m['video']}  ({state_word(m['zustand'])})"
                )

    @g.command(
        "mitglied",
        help=h(
            "Akteure als Mitglieder setzen (oder mit --entfernen austragen).",
            "Set actors as members (or remove them with --entfernen).",
        ),
    )
    def member(
        gremium: int,
        akteure: Annotated[list[int], typer.Argument(help=h("Akteur-Nummern", "actor numbers"))],
        rolle: Annotated[
            str, typer.Option(help="vorsitz | mitglied | stellvertretung | gast")
        ] = "mitglied",
        entfernen: Annotated[bool, typer.Option(help=h("austragen", "remove"))] = False,
        vertritt: Annotated[
            int | None,
            typer.Option(
                help=h(
                    "bei stellvertretung: Nr. des vertretenen Mitglieds",
                    "with stellvertretung: the member stood in for",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import network

        board = network.set_member(
            board_id=gremium,
            actor_ids=akteure,
            role=None if entfernen else rolle,
            by=context.who(),
            now=context.now(),
            deputy_for=vertritt,
        )
        members = count(len(board.members), h("Mitglied", "member"), h("Mitglieder", "members"))
        print(
            f"{board.name}: {members}, "
            + h("beschlussfähig ab ", "quorate from ")
            + f"{board.quorum_needed}/{board.voting_members}"
        )

    @g.command(
        "kanal",
        help=h(
            "Kanal des Gremiums (z. B. Teams- oder Matrix-Raum) hinzufügen oder entfernen.",
            "Add or remove the board's channel (e.g. a Teams or Matrix room).",
        ),
    )
    def channel(
        gremium: int,
        url: ChannelUrl,
        entfernen: Remove = False,
    ) -> None:
        from dkbm import network

        shown = network.set_board_channel(
            board_id=gremium, url=url, remove=entfernen, by=context.who(), now=context.now()
        )
        print(h("Kanäle: ", "Channels: ") + (", ".join(shown) or "-"))

    return g


def demo() -> None:
    from dkbm.demo import run

    run()
