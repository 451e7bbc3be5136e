"""Read models of Kennzahlen with the stable `--json` shapes; what the portal calls.

- `indicators(cycle_id=None)`: each Kennzahl with its item, values, target and assessment
  (optionally its SVG chart);
- `indicator(indicator_id)`: one of them, with its history;
- `chart_svg(indicator_id)`, `chart_figure(indicator_id)`: the chart (SVG; SVG + table);
- `review(cycle_id=None)`: the Wirkungsprüfung of a cycle (or of every cycle with
  Kennzahlen): what is off track and which stage to reopen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dkbm import charts, context
from dkbm.states.cycle import STAGES
from dkbm.states.errors import Refused
from dkbm.states.indicators import (
    DEFAULT_TOLERANCE,
    STAGE_OF,
    Assessment,
    Indicator,
    ItemKind,
    assess,
    invalid_tolerance,
)
from dkbm.states.model import StrategyCycle
from dkbm.store import reads
from dkbm.store.reads import Reader, reader
from dkbm.store.settings import database_url


def _checked(tolerance: float) -> float:
    """A tolerance that is a share (0 to 1), or `Refused`, before anything is read."""
    if reason := invalid_tolerance(tolerance):
        raise Refused("--toleranz", reason)
    return tolerance


def _items(c: StrategyCycle) -> dict[tuple[str, int], str]:
    """(kind, id) -> title of the cycle's Ziele and Maßnahmen."""
    out = {(ItemKind.ZIEL.value, g.id): g.title for g in c.goals}
    out |= {(ItemKind.MASSNAHME.value, m.id): m.title for m in c.measures}
    return out


def assessment_doc(a: Assessment) -> dict[str, Any]:
    return {
        "status": a.status.value,
        "nicht_auf_kurs": a.off_track,
        "jahr": a.year,
        "wert": a.value,
        "erwartet": _round(a.expected),
        "rueckstand": _round(a.lag),
        "rueckstand_anteil": _round(a.lag_share, 4),
        "toleranz": a.tolerance,
    }


def _round(x: float | None, digits: int = 6) -> float | None:
    return None if x is None else round(x, digits)


def indicator_doc(
    ind: Indicator, c: StrategyCycle, year: int, tolerance: float = DEFAULT_TOLERANCE
) -> dict[str, Any]:
    """One Kennzahl in the `kennzahl show --json` shape (without history and chart)."""
    kind = ind.item_kind.value
    title = _items(c).get((kind, ind.item_id))
    a = assess(ind, year, tolerance)
    return {
        "id": ind.id,
        "zyklus": ind.cycle_id,
        "zyklus_titel": c.title,
        "bezug": {
            "art": kind,
            "id": ind.item_id,
            "titel": title,
            "vorhanden": title is not None,
        },
        "name": ind.name,
        "einheit": ind.unit,
        "quelle": ind.source,
        "ausgangswert": {"wert": ind.baseline_value, "jahr": ind.baseline_year},
        "zielwert": {"wert": ind.target_value, "jahr": ind.target_year},
        "richtung": "steigend" if ind.direction > 0 else "fallend",
        "werte": [
            {
                "jahr": v.year,
                "wert": v.value,
                "erwartet": _round(ind.expected_at(v.year)),
                "notiz": v.note,
            }
            for v in ind.values
        ],
        "bewertung": assessment_doc(a),
        "version": ind.version,
    }


def _load(
    s: Reader, cycle_id: int | None, ids: list[int] | None = None
) -> tuple[list[Indicator], dict[int, StrategyCycle]]:
    if cycle_id is not None:
        # NotFound for an unknown cycle, even without Kennzahlen
        cycle = reads.cycles.cycle(s, cycle_id)
        return reads.indicators.indicators(s, cycle_id=cycle_id, ids=ids), {cycle_id: cycle}
    found = reads.indicators.indicators(s, ids=ids)
    return found, {i: reads.cycles.cycle(s, i) for i in sorted({x.cycle_id for x in found})}


