"""`dkbm zyklus ...`: the group, assembled from its parts, and the commands that start a
cycle, show where cycles stand and move one on (start, list, status, weiter, verlauf,
diagramm)."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.cycle_content import add_content_commands
from dkbm.cli.cycle_output import Cycle, action_word, describe, done, entry_details, print_status
from dkbm.cli.cycle_participation import add_participation_commands
from dkbm.cli.moderation import add_moderation_commands
from dkbm.cli.output import JSON, count, emit_json, h, table, when
from dkbm.states.errors import state_name, step_name
from dkbm.states.i18n import language


def cycles_app() -> typer.Typer:
    z = typer.Typer(
        help=h("Strategiezyklen: Leitbild bis Wirkungsprüfung.", "Strategy cycles."),
        no_args_is_help=True,
    )

    @z.command("start", help=h("Neuen Zyklus beginnen.", "Start a new cycle."))
    def start(
        titel: str,
        gremium: Annotated[int, typer.Option(help=h("beschließendes Gremium", "deciding board"))],
        aus: Annotated[
            int | None,
            typer.Option(
                help=h("Inhalte aus abgeschlossenem Zyklus übernehmen", "seed from a closed cycle")
            ),
        ] = None,
    ) -> None:
        from dkbm import cycles

        c = cycles.start(
            title=titel, board_id=gremium, seed_from=aus, by=context.who(), now=context.now()
        )
        print(h("Zyklus gestartet: Nr. ", "Cycle started: no. ") + f"{c.id} ({describe(c.state)})")
        if aus is not None:
            from dkbm import indicator_queries

            kept = len(indicator_queries.indicators(c.id))
            print(
                h(f"  aus Zyklus {aus} übernommen: ", f"  taken over from cycle {aus}: ")
                + ", ".join(
                    (
                        count(len(c.goals), h("Ziel", "goal"), h("Ziele", "goals")),
                        count(
                            len(c.strategies),
                            h("Strategie", "strategy"),
                            h("Strategien", "strategies"),
                        ),
                        count(
                            len(c.measures), h("Maßnahme", "measure"), h("Maßnahmen", "measures")
                        ),
                        count(kept, h("Kennzahl", "indicator"), h("Kennzahlen", "indicators")),
                    )
                )
                + h(" (Kennzahlen mit ihren Werten)", " (indicators with their values)")
            )

    @z.command(
        "list",
        help=h(
            "Überblick: Stand, offene Frist, ausstehende Antworten oder Stimmen, nächster Schritt.",
            "Overview: stage, open deadline, answers or votes still owed, next step.",
        ),
    )
    def list_(as_json: JSON = False) -> None:
        from dkbm import queries

        docs = queries.overview(context.now())
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Nr.", "No."),
                h("Titel", "Title"),
                h("Stand", "Where"),
                h("Runde", "Round"),
                h("Offene Frist", "Open deadline"),
                h("Ausstehend", "Owed"),
                h("Nächster Schritt", "Next step"),
            ],
            [
                [
                    d["id"],
                    d["titel"],
                    d["bezeichnung"],
                    d["runde"],
                    when(d["offene_frist"]) if d["offene_frist"] else "–",
                    d["ausstehend"] or "–",
                    step_name(d["naechster_schritt"])
                    if d["naechster_schritt"]
                    else (f"✗ {step_name(d['blockiert'])}" if d["blockiert"] else "–"),
                ]
                for d in docs
            ],
        )

    @z.command(
        "status",
        help=h("Stand eines Zyklus und mögliche nächste Schritte.", "Where a cycle stands."),
    )
    def status(zyklus: Cycle, as_json: JSON = False) -> None:
        from dkbm import queries

        doc = queries.status(zyklus, context.now())
        if as_json:
            return emit_json(doc)
        print_status(doc)

    @z.command(
        "weiter",
        help=h(
            "Nächsten Schritt auslösen (z. B. beteiligung_starten, abstimmung_starten, beschliessen, "
            "ueberarbeiten, naechste_stufe, wirkung_pruefen, wiedereroeffnen, abschliessen).",
            "Take the next step (German verbs as shown by status).",
        ),
    )
    def advance(
        zyklus: Cycle,
        schritt: Annotated[
            str,
            typer.Argument(help=h("Schritt, wie in 'status' gezeigt", "step as shown by status")),
        ],
        frist: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "Frist der Beteiligung; bei abstimmung_starten: der schriftlichen Abstimmung (TT.MM.JJJJ)",
                    "deadline of the consultation; with abstimmung_starten: of a written vote (YYYY-MM-DD)",
                )
            ),
        ] = None,
        akteur: Annotated[
            list[int] | None, typer.Option(help=h("einladen (mehrfach)", "invite (repeatable)"))
        ] = None,
        gremium: Annotated[
            list[int] | None,
            typer.Option(help=h("Mitglieder einladen (mehrfach)", "invite members (repeatable)")),
        ] = None,
        stufe: Annotated[
            str | None,
            typer.Option(help=h("bei wiedereroeffnen: Stufe", "for wiedereroeffnen: stage")),
        ] = None,
        grund: Annotated[str, typer.Option(help=h("Begründung fürs Protokoll", "reason"))] = "",
        termin: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "bei abstimmung_starten: Sitzungstermin (TT.MM.JJJJ HH:MM)",
                    "with abstimmung_starten: meeting date and time",
                )
            ),
        ] = None,
        ort: Annotated[
            str, typer.Option(help=h("bei abstimmung_starten: Sitzungsort", "meeting place"))
        ] = "",
        version: Annotated[
            int | None,
            typer.Option(
                help=h(
                    "nur ausführen, wenn der Zyklus noch auf dieser Version steht",
                    "only if the cycle is still at this version",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import cycles

        deadline = context.parse_moment(frist, "--frist", end_of_day=True) if frist else None
        c = cycles.advance(
            zyklus,
            context.parse_word(schritt),
            by=context.who(),
            now=context.now(),
            reason=grund,
            deadline=deadline,
            invited=akteur,
            invited_boards=gremium,
            stage=context.parse_word(stufe) if stufe else None,
            expected_version=version,
            meeting=context.parse_moment(termin, "--termin") if termin else None,
            place=ort,
        )
        done(c)

    @z.command("verlauf", help=h("Verlauf (Audit-Log) eines Zyklus.", "History (audit log)."))
    def history(zyklus: Cycle, as_json: JSON = False) -> None:
        from dkbm import queries

        docs = queries.history(zyklus)
        if as_json:
            return emit_json(docs)
        table(
            [
                "V",
                h("Zeit", "Time"),
                h("Von", "By"),
                h("Aktion", "Action"),
                h("Schritt", "Step"),
                h("Nach", "To"),
                h("Details", "Details"),
            ],
            [
                [
                    d["version"],
                    when(d["zeit"]),
                    d["von"],
                    action_word(d["aktion"]),
                    step_name(d["schritt"]) if d["schritt"] else "-",
                    state_name(d["nach"]) if d["nach"] else "-",
                    entry_details(d),
                ]
                for d in docs
            ],
        )

    @z.command(
        "diagramm",
        help=h(
            "Zustandsdiagramm (Mermaid); mit Zyklus-Nr. ist dessen Stand markiert.",
            "State diagram (Mermaid); with a cycle number its state is marked.",
        ),
    )
    def diagram(
        zyklus: Annotated[
            int | None, typer.Argument(help=h("Nummer des Zyklus (optional)", "cycle (optional)"))
        ] = None,
    ) -> None:
        from dkbm.states.diagram import mermaid

        current = None
        if zyklus is not None:
            from dkbm import queries

            current = queries.status(zyklus, context.now())["zustand"]
        print(mermaid(language(), current), end="")

    add_content_commands(z)
    add_participation_commands(z)
    add_moderation_commands(z)
    return z
