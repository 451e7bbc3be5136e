"""`dkbm verbund add|list|show|aendern|beenden|partner|partner-entfernen|gremium|zyklus|
massnahme|akteur`: regionale Verbünde with neighbouring Kommunen."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, day, emit_json, h, safe, table
from dkbm.cli.words import display

VerbundNo = Annotated[int, typer.Argument(metavar="VERBUND", help=h("Verbund-Nr.", "alliance no."))]
Day = Annotated[str | None, typer.Option(help=h("Tag (JJJJ-MM-TT)", "day (YYYY-MM-DD)"))]
Remove = Annotated[bool, typer.Option("--entfernen", help=h("Zuordnung lösen", "unset"))]


def _day(value: str | None, option: str) -> Any:
    return context.parse_day(value, option) if value else None


def _partners(doc: dict[str, Any]) -> str:
    return ", ".join(safe(p["name"]) for p in doc["partner"]) or "–"


def _period(doc: dict[str, Any]) -> str:
    start = day(doc["von"]) if doc["von"] else "…"
    return f"{start} – {day(doc['bis']) if doc['bis'] else '…'}"


def verbuende_app() -> typer.Typer:
    v = typer.Typer(
        help=h(
            "Regionale Verbünde mit Nachbarkommunen: Partner, Vereinbarung, Gremium, "
            "gemeinsame Zyklen und Maßnahmen.",
            "Regional alliances with neighbouring municipalities: partners, agreement, board, "
            "cycles and measures run together.",
        ),
        no_args_is_help=True,
    )

    @v.command("add", help=h("Verbund anlegen.", "Add a regional alliance."))
    def add(
        name: Annotated[str, typer.Argument(help=h("Name des Verbunds", "its name"))],
        vereinbarung: Annotated[
            str, typer.Option(help=h("Kooperationsvereinbarung (Titel)", "agreement (title)"))
        ] = "",
        link: Annotated[
            str, typer.Option(help=h("Link zur Vereinbarung (https://…)", "link to it"))
        ] = "",
        von: Day = None,
        bis: Day = None,
    ) -> None:
        from dkbm import verbuende

        found = verbuende.add(
            name=name,
            agreement=vereinbarung,
            agreement_url=link,
            valid_from=_day(von, "--von"),
            valid_to=_day(bis, "--bis"),
            by=context.who(),
            now=context.now(),
        )
        print(
            h("Verbund angelegt: Nr. ", "Regional alliance added: no. ")
            + f"{found.id} {safe(found.name)}"
        )

    @v.command("list", help=h("Verbünde auflisten.", "List regional alliances."))
    def list_(as_json: JSON = False) -> None:
        from dkbm import verbund_queries

        docs = verbund_queries.verbuende()
        if as_json:
            return emit_json(docs)
        if not docs:
            print(h("Keine Verbünde.", "No regional alliances."))
            return
        table(
            ["Nr.", "Name", h("Partner", "Partners"), h("Laufzeit", "Term"), h("Gremium", "Board")],
            [
                [
                    d["id"],
                    safe(d["name"]),
                    _partners(d),
                    _period(d),
                    safe(d["gremium"]["name"]) if d["gremium"] else "–",
                ]
                for d in docs
            ],
        )

    @v.command("show", help=h("Einen Verbund zeigen.", "Show one regional alliance."))
    def show(verbund: VerbundNo, as_json: JSON = False) -> None:
        from dkbm import verbund_queries

        d = verbund_queries.verbund(verbund)
        if as_json:
            return emit_json(d)
        print(f"{h('Verbund', 'Regional alliance')} {d['id']}: {safe(d['name'])}")
        agreement = safe(d["vereinbarung"]) or "–"
        if d["link"]:
            agreement += f" ({safe(d['link'])})"
        print(f"  {h('Vereinbarung', 'Agreement')}: {agreement}")
        print(f"  {h('Laufzeit', 'Term')}: {_period(d)}")
        board = d["gremium"]
        print(
            f"  {h('Gremium', 'Board')}: "
            + (f"{safe(board['name'])} ({board['id']})" if board else "–")
        )
        names = {p["id"]: p["name"] for p in d["partner"]}
        print(f"  {h('Partnerkommunen', 'Partner municipalities')}:")
        for p in d["partner"]:
            ags = f", AGS {p['ags']}" if p["ags"] else ""
            contact = ", ".join(x for x in (safe(p["kontakt"]), safe(p["kontakt_email"])) if x)
            print(f"    {p['id']} {safe(p['name'])}{ags}" + (f" – {contact}" if contact else ""))
        if not d["partner"]:
            print("    –")
        if board:
            print(f"  {h('Mitglieder des Gremiums', 'Members of the board')}:")
            for m in d["mitglieder"]:
                where = safe(names.get(m["partner"], "")) or h("eigene Kommune", "own municipality")
                print(f"    {m['id']} {safe(m['name'])} ({display('rolle', m['rolle'])}, {where})")
        for c in d["zyklen"]:
            print(f"  {h('Zyklus', 'Cycle')} {c['id']}: {safe(c['titel'])}")
        for m in d["massnahmen"]:
            print(
                f"  {h('Maßnahme', 'Measure')} {m['zyklus']}/{m['id']}: {safe(m['titel'])}"
                f" ({h('Zyklus', 'cycle')} {safe(m['zyklus_titel'])})"
            )

    @v.command("aendern", help=h("Verbund ändern.", "Change a regional alliance."))
    def change(
        verbund: VerbundNo,
        name: Annotated[str | None, typer.Option(help=h("neuer Name", "new name"))] = None,
        vereinbarung: Annotated[
            str | None, typer.Option(help=h("Kooperationsvereinbarung", "agreement"))
        ] = None,
        link: Annotated[
            str | None,
            typer.Option(help=h("Link zur Vereinbarung; leer: keiner", "link; empty: none")),
        ] = None,
        von: Day = None,
        bis: Day = None,
    ) -> None:
        from dkbm import verbuende

        changed = verbuende.change_verbund(
            verbund,
            name=name,
            agreement=vereinbarung,
            agreement_url=link,
            valid_from=_day(von, "--von"),
            valid_to=_day(bis, "--bis"),
            by=context.who(),
            now=context.now(),
        )
        words = {"name": "--name", "agreement": "--vereinbarung", "agreement_url": "--link",
                 "valid_from": "--von", "valid_to": "--bis"}  # fmt: skip
        if changed:
            print(
                h("Verbund geändert: ", "Regional alliance changed: ")
                + f"{verbund} ({', '.join(words[k] for k in changed)})"
            )
        else:
            print(h("Nichts geändert.", "Nothing changed."))

    @v.command(
        "beenden", help=h("Verbund zum Ende der Vereinbarung beenden.", "End a regional alliance.")
    )
    def end(
        verbund: VerbundNo,
        zum: Annotated[str, typer.Option(help=h("letzter Tag (JJJJ-MM-TT)", "last day"))],
    ) -> None:
        from dkbm import verbuende

        found = verbuende.end(
            verbund, context.parse_day(zum, "--zum"), by=context.who(), now=context.now()
        )
        print(
            h("Verbund beendet: ", "Regional alliance ended: ")
            + f"{found.id} {safe(found.name)} ({h('bis', 'until')} {day(found.valid_to)})"
        )

    @v.command("partner", help=h("Partnerkommune hinzufügen.", "Add a partner municipality."))
    def partner(
        verbund: VerbundNo,
        name: Annotated[str, typer.Argument(help=h("Name der Kommune", "the municipality's name"))],
        ags: Annotated[
            str,
            typer.Option(
                help=h("Amtlicher Gemeindeschlüssel (8 Ziffern)", "official key (8 digits)")
            ),
        ] = "",
        kontakt: Annotated[str, typer.Option(help=h("Ansprechperson", "contact person"))] = "",
        kontakt_email: Annotated[
            str, typer.Option(help=h("E-Mail der Ansprechperson", "her e-mail"))
        ] = "",
    ) -> None:
        from dkbm import verbuende

        p = verbuende.add_partner(
            verbund,
            name=name,
            ags=ags,
            contact_name=kontakt,
            contact_email=kontakt_email,
            by=context.who(),
            now=context.now(),
        )
        print(
            h("Partnerkommune hinzugefügt: Nr. ", "Partner municipality added: no. ")
            + f"{p.id} {safe(p.name)} ({h('Verbund', 'alliance')} {verbund})"
        )

    @v.command(
        "partner-entfernen", help=h("Partnerkommune entfernen.", "Remove a partner municipality.")
    )
    def remove_partner(
        partner: Annotated[
            int, typer.Argument(metavar="PARTNER", help=h("Partner-Nr.", "partner no."))
        ],
    ) -> None:
        from dkbm import verbuende

        p = verbuende.remove_partner(partner, by=context.who(), now=context.now())
        print(
            h("Partnerkommune entfernt: ", "Partner municipality removed: ")
            + f"{p.id} {safe(p.name)} ({h('Verbund', 'alliance')} {p.verbund_id})"
        )

    @v.command(
        "gremium",
        help=h(
            "Eigenes Gremium oder eigene AG des Verbunds setzen.", "Set the alliance's own board."
        ),
    )
    def board(
        verbund: VerbundNo,
        gremium: Annotated[
            int | None, typer.Argument(metavar="[GREMIUM]", help=h("Gremium-Nr.", "board no."))
        ] = None,
        entfernen: Remove = False,
    ) -> None:
        from dkbm import verbuende

        _one_of(gremium, entfernen, "GREMIUM")
        found = verbuende.set_board(
            verbund, None if entfernen else gremium, by=context.who(), now=context.now()
        )
        if found.board_id is None:
            print(h("Verbund ohne eigenes Gremium: ", "Alliance without a board: ") + f"{found.id}")
        else:
            print(
                h("Gremium des Verbunds: ", "Board of the alliance: ")
                + f"{found.id} → {found.board_id}"
            )

    @v.command(
        "zyklus",
        help=h(
            "Zyklus als gemeinsam im Verbund geführt markieren.",
            "Mark a cycle as run in the alliance.",
        ),
    )
    def cycle(
        verbund: VerbundNo,
        zyklus: Annotated[int, typer.Argument(metavar="ZYKLUS", help=h("Zyklus-Nr.", "cycle no."))],
        entfernen: Remove = False,
    ) -> None:
        from dkbm import verbuende

        verbuende.set_cycle(
            zyklus, None if entfernen else verbund, by=context.who(), now=context.now()
        )
        if entfernen:
            print(
                h("Zyklus nicht mehr im Verbund: ", "Cycle no longer in an alliance: ")
                + str(zyklus)
            )
        else:
            print(h("Zyklus im Verbund: ", "Cycle in the alliance: ") + f"{zyklus} → {verbund}")

    @v.command(
        "massnahme",
        help=h(
            "Maßnahme als gemeinsam im Verbund geführt markieren.",
            "Mark a measure as run in the alliance.",
        ),
    )
    def measure(
        verbund: VerbundNo,
        zyklus: Annotated[int, typer.Argument(metavar="ZYKLUS", help=h("Zyklus-Nr.", "cycle no."))],
        massnahme: Annotated[
            int, typer.Argument(metavar="MASSNAHME", help=h("Maßnahmen-Nr.", "measure no."))
        ],
        entfernen: Remove = False,
    ) -> None:
        from dkbm import verbuende

        verbuende.set_measure(
            zyklus, massnahme, None if entfernen else verbund, by=context.who(), now=context.now()
        )
        if entfernen:
            print(
                h("Maßnahme nicht mehr im Verbund: ", "Measure no longer in an alliance: ")
                + f"{zyklus}/{massnahme}"
            )
        else:
            print(
                h("Maßnahme im Verbund: ", "Measure in the alliance: ")
                + f"{zyklus}/{massnahme} → {verbund}"
            )

    @v.command(
        "akteur",
        help=h(
            "Akteur einer Partnerkommune zuordnen.",
            "Mark an actor as one of a partner municipality.",
        ),
    )
    def actor(
        akteur: Annotated[int, typer.Argument(metavar="AKTEUR", help=h("Akteur-Nr.", "actor no."))],
        partner: Annotated[int | None, typer.Option(help=h("Partner-Nr.", "partner no."))] = None,
        entfernen: Remove = False,
    ) -> None:
        from dkbm import verbuende

        _one_of(partner, entfernen, "--partner")
        p, _ = verbuende.set_actor_partner(
            akteur, None if entfernen else partner, by=context.who(), now=context.now()
        )
        if p is None:
            print(
                h("Akteur der eigenen Kommune: ", "Actor of the own municipality: ") + str(akteur)
            )
        else:
            print(
                h("Akteur der Partnerkommune: ", "Actor of the partner municipality: ")
                + f"{akteur} → {p.id} {safe(p.name)}"
            )

    return v


def _one_of(value: int | None, remove: bool, name: str) -> None:
    """Either a number or --entfernen."""
    from dkbm.states.errors import InvalidValue

    if (value is not None) != remove:
        return
    raise InvalidValue(
        name,
        value if value is not None else "",
        h(f"{name} oder --entfernen", f"{name} or --entfernen"),
    )
