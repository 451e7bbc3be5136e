"""A cycle on the command line: the argument that names it, and how it is printed (its
state in one line, the `status` page, the `verlauf` entries in words)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import day, h, when
from dkbm.cli.votes import vote_words
from dkbm.states.errors import step_name
from dkbm.states.i18n import language

Cycle = Annotated[int, typer.Argument(help=h("Nummer des Zyklus", "cycle number"))]


def describe(state: str) -> str:
    from dkbm.states.cycle import describe_state

    return describe_state(state, language())


def done(c: Any) -> None:
    print(f"{h('Zyklus', 'Cycle')} {c.id}: {describe(c.state)} (Version {c.version})")


def where(c: Any) -> str:
    return f"{h('Zyklus', 'cycle')} {c.id}: {describe(c.state)} (Version {c.version})"


def added(kind: str, number: int, c: Any) -> None:
    print(f"{kind} {number} {h('hinzugefügt', 'added')} (Nr. {number}); {where(c)}")


def print_status(doc: dict[str, Any]) -> None:
    print(f"{h('Zyklus', 'Cycle')} {doc['id']}: {doc['titel']}")
    print(
        f"  {h('Stand', 'Where')}: {doc['bezeichnung']} ({h('Runde', 'round')} {doc['runde']}, Version {doc['version']})"
    )
    print(f"  {h('Gremium', 'Board')}: {doc['gremium_name']}")
    print_verbund(doc["id"])
    if m := doc.get("moderation"):
        print(
            f"  {h('Moderation', 'Moderation')}: {h('Lauf', 'run')} {m['lauf'][:8]}, "
            f"{h('gestartet', 'started')} {when(m['seit'])} {h('von', 'by')} {m['von']}"
            f" ({h('Prefect-UI oder dkbm zyklus entscheiden', 'Prefect UI or dkbm zyklus entscheiden')})"
        )
    _print_content(doc["inhalt"], _editorial_marks(doc["id"]))
    if b := doc["beteiligung"]:
        print(
            f"  {h('Beteiligung', 'Consultation')}: {b['geantwortet']} {h('von', 'of')} {b['eingeladen']} "
            f"{h('Eingeladenen haben geantwortet; Frist', 'invitees answered; deadline')} {when(b['frist'])}"
            f"  ({h('dkbm zyklus rueckmeldungen', 'dkbm zyklus rueckmeldungen')} {doc['id']})"
        )
    if w := doc["schriftliche_abstimmung"]:
        print(
            f"  {h('Schriftliche Abstimmung', 'Written vote')}: {w['stimmen']} {h('von', 'of')} "
            f"{w['stimmberechtigt']} {h('Stimmen, Frist', 'votes, deadline')} {when(w['frist'])}"
        )
        if w["ausstehend"]:
            names = ", ".join(f"{m['name']} ({m['id']})" for m in w["ausstehend"])
            print(f"    {h('noch nicht abgestimmt', 'not yet voted')}: {names}")
    if doc.get("sitzung"):
        m = doc["sitzung"]
        place = f", {m['ort']}" if m["ort"] else ""
        print(f"  {h('Sitzung', 'Meeting')}: {when(m['termin'])}{place}")
    if v := doc["abstimmung"]:
        print(f"  {h('Abstimmung', 'Vote')}: {vote_words(v, written=bool(w))}")
    for stage, at in doc["beschluesse"].items():
        print(
            f"  {h('Beschlossen', 'Decided')}: {describe(stage + '_beschlossen').split(' / ')[0]} ({when(at)})"
        )
    print(f"  {h('Nächste Schritte', 'Next steps')}:")
    for step in doc["naechste_schritte"]:
        mark = "✓" if step["moeglich"] else "✗"
        how = f"dkbm zyklus weiter {doc['id']} {step['schritt']}"
        suffix = f"  ({step['grund']})" if step["grund"] else f"  ({how})"
        print(f"    {mark} {step_name(step['schritt'])}{suffix}")


def _editorial_marks(cycle_id: int) -> dict[int | None, str]:
    """Decided wording corrected editorially: item id (None: the Leitbild) -> ' (redaktionell
    geändert am …)', the latest correction's day."""
    from dkbm import queries

    marks: dict[int | None, str] = {}
    for e in queries.history(cycle_id):
        if e["aktion"] == "redaktionell_geaendert":
            day = datetime.fromisoformat(e["zeit"]).astimezone(context.BERLIN)
            shown = day.strftime(h("%d.%m.%Y", "%Y-%m-%d"))
            marks[e["details"].get("id")] = (
                f" ({h('redaktionell geändert am', 'editorially corrected on')} {shown})"
            )
    return marks


def _print_content(content: dict[str, Any], marks: dict[int | None, str]) -> None:
    import textwrap

    vision = content["leitbild"].strip()
    if vision:
        wrapped = textwrap.fill(vision, 88, initial_indent="    ", subsequent_indent="    ")
        print(f"  {h('Leitbild', 'Vision statement')}{marks.get(None, '')}:\n{wrapped}")
    else:
        print(f"  {h('Leitbild', 'Vision statement')}: –")
    strategies = content["strategien"]
    measures = content["massnahmen"]
    if not content["ziele"]:
        return
    print(f"  {h('Strategische Ziele', 'Strategic goals')}:")
    for g in content["ziele"]:
        areas = f" [{', '.join(_area(a) for a in g['bereiche'])}]" if g["bereiche"] else ""
        print(f"    {h('Ziel', 'Goal')} {g['id']}: {g['titel']}{areas}{marks.get(g['id'], '')}")
        for st in (x for x in strategies if x["ziel"] == g["id"]):
            print(
                f"      {h('Strategie', 'Strategy')} {st['id']}: {st['titel']}"
                f"{marks.get(st['id'], '')}"
            )
            for m in (x for x in measures if x["strategie"] == st["id"]):
                print(
                    f"        {h('Maßnahme', 'Measure')} {m['id']}: {m['titel']}"
                    f"{marks.get(m['id'], '')}"
                )
                print(f"          {_measure_line(m)}")
                if r := m["letzter_bericht"]:
                    value = (
                        f" ({h('Wert', 'value')} {r['wert']:g})" if r["wert"] is not None else ""
                    )
                    print(
                        f"          {h('letzter Bericht', 'latest report')} {day(r['zeit'])}: "
                        f"{r['text']}{value} ({m['berichte']} {h('insgesamt', 'in all')})"
                    )


def _measure_line(m: dict[str, Any]) -> str:
    owner = f"{m['verantwortlich_name']} ({m['verantwortlich']})" if m["verantwortlich"] else "–"
    target = f" → {m['zielwert']}" if m["zielwert"] else ""
    from dkbm.chart_text import number

    measured = "".join(  # the Kennzahl's name only where it is not the indicator's
        f" · {h('Kennzahl', 'indicator')} {k['id']}"
        f"{'' if k['name'] == m['indikator'] else ' ' + repr(k['name'])}: "
        f"{number(k['zielwert'])}{' ' + k['einheit'] if k['einheit'] else ''} ({k['zieljahr']})"
        for k in m.get("kennzahlen", [])
    )
    return (
        f"{h('verantwortlich', 'owner')}: {owner} · {h('Indikator', 'indicator')}: "
        f"{m['indikator'] or '–'}{target}{measured} · {h('Frist', 'deadline')}: {day(m['frist']) if m['frist'] else '–'}"
    )


def _area(value: str) -> str:
    from dkbm.cli.words import display

    return display("bildungsbereich", value)


_ACTIONS_EN = {
    "gestartet": "started",
    "uebergang": "transition",
    "leitbild_geaendert": "vision changed",
    "ziel_hinzugefuegt": "goal added",
    "strategie_hinzugefuegt": "strategy added",
    "massnahme_hinzugefuegt": "measure added",
    "massnahme_geaendert": "measure changed",
    "rueckmeldung": "answer",
    "abstimmung_erfasst": "vote recorded",
    "abstimmung_korrigiert": "vote corrected",
    "redaktionell_geaendert": "editorial correction",
    "stimme": "ballot",
    "bericht": "progress report",
    "frist_geaendert": "deadline changed",
    "moderation_gestartet": "moderation started",
    "ziel_geaendert": "goal changed",
    "strategie_geaendert": "strategy changed",
    "ziel_entfernt": "goal removed",
    "strategie_entfernt": "strategy removed",
    "massnahme_entfernt": "measure removed",
    "eingabe_abgelehnt": "input refused",
}


_ACTIONS_DE = {
    "uebergang": "Übergang",
    "leitbild_geaendert": "Leitbild geändert",
    "ziel_hinzugefuegt": "Ziel hinzugefügt",
    "strategie_hinzugefuegt": "Strategie hinzugefügt",
    "massnahme_hinzugefuegt": "Maßnahme hinzugefügt",
    "massnahme_geaendert": "Maßnahme geändert",
    "rueckmeldung": "Rückmeldung",
    "abstimmung_erfasst": "Abstimmung erfasst",
    "abstimmung_korrigiert": "Abstimmung berichtigt",
    "redaktionell_geaendert": "redaktionell geändert",
    "frist_geaendert": "Frist geändert",
    "stimme": "Stimme",
    "moderation_gestartet": "Moderation gestartet",
    "ziel_geaendert": "Ziel geändert",
    "strategie_geaendert": "Strategie geändert",
    "ziel_entfernt": "Ziel entfernt",
    "strategie_entfernt": "Strategie entfernt",
    "massnahme_entfernt": "Maßnahme entfernt",
    "eingabe_abgelehnt": "Eingabe abgelehnt",
}


def entry_details(d: dict[str, Any]) -> str:
    """What an audit entry is about, in a few words (counts of a vote, who answered, why)."""
    p, parts = d["details"], []
    if d["aktion"] == "abstimmung_erfasst":
        parts.append(_counts(p))
    elif d["aktion"] == "abstimmung_korrigiert":
        parts.append(f"{_counts(p['vorher'])} → {_counts(p['nachher'])}")
    elif d["aktion"] == "redaktionell_geaendert":
        parts.append(f"„{p['vorher']}“ → „{p['nachher']}“")
    elif d["aktion"] in ("rueckmeldung", "stimme") and "akteur" in p:
        parts.append(f"{h('Akteur', 'actor')} {p['akteur']}")
    elif d["aktion"] == "frist_geaendert":
        parts.append(f"{when(p['von'])} → {when(p['bis'])}")
    elif d["aktion"] == "uebergang" and (p.get("meeting") or p.get("deadline")):
        if p.get("meeting"):
            parts.append(
                f"{h('Sitzung', 'meeting')} {when(p['meeting'])} {p.get('place', '')}".strip()
            )
        else:
            parts.append(f"{h('Frist', 'deadline')} {when(p['deadline'])}")
    elif d["aktion"] == "moderation_gestartet":
        parts.append(f"{h('Lauf', 'run')} {p['lauf'][:8]}")
    if p.get("ersetzt"):
        parts.append(h("ersetzt", "replaced"))
    if d["grund"]:
        parts.append(d["grund"])
    return "; ".join(parts) or "-"


def _counts(p: dict[str, Any]) -> str:
    abstain = h("Enth.", "abst.")
    return (
        f"{p['yes']} {h('Ja', 'yes')} / {p['no']} {h('Nein', 'no')} / {p['abstain']} {abstain}, "
        f"{p['present']}/{p['voting_members']} {h('anwesend', 'present')}"
    )


def action_word(action: str) -> str:
    """Audit actions are stable identifiers (as in --json); tables show them as words."""
    words = _ACTIONS_EN if language() == "en" else _ACTIONS_DE
    return words.get(action, action.replace("_", " "))


def print_verbund(cycle_id: int) -> None:
    """The Verbund the cycle runs in and the Maßnahmen run in one (none: nothing)."""
    from dkbm import verbund_queries
    from dkbm.cli.output import safe
    from dkbm.states.i18n import t

    found = verbund_queries.of_cycle(cycle_id)
    if v := found["verbund"]:
        partners = ", ".join(safe(p) for p in v["partner"])
        key = "verbund_line" if partners else "verbund_line_alone"
        print("  " + t(key, name=safe(v["name"]), id=v["id"], partners=partners))
    if found["massnahmen"]:
        listed = ", ".join(
            f"{m} → {safe(x['name'])}" for m, x in sorted(found["massnahmen"].items())
        )
        print("  " + t("verbund_measures_line", measures=listed))
