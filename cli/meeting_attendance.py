"""`dkbm sitzung antworten|anwesenheit|befangen|durchfuehren|abstimmen`: who comes, who is
there, who may not vote on an item, that the meeting took place, and its votes."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.meeting_output import ActorNo, ItemNo, MeetingNo, report, word
from dkbm.cli.output import JSON, h
from dkbm.states.errors import InvalidValue

Ids = Annotated[
    str,
    typer.Option(help=h("Akteur-Nummern, durch Komma getrennt", "actor numbers, comma-separated")),
]


def _ids(text: str, field: str) -> list[int]:
    try:
        return [int(p) for p in text.replace(",", " ").split()]
    except ValueError:
        raise InvalidValue(field, text, h("Nummern wie 1,2,3", "numbers like 1,2,3")) from None


def add_attendance_commands(app: typer.Typer) -> None:
    @app.command(
        "antworten",
        help=h(
            "Zusage, Absage oder Vertretung eines Mitglieds erfassen.",
            "Record a member's reply.",
        ),
    )
    def reply(
        sitzung: MeetingNo,
        akteur: ActorNo,
        antwort: Annotated[str, typer.Argument(help="zusage | absage | vertretung")],
        durch: Annotated[
            int | None,
            typer.Option(help=h("Stellvertretung (Akteur-Nr.)", "deputy (actor no.)")),
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        meetings.reply(
            sitzung,
            akteur,
            context.parse_word(antwort).lower(),
            deputy_id=durch,
            by=context.who(),
            now=context.now(),
        )
        report(as_json, sitzung, h("Antwort erfasst.", "Reply recorded."))

    @app.command(
        "anwesenheit",
        help=h("Anwesenheit nach Namen erfassen.", "Record attendance by name."),
    )
    def attendance(
        sitzung: MeetingNo,
        anwesend: Ids = "",
        entschuldigt: Ids = "",
        abwesend: Ids = "",
        vertreten: Annotated[
            str,
            typer.Option(
                help=h(
                    "durch ihre Stellvertretung vertretene Mitglieder",
                    "members represented by their deputy",
                )
            ),
        ] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.record_attendance(
            sitzung,
            present=_ids(anwesend, "--anwesend"),
            excused=_ids(entschuldigt, "--entschuldigt"),
            absent=_ids(abwesend, "--abwesend"),
            represented=_ids(vertreten, "--vertreten"),
            by=context.who(),
            now=context.now(),
        )
        report(
            as_json,
            sitzung,
            h("Anwesenheit erfasst für ", "Attendance recorded for ")
            + f"{sum(1 for a in m.attendance.values() if a.presence)} "
            + h("Personen.", "people."),
        )

    @app.command(
        "befangen",
        help=h(
            "Ein Mitglied für einen TOP als befangen erfassen.",
            "Record a conflict of interest.",
        ),
    )
    def conflicted(
        sitzung: MeetingNo,
        top: ItemNo,
        akteur: ActorNo,
        entfernen: Annotated[
            bool, typer.Option("--entfernen", help=h("entfernen", "remove"))
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        meetings.set_conflict(
            sitzung, top, akteur, remove=entfernen, by=context.who(), now=context.now()
        )
        report(
            as_json,
            sitzung,
            h("Befangenheit erfasst.", "Conflict recorded.")
            if not entfernen
            else h("Befangenheit entfernt.", "Conflict removed."),
        )

    @app.command(
        "durchfuehren",
        help=h(
            "Festhalten, dass die Sitzung stattgefunden hat.",
            "Record that the meeting took place.",
        ),
    )
    def hold(sitzung: MeetingNo, as_json: JSON = False) -> None:
        from dkbm import meetings

        meetings.hold(sitzung, by=context.who(), now=context.now())
        report(
            as_json,
            sitzung,
            h("Sitzung ", "Meeting ")
            + f"{sitzung} "
            + h("durchgeführt; das Protokoll ist fällig.", "held; the minutes are due."),
        )

    @app.command(
        "abstimmen",
        help=h(
            "Das Abstimmungsergebnis eines TOPs erfassen.",
            "Record a vote on an agenda item.",
        ),
    )
    def vote(
        sitzung: MeetingNo,
        top: ItemNo,
        ja: Annotated[int, typer.Option(help=h("Ja-Stimmen", "yes"))] = 0,
        nein: Annotated[int, typer.Option(help=h("Nein-Stimmen", "no"))] = 0,
        enthaltung: Annotated[int, typer.Option(help=h("Enthaltungen", "abstentions"))] = 0,
        einstimmig: Annotated[
            bool,
            typer.Option("--einstimmig", help=h("einstimmig angenommen", "unanimous")),
        ] = False,
        diskussion: Annotated[str, typer.Option(help=h("Verlauf der Beratung", "discussion"))] = "",
        korrektur: Annotated[
            bool,
            typer.Option(
                "--korrektur",
                help=h(
                    "ein falsch erfasstes Ergebnis berichtigen (auch eines Zyklus-Beschlusses)",
                    "correct a wrongly recorded result (also of a cycle's decision)",
                ),
            ),
        ] = False,
        grund: Annotated[
            str,
            typer.Option(help=h("Grund der Korrektur", "reason for the correction")),
        ] = "",
        beschlusstext: Annotated[
            str | None,
            typer.Option(
                "--beschlusstext",
                help=h(
                    "Beschlusstext, wie beschlossen (Markdown)",
                    "resolution as voted (Markdown)",
                ),
            ),
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        if korrektur:
            from dkbm.meeting_votes import correct_vote

            done = correct_vote(
                sitzung,
                top,
                yes=ja,
                no=nein,
                abstain=enthaltung,
                unanimous=einstimmig,
                reason=grund,
                resolution=beschlusstext,
                by=context.who(),
                now=context.now(),
            )
            report(as_json, sitzung, _correction_lines(done, top))
            return
        m = meetings.vote(
            sitzung,
            top,
            yes=ja,
            no=nein,
            abstain=enthaltung,
            unanimous=einstimmig,
            discussion=diskussion,
            resolution=beschlusstext,
            by=context.who(),
            now=context.now(),
        )
        item = m.item(top)
        assert item is not None and item.vote is not None
        line = f"TOP {top}: {_result(item.vote)}"
        if item.cycle_id is not None and item.vote.outcome != "nicht_beschlussfaehig":
            from dkbm.states.cycle import STAGE_NAMES
            from dkbm.states.i18n import language

            stage = STAGE_NAMES[language()].get(item.stage or "", item.stage or "")
            line += (
                f"; {stage} "
                + (
                    h("beschlossen", "decided")
                    if item.vote.outcome == "angenommen"
                    else h("zur Überarbeitung", "sent back for revision")
                )
                + h(f" (Zyklus {item.cycle_id})", f" (cycle {item.cycle_id})")
            )
        report(as_json, sitzung, line)


def _result(v: Any) -> str:
    abstain = h("Enthaltung", "abstention") if v.abstain == 1 else h("Enthaltungen", "abstentions")
    return (
        f"{word('ergebnis', v.outcome)} ({v.yes} {h('Ja', 'yes')}, {v.no} {h('Nein', 'no')}, "
        f"{v.abstain} {abstain})"
    )


def _correction_lines(done: Any, top: int) -> str:
    """The corrected result, the one it replaced, and what became of the cycle's decision."""
    item = done.meeting.item(top)
    lines = [
        f"TOP {top} {h('berichtigt', 'corrected')}: {_result(item.vote)}",
        f"{h('Bisher', 'Before')}: {_result(done.before)}",
    ]
    cycle_id = item.cycle_id
    if done.cycle is not None and done.cycle.revoked:
        lines.append(
            h(
                f"Der Beschluss in Zyklus {cycle_id} ist aufgehoben, das berichtigte Ergebnis "
                "trägt ihn nicht: der Zyklus ist wieder in der Abstimmung.",
                f"The decision in cycle {cycle_id} is revoked, the corrected result does not "
                "carry it: the cycle is back in the vote.",
            )
        )
    elif done.cycle is not None:
        lines.append(
            h(
                f"Das Ergebnis in Zyklus {cycle_id} ist mitberichtigt; der Beschluss bleibt bestehen.",
                f"The result in cycle {cycle_id} is corrected too; the decision stands.",
            )
        )
    elif done.decided_now:
        lines.append(
            h(f"Zyklus {cycle_id} ", f"Cycle {cycle_id} ")
            + (
                h("beschlossen", "decided")
                if item.vote.outcome == "angenommen"
                else h("zur Überarbeitung", "sent back for revision")
            )
        )
    return "\n".join(lines)
