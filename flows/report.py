"""A cycle's status as Markdown, for Prefect artifacts (no personal data, no channel URLs)."""

from __future__ import annotations

import html
from typing import Any

from dkbm.context import local
from dkbm.notifications import markup
from dkbm.states.cycle import describe_state


def status_markdown(doc: dict[str, Any]) -> str:
    rows = [
        ("Zyklus", f"{doc['id']}: {doc['titel']}"),
        ("Stand", f"{doc['bezeichnung']} (`{doc['zustand']}`)"),
        ("Version / Runde", f"{doc['version']} / {doc['runde']}"),
        ("Gremium", doc["gremium_name"]),
    ]
    if b := doc["beteiligung"]:
        rows.append(
            (
                "Beteiligung",
                f"{b['geantwortet']} von {b['eingeladen']} Antworten, Frist {local(b['frist'])}",
            )
        )
    if v := doc["abstimmung"]:
        verdict = "beschlussfähig" if v["beschlussfaehig"] else "nicht beschlussfähig"
        rows.append(
            (
                "Abstimmung",
                f"{v['ja']} ja / {v['nein']} nein / {v['enthaltung']} Enthaltung, "
                f"{v['anwesend']} von {v['stimmberechtigt']} anwesend ({verdict})",
            )
        )
    for stage, at in doc["beschluesse"].items():
        rows.append((f"Beschluss {describe_state(stage)}", local(at)[:10]))
    steps = ", ".join(
        f"{s['schritt']} {'✓' if s['moeglich'] else '✗'}" for s in doc["naechste_schritte"]
    )
    rows.append(("Nächste Schritte", steps or "–"))
    lines = [f"# Strategiezyklus {doc['id']}", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {cell(v)} |" for k, v in rows]
    return "\n".join(lines) + "\n"


def cell(value: object) -> str:
    """Text people typed, as one line of Markdown that the Prefect UI shows as it was typed:
    no link, image, emphasis, table cell or HTML of its own."""
    shown = "–" if value is None else " ".join(str(value).split())
    return html.escape(markup.escaped(shown), quote=False)


def decision_context(cycle_id: int) -> str:
    """What the coordinator needs beside the vote form: body, voters, quorum, stage, draft."""
    from dkbm import context, queries

    doc = queries.status(cycle_id, context.now())
    board = queries.board(doc["gremium"])
    voters = [m for m in board["mitglieder"] if m["rolle"] in ("vorsitz", "mitglied")]
    stage = doc["bezeichnung"].split(" / ")[0]
    lines = [
        f"**{cell(board['name'])}**: {board['stimmberechtigt']} Stimmberechtigte, "
        + (
            f"beschlussfähig ab **{board['beschlussfaehig_ab']}** Anwesenden  "
            if board["beschlussfaehig_ab"] is not None
            else "ohne Regel zur Beschlussfähigkeit  "
        ),
        f"**{stage}**, Runde {doc['runde']} · Zyklus {doc['id']}: {cell(doc['titel'])}",
    ]
    if v := doc["abstimmung"]:
        verdict = "beschlussfähig" if v["beschlussfaehig"] else "nicht beschlussfähig"
        lines.append(
            f"\nBisher erfasst: {v['anwesend']} anwesend, {v['ja']} Ja, {v['nein']} Nein, "
            f"{v['enthaltung']} Enthaltungen ({verdict})"
        )
    lines += ["", "Stimmberechtigt: " + ", ".join(cell(m["name"]) for m in voters)]
    lines += ["", "**Entwurf:**", "", draft_excerpt(doc)]
    lines += [
        "",
        "Ergebnis laut Protokoll eintragen. Gleichwertig: "
        f"`dkbm zyklus entscheiden {doc['id']} --anwesend … --ja …`",
    ]
    return "\n".join(lines) + "\n"


def draft_excerpt(doc: dict[str, Any], limit: int = 600) -> str:
    content, stage = doc["inhalt"], doc["stufe"]
    if stage == "leitbild":
        text = content["leitbild"] or "–"
    else:
        items = {"ziele": "ziele", "strategien": "strategien", "massnahmen": "massnahmen"}
        rows = content.get(items.get(stage, ""), [])
        text = "\n".join(f"- {x['id']}: {x['titel']}" for x in rows) or "–"
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return html.escape(markup.escaped(text), quote=False)
