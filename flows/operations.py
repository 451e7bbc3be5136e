"""Scheduled operation: the reminder sweep, the sender and the daily digests as Prefect flows.

Each flow works in batches and runs one task per batch, so the number of task runs
grows with the number of batches, not with the number of reminders or messages.
Artifacts show counts and dead letters, never contents or channel URLs.

With several Kommunen in the database the flows serve every one with due work in turn, a
batch each (`notifications.turns`); a task serves the Kommune it is given (its id), in its
own thread. Runs report the number and the AGS of the Kommunen served in their result and
artifact (a tag each would be hundreds).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.schedules import Cron

from dkbm import context, queries
from dkbm import deadlines as fristen
from dkbm.flows import portal
from dkbm.flows.report import cell
from dkbm.flows.shutdown import start_deadline
from dkbm.notifications import digest, sender, stopping, turns
from dkbm.states.i18n import readable
from dkbm.store import tenant

BERLIN = "Europe/Berlin"
SCHEDULES = {
    "erinnerungen": Cron("*/15 * * * *", timezone=BERLIN),
    "versand": Cron("* * * * *", timezone=BERLIN),
    "abgleich": Cron("* * * * *", timezone=BERLIN),
    "zusammenfassungen": Cron("0 7 * * *", timezone=BERLIN),
    "portal": Cron("30 2 * * *", timezone=BERLIN),
}


def _named(flow_name: str) -> Callable[[], str]:
    """Run names a coordinator can read in the UI's list: `erinnerungen 26.11. 09:15`."""

    def name() -> str:
        from prefect import runtime

        planned = runtime.flow_run.scheduled_start_time or context.now()
        return f"{flow_name} {planned.astimezone(context.BERLIN):%d.%m. %H:%M}"

    return name


@task(name="Fristen kontrollieren (Stapel)", retries=2, retry_delay_seconds=10)
def sweep_batch(now: datetime, batch_size: int, kommune: int | None = None) -> dict[str, int]:
    report = fristen.sweep_batch(now, batch_size, kommune)
    return {"deadlines": report.deadlines, "queued": report.queued}


@task(name="Ladungen versenden")
def send_invitations(now: datetime, kommune: int | None = None) -> list[int]:
    from dkbm import meetings

    with turns.serving(kommune):
        return meetings.send_due_invitations(now)


@task(name="Sitzungen melden")
def report_meetings(now: datetime, kommunen: list[turns.Kommune] | None = None) -> None:
    """The artifact `dkbm-sitzungen`: upcoming meetings, their state and replies (of each
    of *kommunen* in turn, with a column for its AGS; None: of the Kommune served)."""
    from dkbm import meeting_queries

    rows = []
    for kommune in kommunen if kommunen is not None else [None]:
        with turns.serving(kommune.id if kommune else None):
            found = meeting_queries.replies(now)
        first = f"| {kommune.label} " if kommune else ""
        for m in found:
            n = m["antworten"]
            rows.append(
                f"{first}| {m['id']} | {cell(m['gremium_name'])} "
                f"| {m['beginn'][:16].replace('T', ' ')} "
                f"| {m['zustand']} | {(m['ladung_bis'] or '')[:16].replace('T', ' ')} "
                f"| {n['zusage']} / {n['absage']} / {n['vertretung']} / {n[None]} |"
            )
    many = kommunen is not None
    header = (
        "# Kommende Sitzungen\n\n"
        + ("| Kommune " if many else "")
        + "| Nr. | Gremium | Beginn | Zustand | Ladung bis "
        "| Zusagen / Absagen / Vertretung / offen |\n"
        + ("|---" if many else "")
        + "|---|---|---|---|---|---|\n"
    )
    empty = "| – " + "| " * (6 if many else 5) + "|"
    create_markdown_artifact(key="dkbm-sitzungen", markdown=header + ("\n".join(rows) or empty))


@task(name="Nachrichten senden (Stapel)")
def send_batch(now: datetime, batch_size: int, kommune: int | None = None) -> dict[str, int]:
    report = sender.send_batch(now, batch_size, kommune=kommune)
    return {
        "sent": report.sent,
        "failed": report.failed,
        "dead": report.dead,
        "claimed": report.claimed,
    }


