"""The cycle machine as a Mermaid `stateDiagram-v2`, drawn from the same tables it runs on."""

from __future__ import annotations

from dkbm.states.cycle import INITIAL, STAGE_NAMES, STAGES, STATES, STEPS, TRANSITIONS
from dkbm.states.errors import step_name


def mermaid(lang: str = "de", current: str | None = None) -> str:
    """The whole machine; with *current* that state is marked (class `aktuell`)."""
    names = STAGE_NAMES[lang]
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL.split('_')[0]}"]
    for stage in STAGES:
        lines.append(f'    state "{names[stage]}" as {stage} {{')
        lines.append(f"        [*] --> {stage}_{STEPS[0]}")
        for step in STEPS:
            lines.append(f"        {stage}_{step} : {names[step]}")
        for row in TRANSITIONS:
            for source in _sources(row):
                if source.startswith(f"{stage}_") and row["dest"].startswith(f"{stage}_"):
                    lines.append(
                        f"        {source} --> {row['dest']} : {step_name(row['trigger'], lang)}"
                    )
        lines.append("    }")
    for state in STATES:
        if isinstance(state, str):
            lines.append(f"    {state} : {names[state]}")
        elif state["name"] not in STAGES:
            lines.append(f"    {state['name']} : {names[state['name']]}")
    for row in TRANSITIONS:
        for source in _sources(row):
            if source.split("_")[0] != row["dest"].split("_")[0]:
                lines.append(f"    {source} --> {row['dest']} : {step_name(row['trigger'], lang)}")
    lines.append("    abgeschlossen --> [*]")
    if current is not None:
        lines.append(
            "    classDef aktuell fill:#f4a261,stroke:#9c3d00,stroke-width:3px,font-weight:bold"
        )
        lines.append(f"    class {current} aktuell")
    return "\n".join(lines) + "\n"


def _sources(row: dict) -> list[str]:
    return row["source"] if isinstance(row["source"], list) else [row["source"]]
