"""`dkbm zyklus moderieren|entscheiden`: moderation runs on the Prefect server (imported lazily).

`moderieren` only creates a run of the `moderation` deployment and returns; `dkbm serve`
or a worker runs it. `entscheiden` stores the result first, through the same use case as
`dkbm zyklus abstimmung`, and only then wakes the waiting run. Runs are of the Kommune the
command serves (`--kommune`, `DKBM_KOMMUNE`, or the only one).
"""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.cycle_output import Cycle
from dkbm.cli.output import h
from dkbm.states.errors import DkbmError, Reason, Refused


def add_moderation_commands(z: typer.Typer) -> None:
    @z.command(
        "moderieren",
        help=h(
            "Eine Stufe als Lauf des Prefect-Deployments 'moderation' moderieren: Beteiligung, "
            "Abstimmung, Beschluss. Kehrt sofort zurück; 'dkbm serve' oder ein Worker führt ihn aus.",
            "Moderate one stage as a run of the Prefect deployment 'moderation': consultation, "
            "vote, decision. Returns at once; 'dkbm serve' or a worker runs it.",
        ),
    )
    def moderate(
        zyklus: Cycle,
        frist: Annotated[
            str | None,
            typer.Option(
                help=h(
                    "Frist der Beteiligung (JJJJ-MM-TT, bis 23:59 Uhr); nötig im Entwurf",
                    "consultation deadline (YYYY-MM-DD, until 23:59); needed in draft",
                )
            ),
        ] = None,
        gremium: Annotated[
            list[int] | None,
            typer.Option(
                help=h(
                    "Mitglieder dieses Gremiums einladen (mehrfach; ohne: ganzes Netzwerk)",
                    "invite this board's members (repeatable; without: whole network)",
                )
            ),
        ] = None,
    ) -> None:
        from dkbm import cycles
        from dkbm.consequences import end_of
        from dkbm.states import moderation as steps
        from dkbm.store import repository as repo
        from dkbm.store import tenant
        from dkbm.store.db import transaction

        now = context.now()
        deadline = context.parse_day(frist, "--frist") if frist else None
        with transaction() as s:
            c = repo.cycle(s, zyklus)
            scope = tenant.current()
        kommune = scope.ags if scope is not None else None
        if steps.scope_of(c) is None:
            raise Refused("moderieren", Reason("reason_not_moderatable", state=c.state))
        if c.state.endswith("_entwurf"):
            reason = cycles.preview(
                zyklus,
                "beteiligung_starten",
                now=now,
                deadline=end_of(deadline) if deadline else None,
                invited_boards=gremium,
            )
            if reason is not None:
                raise Refused("moderieren", reason)
        from dkbm.flows import runs

        run = runs.start(zyklus, deadline, gremium, context.who(), kommune)
        print(h("Moderationslauf eingeplant: ", "Moderation run scheduled: ") + run.name)
        print(f"  {runs.link(run.id)}")
        print(
            h(
                "  Der Lauf wartet ausgesetzt, solange Menschen arbeiten; "
                "'dkbm zyklus status' zeigt den Stand.",
                "  The run waits suspended while people work; 'dkbm zyklus status' shows where "
                "things stand.",
            )
        )

    @z.command(
        "entscheiden",
        help=h(
            "Abstimmungsergebnis erfassen (wie 'dkbm zyklus abstimmung') und danach den wartenden "
            "Moderationslauf fortsetzen (wie das Formular in der Prefect-UI).",
            "Record the vote result (like 'dkbm zyklus abstimmung'), then resume the waiting "
            "moderation run (like the form in the Prefect UI).",
        ),
    )
    def decide(
        zyklus: Cycle,
        anwesend: Annotated[
            int | None,
            typer.Option(help=h("anwesende Stimmberechtigte", "voting members present")),
        ] = None,
        ja: Annotated[int, typer.Option()] = 0,
        nein: Annotated[int, typer.Option()] = 0,
        enthaltung: Annotated[int, typer.Option()] = 0,
        ueberarbeiten: Annotated[
            bool,
            typer.Option(
                help=h("statt eines Ergebnisses: zurück in den Entwurf", "back to draft instead")
            ),
        ] = False,
        grund: Annotated[
            str, typer.Option(help=h("Begründung (bei --ueberarbeiten)", "reason"))
        ] = "",
    ) -> None:
        from dkbm import cycles
        from dkbm.cli.votes import vote_line, vote_replaced
        from dkbm.flows.runs import api_url

        api_url()  # a malformed PREFECT_API_URL is refused before anything is recorded
        now, by = context.now(), context.who()
        if ueberarbeiten:
            c = cycles.advance(
                zyklus, "ueberarbeiten", reason=grund or "Rückgabe nach der Sitzung", by=by, now=now
            )
            print(h("Zurück in den Entwurf, Runde ", "Back to draft, round ") + str(c.round))
            refusal = None
        elif anwesend is None:
            raise DkbmError("usage_missing", what="--anwesend")
        else:
            c = cycles.record_vote(
                zyklus, present=anwesend, yes=ja, no=nein, abstain=enthaltung, by=by, now=now
            )
            print(vote_line(c, vote_replaced(zyklus)))
            refusal = cycles.preview(zyklus, "beschliessen", now=now)
        from dkbm.flows import runs

        outcome, detail = runs.wake(zyklus, runs.served_kommune())
        if outcome == "resumed":
            print(
                h("Moderationslauf wird fortgesetzt: ", "Moderation run continues: ")
                + f"{detail.name}\n  {runs.link(detail.id)}"
            )
        elif outcome == "active":
            print(
                h(
                    "Der Moderationslauf ist gerade aktiv und übernimmt den gespeicherten Stand: ",
                    "The moderation run is active right now and takes the stored state: ",
                )
                + f"{detail.name}\n  {runs.link(detail.id)}"
            )
        elif outcome == "refused":
            run, reason = detail
            print(
                h(
                    f"Der Prefect-Server lehnt das Fortsetzen von {run.name} ab ({reason}). Das "
                    "Ergebnis ist gespeichert; der Abgleich von 'dkbm serve' versucht es jede "
                    "Minute erneut.",
                    f"The Prefect server refuses to resume {run.name} ({reason}). The result is "
                    "stored; the reconciliation in 'dkbm serve' tries again every minute.",
                )
                + f"\n  {runs.link(run.id)}"
            )
        elif outcome == "unreachable":
            print(
                h(
                    f"Prefect-Server {detail} nicht erreichbar. Das Ergebnis ist gespeichert; ein "
                    "wartender Moderationslauf setzt fort, sobald der Server und 'dkbm serve' "
                    "(Abgleich, jede Minute) wieder laufen.",
                    f"Prefect server {detail} unreachable. The result is stored; a waiting "
                    "moderation run continues once the server and 'dkbm serve' (reconciliation, "
                    "every minute) run again.",
                )
            )
        elif ueberarbeiten:
            print(h("Kein Moderationslauf wartet.", "No moderation run is waiting."))
        elif refusal is None:
            print(
                h(
                    f"Kein Moderationslauf wartet. Nächster Schritt: 'dkbm zyklus weiter {zyklus} "
                    f"beschliessen' oder 'dkbm zyklus moderieren {zyklus}'.",
                    f"No moderation run is waiting. Next step: 'dkbm zyklus weiter {zyklus} "
                    f"beschliessen' or 'dkbm zyklus moderieren {zyklus}'.",
                )
            )
        else:
            print(
                h(
                    "Kein Moderationslauf wartet. Noch kein Beschluss: ",
                    "No moderation run is waiting. No decision yet: ",
                )
                + str(refusal)
            )
