"""`dkbm nachrichten ...`: the Informationsfluss, the outbox and sending."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, table, when
from dkbm.cli.words import display
from dkbm.states.i18n import readable


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
                    when(d["zeit"]),
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
                print(f"{cal['titel']} – {h('bis', 'until')} {when(cal['ende'])}")

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
        if report.kommunen:
            print(served(report.kommunen))
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


def served(kommunen: list[str]) -> str:
    """The Kommunen a command served in turn (several in the database, none asked for)."""
    listed = ", ".join(kommunen)
    return h(
        f"Kommunen bedient: {len(kommunen)} ({listed})",
        f"Kommunen served: {len(kommunen)} ({listed})",
    )


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
                when(d["faellig"]) if d["status"] != "dead" else None,
                readable(d["fehler"]) if d["fehler"] else None,
            ]
            for d in docs
        ],
    )
