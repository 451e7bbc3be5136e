"""`dkbm gremium ...`: Gremien and Arbeitsgruppen, their members, notice period and channel."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.actors import ChannelUrl, Remove
from dkbm.cli.output import JSON, count, emit_json, h, table, when
from dkbm.cli.words import display


def has_quorum_rule(kind: object, percent: int) -> bool:
    """`states.meeting.has_quorum_rule`, imported when a board is shown."""
    from dkbm.states.meeting import has_quorum_rule as rule

    return rule(str(getattr(kind, "value", kind)), percent)


def _no_rule() -> str:
    """What an Arbeitsgruppe without a quorum rule shows where others show their quorum."""
    return h("keine Regel", "no rule")


def boards_app() -> typer.Typer:
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
                    f"{d['beschlussfaehig_ab']}/{d['stimmberechtigt']}"
                    if has_quorum_rule(d["art"], d["quorum_prozent"])
                    else _no_rule(),
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
        if not has_quorum_rule(doc["art"], doc["quorum_prozent"]):
            print(f"  Quorum: {_no_rule()}")
        else:
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
                start = when(m["beginn"])
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
        quorum = (
            h("beschlussfähig ab ", "quorate from ")
            + f"{board.quorum_needed}/{board.voting_members}"
            if has_quorum_rule(board.kind, board.quorum_percent)
            else f"Quorum: {_no_rule()}"
        )
        print(f"{board.name}: {members}, {quorum}")

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
