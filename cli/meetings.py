"""`dkbm sitzung …` (meetings of a Gremium or AG) and `dkbm aufgabe list|erledigt`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, safe, table
from dkbm.cli.words import display
from dkbm.states.errors import InvalidValue

MeetingNo = Annotated[int, typer.Argument(metavar="SITZUNG", help=h("Sitzungs-Nr.", "meeting no."))]
ItemNo = Annotated[int, typer.Argument(metavar="TOP", help=h("TOP-Nr.", "agenda item no."))]
ActorNo = Annotated[int, typer.Argument(metavar="AKTEUR", help=h("Akteur-Nr.", "actor no."))]
Start = Annotated[
    str, typer.Option("--beginn", help=h("TT.MM.JJJJ HH:MM (Europe/Berlin)", "DD.MM.YYYY HH:MM"))
]
End = Annotated[str | None, typer.Option("--ende", help=h("Ende (HH:MM oder Datum)", "end"))]
Urgency = Annotated[
    str,
    typer.Option(
        "--dringlich",
        help=h(
            "Grund, warum die Ladungsfrist nicht eingehalten wird (Dringlichkeit)",
            "why the notice period is not kept (urgency)",
        ),
    ),
]
Ids = Annotated[
    str,
    typer.Option(help=h("Akteur-Nummern, durch Komma getrennt", "actor numbers, comma-separated")),
]


def _ids(text: str, field: str) -> list[int]:
    try:
        return [int(p) for p in text.replace(",", " ").split()]
    except ValueError:
        raise InvalidValue(field, text, h("Nummern wie 1,2,3", "numbers like 1,2,3")) from None


def _end(text: str | None, start: Any) -> Any:
    if not text:
        return None
    if len(text.strip()) <= 5 and ":" in text:
        hh, _, mm = text.strip().partition(":")
        local = start.astimezone(context.BERLIN)
        try:
            return local.replace(hour=int(hh), minute=int(mm)).astimezone(start.tzinfo)
        except ValueError:
            raise InvalidValue("--ende", text, "HH:MM") from None
    return context.parse_moment(text, "--ende")


def _local(iso: str | None) -> str:
    if not iso:
        return "-"
    from datetime import datetime

    return datetime.fromisoformat(iso).strftime("%d.%m.%Y %H:%M")


def _report(as_json: bool, meeting_id: int, line: str) -> None:
    """One line for people; with --json the meeting as it is now."""
    if as_json:
        from dkbm import meeting_queries

        return emit_json(meeting_queries.meeting(meeting_id))
    print(line)


def state_word(state: str) -> str:
    return _word("sitzung", state)


def _word(kind: str, value: str | None) -> str:
    return "-" if value is None else display(kind, value)


def meetings_app() -> typer.Typer:
    app = typer.Typer(
        help=h(
            "Sitzungen von Gremien und Arbeitsgruppen: Ladung, Tagesordnung, Anwesenheit, "
            "Beschlüsse, Protokoll, Aufgaben.",
            "Meetings of boards and working groups: invitation, agenda, attendance, "
            "decisions, minutes, tasks.",
        ),
        no_args_is_help=True,
    )

    @app.command("planen", help=h("Eine Sitzung planen.", "Plan a meeting."))
    def plan(
        gremium: Annotated[int, typer.Option(help=h("Gremium-Nr.", "board no."))],
        beginn: Start,
        ende: End = None,
        ort: Annotated[str, typer.Option(help=h("Ort", "place"))] = "",
        video: Annotated[str, typer.Option(help=h("Videolink", "video link"))] = "",
        oeffentlich: Annotated[
            bool,
            typer.Option("--oeffentlich/--nichtoeffentlich", help=h("öffentlich", "public")),
        ] = True,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meeting_queries, meetings

        start = context.parse_moment(beginn, "--beginn")
        m = meetings.plan(
            board_id=gremium,
            starts_at=start,
            ends_at=_end(ende, start),
            place=ort,
            video=video,
            public=oeffentlich,
            by=context.who(),
            now=context.now(),
        )
        doc = meeting_queries.meeting(m.id or 0)
        if as_json:
            return emit_json(doc)
        print(
            h("Sitzung ", "Meeting ")
            + f"{m.id} {h('geplant', 'planned')}: {safe(doc['gremium_name'])}, "
            + f"{_local(doc['beginn'])}; "
            + h("Ladung spätestens ", "invitation due by ")
            + _local(doc["ladung_bis"])
        )

    @app.command("list", help=h("Kommende Sitzungen (oder alle).", "Upcoming meetings (or all)."))
    def list_(
        gremium: Annotated[int | None, typer.Option(help=h("Gremium-Nr.", "board no."))] = None,
        alle: Annotated[
            bool,
            typer.Option("--alle", help=h("auch vergangene (Sitzungshistorie)", "include past")),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meeting_queries

        docs = meeting_queries.meetings(gremium, alle, context.now())
        if as_json:
            return emit_json(docs)
        if not docs:
            past = [] if alle else meeting_queries.meetings(gremium, True, context.now())
            return print(
                h("Keine kommenden Sitzungen", "No upcoming meetings")
                + (
                    h(f" ({len(past)} vergangene: --alle).", f" ({len(past)} past: --alle).")
                    if past
                    else "."
                )
            )
        table(
            [
                h("Nr.", "No."),
                h("Gremium", "Board"),
                h("Beginn", "Start"),
                h("Ort", "Place"),
                "TOPs",
                h("Zustand", "State"),
            ],
            [
                [
                    d["id"],
                    d["gremium_name"],
                    _local(d["beginn"]),
                    d["ort"] or d["video"],
                    d["tops"],
                    _word("sitzung", d["zustand"]),
                ]
                for d in docs
            ],
        )

    @app.command("show", help=h("Eine Sitzung mit Tagesordnung zeigen.", "Show a meeting."))
    def show(sitzung: MeetingNo, as_json: JSON = False) -> None:
        from dkbm import meeting_queries

        d = meeting_queries.meeting(sitzung)
        if as_json:
            return emit_json(d)
        print(
            f"{h('Sitzung', 'Meeting')} {d['id']}: {safe(d['gremium_name'])}, {_local(d['beginn'])}"
            f" – {_local(d['ende'])[-5:]}  [{_word('sitzung', d['zustand'])}]"
        )
        print(
            f"  {h('Ort', 'Place')}: {safe(d['ort'] or '-')}"
            + (f"  Video: {safe(d['video'])}" if d["video"] else "")
        )
        print(
            f"  {h('Öffentlich', 'Public')}: {h('ja', 'yes') if d['oeffentlich'] else h('nein', 'no')}"
            f"   {h('Ladung bis', 'invite by')}: {_local(d['ladung_bis'])}"
            + (
                f"   {h('eingeladen am', 'invited on')}: {_local(d['eingeladen_am'])}"
                if d["eingeladen_am"]
                else ""
            )
        )
        if d["dringlich"]:
            print(f"  {h('Dringlichkeit', 'Urgency')}: {safe(d['dringlich'])}")
        if d["absagegrund"]:
            print(f"  {h('Abgesagt', 'Cancelled')}: {safe(d['absagegrund'])}")
        quorum = d["beschlussfaehig_ab"]
        print(
            f"  {h('Sitze besetzt', 'Seats filled')}: {d['sitze']} {h('von', 'of')} {d['stimmberechtigt']}"
            + (f", {h('beschlussfähig ab', 'quorate from')} {quorum}" if quorum is not None else "")
        )
        print()
        table(
            ["TOP", h("Titel", "Title"), h("Öffentl.", "Public"), h("Ergebnis", "Result")],
            [
                [
                    t["top"],
                    t["titel"]
                    + (f" ({h('Zyklus', 'cycle')} {t['zyklus']})" if t["zyklus"] else ""),
                    t["oeffentlich"],
                    (
                        _word("ergebnis", t["ergebnis"]["ergebnis"])
                        + f" ({t['ergebnis']['yes']}/{t['ergebnis']['no']}/{t['ergebnis']['abstain']})"
                    )
                    if t["ergebnis"]
                    else "-",
                ]
                for t in d["tagesordnung"]
            ],
        )
        print()
        names = {p["akteur"]: p["name"] for p in d["teilnahme"]}
        table(
            [
                h("Nr.", "No."),
                "Name",
                h("Rolle", "Role"),
                h("Antwort", "Reply"),
                h("Anwesenheit", "Attendance"),
            ],
            [
                [
                    p["akteur"],
                    p["name"],
                    display("rolle", p["rolle"]),
                    _word("antwort", p["antwort"]),
                    _word("anwesenheit", p["anwesenheit"])
                    + (
                        f" ({h('durch', 'by')} {names.get(p['vertreten_durch'], '?')})"
                        if p["vertreten_durch"] and p["anwesenheit"] == "vertreten"
                        else ""
                    ),
                ]
                for p in d["teilnahme"]
            ],
        )
        if d["aufgaben"]:
            print()
            _tasks_table(d["aufgaben"])

    @app.command("verlauf", help=h("Verlauf (Audit-Log) einer Sitzung.", "History (audit log)."))
    def history(sitzung: MeetingNo, as_json: JSON = False) -> None:
        from dkbm import meeting_queries

        docs = meeting_queries.history(sitzung)
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Zeit", "Time"),
                h("Von", "By"),
                h("Aktion", "Action"),
                h("Nach", "To"),
                h("Grund", "Reason"),
            ],
            [
                [
                    context.local(d["zeit"]),
                    d["von"],
                    d["schritt"] or d["aktion"],
                    _word("sitzung", d["nach"]),
                    d["grund"],
                ]
                for d in docs
            ],
        )

    @app.command("top", help=h("Einen TOP zur Tagesordnung hinzufügen.", "Add an agenda item."))
    def top(
        sitzung: MeetingNo,
        titel: Annotated[str, typer.Option(help=h("Titel", "title"))] = "",
        zyklus: Annotated[
            int | None,
            typer.Option(
                help=h("Zyklus, dessen Stufe zur Abstimmung steht", "cycle awaiting its vote")
            ),
        ] = None,
        unterlage: Annotated[
            list[str] | None, typer.Option(help=h("Unterlage (Link), mehrfach", "document link"))
        ] = None,
        oeffentlich: Annotated[
            bool,
            typer.Option("--oeffentlich/--nichtoeffentlich", help=h("öffentlich", "public")),
        ] = True,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.add_item(
            sitzung,
            title=titel,
            public=oeffentlich,
            documents=unterlage or [],
            cycle_id=zyklus,
            by=context.who(),
            now=context.now(),
        )
        item = m.items[-1]
        _report(
            as_json,
            sitzung,
            f"TOP {item.number} {h('angelegt', 'added')}: {safe(item.title)}"
            + (
                h(
                    " (geänderte Tagesordnung an die Mitglieder)",
                    " (amended agenda sent to members)",
                )
                if m.state == "eingeladen"
                else ""
            ),
        )

    @app.command("einladen", help=h("Die Ladung versenden.", "Send the invitation."))
    def invite(sitzung: MeetingNo, dringlich: Urgency = "", as_json: JSON = False) -> None:
        from dkbm import meetings

        m = meetings.invite(sitzung, urgency=dringlich, by=context.who(), now=context.now())
        _report(
            as_json,
            sitzung,
            h("Ladung zu Sitzung ", "Invitation to meeting ")
            + f"{m.id} "
            + h("im Postausgang.", "queued.")
            + (h(" Dringlich: ", " Urgent: ") + safe(m.urgency) if m.urgency else ""),
        )

    @app.command("verschieben", help=h("Die Sitzung verlegen.", "Move the meeting."))
    def move(
        sitzung: MeetingNo,
        beginn: Start,
        ende: End = None,
        ort: Annotated[str | None, typer.Option(help=h("neuer Ort", "new place"))] = None,
        video: Annotated[
            str | None, typer.Option(help=h("neuer Videolink", "new video link"))
        ] = None,
        dringlich: Urgency = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        start = context.parse_moment(beginn, "--beginn")
        m = meetings.move(
            sitzung,
            starts_at=start,
            ends_at=_end(ende, start),
            place=ort,
            video=video,
            urgency=dringlich,
            by=context.who(),
            now=context.now(),
        )
        _report(
            as_json,
            sitzung,
            h("Sitzung ", "Meeting ")
            + f"{m.id} "
            + h("verlegt auf ", "moved to ")
            + m.starts_at.astimezone(context.BERLIN).strftime("%d.%m.%Y %H:%M")
            + (
                h(" (Mitglieder werden benachrichtigt)", " (members are told)")
                if m.state == "eingeladen"
                else ""
            ),
        )

    @app.command("absagen", help=h("Die Sitzung absagen.", "Cancel the meeting."))
    def cancel(
        sitzung: MeetingNo,
        grund: Annotated[str, typer.Option(help=h("Grund", "reason"))] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.cancel(sitzung, reason=grund, by=context.who(), now=context.now())
        _report(
            as_json, sitzung, h("Sitzung ", "Meeting ") + f"{m.id} " + h("abgesagt.", "cancelled.")
        )

    @app.command(
        "antworten",
        help=h(
            "Zusage, Absage oder Vertretung eines Mitglieds erfassen.", "Record a member's reply."
        ),
    )
    def reply(
        sitzung: MeetingNo,
        akteur: ActorNo,
        antwort: Annotated[str, typer.Argument(help="zusage | absage | vertretung")],
        durch: Annotated[
            int | None, typer.Option(help=h("Stellvertretung (Akteur-Nr.)", "deputy (actor no.)"))
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
        _report(as_json, sitzung, h("Antwort erfasst.", "Reply recorded."))

    @app.command(
        "anwesenheit", help=h("Anwesenheit nach Namen erfassen.", "Record attendance by name.")
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
        _report(
            as_json,
            sitzung,
            h("Anwesenheit erfasst für ", "Attendance recorded for ")
            + f"{sum(1 for a in m.attendance.values() if a.presence)} "
            + h("Personen.", "people."),
        )

    @app.command(
        "befangen",
        help=h(
            "Ein Mitglied für einen TOP als befangen erfassen.", "Record a conflict of interest."
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
        _report(
            as_json,
            sitzung,
            h("Befangenheit erfasst.", "Conflict recorded.")
            if not entfernen
            else h("Befangenheit entfernt.", "Conflict removed."),
        )

    @app.command(
        "durchfuehren",
        help=h(
            "Festhalten, dass die Sitzung stattgefunden hat.", "Record that the meeting took place."
        ),
    )
    def hold(sitzung: MeetingNo, as_json: JSON = False) -> None:
        from dkbm import meetings

        meetings.hold(sitzung, by=context.who(), now=context.now())
        _report(
            as_json,
            sitzung,
            h("Sitzung ", "Meeting ")
            + f"{sitzung} "
            + h("durchgeführt; das Protokoll ist fällig.", "held; the minutes are due."),
        )

    @app.command(
        "abstimmen",
        help=h("Das Abstimmungsergebnis eines TOPs erfassen.", "Record a vote on an agenda item."),
    )
    def vote(
        sitzung: MeetingNo,
        top: ItemNo,
        ja: Annotated[int, typer.Option(help=h("Ja-Stimmen", "yes"))] = 0,
        nein: Annotated[int, typer.Option(help=h("Nein-Stimmen", "no"))] = 0,
        enthaltung: Annotated[int, typer.Option(help=h("Enthaltungen", "abstentions"))] = 0,
        einstimmig: Annotated[
            bool, typer.Option("--einstimmig", help=h("einstimmig angenommen", "unanimous"))
        ] = False,
        diskussion: Annotated[str, typer.Option(help=h("Verlauf der Beratung", "discussion"))] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        m = meetings.vote(
            sitzung,
            top,
            yes=ja,
            no=nein,
            abstain=enthaltung,
            unanimous=einstimmig,
            discussion=diskussion,
            by=context.who(),
            now=context.now(),
        )
        item = m.item(top)
        assert item is not None and item.vote is not None
        line = f"TOP {top}: {_word('ergebnis', item.vote.outcome)} ({item.vote.yes} {h('Ja', 'yes')}, {item.vote.no} {h('Nein', 'no')}, {item.vote.abstain} {h('Enthaltung', 'abstention') if item.vote.abstain == 1 else h('Enthaltungen', 'abstentions')})"
        if item.cycle_id is not None and item.vote.outcome != "nicht_beschlussfaehig":
            line += h(f"; Zyklus {item.cycle_id} ", f"; cycle {item.cycle_id} ") + (
                h("beschlossen", "decided")
                if item.vote.outcome == "angenommen"
                else h("zur Überarbeitung", "sent back for revision")
            )
        _report(as_json, sitzung, line)

    @app.command(
        "protokoll",
        help=h(
            "Protokoll zeigen, entwerfen, bearbeiten (--datei), exportieren (--export) oder versenden.",
            "Show, draft, edit (--datei), export (--export) or send the minutes.",
        ),
    )
    def protocol(
        sitzung: MeetingNo,
        entwerfen: Annotated[
            bool,
            typer.Option(
                "--entwerfen",
                help=h("Entwurf aus den Sitzungsdaten erzeugen", "draft from the meeting's data"),
            ),
        ] = False,
        datei: Annotated[
            Path | None,
            typer.Option(help=h("bearbeitete Fassung (Markdown)", "edited version (Markdown)")),
        ] = None,
        export: Annotated[
            Path | None,
            typer.Option(help=h("nach DATEI.html oder DATEI.pdf", "to FILE.html or FILE.pdf")),
        ] = None,
        versenden: Annotated[
            bool,
            typer.Option("--versenden", help=h("an die Mitglieder senden", "send to the members")),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings, minutes
        from dkbm.states.i18n import language

        by, now = context.who(), context.now()
        say = (lambda *_: None) if as_json else print
        if entwerfen:
            meetings.draft_minutes(
                sitzung, minutes.draft(sitzung, by=by, lang=language()), by=by, now=now
            )
            say(h("Protokollentwurf erstellt.", "Draft minutes created."))
        if datei is not None:
            try:
                text = datei.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidValue("--datei", str(datei), type(exc).__name__) from None
            meetings.edit_minutes(sitzung, text, by=by, now=now)
            say(h("Protokoll gespeichert.", "Minutes saved."))
        if export is not None:
            if export.suffix.lower() not in (".html", ".pdf"):
                raise InvalidValue("--export", str(export), ".html | .pdf")
            data = (
                minutes.pdf(sitzung, language())
                if export.suffix.lower() == ".pdf"
                else minutes.document(sitzung, language()).encode()
            )
            export.write_bytes(data)
            say(h("Geschrieben: ", "Written: ") + str(export))
        if versenden:
            from dkbm import meeting_queries

            with_text = meeting_queries.minutes_text(sitzung)
            m = meetings.send_minutes(
                sitzung,
                html=minutes.body_html(with_text),
                text=with_text,
                pdf=minutes.pdf(sitzung, language()),
                by=by,
                now=now,
            )
            say(h("Protokoll im Postausgang.", "Minutes queued.") + f" ({m.id})")
        if not (entwerfen or datei or export or versenden):
            from dkbm import meeting_queries

            say(
                meeting_queries.minutes_text(sitzung)
                or h("(noch kein Protokoll)", "(no minutes yet)")
            )
        if as_json:
            from dkbm import meeting_queries

            emit_json(
                {
                    **meeting_queries.meeting(sitzung),
                    "protokoll": meeting_queries.minutes_text(sitzung),
                }
            )

    @app.command(
        "aufgabe",
        help=h("Eine Aufgabe aus einem TOP vergeben.", "Assign a task from an agenda item."),
    )
    def task(
        sitzung: MeetingNo,
        top: ItemNo,
        titel: Annotated[str, typer.Option(help=h("Titel", "title"))],
        akteur: Annotated[
            int, typer.Option(help=h("verantwortlich (Akteur-Nr.)", "owner (actor no.)"))
        ],
        frist: Annotated[str, typer.Option(help=h("TT.MM.JJJJ", "DD.MM.YYYY"))],
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        task_id = meetings.add_task(
            sitzung,
            top,
            title=titel,
            owner_id=akteur,
            due_at=context.parse_moment(frist, "--frist", end_of_day=True),
            by=context.who(),
            now=context.now(),
        )
        _report(
            as_json, sitzung, h("Aufgabe ", "Task ") + f"{task_id} " + h("angelegt.", "created.")
        )

    return app


def _tasks_table(docs: list[dict[str, Any]]) -> None:
    table(
        [
            h("Nr.", "No."),
            h("Aufgabe", "Task"),
            h("Verantwortlich", "Owner"),
            h("Frist", "Due"),
            h("Sitzung/TOP", "Meeting/item"),
            "Status",
        ],
        [
            [
                d["id"],
                d["titel"],
                d["name"],
                _local(d["frist"])[:10],
                f"{d['sitzung']}/{d['top']}",
                h(d["status"], "done" if d["status"] == "erledigt" else "open"),
            ]
            for d in docs
        ],
    )


def tasks_app() -> typer.Typer:
    app = typer.Typer(
        help=h("Aufgaben aus Sitzungen.", "Tasks from meetings."), no_args_is_help=True
    )

    @app.command("list", help=h("Aufgaben zeigen.", "List tasks."))
    def list_(
        offen: Annotated[bool, typer.Option("--offen", help=h("nur offene", "open only"))] = False,
        akteur: Annotated[
            int | None, typer.Option(help=h("nur dieses Akteurs", "only this actor's"))
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import meeting_queries

        docs = meeting_queries.tasks(owner_id=akteur, only_open=offen)
        if as_json:
            return emit_json(docs)
        _tasks_table(docs)

    @app.command("erledigt", help=h("Eine Aufgabe als erledigt melden.", "Report a task as done."))
    def done(
        aufgabe: Annotated[
            int, typer.Argument(metavar="AUFGABE", help=h("Aufgaben-Nr.", "task no."))
        ],
        bemerkung: Annotated[str, typer.Option(help=h("Bemerkung", "note"))] = "",
        as_json: JSON = False,
    ) -> None:
        from dkbm import meetings

        row = meetings.complete_task(aufgabe, note=bemerkung, by=context.who(), now=context.now())
        if as_json:
            from dkbm import meeting_queries

            return emit_json(meeting_queries.task_doc(row, {}))
        print(h("Aufgabe ", "Task ") + f"{aufgabe} " + h("erledigt.", "done."))

    return app