@task(name="Zusammenfassungen bilden")
def bundle_digests(now: datetime, kommune: int | None = None) -> int:
    return digest.bundle(now, kommune)


def _meetings(*due: object) -> list[turns.Kommune] | None:
    from dkbm.store.tables import MeetingRow

    return turns.with_work(MeetingRow.__table__, *due)  # type: ignore[attr-defined]


def _invitations_due(now: datetime) -> list[turns.Kommune] | None:
    from dkbm.store.tables import MeetingRow

    m = MeetingRow.__table__.c  # type: ignore[attr-defined]
    return _meetings(m.state == "geplant", m.invite_by <= now, m.starts_at > now)


def _upcoming(now: datetime) -> list[turns.Kommune] | None:
    from dkbm.store.tables import MeetingRow

    return _meetings(MeetingRow.__table__.c.starts_at >= now)  # type: ignore[attr-defined]


def _served(total: dict[str, Any], served: list[turns.Kommune]) -> list[tuple[str, object]]:
    """The Kommunen served, into the run's result (count and AGS list) and artifact rows."""
    listed = turns.labels(served)
    total["kommunen"] = len(listed)
    total["kommunen_ags"] = listed
    return [("Kommunen bedient", f"{len(listed)}: {', '.join(listed) or '–'}")]


@flow(name="erinnerungen", flow_run_name=_named("erinnerungen"), log_prints=True)
def reminder_sweep(batch_size: int = 500, max_batches: int = 1000) -> dict[str, Any]:
    """Queue every reminder, overdue notice and escalation that fell due."""
    now = context.now()
    total: dict[str, Any] = {"deadlines": 0, "queued": 0, "batches": 0}
    inviting = _invitations_due(now)
    invited: list[int] = []
    for kommune in inviting if inviting is not None else [None]:
        invited += send_invitations(now, kommune.id if kommune else None)
    kommunen = fristen.due_kommunen(now)
    served: list[turns.Kommune] = []
    for kommune, report in turns.in_turn(
        kommunen,
        lambda k: sweep_batch(now, batch_size, k.id if k else None),
        lambda r: r["deadlines"] >= batch_size,  # a short batch took all that was due
        max_batches,
    ):
        if not report["deadlines"]:
            continue
        total["deadlines"] += report["deadlines"]
        total["queued"] += report["queued"]
        total["batches"] += 1
        if kommune is not None:
            served.append(kommune)
    rows: list[tuple[str, object]] = [
        ("Zeitpunkt", context.local(now)),
        ("Fristen geprüft", total["deadlines"]),
        ("Nachrichten eingereiht", total["queued"]),
        ("Stapel", total["batches"]),
        ("Ladungen versandt", len(invited)),
    ]
    if kommunen is not None:
        rows += _served(total, served)
    create_markdown_artifact(key="dkbm-erinnerungen", markdown=_table("Erinnerungslauf", rows))
    report_meetings(now, _upcoming(now))
    print(f"{total['deadlines']} Fristen geprüft, {total['queued']} Nachrichten eingereiht")
    return total


