"""A cycle's status as Markdown, for Prefect artifacts (no personal data, no channel URLs)."""

from __future__ import annotations

from typing import Any


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
                f"{b['geantwortet']} von {b['eingeladen']} Antworten, Frist {b['frist'][:16]}",
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
        rows.append((f"Beschluss {stage}", at[:10]))
    steps = ", ".join(
        f"{s['schritt']} {'✓' if s['moeglich'] else '✗'}" for s in doc["naechste_schritte"]
    )
    rows.append(("Nächste Schritte", steps or "–"))
    lines = [f"# Strategiezyklus {doc['id']}", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {_cell(v)} |" for k, v in rows]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
