"""`dkbm zyklus moderieren|entscheiden`: the commands that talk to Prefect (imported lazily)."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import h
from states.errors import DkbmError


def add_moderation_commands(z: typer.Typer) -> None:
    @z.command(
        "moderieren",
        help=h(
            "Eine Stufe als Prefect-Flow moderieren: Beteiligung, Abstimmung, Beschluss.",
            "Moderate one stage as a Prefect flow: consultation, vote, decision.",
        ),
    )
    def moderate(
        zyklus: int,
        frist: Annotated[
            str, typer.Option(help=h("Frist der Beteiligung (JJJJ-MM-TT)", "deadline"))
        ],
        gremium: Annotated[
            list[int] | None,
            typer.Option(help=h("Mitglieder einladen (mehrfach)", "invite members")),
        ] = None,
        abfrage: Annotated[
            float,
            typer.Option(
                help=h("Sekunden zwischen zwei Prüfungen der Rückmeldungen", "poll seconds")
            ),
        ] = 60.0,
    ) -> None:
        deadline = context.parse_moment(frist, "--frist", end_of_day=True)
        _require_server()
        from prefect import tags

        from flows.moderation import moderate_stage

        with tags(f"dkbm-zyklus-{zyklus}"):
            state = moderate_stage(zyklus, deadline, gremium, poll_seconds=abfrage)
        print(f"{h('Moderation beendet', 'Moderation finished')}: {state}")

    @z.command(
        "entscheiden",
        help=h(
            "Abstimmungsergebnis an den wartenden Moderationslauf geben (wie das Formular in der Prefect-UI).",
            "Give the vote result to the waiting moderation run (like the form in the Prefect UI).",
        ),
    )
    def decide(
        zyklus: int,
        anwesend: Annotated[int, typer.Option()] = 0,
        ja: Annotated[int, typer.Option()] = 0,
        nein: Annotated[int, typer.Option()] = 0,
        enthaltung: Annotated[int, typer.Option()] = 0,
        ueberarbeiten: Annotated[
            bool, typer.Option(help=h("zurück in den Entwurf", "back to draft"))
        ] = False,
    ) -> None:
        _require_server()
        run_id = paused_run(zyklus)
        from prefect.flow_runs import resume_flow_run

        resume_flow_run(
            run_id,
            run_input={
                "anwesend": anwesend,
                "ja": ja,
                "nein": nein,
                "enthaltung": enthaltung,
                "ueberarbeiten": ueberarbeiten,
            },
        )
        print(h("Moderationslauf fortgesetzt: ", "Moderation run resumed: ") + str(run_id))


def _require_server() -> None:
    """With PREFECT_API_URL set, that server must answer (else Prefect starts its own)."""
    import os

    from flows.server import healthy

    api = os.environ.get("PREFECT_API_URL")
    if api and not healthy(api):
        raise DkbmError("prefect_unreachable", url=api)


def paused_run(cycle_id: int):  # type: ignore[no-untyped-def]
    """The id of the paused moderation flow run of *cycle_id*, or a one-line error."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterName,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    from flows.moderation import run_name

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                name=FlowRunFilterName(any_=[run_name(cycle_id)]),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED])),
            ),
            limit=1,
        )
    if not runs:
        raise DkbmError("no_paused_run", id=cycle_id)
    return runs[0].id
