"""Vote results as people read them: "5 von 7 Stimmberechtigten anwesend … – angenommen"."""

from __future__ import annotations

from typing import Any

from dkbm.cli.output import h


def vote_words(v: dict[str, Any], written: bool = False) -> str:
    """'5 von 7 Stimmberechtigten anwesend (beschlussfähig ab 4): 4 Ja, 1 Nein, 0 Enthaltungen – angenommen'."""
    carried = v["beschlussfaehig"] and v["mehrheit"]
    if not v["beschlussfaehig"]:
        verdict = h("nicht beschlussfähig", "not quorate")
    else:
        verdict = h("angenommen", "carried") if carried else h("abgelehnt", "rejected")
    abstain = (
        h("Enthaltung", "abstention") if v["enthaltung"] == 1 else h("Enthaltungen", "abstentions")
    )
    took_part = (
        h("Stimmen abgegeben", "votes cast")
        if written
        else h("Stimmberechtigten anwesend", "voting members present")
    )
    return (
        f"{v['anwesend']} {h('von', 'of')} {v['stimmberechtigt']} {took_part} "
        f"({h('beschlussfähig ab', 'quorum')} {v['beschlussfaehig_ab']}): "
        f"{v['ja']} {h('Ja', 'yes')}, {v['nein']} {h('Nein', 'no')}, {v['enthaltung']} {abstain} – {verdict}"
    )


def vote_line(c: Any, replaced: bool = False) -> str:
    v = c.vote
    assert v is not None
    words = result_words(v)
    note = (
        h(" (ersetzt das frühere Ergebnis)", " (replaces the earlier result)") if replaced else ""
    )
    return f"{h('Abstimmung erfasst', 'Vote recorded')}{note}: {words}"


def result_words(v: Any) -> str:
    """A recorded `Vote` as people read it."""
    return vote_words(
        {
            "anwesend": v.present,
            "stimmberechtigt": v.voting_members,
            "beschlussfaehig_ab": v.quorum_needed,
            "beschlussfaehig": v.quorate,
            "mehrheit": v.majority,
            "ja": v.yes,
            "nein": v.no,
            "enthaltung": v.abstain,
        }
    )


def vote_replaced(cycle_id: int) -> bool:
    from dkbm import queries

    for e in reversed(queries.history(cycle_id)):
        if e["aktion"] == "abstimmung_erfasst":
            return bool(e["details"].get("ersetzt"))
    return False