@flow(name="versand", flow_run_name=_named("versand"), log_prints=True)
def send_outbox(batch_size: int = 100, max_batches: int = 100) -> dict[str, Any]:
    """Deliver what is due; failures wait for their backoff, dead letters are listed.

    The artifact tells what this run did; runs overlap (every minute, several workers), so
    only the open dead letters are a total. On SIGTERM the run finishes the message in hand,
    hands the rest of its batch back and ends (notifications/stopping.py)."""
    total: dict[str, Any] = {"sent": 0, "failed": 0, "dead": 0, "batches": 0}
    kommunen = sender.due_kommunen(context.now())
    served: list[turns.Kommune] = []
    with stopping.graceful():
        for kommune, report in turns.in_turn(
            kommunen,
            lambda k: send_batch(context.now(), batch_size, k.id if k else None),
            # a short claim took all that was due (and a batch that sent nothing, say
            # without a mail route, would only claim the same rows again)
            lambda r: r["claimed"] >= batch_size and bool(r["sent"] or r["failed"]),
            max_batches,
        ):
            for k in ("sent", "failed", "dead"):
                total[k] += report[k]
            total["batches"] += 1
            if kommune is not None and (report["sent"] or report["failed"]):
                served.append(kommune)
            if stopping.stop_requested():
                break
        stopped = stopping.stop_requested()
    with tenant.across() if kommunen is not None else turns.serving(None):
        dead = queries.outbox(("dead",))
    rows: list[tuple[str, object]] = [
        ("Gesendet in diesem Lauf", total["sent"]),
        ("Fehlgeschlagen in diesem Lauf", total["failed"]),
        ("davon zu Dead Letters geworden", total["dead"]),
        ("Dead Letters offen (insgesamt)", len(dead)),
    ]
    if kommunen is not None:
        rows += _served(total, served)
    if stopped:
        rows.append(("Vorzeitig beendet", "SIGTERM: übrige Nachrichten zurückgegeben"))
    markdown = _table("Versand", rows)
    if dead:
        markdown += "\n## Dead Letters (`dkbm nachrichten wiederholen`)\n\n| Nr. | Art | Zyklus | Versuche | Fehler |\n|---|---|---|---|---|\n"
        markdown += "".join(
            f"| {d['id']} | {d['art']} | {d['zyklus'] or '–'} | {d['versuche']} | {cell(readable(d['fehler']) if d['fehler'] else None)} |\n"
            for d in dead
        )
    create_markdown_artifact(key="dkbm-versand", markdown=markdown)
    print(
        f"gesendet: {total['sent']}, fehlgeschlagen: {total['failed']} "
        f"(davon Dead Letters: {total['dead']}); Dead Letters offen: {len(dead)}"
        + ("; vorzeitig beendet (SIGTERM)" if stopped else "")
    )
    return total


@flow(name="zusammenfassungen", flow_run_name=_named("zusammenfassungen"), log_prints=True)
def send_digests(batch_size: int = 100) -> dict[str, Any]:
    """Bundle the day's messages for Akteure who chose a digest (of each Kommune with some
    waiting, in turn), then send them."""
    now = context.now()
    kommunen = digest.due_kommunen(now)
    count = 0
    for kommune in kommunen if kommunen is not None else [None]:
        count += bundle_digests(now, kommune.id if kommune else None)
    print(f"{count} Zusammenfassungen gebildet")
    result: dict[str, Any] = {"digests": count}
    if kommunen is not None:
        result["digest_kommunen"] = turns.labels(kommunen)
    return {**result, **send_outbox(batch_size)}


@task(name="Ereignisse und Artefakte melden")
def relay_batch(batch_size: int) -> dict[str, Any]:
    from dkbm.flows import relay

    count, cycles, meetings = relay.relay_changes(batch_size)
    return {"count": count, "cycles": sorted(cycles), "meetings": meetings}


@task(name="Moderationen abgleichen")
def reconcile_batch() -> dict[str, list[str]]:
    from prefect.client.orchestration import get_client

    from dkbm.flows.reconcile import reconcile_moderations

    with get_client(sync_client=True) as client:
        report = reconcile_moderations(context.now(), client)
    return vars(report)


@flow(name="abgleich", flow_run_name=_named("abgleich"), log_prints=True)
def reconcile(batch_size: int = 500, max_batches: int = 100) -> dict[str, int]:
    """Relay transitions as events and artifacts; wake or restart moderation runs."""
    relayed = 0
    changed: set[int] = set()
    meetings_changed = False
    for _ in range(max_batches):
        batch = relay_batch(batch_size)
        relayed += batch["count"]
        changed.update(batch["cycles"])
        meetings_changed = meetings_changed or batch["meetings"]
        if batch["count"] < batch_size:
            break
    if portal.folder() is not None and (changed or meetings_changed or portal.outdated()):
        # a meeting, a Kennzahl or a library document may show on any page: then all of it;
        # the build itself turns a rebuild into a full one after a change of an Akteur, a
        # Gremium or the Kommune (no events: `portal.outdated` sees them)
        portal.build_portal(None if meetings_changed else sorted(changed))
    report = reconcile_batch()
    rows = [
        ("Übergänge gemeldet", relayed),
        ("Moderationsläufe fortgesetzt", ", ".join(report["resumed"]) or "–"),
        ("Moderationsläufe neu eingeplant", ", ".join(report["rescheduled"]) or "–"),
        ("Moderationsläufe wartend", len(report["waiting"])),
        ("Verschwundene Läufe als Crashed markiert", ", ".join(report["crashed"]) or "–"),
    ]
    create_markdown_artifact(key="dkbm-abgleich", markdown=_table("Abgleich", rows))
    print(
        f"Übergänge gemeldet: {relayed}; Moderationsläufe fortgesetzt: {len(report['resumed'])}; "
        f"neu eingeplant: {len(report['rescheduled'])}"
    )
    return {
        "relayed": relayed,
        "resumed": len(report["resumed"]),
        "rescheduled": len(report["rescheduled"]),
    }


