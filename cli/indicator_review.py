"""`dkbm kennzahl pruefen`: the Wirkungsprüfung, Kennzahlen against their target path and
what to do about those off track."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.indicator_output import (
    Tolerance,
    item_name,
    latest,
    num,
    share,
    status_text,
    value_at,
)
from dkbm.cli.output import JSON, emit_json, h, safe, table


def add_review_command(app: typer.Typer) -> None:
    @app.command(
        "pruefen",
        help=h(
            "Wirkungsprüfung: Kennzahlen mit dem Zielpfad vergleichen, Maßnahmen abseits "
            "des Kurses nennen, Wiedereröffnung vorschlagen.",
            "Impact review: compare indicators with their target path, name what is off "
            "track, suggest reopening a stage.",
        ),
    )
    def review(
        zyklus: Annotated[
            int | None,
            typer.Argument(metavar="ZYKLUS", help=h("Zyklus-Nr. (sonst alle)", "cycle no.")),
        ] = None,
        toleranz: Tolerance = 10.0,
        as_json: JSON = False,
    ) -> None:
        from dkbm import indicator_queries

        docs = indicator_queries.review(zyklus, tolerance=share(toleranz), now=context.now())
        if as_json:
            return emit_json(docs if zyklus is None else docs[0])
        if not docs:
            print(h("Noch keine Kennzahlen erfasst.", "No indicators recorded yet."))
        for i, doc in enumerate(docs):
            if i:
                print()
            _print_review(doc)


def _print_review(doc: dict[str, Any]) -> None:
    from dkbm.states.cycle import describe_state
    from dkbm.states.i18n import language

    print(
        f"{h('Wirkungsprüfung', 'Impact review')} {h('Zyklus', 'cycle')} {doc['zyklus']}: "
        f"{safe(doc['titel'])} ({describe_state(doc['zustand'], language())}); "
        f"{h('Stand', 'as of')} {doc['jahr']}, {h('Toleranz', 'tolerance')} "
        f"{num(doc['toleranz'] * 100, 2)} %"
    )
    table(
        [
            h("Nr.", "No."),
            h("Bezug", "Of"),
            "Name",
            h("Zuletzt", "Latest"),
            h("erwartet", "expected"),
            h("Zielwert", "Target"),
            "Status",
        ],
        [
            [
                d["id"],
                item_name(d["bezug"]),
                d["name"],
                latest(d),
                num(d["bewertung"]["erwartet"], 2),
                value_at(d["zielwert"]),
                status_text(d["bewertung"]["status"]),
            ]
            for d in doc["kennzahlen"]
        ],
    )
    if doc["nicht_auf_kurs"]:
        print(h("Nicht auf Kurs:", "Off track:"))
        for f in doc["nicht_auf_kurs"]:
            kind = h("Ziel", "Goal") if f["art"] == "ziel" else h("Maßnahme", "Measure")
            ids = ", ".join(map(str, f["kennzahlen"]))
            print(
                f"  {kind} {f['id']}: {safe(f['titel'] or '-')} ({h('Kennzahl', 'indicator')} {ids})"
            )
    if doc["ohne_kennzahl"]:
        names = ", ".join(f"{h('Nr.', 'no.')} {m['id']}" for m in doc["ohne_kennzahl"])
        print(f"{h('Maßnahmen ohne Kennzahl', 'Measures without a tracked indicator')}: {names}")
    s = doc["vorschlag"]
    if s is None:
        print(h("Kein Handlungsbedarf erkennbar.", "Nothing calls for reopening a stage."))
        return
    if s["stufe_offen"]:
        from dkbm.states.cycle import describe_state
        from dkbm.states.i18n import language

        print(
            h(
                "Die Stufe ist offen, der Zyklus steht bei ",
                "The stage is open; the cycle stands at ",
            )
            + describe_state(doc["zustand"], language())
            + h(": dort überarbeiten.", ": revise it there.")
        )
        return
    print(f"{h('Vorschlag', 'Suggestion')}: {s['befehl']}")
    if s["jetzt_moeglich"]:
        return
    if doc["zustand"] == "umsetzung":
        print(
            h(
                f"  (möglich in der Wirkungsprüfung: zuerst 'dkbm zyklus weiter {doc['zyklus']} "
                "wirkung_pruefen')",
                f"  (possible during the impact review: first 'dkbm zyklus weiter {doc['zyklus']} "
                "wirkung_pruefen')",
            )
        )
    else:
        print(h("  (möglich in der Wirkungsprüfung)", "  (possible during the impact review)"))
