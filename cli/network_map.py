"""`dkbm netzwerk list|verbinden|beenden|entfernen|bild`: relations between organisations
and the picture of the network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, day, emit_json, h, safe, table

Rel = Annotated[int, typer.Argument(metavar="BEZIEHUNG", help=h("Beziehungs-Nr.", "relation no."))]
KINDS = "kooperationsvereinbarung | traegerschaft | foerderung | mitgliedschaft | netzwerkpartner"
DAY = h("JJJJ-MM-TT oder TT.MM.JJJJ", "YYYY-MM-DD or DD.MM.YYYY")


def _today() -> Any:
    return context.now().astimezone(context.BERLIN).date()


def _kind(value: str) -> str:
    from dkbm.states.i18n import language
    from dkbm.states.relations import kind_name

    return kind_name(value, language())


def _start(doc: dict[str, Any], today: Any) -> str:
    """The first day; one still to come as "ab TT.MM.JJJJ" (not current yet)."""
    if not doc["von"]:
        return "-"
    if doc["von"] > today.isoformat():
        return f"{h('ab', 'from')} {day(doc['von'])}"
    return day(doc["von"])


def network_app() -> typer.Typer:
    g = typer.Typer(
        help=h(
            "Beziehungen zwischen Organisationen und das Bild des Netzwerks.",
            "Relations between organisations and the picture of the network.",
        ),
        no_args_is_help=True,
    )

    @g.command(
        "list",
        help=h(
            "Beziehungen auflisten (laufende; mit --alle auch beendete und künftige).",
            "List relations (current ones; with --alle ended and future ones too).",
        ),
    )
    def list_(
        organisation: Annotated[
            int | None,
            typer.Option(help=h("nur die dieser Organisation", "only those of this organisation")),
        ] = None,
        alle: Annotated[
            bool,
            typer.Option(
                "--alle", help=h("auch beendete und künftige", "ended and future ones too")
            ),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import relation_queries
        from dkbm.states.i18n import t

        today = _today()
        docs = relation_queries.relations(today, ended_too=alle, organisation=organisation)
        if as_json:
            return emit_json(docs)
        if not docs:
            print(t("relation_none"))
            return None
        table(
            [h("Nr.", "No."), h("Von", "From"), h("Zu", "To"), h("Art", "Kind"),
             h("Beginn", "Start"), h("Ende", "End"), h("Notiz", "Note")],
            [
                [
                    d["id"],
                    f"{d['von_organisation']['id']} {d['von_organisation']['name']}",
                    f"{d['zu_organisation']['id']} {d['zu_organisation']['name']}",
                    _kind(d["art"]),
                    _start(d, today),
                    day(d["bis"]) if d["bis"] else "-",
                    d["notiz"] or "-",
                ]
                for d in docs
            ],
        )  # fmt: skip
        return None

    @g.command(
        "verbinden",
        help=h(
            "Beziehung von Organisation A zu Organisation B anlegen.",
            "Add a relation from organisation A to organisation B.",
        ),
    )
    def connect(
        a: Annotated[int, typer.Argument(metavar="A", help=h("von Organisation", "from"))],
        b: Annotated[int, typer.Argument(metavar="B", help=h("zu Organisation", "to"))],
        art: Annotated[str, typer.Option(help=KINDS)],
        von: Annotated[
            str | None, typer.Option(help=h("gültig ab: ", "valid from: ") + DAY)
        ] = None,
        bis: Annotated[str | None, typer.Option(help=h("gültig bis: ", "valid to: ") + DAY)] = None,
        notiz: Annotated[str, typer.Option(help=h("Notiz (eine Zeile)", "note (one line)"))] = "",
    ) -> None:
        from dkbm import relations
        from dkbm.states.i18n import t

        rel = relations.add(
            a,
            b,
            kind=art,
            valid_from=context.parse_day(von, "--von") if von else None,
            valid_to=context.parse_day(bis, "--bis") if bis else None,
            note=notiz,
            by=context.who(),
            now=context.now(),
        )
        print(t("relation_added", id=rel.id, source=a, target=b, kind=_kind(rel.kind.value)))

    @g.command(
        "beenden",
        help=h(
            "Beziehung beenden (sie bleibt mit ihrem Ende erhalten).",
            "End a relation (it is kept with its end).",
        ),
    )
    def end(
        beziehung: Rel,
        zum: Annotated[
            str | None,
            typer.Option(
                "--zum",
                "--bis",  # as `netzwerk verbinden --bis` names a relation's last day
                help=h("letzter Tag (ohne: heute): ", "last day (default: today): ") + DAY,
            ),
        ] = None,
    ) -> None:
        from dkbm import relations
        from dkbm.states.i18n import t

        last = context.parse_day(zum, "--zum") if zum else _today()
        rel = relations.end(beziehung, on=last, by=context.who(), now=context.now())
        print(t("relation_ended", id=rel.id, day=day(last)))

    @g.command(
        "entfernen",
        help=h(
            "Beziehung entfernen (eine irrtümlich erfasste; das Protokoll behält sie).",
            "Remove a relation (one recorded by mistake; the audit log keeps it).",
        ),
    )
    def remove(beziehung: Rel) -> None:
        from dkbm import relations
        from dkbm.states.i18n import t

        rel = relations.remove(beziehung, by=context.who(), now=context.now())
        print(t("relation_removed", id=rel.id, source=rel.from_id, target=rel.to_id,
                kind=_kind(rel.kind.value)))  # fmt: skip

    @g.command(
        "bild",
        help=h(
            "Bild des Netzwerks als SVG (Organisationen nach Sektor, Farbe nach "
            "Bildungsbereich, Gremien und AGs als Knoten) und als Text.",
            "Picture of the network as SVG (organisations by sector, coloured by education "
            "area, boards and working groups as hubs) and as text.",
        ),
    )
    def picture(
        ausgabe: Annotated[
            Path | None,
            typer.Option(
                "--ausgabe",
                help=h(
                    "SVG in diese Datei schreiben (ersetzt sie); ohne: SVG auf die Ausgabe",
                    "write the SVG to this file (replaces it); default: to the output",
                ),
            ),
        ] = None,
        text: Annotated[
            bool,
            typer.Option(
                "--text",
                help=h(
                    "das Bild in Worten (für Screenreader): wer in welchem Sektor, welches "
                    "Gremium wen verbindet, welche Beziehungen laufen",
                    "the picture in words (for screen readers): who is in which sector, "
                    "which board connects whom, which relations run",
                ),
            ),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import network_map
        from dkbm.states.i18n import language, t

        lang = language()
        net = network_map.read(_today())
        if as_json:
            return emit_json(network_map.in_words(net, lang))
        if text:
            for line in network_map.text(net, lang).splitlines():
                print(safe(line))
            return None
        drawn = network_map.svg(net, lang)
        if ausgabe is None:
            print(drawn, end="")
            return None
        from dkbm.file_output import write_replacing

        write_replacing(ausgabe, drawn.encode())
        print(
            t(
                "network_picture_written",
                path=safe(str(ausgabe)),
                organisations=len(net.organisations),
                relations=len(net.relations),
                hubs=len(net.hubs),
            )
        )
        return None

    return g
