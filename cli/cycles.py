"""`dkbm zyklus ...`: start, inspect and move strategy cycles."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, count, emit_json, h, table
from dkbm.cli.votes import vote_line, vote_replaced, vote_words
from dkbm.states.i18n import language

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
        print(h("Zyklus gestartet: Nr. ", "Cycle started: no. ") + f"{c.id} ({_describe(c.state)})")
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
                    context.local(d["offene_frist"]) if d["offene_frist"] else "–",
                    d["ausstehend"] or "–",
                    d["naechster_schritt"] or (f"✗ {d['blockiert']}" if d["blockiert"] else "–"),
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
                h("Details", "Details"),
            ],
            [
                [
                    d["version"],
                    context.local(d["zeit"]),
                    d["von"],
                    _action(d["aktion"]),
                    d["schritt"],
                    d["nach"],
                    _details(d),
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

        c = cycles.add_goal(zyklus, titel, bereich or [], by=context.who(), now=context.now())
        _added(h("Ziel", "Goal"), c.goals[-1].id, c)

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
        _added(h("Strategie", "Strategy"), c.strategies[-1].id, c)

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
    ) -> None:
        from dkbm import cycles

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
            _added(h("Maßnahme", "Measure"), c.measures[-1].id, c)
        else:
            print(f"{h('Maßnahme', 'Measure')} {id} {h('geändert', 'changed')}; " + _where(c))

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
    ) -> None:
        from dkbm import cycles

        c = cycles.change_item(
            zyklus,
            nr,
            by=context.who(),
            now=context.now(),
            title=titel,
            areas=bereich,
            goal_id=ziel,
        )
        print(f"Nr. {nr} {h('geändert', 'changed')}; {_where(c)}")

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
        print(f"Nr. {nr} {h('entfernt', 'removed')}; {_where(c)}")

    @z.command(
        "frist",
        help=h(
            "Frist der laufenden Beteiligung ändern (Erinnerungen und Kalendereintrag folgen).",
            "Change the running consultation's deadline (reminders and calendar entry follow).",
        ),
    )
    def deadline(
        zyklus: Cycle,
        frist: Annotated[
            str, typer.Argument(help=h("JJJJ-MM-TT oder TT.MM.JJJJ", "YYYY-MM-DD or DD.MM.YYYY"))
        ],
    ) -> None:
        from dkbm import cycles

        due = context.parse_moment(frist, "frist", end_of_day=True)
        c = cycles.change_deadline(zyklus, due, by=context.who(), now=context.now())
        print(f"{h('Neue Frist', 'New deadline')}: {context.local(due)}; {_where(c)}")

    @z.command(
        "antwort",
        help=h(
            "Rückmeldung eines Akteurs zur Beteiligung (eine zweite ersetzt die erste).",
            "Record a consultation answer (a second one replaces the first).",
        ),
    )
    def answer(
        zyklus: Cycle,
        akteur: Annotated[int, typer.Argument(help=h("Akteur-Nr.", "actor no."))],
        text: Annotated[str, typer.Option(help=h("Inhalt der Rückmeldung", "the answer"))] = "",
    ) -> None:
        from dkbm import cycles

        c = cycles.record_response(zyklus, akteur, text, by=context.who(), now=context.now())
        assert c.consultation is not None
        con = c.consultation
        replaced = (
            h(" (ersetzt die frühere)", " (replaces the earlier one)")
            if _replaced(zyklus, akteur)
            else ""
        )
        answered = len(con.answers)
        print(
            h("Rückmeldung von Akteur ", "Answer from actor ")
            + f"{akteur} {h('erfasst', 'recorded')}{replaced}: "
            + f"{answered} {h('von', 'of')} {len(con.invited)} "
            + (
                h("Eingeladenen hat geantwortet", "invitees has answered")
                if answered == 1
                else h("Eingeladenen haben geantwortet", "invitees have answered")
            )
        )

    @z.command(
        "rueckmeldungen",
        help=h(
            "Rückmeldungen der laufenden Beteiligung: wer, wann, was; wer noch fehlt.",
            "Answers of the running consultation: who, when, what; who is missing.",
        ),
    )
    def responses(zyklus: Cycle, as_json: JSON = False) -> None:
        from dkbm import queries

        doc = queries.responses(zyklus)
        if as_json:
            return emit_json(doc)
        if doc["stufe"] is None:
            print(h("Keine Beteiligung in diesem Zyklus.", "No consultation in this cycle."))
            return
        table(
            [h("Nr.", "No."), "Name", h("Zeit", "Time"), h("Rückmeldung", "Answer")],
            [
                [
                    r["akteur"],
                    r["name"],
                    context.local(r["zeit"]) if r["zeit"] else "–",
                    (r["text"] or "–") + (h(" (ersetzt)", " (replaced)") if r["ersetzt"] else ""),
                ]
                for r in doc["rueckmeldungen"]
            ],
        )
        missing = doc["ausstehend"]
        if missing:
            names = ", ".join(f"{m['name']} ({m['akteur']})" for m in missing)
            print(f"{h('Ausstehend', 'Missing')} ({len(missing)}): {names}")

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
        print(vote_line(c, vote_replaced(zyklus)))

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

        c = cycles.record_ballot(
            zyklus, akteur, context.parse_word(stimme), by=context.who(), now=context.now()
        )
        v = c.vote
        assert v is not None
        abstain = (
            h("Enthaltung", "abstention") if v.abstain == 1 else h("Enthaltungen", "abstentions")
        )
        print(
            f"{h('Stimme von Akteur', 'Vote of actor')} {akteur} {h('erfasst', 'recorded')}: "
            f"{h('abgegeben', 'cast')} {v.present} {h('von', 'of')} {v.voting_members}; "
            f"{v.yes} {h('Ja', 'yes')}, {v.no} {h('Nein', 'no')}, {v.abstain} {abstain}"
        )

    @z.command(
        "bericht", help=h("Fortschrittsbericht zu einer Maßnahme.", "Progress report on a measure.")
    )
    def report(
        zyklus: Cycle,
        massnahme: Annotated[
            int, typer.Argument(help=h("Nummer der Maßnahme (zyklus status)", "measure no."))
        ],
        text: Annotated[
            str, typer.Argument(help=h("was erreicht ist, in einem Satz", "what was achieved"))
        ],
        wert: Annotated[
            float | None, typer.Option(help=h("aktueller Indikatorwert", "current indicator value"))
        ] = None,
    ) -> None:
        from dkbm import cycles

        c = cycles.report_progress(
            zyklus, massnahme, text, value=wert, by=context.who(), now=context.now()
        )
        print(
            f"{h('Bericht zu Maßnahme', 'Report on measure')} {massnahme} {h('erfasst', 'recorded')}; {_where(c)}"
        )

    from dkbm.cli.moderation import add_moderation_commands

    add_moderation_commands(z)
    return z


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
    "ziel_geaendert": "goal changed",
    "strategie_geaendert": "strategy changed",
    "ziel_entfernt": "goal removed",
    "strategie_entfernt": "strategy removed",
    "massnahme_entfernt": "measure removed",
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
    "stimme": "Stimme",
    "moderation_gestartet": "Moderation gestartet",
    "ziel_geaendert": "Ziel geändert",
    "strategie_geaendert": "Strategie geändert",
    "ziel_entfernt": "Ziel entfernt",
    "strategie_entfernt": "Strategie entfernt",
    "massnahme_entfernt": "Maßnahme entfernt",
    "eingabe_abgelehnt": "Eingabe abgelehnt",
}


def _details(d: dict[str, Any]) -> str:
    """What an audit entry is about, in a few words (counts of a vote, who answered, why)."""
    p, parts = d["details"], []
    if d["aktion"] == "abstimmung_erfasst":
        abstain = h("Enth.", "abst.")
        parts.append(
            f"{p['yes']} {h('Ja', 'yes')} / {p['no']} {h('Nein', 'no')} / {p['abstain']} {abstain}, "
            f"{p['present']}/{p['voting_members']} {h('anwesend', 'present')}"
        )
    elif d["aktion"] in ("rueckmeldung", "stimme") and "akteur" in p:
        parts.append(f"{h('Akteur', 'actor')} {p['akteur']}")
    elif d["aktion"] == "frist_geaendert":
        parts.append(f"{context.local(p['von'])} → {context.local(p['bis'])}")
    elif d["aktion"] == "uebergang" and (p.get("meeting") or p.get("deadline")):
        if p.get("meeting"):
            parts.append(
                f"{h('Sitzung', 'meeting')} {context.local(p['meeting'])} {p.get('place', '')}".strip()
            )
        else:
            parts.append(f"{h('Frist', 'deadline')} {context.local(p['deadline'])}")
    elif d["aktion"] == "moderation_gestartet":
        parts.append(f"{h('Lauf', 'run')} {p['lauf'][:8]}")
    if p.get("ersetzt"):
        parts.append(h("ersetzt", "replaced"))
    if d["grund"]:
        parts.append(d["grund"])
    return "; ".join(parts) or "-"


def _action(action: str) -> str:
    """Audit actions are stable identifiers (as in --json); tables show them as words."""
    words = _ACTIONS_EN if language() == "en" else _ACTIONS_DE
    return words.get(action, action.replace("_", " "))


def _describe(state: str) -> str:
    from dkbm.states.cycle import describe_state

    return describe_state(state, language())


def _done(c: Any) -> None:
    print(f"{h('Zyklus', 'Cycle')} {c.id}: {_describe(c.state)} (Version {c.version})")


def _where(c: Any) -> str:
    return f"{h('Zyklus', 'cycle')} {c.id}: {_describe(c.state)} (Version {c.version})"


def _added(kind: str, number: int, c: Any) -> None:
    print(f"{kind} {number} {h('hinzugefügt', 'added')} (Nr. {number}); {_where(c)}")


def _replaced(cycle_id: int, actor_id: int) -> bool:
    """Whether the answer just recorded replaced an earlier one (its audit entry says so)."""
    from dkbm import queries

    for e in reversed(queries.history(cycle_id)):
        if e["aktion"] == "rueckmeldung" and e["details"].get("akteur") == actor_id:
            return bool(e["details"].get("ersetzt"))
    return False


def _print_status(doc: dict[str, Any]) -> None:
    print(f"{h('Zyklus', 'Cycle')} {doc['id']}: {doc['titel']}")
    print(
        f"  {h('Stand', 'Where')}: {doc['bezeichnung']} ({doc['zustand']}, {h('Runde', 'round')} {doc['runde']}, Version {doc['version']})"
    )
    print(f"  {h('Gremium', 'Board')}: {doc['gremium_name']}")
    if m := doc.get("moderation"):
        print(
            f"  {h('Moderation', 'Moderation')}: {h('Lauf', 'run')} {m['lauf'][:8]}, "
            f"{h('gestartet', 'started')} {context.local(m['seit'])} {h('von', 'by')} {m['von']}"
            f" ({h('Prefect-UI oder dkbm zyklus entscheiden', 'Prefect UI or dkbm zyklus entscheiden')})"
        )
    _print_content(doc["inhalt"])
    if b := doc["beteiligung"]:
        print(
            f"  {h('Beteiligung', 'Consultation')}: {b['geantwortet']} {h('von', 'of')} {b['eingeladen']} "
            f"{h('Eingeladenen haben geantwortet; Frist', 'invitees answered; deadline')} {context.local(b['frist'])}"
            f"  ({h('dkbm zyklus rueckmeldungen', 'dkbm zyklus rueckmeldungen')} {doc['id']})"
        )
    if w := doc["schriftliche_abstimmung"]:
        print(
            f"  {h('Schriftliche Abstimmung', 'Written vote')}: {w['stimmen']} {h('von', 'of')} "
            f"{w['stimmberechtigt']} {h('Stimmen, Frist', 'votes, deadline')} {context.local(w['frist'])}"
        )
        if w["ausstehend"]:
            names = ", ".join(f"{m['name']} ({m['id']})" for m in w["ausstehend"])
            print(f"    {h('noch nicht abgestimmt', 'not yet voted')}: {names}")
    if doc.get("sitzung"):
        m = doc["sitzung"]
        place = f", {m['ort']}" if m["ort"] else ""
        print(f"  {h('Sitzung', 'Meeting')}: {context.local(m['termin'])}{place}")
    if v := doc["abstimmung"]:
        print(f"  {h('Abstimmung', 'Vote')}: {vote_words(v, written=bool(w))}")
    for stage, at in doc["beschluesse"].items():
        print(
            f"  {h('Beschlossen', 'Decided')}: {_describe(stage + '_beschlossen').split(' / ')[0]} ({context.local(at)})"
        )
    print(f"  {h('Nächste Schritte', 'Next steps')}:")
    for step in doc["naechste_schritte"]:
        mark = "✓" if step["moeglich"] else "✗"
        suffix = f"  ({step['grund']})" if step["grund"] else ""
        print(f"    {mark} {step['schritt']}{suffix}")


def _print_content(content: dict[str, Any]) -> None:
    import textwrap

    vision = content["leitbild"].strip()
    if vision:
        wrapped = textwrap.fill(vision, 88, initial_indent="    ", subsequent_indent="    ")
        print(f"  {h('Leitbild', 'Vision statement')}:\n{wrapped}")
    else:
        print(f"  {h('Leitbild', 'Vision statement')}: –")
    strategies = content["strategien"]
    measures = content["massnahmen"]
    if not content["ziele"]:
        return
    print(f"  {h('Strategische Ziele', 'Strategic goals')}:")
    for g in content["ziele"]:
        areas = f" [{', '.join(_area(a) for a in g['bereiche'])}]" if g["bereiche"] else ""
        print(f"    {h('Ziel', 'Goal')} {g['id']}: {g['titel']}{areas}")
        for st in (x for x in strategies if x["ziel"] == g["id"]):
            print(f"      {h('Strategie', 'Strategy')} {st['id']}: {st['titel']}")
            for m in (x for x in measures if x["strategie"] == st["id"]):
                print(f"        {h('Maßnahme', 'Measure')} {m['id']}: {m['titel']}")
                print(f"          {_measure_line(m)}")
                if r := m["letzter_bericht"]:
                    value = (
                        f" ({h('Wert', 'value')} {r['wert']:g})" if r["wert"] is not None else ""
                    )
                    print(
                        f"          {h('letzter Bericht', 'latest report')} {context.local(r['zeit'])[:10]}: "
                        f"{r['text']}{value} ({m['berichte']} {h('insgesamt', 'in all')})"
                    )


def _measure_line(m: dict[str, Any]) -> str:
    owner = f"{m['verantwortlich_name']} ({m['verantwortlich']})" if m["verantwortlich"] else "–"
    target = f" → {m['zielwert']}" if m["zielwert"] else ""
    from dkbm.charts import number

    measured = "".join(  # the Kennzahl's name only where it is not the indicator's
        f" · {h('Kennzahl', 'indicator')} {k['id']}"
        f"{'' if k['name'] == m['indikator'] else ' ' + repr(k['name'])}: "
        f"{number(k['zielwert'])}{' ' + k['einheit'] if k['einheit'] else ''} ({k['zieljahr']})"
        for k in m.get("kennzahlen", [])
    )
    return (
        f"{h('verantwortlich', 'owner')}: {owner} · {h('Indikator', 'indicator')}: "
        f"{m['indikator'] or '–'}{target}{measured} · {h('Frist', 'deadline')}: {m['frist'] or '–'}"
    )


def _area(value: str) -> str:
    from dkbm.cli.words import display

    return display("bildungsbereich", value)
