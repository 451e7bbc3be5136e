"""`dkbm nachrichten ...` and `dkbm fristen ...`: the Informationsfluss and the deadlines."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, table
from dkbm.cli.words import display
from dkbm.states.i18n import readable, t


def messages_app() -> typer.Typer:
    n = typer.Typer(
        help=h("Nachrichten: Versand, Protokoll, Fehler.", "Messages: sending, log, failures."),
        no_args_is_help=True,
    )

    @n.command(
        "list",
        help=h(
            "Gesendete Nachrichten (Informationsfluss): wer bekam was, wann, über welchen Kanal.",
            "Messages sent (information flow): who got what, when, through which channel.",
        ),
    )
    def list_(
        zyklus: Annotated[
            int | None, typer.Option(help=h("nur dieser Zyklus", "only this cycle"))
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import queries

        docs = queries.messages(zyklus)
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Zeit", "Time"),
                h("Empfänger", "Recipient"),
                h("Kanal", "Channel"),
                h("Art", "Kind"),
                h("Betreff", "Subject"),
            ],
            [
                [
                    context.local(d["zeit"]),
                    d["empfaenger"],
                    d["kanal"],
                    display("nachricht", d["art"]),
                    d["betreff"],
                ]
                for d in docs
            ],
        )

    @n.command("postausgang", help=h("Wartende Nachrichten.", "Queued messages."))
    def queued(as_json: JSON = False) -> None:
        _outbox(("pending", "digest"), as_json)

    @n.command(
        "zeigen",
        help=h(
            "Eine Nachricht so zeigen, wie sie gesendet wird: Betreff, Text, HTML als Text, Anhänge.",
            "Show a message exactly as it is sent: subject, text, HTML as text, attachments.",
        ),
    )
    def show(
        nr: Annotated[int, typer.Argument(help=h("Nachrichten-Nr. (postausgang)", "message no."))],
        as_json: JSON = False,
    ) -> None:
        from dkbm.notifications.preview import preview

        doc = preview(nr)
        if as_json:
            return emit_json(doc)
        from dkbm.cli.output import safe

        if doc.get("geloescht"):
            print(h(f"Nachricht {nr}: Inhalt gelöscht (DSGVO)", f"Message {nr}: content erased"))
            return
        channels = ", ".join(doc["kanaele"]) or h(
            "keinen Kanal: DKBM_MAIL_URL fehlt", "no channel: DKBM_MAIL_URL missing"
        )
        print(
            f"{h('Nachricht', 'Message')} {doc['id']} ({display('nachricht', doc['art'])}, "
            f"{_status(doc['status'])})"
        )
        print(f"{h('An', 'To')}: {safe(doc['empfaenger'])} ({h('über', 'via')} {channels})")
        print(f"{h('Betreff', 'Subject')}: {safe(doc['betreff'])}")
        print(f"Message-ID: {doc['message_id']}")
        print(f"\n--- Text ---\n{safe_block(doc['text'])}")
        print(f"\n--- {h('HTML als Text', 'HTML as text')} ---\n{safe_block(doc['html_als_text'])}")
        for a in doc["anhaenge"]:
            print(
                f"\n--- {h('Anhang', 'Attachment')}: {a['name']} ({a['typ']}, {a['bytes']} Bytes) ---"
            )
            if cal := a.get("kalender"):
                print(
                    f"METHOD {cal['method']}, UID {cal['uid']}, SEQUENCE {cal['sequence']}"
                    + (f", STATUS {cal['status']}" if cal["status"] else "")
                )
                print(f"{cal['titel']} – {h('bis', 'until')} {context.local(cal['ende'])}")

    @n.command(
        "storniert",
        help=h(
            "Nachrichten, die vor dem Versand überholt und zurückgezogen wurden, mit Grund.",
            "Messages withdrawn before sending because events overtook them, with the reason.",
        ),
    )
    def cancelled(as_json: JSON = False) -> None:
        _outbox(("cancelled",), as_json)

    @n.command(
        "fehler",
        help=h(
            "Nachrichten, die nach allen Versuchen nicht zugestellt wurden (Dead Letters).",
            "Messages not delivered after all attempts (dead letters).",
        ),
    )
    def dead(as_json: JSON = False) -> None:
        _outbox(("dead",), as_json)

    @n.command(
        "wiederholen",
        help=h(
            "Fehlgeschlagene Nachrichten erneut versuchen (alle oder die genannten).",
            "Retry dead letters (all or the given ones).",
        ),
    )
    def retry(
        ids: Annotated[
            list[int] | None, typer.Argument(metavar="NR", help=h("Nachrichten-Nr.", "message no."))
        ] = None,
    ) -> None:
        from dkbm.notifications.outbox import retry_dead
        from dkbm.store.db import session

        with session() as s:
            count = retry_dead(s, context.now(), ids)
        print(h(f"{count} Nachrichten wieder eingereiht.", f"{count} messages queued again."))

    @n.command("senden", help=h("Fällige Nachrichten jetzt senden.", "Send due messages now."))
    def send(
        stapel: Annotated[int, typer.Option(min=1, help=h("Stapelgröße", "batch size"))] = 100,
    ) -> None:
        from dkbm.notifications.sender import drain

        report = drain(context.now, stapel)
        print(
            h(
                f"gesendet: {report.sent}, fehlgeschlagen: {report.failed} "
                f"(später erneut versucht: {report.retried}, endgültig unzustellbar: {report.dead})",
                f"sent: {report.sent}, failed: {report.failed} "
                f"(to be retried: {report.retried}, dead letters: {report.dead})",
            )
        )
        if report.unrouted:
            report.causes["cause_no_route"] += report.unrouted
            print(
                h(
                    f"{report.unrouted} ohne Versandweg, bleiben unverändert im Postausgang",
                    f"{report.unrouted} without a route, left unchanged in the outbox",
                )
            )
        if report.failed or report.unrouted:
            import sys

            from dkbm.states.i18n import t

            label = h("Fehler", "Error")
            causes = "; ".join(f"{n} × {t(c)}" for c, n in report.causes.most_common())
            print(f"{label}: {causes}", file=sys.stderr)
            raise typer.Exit(1)

    @n.command(
        "zusammenfassen",
        help=h(
            "Tägliche Zusammenfassungen für Akteure mit Zustellung 'taeglich' bilden.",
            "Bundle daily digests for actors who chose 'taeglich'.",
        ),
    )
    def digest() -> None:
        from dkbm.notifications.digest import bundle

        count = bundle(context.now())
        print(h(f"{count} Zusammenfassungen eingereiht.", f"{count} digests queued."))

    return n


_STATUS = {
    "pending": ("wartet", "queued"),
    "digest": ("für die Zusammenfassung", "for the digest"),
    "sent": ("gesendet", "sent"),
    "dead": ("unzustellbar", "dead letter"),
    "cancelled": ("storniert", "cancelled"),
}


def _status(value: str) -> str:
    de, en = _STATUS.get(value, (value, value))
    return h(de, en)


def safe_block(text: str) -> str:
    from dkbm.cli.output import safe

    return "\n".join(safe(line) for line in text.splitlines())


def _outbox(statuses: tuple[str, ...], as_json: bool) -> None:
    from dkbm import queries

    docs = queries.outbox(statuses)
    if as_json:
        return emit_json(docs)
    table(
        [
            h("Nr.", "No."),
            h("Art", "Kind"),
            h("Zyklus", "Cycle"),
            h("Akteur", "Actor"),
            "Status",
            h("Versuche", "Attempts"),
            h("Fällig", "Due"),
            h("Fehler", "Error"),
        ],
        [
            [
                d["id"],
                display("nachricht", d["art"]),
                d["zyklus"],
                d["akteur"],
                _status(d["status"]),
                d["versuche"],
                context.local(d["faellig"]) if d["status"] != "dead" else None,
                readable(d["fehler"]) if d["fehler"] else None,
            ]
            for d in docs
        ],
    )


def _overdue(status: str, due: str) -> str:
    """An open deadline that has passed is shown as overdue (it is stored as open)."""
    from datetime import datetime

    if status == "offen" and datetime.fromisoformat(due) < context.now():
        return "ueberfaellig"
    return status


def deadlines_app() -> typer.Typer:
    f = typer.Typer(
        help=h("Fristen und Erinnerungen.", "Deadlines and reminders."), no_args_is_help=True
    )

    @f.command("list", help=h("Alle Fristen.", "All deadlines."))
    def list_(as_json: JSON = False) -> None:
        from dkbm import queries

        docs = queries.deadlines()
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Nr.", "No."),
                h("Zyklus", "Cycle"),
                h("Art", "Kind"),
                h("Bezug", "Ref"),
                h("Frist", "Due"),
                "Status",
                h("Nächste Prüfung", "Next check"),
            ],
            [
                [
                    d["id"],
                    d["zyklus"],
                    display("frist", d["art"]),
                    d["bezug"],
                    context.local(d["frist"]),
                    display("fristenstatus", _overdue(d["status"], d["frist"])),
                    context.local(d["naechste_pruefung"])
                    if d["naechste_pruefung"] and d["status"] == "offen"
                    else None,
                ]
                for d in docs
            ],
        )

    @f.command(
        "pruefen",
        help=h(
            "Fällige Erinnerungen und Eskalationen jetzt einreihen.",
            "Queue due reminders and escalations now.",
        ),
    )
    def sweep(
        stapel: Annotated[int, typer.Option(min=1, help=h("Stapelgröße", "batch size"))] = 500,
    ) -> None:
        from dkbm.deadlines import sweep as run_sweep

        report = run_sweep(context.now(), stapel)
        print(
            h(
                f"{report.deadlines} Fristen geprüft, {report.queued} Nachrichten eingereiht ({report.batches} Stapel).",
                f"{report.deadlines} deadlines checked, {report.queued} messages queued ({report.batches} batches).",
            )
        )

    @f.command(
        "plan",
        help=h(
            "Erinnerungspläne zeigen oder für eine Fristart ändern (Arbeitstage).",
            "Show reminder plans, or change the plan of one kind of deadline (working days).",
        ),
    )
    def plan(
        art: Annotated[
            str | None, typer.Argument(help="beteiligung | abstimmung | massnahme_bericht")
        ] = None,
        vorher: Annotated[
            str | None,
            typer.Option(help=h("Arbeitstage vorher, z. B. 7,2", "working days before, e.g. 7,2")),
        ] = None,
        am_tag: Annotated[
            bool | None,
            typer.Option(
                "--am-tag/--nicht-am-tag", help=h("Erinnerung am Fristtag", "reminder on the day")
            ),
        ] = None,
        ueberfaellig: Annotated[
            str | None,
            typer.Option(help=h("Arbeitstage danach, z. B. 1", "working days after, e.g. 1")),
        ] = None,
        eskalation: Annotated[
            int | None,
            typer.Option(
                help=h(
                    "Eskalation nach N Arbeitstagen (0: nie)",
                    "escalate after N working days (0: never)",
                )
            ),
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dataclasses import replace

        from dkbm.cli.plans import parse_days
        from dkbm.deadlines import plans, set_plan
        from dkbm.states.errors import InvalidValue
        from dkbm.states.reminders import DEFAULT_PLANS
        from dkbm.store.db import session

        with session() as s:
            current = plans(s)
            if art is not None and art not in DEFAULT_PLANS:
                raise InvalidValue("art", art, ", ".join(DEFAULT_PLANS))
            if art is not None and any(
                v is not None for v in (vorher, am_tag, ueberfaellig, eskalation)
            ):
                changed = current[art]
                if vorher is not None:
                    changed = replace(changed, before=parse_days(vorher, "--vorher"))
                if am_tag is not None:
                    changed = replace(changed, on_the_day=am_tag)
                if ueberfaellig is not None:
                    changed = replace(changed, overdue=parse_days(ueberfaellig, "--ueberfaellig"))
                if eskalation is not None:
                    if not 0 <= eskalation <= 60:
                        raise InvalidValue("--eskalation", eskalation, t("expected_working_days"))
                    changed = replace(changed, escalate_after=eskalation or None)
                set_plan(s, art, changed)
                current[art] = changed
        docs = [
            {
                "art": kind,
                "vorher": list(p.before),
                "am_tag": p.on_the_day,
                "ueberfaellig": list(p.overdue),
                "eskalation": p.escalate_after,
            }
            for kind, p in current.items()
            if art is None or kind == art
        ]
        if as_json:
            return emit_json(docs)
        table(
            [
                h("Art", "Kind"),
                h("vorher", "before"),
                h("am Tag", "on the day"),
                h("überfällig", "overdue"),
                h("Eskalation", "escalation"),
            ],
            [
                [
                    display("frist", d["art"]),
                    d["vorher"],
                    d["am_tag"],
                    d["ueberfaellig"],
                    d["eskalation"],
                ]
                for d in docs
            ],
        )

    return f