def indicators(
    cycle_id: int | None = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: datetime | None = None,
    with_svg: bool = False,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Every Kennzahl (of one cycle, or of all), oldest first, each as `indicator_doc`;
    with *with_svg* each also carries `"svg"`: its chart (ids prefixed `kennzahl-<id>`)."""
    tolerance = _checked(tolerance)
    year = context.year(now)
    with reader(database_url()) as s:
        found, cycles = _load(s, cycle_id)
    docs = []
    for ind in found:
        doc = indicator_doc(ind, cycles[ind.cycle_id], year, tolerance)
        if with_svg:
            a = assess(ind, year, tolerance)
            doc["svg"] = charts.line_chart(ind, assessment=a, tolerance=tolerance, lang=lang)
        docs.append(doc)
    return docs


def _assessed(
    indicator_id: int, tolerance: float, now: datetime | None
) -> tuple[Indicator, Assessment]:
    tolerance = _checked(tolerance)
    with reader(database_url()) as s:
        ind = reads.indicators.indicator(s, indicator_id)
    return ind, assess(ind, context.year(now), tolerance)


def indicator(
    indicator_id: int, *, tolerance: float = DEFAULT_TOLERANCE, now: datetime | None = None
) -> dict[str, Any]:
    """One Kennzahl (`indicator_doc`) with its history (`verlauf`: who changed what when)."""
    from dkbm.queries import history_docs

    tolerance = _checked(tolerance)
    with reader(database_url()) as s:
        ind = reads.indicators.indicator(s, indicator_id)
        c = reads.cycles.cycle(s, ind.cycle_id)
        events = reads.audit.events(s, "kennzahl", indicator_id)
    doc = indicator_doc(ind, c, context.year(now), tolerance)
    doc["verlauf"] = history_docs(events)
    for entry in doc["verlauf"]:  # changed fields by the names the rest of the doc uses
        if "felder" in entry["details"]:
            fields = entry["details"]["felder"]
            entry["details"]["felder"] = {FIELD_NAMES.get(k, k): v for k, v in fields.items()}
    return doc


# A Kennzahl's fields as `kennzahl show --json` names them
FIELD_NAMES = {
    "unit": "einheit",
    "source": "quelle",
    "baseline_value": "ausgangswert",
    "baseline_year": "ausgangsjahr",
    "target_value": "zielwert",
    "target_year": "zieljahr",
}


def chart_svg(
    indicator_id: int,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: datetime | None = None,
    lang: str | None = None,
) -> str:
    """The Kennzahl's chart as an SVG document."""
    ind, a = _assessed(indicator_id, tolerance, now)
    return charts.line_chart(ind, assessment=a, tolerance=tolerance, lang=lang)


def chart_figure(
    indicator_id: int,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: datetime | None = None,
    lang: str | None = None,
) -> str:
    """The chart with its data table on an HTML page of its own (no JavaScript)."""
    ind, a = _assessed(indicator_id, tolerance, now)
    return charts.document(ind, assessment=a, tolerance=tolerance, lang=lang)


def measure_target(indicator_id: int) -> tuple[str, bool] | None:
    """The target text the Maßnahme of this Kennzahl names (`--zielwert` of `zyklus
    massnahme`), and whether the Maßnahmen were decided with it; None for a Ziel's
    Kennzahl or a Maßnahme without one."""
    with reader(database_url()) as s:
        ind = reads.indicators.indicator(s, indicator_id)
        if ind.item_kind is not ItemKind.MASSNAHME:
            return None
        c = reads.cycles.cycle(s, ind.cycle_id)
    found = [m.target_value for m in c.measures if m.id == ind.item_id]
    if not found or not found[0]:
        return None
    return found[0], "massnahmen" in c.decided


def reopen_command(cycle_id: int, stage: str) -> str:
    return f"dkbm zyklus weiter {cycle_id} wiedereroeffnen --stufe {stage}"


def review(
    cycle_id: int | None = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Wirkungsprüfung: per cycle (the one named, or each with Kennzahlen) its Kennzahlen
    with their assessment, the Ziele and Maßnahmen off track, the Maßnahmen without any
    Kennzahl, and the stage to reopen (the earliest affected one)."""
    tolerance = _checked(tolerance)
    year = context.year(now)
    with reader(database_url()) as s:
        found, cycles = _load(s, cycle_id)
    return [
        _cycle_review(c, [i for i in found if i.cycle_id == cid], year, tolerance)
        for cid, c in cycles.items()
    ]


def _cycle_review(
    c: StrategyCycle, found: list[Indicator], year: int, tolerance: float
) -> dict[str, Any]:
    cid = c.id or 0
    titles = _items(c)
    docs = [indicator_doc(ind, c, year, tolerance) for ind in found]
    off: dict[tuple[str, int], list[int]] = {}
    for doc in docs:
        if doc["bewertung"]["nicht_auf_kurs"]:
            key = (doc["bezug"]["art"], doc["bezug"]["id"])
            off.setdefault(key, []).append(doc["id"])
    flagged = [
        {
            "art": kind,
            "id": item_id,
            "titel": titles.get((kind, item_id)),
            "kennzahlen": ids,
            "stufe": STAGE_OF[ItemKind(kind)],
            "befehl": reopen_command(cid, STAGE_OF[ItemKind(kind)]),
        }
        for (kind, item_id), ids in sorted(off.items(), key=lambda kv: kv[0][1])
    ]
    measured = {(i.item_kind.value, i.item_id) for i in found}
    stages = sorted({f["stufe"] for f in flagged}, key=STAGES.index)
    return {
        "zyklus": cid,
        "titel": c.title,
        "zustand": c.state,
        "jahr": year,
        "toleranz": tolerance,
        "kennzahlen": docs,
        "nicht_auf_kurs": flagged,
        "ohne_kennzahl": [
            {"art": "massnahme", "id": m.id, "titel": m.title}
            for m in c.measures
            if ("massnahme", m.id) not in measured
        ],
        "vorschlag": (
            {
                "stufe": stages[0],
                "befehl": reopen_command(cid, stages[0]),
                "jetzt_moeglich": c.state == "wirkungspruefung",
                # reopened already (or not decided yet): the cycle is before that stage,
                # or at it and not past its decision
                "stufe_offen": c.stage in STAGES
                and (
                    STAGES.index(c.stage) < STAGES.index(stages[0])
                    or (c.stage == stages[0] and not c.state.endswith("_beschlossen"))
                ),
            }
            if stages
            else None
        ),
    }
