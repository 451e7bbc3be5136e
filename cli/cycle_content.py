"""`dkbm zyklus leitbild|ziel|strategie|massnahme|aendern|entfernen`: a cycle's content
(Leitbild, Ziele, Handlungsstrategien, Maßnahmen) while its stage is a draft."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.cycle_output import Cycle, added, done, where
from dkbm.cli.output import h


def add_content_commands(z: typer.Typer) -> None:
    @z.command("leitbild", help=h("Leitbild-Text setzen.", "Set the vision statement."))
    def vision(
        zyklus: Cycle,
        text: Annotated[str, typer.Argument(help=h("der Leitbild-Text", "the vision statement"))],
        grund: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "redaktionelle Korrektur eines beschlossenen Wortlauts, mit Grund",
                    "editorial correction of a decided wording, with the reason",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import cycles

        if grund is not None:
            return _editorial(zyklus, None, text, grund)
        done(cycles.set_vision(zyklus, text, by=context.who(), now=context.now()))

    @z.command("ziel", help=h("Strategisches Ziel hinzufügen.", "Add a strategic goal."))
    def goal(
        zyklus: Cycle,
        titel: str,
        bereich: Annotated[
            list[str] | None, typer.Option(help=h("Bildungsbereich", "education area"))
        ] = None,
    ) -> None:
        from dkbm import cycles

        c = cycles.add_goal(zyklus, titel, bereich or [], by=context.who(), now=context.now())
        added(h("Ziel", "Goal"), c.goals[-1].id, c)

    @z.command("strategie", help=h("Handlungsstrategie zu einem Ziel.", "Add an action strategy."))
    def strategy(
        zyklus: Cycle,
        ziel: Annotated[
            int, typer.Argument(help=h("Ziel-Nr. (aus status)", "goal no. (see status)"))
        ],
        titel: Annotated[str, typer.Argument(help=h("Titel", "title"))],
    ) -> None:
        from dkbm import cycles

        c = cycles.add_strategy(zyklus, ziel, titel, by=context.who(), now=context.now())
        added(h("Strategie", "Strategy"), c.strategies[-1].id, c)

    @z.command(
        "massnahme",
        help=h(
            "Maßnahme zu einer Strategie hinzufügen (--strategie) oder ändern (--id).",
            "Add a measure (--strategie) or change one (--id).",
        ),
    )
    def measure(
        zyklus: Cycle,
        titel: Annotated[str | None, typer.Option(help=h("Titel", "title"))] = None,
        strategie: Annotated[
            int | None, typer.Option(help=h("Strategie-Nr.", "strategy no."))
        ] = None,
        id: Annotated[
            int | None, typer.Option("--id", help=h("Maßnahme-Nr. zum Ändern", "measure to change"))
        ] = None,
        verantwortlich: Annotated[
            int | None, typer.Option(help=h("Akteur-Nr.", "actor no."))
        ] = None,
        indikator: Annotated[
            str | None, typer.Option(help=h("Indikator/Kennzahl", "indicator"))
        ] = None,
        zielwert: Annotated[str | None, typer.Option(help=h("Zielwert", "target value"))] = None,
        frist: Annotated[
            str | None,
            typer.Option(help=h("JJJJ-MM-TT oder TT.MM.JJJJ", "YYYY-MM-DD or DD.MM.YYYY")),
        ] = None,
        grund: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "redaktionelle Korrektur eines beschlossenen Wortlauts, mit Grund",
                    "editorial correction of a decided wording, with the reason",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import cycles

        if grund is not None:
            others = (strategie, verantwortlich, indikator, zielwert, frist)
            if id is None or titel is None or any(v is not None for v in others):
                _only_wording(zyklus, id)
            assert id is not None and titel is not None
            return _editorial(zyklus, id, titel, grund)

        c = cycles.save_measure(
            zyklus,
            by=context.who(),
            now=context.now(),
            measure_id=id,
            strategy_id=strategie,
            title=titel,
            owner_id=verantwortlich,
            indicator=indikator,
            target_value=zielwert,
            deadline=context.parse_day(frist, "--frist") if frist else None,
        )
        if id is None:
            added(h("Maßnahme", "Measure"), c.measures[-1].id, c)
        else:
            print(f"{h('Maßnahme', 'Measure')} {id} {h('geändert', 'changed')}; " + where(c))

    @z.command(
        "aendern",
        help=h(
            "Ziel (Titel, Bildungsbereiche) oder Strategie (Titel, Ziel) im Entwurf ändern.",
            "Change a goal (title, areas) or a strategy (title, goal) in its draft.",
        ),
    )
    def change(
        zyklus: Cycle,
        nr: Annotated[int, typer.Argument(help=h("Nr. aus 'status'", "no. from 'status'"))],
        titel: Annotated[str | None, typer.Option(help=h("neuer Titel", "new title"))] = None,
        bereich: Annotated[
            list[str] | None,
            typer.Option(help=h("Bildungsbereiche (ersetzt alle)", "education areas (replaces)")),
        ] = None,
        ziel: Annotated[
            int | None,
            typer.Option(help=h("Strategie einem anderen Ziel zuordnen", "move to goal")),
        ] = None,
        grund: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "redaktionelle Korrektur eines beschlossenen Wortlauts, mit Grund",
                    "editorial correction of a decided wording, with the reason",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import cycles

        if grund is not None:
            if titel is None or bereich is not None or ziel is not None:
                _only_wording(zyklus, nr)
            assert titel is not None
            return _editorial(zyklus, nr, titel, grund)

        c = cycles.change_item(
            zyklus,
            nr,
            by=context.who(),
            now=context.now(),
            title=titel,
            areas=bereich,
            goal_id=ziel,
        )
        print(f"Nr. {nr} {h('geändert', 'changed')}; {where(c)}")

    @z.command(
        "entfernen",
        help=h(
            "Ziel, Strategie oder Maßnahme im Entwurf entfernen (nicht, solange sie gebraucht wird).",
            "Remove a goal, strategy or measure in its draft (not while it is used).",
        ),
    )
    def remove(
        zyklus: Cycle,
        nr: Annotated[int, typer.Argument(help=h("Nr. aus 'status'", "no. from 'status'"))],
    ) -> None:
        from dkbm import cycles

        c = cycles.remove_item(zyklus, nr, by=context.who(), now=context.now())
        print(f"Nr. {nr} {h('entfernt', 'removed')}; {where(c)}")


def _editorial(cycle_id: int, item_id: int | None, text: str, reason: str) -> None:
    from dkbm.cycle_content import correct_wording

    now = context.now()
    c = correct_wording(cycle_id, item_id, text, reason=reason, by=context.who(), now=now)
    what = f"Nr. {item_id}" if item_id is not None else h("Leitbild", "Vision statement")
    print(
        f"{what} {h('redaktionell geändert am', 'editorially corrected on')} "
        f"{now.astimezone(context.BERLIN).strftime(h('%d.%m.%Y', '%Y-%m-%d'))}; {where(c)}"
    )


def _only_wording(cycle_id: int, item_id: int | None) -> None:
    from dkbm.cycle_content import refuse_beyond_wording

    refuse_beyond_wording(cycle_id, item_id)
