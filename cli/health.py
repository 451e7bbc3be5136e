"""`dkbm health`: one summary line and an exit code for monitoring (0 OK, 1 WARNING, 2 CRITICAL)."""

from __future__ import annotations

from typing import Annotated

import typer

from dkbm import context
from dkbm.cli.output import emit_json, h


def add_health_command(app: typer.Typer) -> None:
    @app.command(
        "health",
        help=h(
            "Zustand für die Überwachung (Icinga, Nagios, Zabbix): Datenbank, Postausgang, "
            "Prefect-Server, Worker, je Deployment fehlgeschlagene, abgestürzte und hängende "
            "Läufe, letzte erfolgreiche Läufe, wartende Moderationen. Rückgabe 0 OK, "
            "1 WARNING, 2 CRITICAL.",
            "State for monitoring (Icinga, Nagios, Zabbix): database, outbox, Prefect server, "
            "workers, per deployment failed, crashed and stuck runs, last successful runs, "
            "waiting moderations. Exit 0 OK, 1 WARNING, 2 CRITICAL.",
        ),
    )
    def health(
        as_json: Annotated[
            bool, typer.Option("--json", help=h("JSON statt Text", "JSON instead of text"))
        ] = False,
        ohne_prefect: Annotated[
            bool,
            typer.Option(
                "--ohne-prefect",
                help=h("nur Datenbank und Postausgang prüfen", "check database and outbox only"),
            ),
        ] = False,
        warte_tage: Annotated[
            int,
            typer.Option(
                help=h(
                    "Moderationen, die länger warten, sind eine Warnung",
                    "moderations waiting longer are a warning",
                )
            ),
        ] = 14,
        kritisch_nach: Annotated[
            int,
            typer.Option(
                min=1,
                help=h(
                    "so viele fehlgeschlagene oder abgestürzte Läufe eines Deployments in "
                    "Folge sind CRITICAL (einer ist WARNING)",
                    "this many failed or crashed runs of a deployment in a row are CRITICAL "
                    "(one is a WARNING)",
                ),
            ),
        ] = 3,
        laufzeit: Annotated[
            list[str] | None,
            typer.Option(
                metavar="DEPLOYMENT=MIN",
                help=h(
                    "so viele Minuten darf ein Lauf des Deployments laufen, dann hängt er "
                    "(mehrfach; Vorgaben: erinnerungen, versand, moderation 30, abgleich 15, "
                    "zusammenfassungen, portal 60)",
                    "minutes a run of the deployment may take before it counts as stuck "
                    "(repeatable; defaults: erinnerungen, versand, moderation 30, abgleich 15, "
                    "zusammenfassungen, portal 60)",
                ),
            ),
        ] = None,
    ) -> None:
        from dkbm import health as checks
        from dkbm.states.i18n import t

        limits = _running_limits(laufzeit or [])
        found = checks.database(context.now())
        if not ohne_prefect:
            from dkbm.flows.health import Limits, prefect

            found += prefect(Limits(warte_tage, kritisch_nach, limits))
        status = checks.worst(found)
        if as_json:
            emit_json({"status": status, "pruefungen": [c.doc() for c in found]})
        else:
            problems = [f"{_named(c.name)}: {c.detail}" for c in found if c.status != checks.OK]
            summary = "; ".join(problems) if problems else t("health_all_well")
            print(f"DKBM {status} - {summary}")
            for c in found:
                print(f"  [{c.status}] {_named(c.name)}: {c.detail}")
        raise typer.Exit(checks.EXIT[status])


def _named(check: str) -> str:
    """A check as people read it (`dead_letters` is Unzustellbare Nachrichten); a
    deployment's check keeps the deployment's name."""
    from dkbm.states.i18n import CATALOG, t

    key = f"health_check_{check}"
    return t(key) if key in CATALOG else check


def _running_limits(given: list[str]) -> dict[str, float]:
    """`versand=45` per deployment over the defaults; anything else is refused in one line."""
    from dkbm.flows.health import DEPLOYMENTS, RUNNING_MINUTES
    from dkbm.states.errors import InvalidValue
    from dkbm.states.i18n import language, t
    from dkbm.states.numbers import NotANumber, parse_decimal

    limits = dict(RUNNING_MINUTES)
    for item in given:
        name, _, minutes = item.partition("=")
        try:
            value = parse_decimal(minutes, "en" if language() == "en" else "de")
        except NotANumber:
            value = -1.0
        if name.strip() not in DEPLOYMENTS or value <= 0:
            expected = t("health_bad_limit", names=", ".join(DEPLOYMENTS))
            raise InvalidValue("--laufzeit", item, expected)
        limits[name.strip()] = value
    return limits
