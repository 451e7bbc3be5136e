"""`dkbm zyklus ...`: start, inspect and move strategy cycles."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.app import JSON
from dkbm.cli.output import emit_json, h, table
from states.i18n import language

Cycle = Annotated[int, typer.Argument(help=h("Nummer des Zyklus", "cycle number"))]


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
        print(h("Zyklus gestartet: Nr. ", "Cycle started: no. ") + f"{c.id} ({c.state})")

    @z.command("list", help=h("Zyklen auflisten.", "List cycles."))
    def list_(as_json: JSON = False) -> None:
        from dkbm import queries

        docs = queries.cycles()
        if as_json:
            return emit_json(docs)
        table(
            ["Nr.", h("Titel", "Title"), h("Stand", "Where"), "Version"],
            [[d["id"], d["titel"], d["bezeichnung"], d["version"]] for d in docs],
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
        _print_status(doc)

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
                    "Frist der Beteiligung; bei abstimmung_starten: der schriftlichen Abstimmung (JJJJ-MM-TT)",
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
            schritt,
            by=context.who(),
            now=context.now(),
            reason=grund,
            deadline=deadline,
            invited=akteur,
            invited_boards=gremium,
            stage=stufe,
            expected_version=version,
        )
        print(f"{h('Zyklus', 'Cycle')} {c.id}: {_describe(c.state)} (Version {c.version})")

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
                h("Grund", "Reason"),
            ],
            [
                [
                    d["version"],
                    context.local(d["zeit"]),
                    d["von"],
                    _action(d["aktion"]),
                    d["schritt"],
                    d["nach"],
                    d["grund"],
                ]
                for d in docs
            ],
        )

    @z.command("diagramm", help=h("Zustandsdiagramm (Mermaid).", "State diagram (Mermaid)."))
    def diagram() -> None:
        from states.diagram import mermaid

        print(mermaid(language()), end="")

    @z.command("leitbild", help=h("Leitbild-Text setzen.", "Set the vision statement."))
    def vision(
        zyklus: Cycle,
        text: Annotated[str, typer.Argument(help=h("der Leitbild-Text", "the vision statement"))],
    ) -> None:
        from dkbm import cycles

        _done(cycles.set_vision(zyklus, text, by=context.who(), now=context.now()))

    @z.command("ziel", help=h("Strategisches Ziel hinzufügen.", "Add a strategic goal."))
    def goal(
        zyklus: Cycle,
        titel: str,
        bereich: Annotated[
            list[str] | None, typer.Option(help=h("Bildungsbereich", "education area"))
        ] = None,
    ) -> None:
        from dkbm import cycles

        _done(cycles.add_goal(zyklus, titel, bereich or [], by=context.who(), now=context.now()))

    @z.command("strategie", help=h("Handlungsstrategie zu einem Ziel.", "Add an action strategy."))
    def strategy(
        zyklus: Cycle,
        ziel: Annotated[
            int, typer.Argument(help=h("Ziel-Nr. (aus status)", "goal no. (see status)"))
        ],
        titel: Annotated[str, typer.Argument(help=h("Titel", "title"))],
    ) -> None:
        from dkbm import cycles

        _done(cycles.add_strategy(zyklus, ziel, titel, by=context.who(), now=context.now()))

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
        frist: Annotated[str | None, typer.Option(help="JJJJ-MM-TT")] = None,
    ) -> None:
        from dkbm import cycles

        _done(
            cycles.save_measure(
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
        )

    @z.command(
        "frist",
        help=h(
            "Frist der laufenden Beteiligung ändern (Erinnerungen und Kalendereintrag folgen).",
            "Change the running consultation's deadline (reminders and calendar entry follow).",
        ),
    )
    def deadline(zyklus: Cycle, frist: Annotated[str, typer.Argument(help="JJJJ-MM-TT")]) -> None:
        from dkbm import cycles

        due = context.parse_moment(frist, "frist", end_of_day=True)
        _done(cycles.change_deadline(zyklus, due, by=context.who(), now=context.now()))

    @z.command(
        "antwort",
        help=h("Rückmeldung eines Akteurs zur Beteiligung.", "Record a consultation answer."),
    )
    def answer(
        zyklus: Cycle,
        akteur: Annotated[int, typer.Argument(help=h("Akteur-Nr.", "actor no."))],
        text: Annotated[str, typer.Option(help=h("Inhalt der Rückmeldung", "the answer"))] = "",
    ) -> None:
        from dkbm import cycles

        _done(cycles.record_response(zyklus, akteur, text, by=context.who(), now=context.now()))

    @z.command(
        "abstimmung",
        help=h("Abstimmungsergebnis aus dem Protokoll erfassen.", "Record a vote result."),
    )
    def vote(
        zyklus: Cycle,
        anwesend: Annotated[
            int, typer.Option(help=h("anwesende Stimmberechtigte", "voting members present"))
        ],
        ja: Annotated[int, typer.Option()],
        nein: Annotated[int, typer.Option()] = 0,
        enthaltung: Annotated[int, typer.Option()] = 0,
    ) -> None:
        from dkbm import cycles

        c = cycles.record_vote(
            zyklus,
            present=anwesend,
            yes=ja,
            no=nein,
            abstain=enthaltung,
            by=context.who(),
            now=context.now(),
        )
        print(vote_line(c))

    @z.command(
        "stimme",
        help=h(
            "Stimme eines Mitglieds in einer schriftlichen Abstimmung (ja, nein, enthaltung).",
            "A member's vote in a written vote (ja, nein, enthaltung).",
        ),
    )
    def ballot(
        zyklus: Cycle,
        akteur: Annotated[int, typer.Argument(help=h("Akteur-Nr.", "actor no."))],
        stimme: Annotated[str, typer.Argument(help="ja | nein | enthaltung")],
    ) -> None:
        from dkbm import cycles

        c = cycles.record_ballot(zyklus, akteur, stimme, by=context.who(), now=context.now())
        v = c.vote
        assert v is not None
        print(
            f"{h('Stimmen', 'Votes')}: {v.yes} ja / {v.no} nein / {v.abstain} {h('Enthaltung', 'abstain')} ({v.present}/{v.voting_members})"
        )

    @z.command(
        "bericht", help=h("Fortschrittsbericht zu einer Maßnahme.", "Progress report on a measure.")
    )
    def report(
        zyklus: Cycle,
        massnahme: int,
        text: str,
        wert: Annotated[
            float | None, typer.Option(help=h("aktueller Indikatorwert", "current indicator value"))
        ] = None,
    ) -> None:
        from dkbm import cycles

        _done(
            cycles.report_progress(
                zyklus, massnahme, text, value=wert, by=context.who(), now=context.now()
            )
        )

    from dkbm.cli.moderation import add_moderation_commands

    add_moderation_commands(z)
    return z


def vote_line(c: Any) -> str:
    v = c.vote
    assert v is not None
    verdict = (
        h("beschlussfähig", "quorate") if v.quorate else h("NICHT beschlussfähig", "NOT quorate")
    )
    return (
        f"{h('Abstimmung erfasst', 'Vote recorded')}: {v.yes}/{v.no}/{v.abstain}, {verdict} "
        f"({v.present}/{v.quorum_needed})"
    )


_ACTIONS_EN = {
    "gestartet": "started",
    "uebergang": "transition",
    "leitbild_geaendert": "vision changed",
    "ziel_hinzugefuegt": "goal added",
    "strategie_hinzugefuegt": "strategy added",
    "massnahme_hinzugefuegt": "measure added",
    "massnahme_geaendert": "measure changed",
    "rueckmeldung": "answer",
    "abstimmung_erfasst": "vote recorded",
    "stimme": "ballot",
    "bericht": "progress report",
    "frist_geaendert": "deadline changed",
    "moderation_gestartet": "moderation started",
    "eingabe_abgelehnt": "input refused",
}


_ACTIONS_DE = {
    "uebergang": "Übergang",
    "leitbild_geaendert": "Leitbild geändert",
    "ziel_hinzugefuegt": "Ziel hinzugefügt",
    "strategie_hinzugefuegt": "Strategie hinzugefügt",
    "massnahme_hinzugefuegt": "Maßnahme hinzugefügt",
    "massnahme_geaendert": "Maßnahme geändert",
    "rueckmeldung": "Rückmeldung",
    "abstimmung_erfasst": "Abstimmung erfasst",
    "frist_geaendert": "Frist geändert",
    "moderation_gestartet": "Moderation gestartet",
    "eingabe_abgelehnt": "Eingabe abgelehnt",
}


def _action(action: str) -> str:
    """Audit actions are stable identifiers (as in --json); tables show them as words."""
    words = _ACTIONS_EN if language() == "en" else _ACTIONS_DE
    return words.get(action, action.replace("_", " "))


def _describe(state: str) -> str:
    from states.cycle import describe_state

    return describe_state(state, language())


def _done(c: Any) -> None:
    print(f"{h('Zyklus', 'Cycle')} {c.id}: {_describe(c.state)} (Version {c.version})")


def _print_status(doc: dict[str, Any]) -> None:
    print(f"{h('Zyklus', 'Cycle')} {doc['id']}: {doc['titel']}")
    print(
        f"  {h('Stand', 'Where')}: {doc['bezeichnung']} ({doc['zustand']}, {h('Runde', 'round')} {doc['runde']}, Version {doc['version']})"
    )
    print(f"  {h('Gremium', 'Board')}: {doc['gremium_name']}")
    content = doc["inhalt"]
    print(
        f"  {h('Inhalt', 'Content')}: Leitbild {'✓' if content['leitbild'] else '–'}, "
        f"{len(content['ziele'])} {h('Ziele', 'goals')}, {len(content['strategien'])} "
        f"{h('Strategien', 'strategies')}, {len(content['massnahmen'])} {h('Maßnahmen', 'measures')}"
    )
    if b := doc["beteiligung"]:
        print(
            f"  {h('Beteiligung', 'Consultation')}: {b['geantwortet']}/{b['eingeladen']} {h('Antworten, Frist', 'answers, deadline')} {context.local(b['frist'])}"
        )
    if v := doc["abstimmung"]:
        print(
            f"  {h('Abstimmung', 'Vote')}: {v['ja']} ja / {v['nein']} nein / {v['enthaltung']} {h('Enthaltung', 'abstain')}, {v['anwesend']}/{v['stimmberechtigt']} {h('anwesend', 'present')}"
        )
    for stage, at in doc["beschluesse"].items():
        print(
            f"  {h('Beschlossen', 'Decided')}: {_describe(stage + '_beschlossen').split(' / ')[0]} ({context.local(at)})"
        )
    print(f"  {h('Nächste Schritte', 'Next steps')}:")
    for step in doc["naechste_schritte"]:
        mark = "✓" if step["moeglich"] else "✗"
        suffix = f"  ({step['grund']})" if step["grund"] else ""
        print(f"    {mark} {step['schritt']}{suffix}")
