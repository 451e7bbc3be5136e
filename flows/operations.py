"""Scheduled operation: the reminder sweep, the sender and the daily digests as Prefect flows.

Each flow works in batches and runs one task per batch, so the number of task runs
grows with the number of batches, not with the number of reminders or messages.
Artifacts show counts and dead letters, never contents or channel URLs.
"""

from __future__ import annotations

from datetime import datetime

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.schedules import Cron

from dkbm import context, queries
from dkbm import deadlines as fristen
from notifications import digest, sender

BERLIN = "Europe/Berlin"
SCHEDULES = {
    "erinnerungen": Cron("*/15 * * * *", timezone=BERLIN),
    "versand": Cron("* * * * *", timezone=BERLIN),
    "zusammenfassungen": Cron("0 7 * * *", timezone=BERLIN),
}


@task(name="Fristen prüfen (Stapel)", retries=2, retry_delay_seconds=10)
def sweep_batch(now: datetime, batch_size: int) -> dict[str, int]:
    report = fristen.sweep_batch(now, batch_size)
    return {"deadlines": report.deadlines, "queued": report.queued}


@task(name="Nachrichten senden (Stapel)")
def send_batch(now: datetime, batch_size: int) -> dict[str, int]:
    report = sender.send_batch(now, batch_size)
    return {"sent": report.sent, "failed": report.failed, "dead": report.dead}


@task(name="Zusammenfassungen bilden")
def bundle_digests(now: datetime) -> int:
    return digest.bundle(now)


@flow(name="erinnerungen", log_prints=True)
def reminder_sweep(batch_size: int = 500, max_batches: int = 1000) -> dict[str, int]:
    """Queue every reminder, overdue notice and escalation that fell due."""
    now = context.now()
    total = {"deadlines": 0, "queued": 0, "batches": 0}
    for _ in range(max_batches):
        report = sweep_batch(now, batch_size)
        if not report["deadlines"]:
            break
        total["deadlines"] += report["deadlines"]
        total["queued"] += report["queued"]
        total["batches"] += 1
    create_markdown_artifact(
        key="dkbm-erinnerungen",
        markdown=_table(
            "Erinnerungslauf",
            [
                ("Zeitpunkt", context.local(now)),
                ("Fristen geprüft", total["deadlines"]),
                ("Nachrichten eingereiht", total["queued"]),
                ("Stapel", total["batches"]),
            ],
        ),
    )
    print(f"{total['deadlines']} Fristen geprüft, {total['queued']} Nachrichten eingereiht")
    return total


@flow(name="versand", log_prints=True)
def send_outbox(batch_size: int = 100, max_batches: int = 100) -> dict[str, int]:
    """Deliver what is due; failures wait for their backoff, dead letters are listed."""
    total = {"sent": 0, "failed": 0, "dead": 0, "batches": 0}
    for _ in range(max_batches):
        report = send_batch(context.now(), batch_size)
        if not report["sent"] and not report["failed"]:
            break
        for k in ("sent", "failed", "dead"):
            total[k] += report[k]
        total["batches"] += 1
    dead = queries.outbox(("dead",))
    rows = [
        ("Gesendet", total["sent"]),
        ("Fehlgeschlagen", total["failed"]),
        ("Dead Letters", len(dead)),
    ]
    markdown = _table("Versand", rows)
    if dead:
        markdown += "\n## Dead Letters (`dkbm nachrichten wiederholen`)\n\n| Nr. | Art | Zyklus | Versuche | Fehler |\n|---|---|---|---|---|\n"
        markdown += "".join(
            f"| {d['id']} | {d['art']} | {d['zyklus'] or '–'} | {d['versuche']} | {_cell(d['fehler'])} |\n"
            for d in dead
        )
    create_markdown_artifact(key="dkbm-versand", markdown=markdown)
    print(
        f"gesendet: {total['sent']}, fehlgeschlagen: {total['failed']}, Dead Letters: {len(dead)}"
    )
    return total


@flow(name="zusammenfassungen", log_prints=True)
def send_digests(batch_size: int = 100) -> dict[str, int]:
    """Bundle the day's messages for Akteure who chose a digest, then send them."""
    count = bundle_digests(context.now())
    print(f"{count} Zusammenfassungen gebildet")
    return {"digests": count, **send_outbox(batch_size)}


def _table(title: str, rows: list[tuple[str, object]]) -> str:
    return f"# {title}\n\n| | |\n|---|---|\n" + "".join(f"| {k} | {_cell(v)} |\n" for k, v in rows)


def _cell(value: object) -> str:
    return str(value if value is not None else "–").replace("|", "\\|").replace("\n", " ")


def serve_all() -> None:
    """Run every dkbm flow as a deployment on its schedule in this process."""
    from prefect import serve

    from flows.moderation import moderate_stage

    serve(
        reminder_sweep.to_deployment(name="erinnerungen", schedule=SCHEDULES["erinnerungen"]),
        send_outbox.to_deployment(name="versand", schedule=SCHEDULES["versand"]),
        send_digests.to_deployment(
            name="zusammenfassungen", schedule=SCHEDULES["zusammenfassungen"]
        ),
        moderate_stage.to_deployment(name="moderation"),
    )