def _table(title: str, rows: list[tuple[str, object]]) -> str:
    return f"# {title}\n\n| | |\n|---|---|\n" + "".join(f"| {k} | {cell(v)} |\n" for k, v in rows)


def serve_all(
    announce: Callable[[list[str]], None] | None = None,
    pause_on_shutdown: bool = True,
    on_overdue: Callable[[], None] | None = None,
) -> None:
    """Run every dkbm flow as a deployment on its schedule in this process.

    *announce* gets the deployment names once they are registered (Prefect's own English
    banner is switched off; the CLI says it in the user's language). Every deployment and
    its runs carry the tag of this database (`runs.database_tag`). A SIGTERM ends it within
    seconds even when the Prefect server is gone (`shutdown.start_deadline`, which calls
    *on_overdue* if it has to end the process itself)."""
    # The runner's web server (FastAPI, pydantic schemas) takes seconds to import; loaded
    # before the deployments appear, a SIGTERM right after them finds no half-done import.
    import prefect.runner.server  # noqa: F401
    from prefect.exceptions import TerminationSignal
    from prefect.types.entrypoint import EntrypointType

    from dkbm.flows.moderation import moderate_stage
    from dkbm.flows.reconcile import use_short_heartbeats
    from dkbm.flows.runs import database_tag

    use_short_heartbeats()  # a killed run is marked Crashed within 2 minutes, not 10

    # Module paths (dkbm.flows.operations.send_outbox), not file paths relative to the
    # working directory: a run's process imports the installed package, whatever folder
    # `dkbm serve` was started in and whatever that folder holds.
    by_module = {"entrypoint_type": EntrypointType.MODULE_PATH, "tags": [database_tag()]}

    names = ["erinnerungen", "versand", "zusammenfassungen", "abgleich", "moderation", "portal"]
    if announce is not None:
        announce(names)
    deployments = (
        reminder_sweep.to_deployment(
            **by_module, name="erinnerungen", schedule=SCHEDULES["erinnerungen"]
        ),
        send_outbox.to_deployment(**by_module, name="versand", schedule=SCHEDULES["versand"]),
        send_digests.to_deployment(
            **by_module, name="zusammenfassungen", schedule=SCHEDULES["zusammenfassungen"]
        ),
        reconcile.to_deployment(**by_module, name="abgleich", schedule=SCHEDULES["abgleich"]),
        moderate_stage.to_deployment(
            **by_module,
            name="moderation",
            description="Eine Stufe eines Strategiezyklus moderieren: Beteiligung, "
            "Abstimmung, Beschluss (Zyklus-Nr., Frist der Beteiligung, Gremien).",
        ),
        portal.rebuild_portal.to_deployment(
            **by_module, name="portal", schedule=SCHEDULES["portal"]
        ),
    )
    runner = _runner(pause_on_shutdown, on_overdue)
    for deployment in deployments:
        runner.add_deployment(deployment)
    # As `prefect.serve`: on Ctrl-C the runner has stopped its runs on the way out.
    with contextlib.suppress(KeyboardInterrupt, TerminationSignal):
        asyncio.run(runner.start())


def _runner(pause_on_shutdown: bool, on_overdue: Callable[[], None] | None) -> Any:
    """Prefect's runner (what `prefect.serve` builds), whose SIGTERM starts the deadline."""
    from prefect.runner import Runner

    from dkbm.flows.runs import api_url

    class DeadlineRunner(Runner):
        def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
            start_deadline(api_url(), on_overdue)
            super().handle_sigterm(*args, **kwargs)

    return DeadlineRunner(pause_on_shutdown=pause_on_shutdown)
