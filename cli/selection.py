"""`dkbm auswahl ...`: propose participants, or draw the seats of a Bildungskonferenz."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, safe, table
from dkbm.cli.types import Number
from dkbm.cli.words import display

MAX_SEATS = 1_000  # dkbm.selection.MAX_SEATS, without importing the use case at start


def selection_app() -> typer.Typer:
    g = typer.Typer(
        help=h(
            "Teilnehmende auswählen: ausgewogen vorschlagen oder losen.",
            "Select participants: a balanced proposal or a lottery.",
        ),
        no_args_is_help=True,
    )

    @g.command(
        "vorschlagen",
        help=h(
            "Akteure vorschlagen, ausgewogen nach Sektoren und Bildungsbereichen, wenig "
            "belastete zuerst, mit Begründung und Lücken; mit --los gelost.",
            "Propose actors balanced by sector and education area, least loaded first, "
            "with reasons and gaps; with --los drawn by lot.",
        ),
    )
    def propose(
        sitze: Annotated[
            int,
            typer.Option(
                help=h("Anzahl der Sitze", "number of seats"), click_type=Number(1, MAX_SEATS)
            ),
        ],
        bereich: Annotated[
            list[str] | None,
            typer.Option(
                help=h(
                    "Bildungsbereich (mehrfach); dann nur Akteure aus diesen Bereichen",
                    "education area (repeatable); then only actors in these areas",
                )
            ),
        ] = None,
        sektor: Annotated[
            list[str] | None,
            typer.Option(
                help=h(
                    "nur diese Sektoren (mehrfach); ohne: alle fünf",
                    "only these sectors (repeatable); default: all five",
                )
            ),
        ] = None,
        thema: Annotated[
            str,
            typer.Option(
                help=h(
                    "Thema: Akteure, deren Name, Organisation oder Bereiche Wörter daraus "
                    "enthalten, zuerst",
                    "theme: actors whose name, organisation or areas contain its words first",
                )
            ),
        ] = "",
        fuer: Annotated[
            tuple[str, int] | None,
            typer.Option(
                "--fuer",
                metavar=h("ART NR", "KIND NO"),
                help=h(
                    "Ziel: gremium NR, ag NR oder beteiligung NR (Zyklus); seine Mitglieder "
                    "werden nicht vorgeschlagen",
                    "target: gremium NO, ag NO or beteiligung NO (cycle); its members are "
                    "not proposed",
                ),
            ),
        ] = None,
        los: Annotated[
            bool,
            typer.Option(
                "--los",
                help=h(
                    "geschichtetes Los nach Sektoren statt Vorschlag",
                    "stratified lottery by sector instead of a proposal",
                ),
            ),
        ] = False,
        seed: Annotated[
            int | None,
            typer.Option(
                help=h(
                    "Seed des Loses (ohne: zufällig gewählt und ausgegeben)",
                    "the lottery's seed (default: chosen at random and printed)",
                )
            ),
        ] = None,
        uebernehmen: Annotated[
            bool,
            typer.Option(
                "--uebernehmen",
                help=h(
                    "die Auswahl übernehmen: Mitglieder (Gremium, AG) bzw. Gäste des Gremiums "
                    "der Beteiligung",
                    "take the selection over: members (board, working group) or guests of "
                    "the consultation's board",
                ),
            ),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import selection
        from dkbm.states.errors import InputError

        if uebernehmen and fuer is None:
            raise InputError("selection_needs_target")
        doc = selection.propose(
            sitze,
            areas=bereich,
            sectors=sektor,
            theme=thema,
            target=fuer,
            lottery=los,
            seed=seed,
        )
        doc["uebernommen"] = None
        if uebernehmen:
            doc["uebernommen"] = selection.take_over(doc, by=context.who(), now=context.now())
        if as_json:
            emit_json(doc)
        else:
            print_selection(doc)
        if len(doc["auswahl"]) < doc["sitze"]:  # printed what it found and the gaps
            import sys

            from dkbm.states.i18n import t

            found, wanted = len(doc["auswahl"]), doc["sitze"]
            print(
                h("Fehler", "Error") + ": " + t("selection_short", found=found, wanted=wanted),
                file=sys.stderr,
            )
            raise typer.Exit(1)

    return g


def print_selection(doc: dict[str, Any]) -> None:
    """A selection document (`dkbm.selection.propose`) as the coordinator reads it: title,
    picks with reasons, gaps, notes, and what was taken over."""
    from dkbm.states.i18n import t

    goal = doc["fuer"]
    title = (
        (h("Los", "Lottery") if doc["verfahren"] == "los" else h("Vorschlag", "Proposal"))
        + f": {doc['sitze']} "
        + h("Sitze", "seats")
    )
    if goal:
        title += " " + t("selection_for_board", board=goal["name"], id=goal["gremium"])
    print(safe(title))
    if doc["seed"] is not None:
        print(t("selection_seed", seed=doc["seed"]))
    table(
        [h("Nr.", "No."), "Name", "Organisation", h("Sektor", "Sector"),
         h("Bereiche", "Areas"), h("Last", "Load"), h("Begründung", "Reason")],
        [
            [
                p["id"],
                p["name"],
                p["organisation"],
                display("sektor", p["sektor"]),
                ", ".join(display("bildungsbereich", a) for a in p["bereiche"]),
                p["last"]["gesamt"],
                p["grund"],
            ]
            for p in doc["auswahl"]
        ],
    )  # fmt: skip
    if doc["luecken"]:
        print()
        print(h("Lücken:", "Gaps:"))
        for gap in doc["luecken"]:
            print(f"  - {gap['text']}")

    print()
    for note in doc["hinweise"]:
        print(safe(note))
    if doc["nachvollziehen"]:
        print(t("selection_reproduce", command=doc["nachvollziehen"]))
    done = doc["uebernommen"]
    if done is not None:
        if done["uebernommen"]:
            print(
                safe(
                    t(
                        "selection_applied",
                        n=done["uebernommen"],
                        role=display("rolle", done["rolle"]),
                        board=goal["name"],
                        id=goal["gremium"],
                    )
                )
            )
        else:
            print(t("selection_applied_none"))
