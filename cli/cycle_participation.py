"""`dkbm zyklus frist|antwort|rueckmeldungen|abstimmung|stimme|bericht`: what the network
contributes while a stage runs: the consultation's answers and deadline, votes and ballots,
progress reports on measures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.cycle_output import Cycle, where
from dkbm.cli.output import JSON, emit_json, h, safe, table, when
from dkbm.cli.votes import result_words, vote_line, vote_replaced
from dkbm.states.errors import InvalidValue


def add_participation_commands(z: typer.Typer) -> None:
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
        print(f"{h('Neue Frist', 'New deadline')}: {when(due)}; {where(c)}")

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
            "Rückmeldungen einer Beteiligung (der laufenden, sonst der letzten; --stufe für "
            "eine frühere): wer, wann, was; wer fehlt.",
            "Answers of a consultation (the running one, else the latest; --stufe for an "
            "earlier one): who, when, what; who is missing.",
        ),
    )
    def responses(
        zyklus: Cycle,
        as_json: JSON = False,
        form: Annotated[
            str | None,
            typer.Option(
                "--format",
                help=h(
                    "als Dokument für das Gremium: md (Markdown) oder pdf",
                    "as a document for the board: md (Markdown) or pdf",
                ),
            ),
        ] = None,
        ausgabe: Annotated[
            Path | None,
            typer.Option(
                "--ausgabe",
                help=h(
                    "in diese Datei schreiben (ersetzt sie; bei pdf nötig)",
                    "write to this file (replaces it; needed for pdf)",
                ),
            ),
        ] = None,
        an_top: Annotated[
            str | None,
            typer.Option(
                "--an-top",
                metavar="SITZUNG:TOP",
                help=h(
                    "als internes Dokument der Bibliothek diesem TOP beifügen (ersetzt die "
                    "frühere Zusammenfassung dort)",
                    "attach to this agenda item as an internal library document (replaces "
                    "the earlier summary there)",
                ),
            ),
        ] = None,
        stufe: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "die Beteiligung dieser Stufe (leitbild|ziele|strategien|massnahmen; "
                    "ihre letzte Runde)",
                    "the consultation of this stage (its latest round)",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import consultation_summary

        stage = context.parse_word(stufe) if stufe else None

        if an_top is not None and form is None:
            raise InvalidValue(
                "--an-top", an_top, h("nur mit --format md|pdf", "only with --format md|pdf")
            )
        if form is not None:
            if as_json:
                raise InvalidValue("--json", "--format", h("eines von beiden", "one of the two"))
            if an_top is not None:
                return attach_summary(zyklus, form, _agenda_item(an_top), ausgabe, stage)
            return summary_document(zyklus, form, ausgabe, stage)
        doc = consultation_summary.responses(zyklus, stage)
        if as_json:
            return emit_json(doc)
        if doc["stufe"] is None:
            print(h("Keine Beteiligung in diesem Zyklus.", "No consultation in this cycle."))
            return
        from dkbm.states.cycle import describe_state
        from dkbm.states.i18n import language

        named = describe_state(doc["stufe"], language())
        over = h(", beendet", ", finished") if doc["beendet"] else ""
        quoted = h(f"„{named}“", f'"{named}"')
        print(
            f"{h('Beteiligung', 'Consultation')} {quoted}, {h('Runde', 'round')} {doc['runde']}{over}"
        )
        table(
            [h("Nr.", "No."), "Name", h("Zeit", "Time"), h("Rückmeldung", "Answer")],
            [
                [
                    r["akteur"],
                    r["name"],
                    when(r["zeit"]) if r["zeit"] else "–",
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
        korrektur: Annotated[
            bool,
            typer.Option(
                "--korrektur",
                help=h(
                    "ein falsch erfasstes Ergebnis berichtigen, auch nach dem Beschluss",
                    "correct a wrongly recorded result, also after the decision",
                ),
            ),
        ] = False,
        grund: Annotated[
            str, typer.Option(help=h("Grund der Korrektur", "reason for the correction"))
        ] = "",
        stufe: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "bei --korrektur: die Stufe, deren Ergebnis berichtigt wird "
                    "(leitbild|ziele|strategien|massnahmen; sonst die zuletzt beschlossene)",
                    "with --korrektur: the stage whose result is corrected "
                    "(default: the latest decided)",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import cycles

        if korrektur:
            from dkbm.cycle_votes import correct_vote

            done = correct_vote(
                zyklus,
                present=anwesend,
                yes=ja,
                no=nein,
                abstain=enthaltung,
                reason=grund,
                by=context.who(),
                now=context.now(),
                stage=context.parse_word(stufe) if stufe else None,
            )
            print(correction_lines(done))
            return
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
            f"{h('Bericht zu Maßnahme', 'Report on measure')} {massnahme} {h('erfasst', 'recorded')}; {where(c)}"
        )


def summary_document(
    cycle_id: int, form: str, target: Path | None, stage: str | None = None
) -> None:
    """`rueckmeldungen --format md|pdf`: the Beteiligung summarised for the Gremium, to
    stdout (Markdown only) or written to *target*."""
    from dkbm import consultation_summary as summary
    from dkbm.file_output import write_replacing
    from dkbm.states.documents import size_text
    from dkbm.states.errors import InvalidValue, Reason, Refused
    from dkbm.states.i18n import language, t

    if form not in ("md", "pdf"):
        raise InvalidValue("--format", form, t("summary_format_expected"))
    lang, now = language(), context.now()
    if form == "md" and target is None:
        print(summary.markdown(cycle_id, now, lang, stage), end="")
        return
    if target is None:
        raise Refused("rueckmeldungen", Reason("summary_pdf_needs_file"))
    if form == "md":
        data = summary.markdown(cycle_id, now, lang, stage).encode()
    else:
        data = summary.pdf(cycle_id, now, lang, stage)
    write_replacing(target, data)
    print(t("summary_written", path=safe(str(target)), size=size_text(len(data), lang)))


def _agenda_item(text: str) -> tuple[int, int]:
    """--an-top SITZUNG:TOP, e.g. 3:2."""
    meeting, _, item = text.partition(":")
    try:
        numbers = int(meeting), int(item)
    except ValueError:
        raise InvalidValue(
            "--an-top", text, h("SITZUNG:TOP, z. B. 3:2", "MEETING:ITEM, e.g. 3:2")
        ) from None
    if min(numbers) < 1:
        raise InvalidValue("--an-top", text, h("SITZUNG:TOP, z. B. 3:2", "MEETING:ITEM, e.g. 3:2"))
    return numbers


def attach_summary(
    cycle_id: int,
    form: str,
    at: tuple[int, int],
    target: Path | None,
    stage: str | None = None,
) -> None:
    """`rueckmeldungen --format md|pdf --an-top M:T`: the summary kept as an internal
    library document and attached to TOP T of meeting M (and written to *target* if given)."""
    from dkbm import consultation_summary as summary
    from dkbm.documents import Upload
    from dkbm.file_output import write_replacing
    from dkbm.meeting_agenda import attach_summary as attach
    from dkbm.meeting_agenda import summary_file_name
    from dkbm.states.i18n import language, t

    if form not in ("md", "pdf"):
        raise InvalidValue("--format", form, t("summary_format_expected"))
    meeting_id, number = at
    now = context.now()
    title, data = summary.document(cycle_id, now, form, language(), stage)
    media = "application/pdf" if form == "pdf" else "text/markdown; charset=utf-8"
    m, doc, replaced = attach(
        meeting_id,
        number,
        cycle_id,
        upload=Upload(summary_file_name(cycle_id, form), data, media),
        title=title,
        by=context.who(),
        now=now,
    )
    if target is not None:
        write_replacing(target, data)
    print(
        h("Zusammenfassung ", "Summary ")
        + (h("ersetzt", "replaced") if replaced else h("beigefügt", "attached"))
        + f": {h('Dokument', 'document')} {doc.id} ({h('intern', 'internal')}) "
        + h(
            f"an TOP {number} der Sitzung {meeting_id}", f"on item {number} of meeting {meeting_id}"
        )
        + (
            h(" (geänderte Tagesordnung an die Mitglieder)", " (amended agenda sent to members)")
            if m.state == "eingeladen"
            else ""
        )
    )


def correction_lines(done: Any) -> str:
    """What a correction did: the result before and now, and whether the decision stands."""
    from dkbm.states.cycle import describe_state
    from dkbm.states.i18n import language

    b = done.before
    abstain = h("Enthaltung", "abstention") if b.abstain == 1 else h("Enthaltungen", "abstentions")
    before = (
        f"{b.present} {h('anwesend', 'present')}: {b.yes} {h('Ja', 'yes')}, "
        f"{b.no} {h('Nein', 'no')}, {b.abstain} {abstain}"
    )
    c = done.cycle
    stage = describe_state(done.before.stage, language())
    after = done.after if done.after is not None else c.vote
    lines = [
        f"{h('Ergebnis berichtigt', 'Result corrected')}: {result_words(after)}",
        f"{h('Bisher', 'Before')}: {before}",
    ]
    if done.revoked:
        lines.append(
            h(
                f"Der Beschluss zu „{stage}“ ist aufgehoben, das berichtigte Ergebnis trägt ihn "
                f"nicht: Zyklus {c.id} ist wieder in der Abstimmung.",
                f'The decision on "{stage}" is revoked, the corrected result does not carry it: '
                f"cycle {c.id} is back in the vote.",
            )
        )
    elif done.before.stage in c.decided:
        lines.append(
            h(f"Der Beschluss zu „{stage}“ bleibt bestehen.", f'The decision on "{stage}" stands.')
        )
    return "\n".join(lines)


def _replaced(cycle_id: int, actor_id: int) -> bool:
    """Whether the answer just recorded replaced an earlier one (its row counts how often)."""
    from dkbm.cycle_consultation import own_answer

    kept = own_answer(cycle_id, actor_id)
    return kept is not None and kept["replaced"] > 0
