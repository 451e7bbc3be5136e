"""The Strategiezyklus as data: its stages and steps with their names, the states and the
transition table. Guards and actions are named here and defined in `cycle_rules`; the
machine that runs the table is in `cycle`.
"""

from __future__ import annotations

from typing import Any

STAGES = ("leitbild", "ziele", "strategien", "massnahmen")
STEPS = ("entwurf", "beteiligung", "abstimmung", "beschlossen")
LATER = ("umsetzung", "wirkungspruefung", "abgeschlossen")
ALL_STAGES = STAGES + LATER
INITIAL = "leitbild_entwurf"

STAGE_NAMES = {
    "de": {
        "leitbild": "Leitbild",
        "ziele": "Strategische Ziele",
        "strategien": "Handlungsstrategien",
        "massnahmen": "Maßnahmenentscheidung",
        "umsetzung": "Umsetzung",
        "wirkungspruefung": "Wirkungsprüfung",
        "abgeschlossen": "Abgeschlossen",
        "entwurf": "Entwurf",
        "beteiligung": "Beteiligung",
        "abstimmung": "Abstimmung",
        "beschlossen": "Beschlossen",
    },
    "en": {
        "leitbild": "Vision statement",
        "ziele": "Strategic goals",
        "strategien": "Action strategies",
        "massnahmen": "Decision on measures",
        "umsetzung": "Implementation",
        "wirkungspruefung": "Impact review",
        "abgeschlossen": "Closed",
        "entwurf": "Draft",
        "beteiligung": "Consultation",
        "abstimmung": "Vote",
        "beschlossen": "Decided",
    },
}

STATES: list[Any] = [{"name": s, "children": list(STEPS), "initial": "entwurf"} for s in STAGES]
STATES += ["umsetzung", "wirkungspruefung", {"name": "abgeschlossen", "final": True}]

_NEXT = dict(zip(STAGES, [*STAGES[1:], "umsetzung"], strict=True))

TRANSITIONS: list[dict[str, Any]] = []
for _s in STAGES:
    TRANSITIONS += [
        {
            "trigger": "beteiligung_starten",
            "source": f"{_s}_entwurf",
            "dest": f"{_s}_beteiligung",
            "conditions": ["content_ready", "consultation_planned"],
            "after": "open_consultation",
        },
        {
            "trigger": "abstimmung_starten",
            "source": f"{_s}_beteiligung",
            "dest": f"{_s}_abstimmung",
            "conditions": ["consultation_closed", "vote_deadline_ahead"],
            "after": "open_vote",
        },
        {
            "trigger": "beschliessen",
            "source": f"{_s}_abstimmung",
            "dest": f"{_s}_beschlossen",
            "conditions": ["content_ready", "vote_carried"],
            "after": "record_decision",
        },
        {
            "trigger": "ueberarbeiten",
            "source": [f"{_s}_beteiligung", f"{_s}_abstimmung"],
            "dest": f"{_s}_entwurf",
            "after": "start_new_round",
        },
        {
            "trigger": "naechste_stufe",
            "source": f"{_s}_beschlossen",
            "dest": _NEXT[_s],
            "after": "start_stage",
        },
        {
            "trigger": "beschluss_aufheben",
            "source": f"{_s}_beschlossen",
            "dest": f"{_s}_abstimmung",
            "conditions": ["vote_not_carried"],
            "after": "revoke_decision",
        },
    ]
TRANSITIONS += [
    {
        "trigger": "wirkung_pruefen",
        "source": "umsetzung",
        "dest": "wirkungspruefung",
        "conditions": ["measures_reported"],
    },
    *(
        {
            "trigger": "wiedereroeffnen",
            "source": "wirkungspruefung",
            "dest": s,
            "conditions": [f"reopens_{s}"],
            "after": "reopen_stage",
        }
        for s in STAGES
    ),
    {"trigger": "abschliessen", "source": "wirkungspruefung", "dest": "abgeschlossen"},
]

TRIGGERS = tuple(dict.fromkeys(t["trigger"] for t in TRANSITIONS))
# Taken only by a use case, never offered as a next step: a decision is revoked by
# correcting its result (`dkbm zyklus abstimmung --korrektur`), not by itself
BY_CORRECTION = ("beschluss_aufheben",)


def describe_state(state: str, lang: str = "de") -> str:
    names = STAGE_NAMES[lang]
    return " / ".join(names.get(part, part) for part in state.split("_", 1))
