"""Use cases on Kennzahlen (Bildungsmonitoring): their definitions. Each is one
transaction: the Kennzahl's new version and an audit event (`indicator_changes`).

A Kennzahl hangs on a Ziel or a Maßnahme of a cycle, with a baseline and a target that
make its expected path. Its values per year are in `indicator_values` (also the CSV
import, read line by line in `indicator_csv`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dkbm import context
from dkbm.indicator_changes import SUBJECT as SUBJECT
from dkbm.indicator_changes import audit, one_line

# Imported `as` themselves: the CLI calls them as `indicators.<name>`.
from dkbm.indicator_values import ImportResult as ImportResult
from dkbm.indicator_values import Recorded as Recorded
from dkbm.indicator_values import import_values as import_values
from dkbm.indicator_values import record_value as record_value
from dkbm.indicator_values import remove_value as remove_value
from dkbm.states.errors import Duplicate, InvalidValue, Reason, Refused
from dkbm.states.indicators import (
    Indicator,
    IndicatorValue,
    ItemKind,
    future_year,
    implausible,
    invalid_definition,
)
from dkbm.states.model import StrategyCycle
from dkbm.store import indicators as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction


def add(
    cycle_id: int,
    *,
    item_kind: ItemKind,
    item_id: int,
    name: str,
    unit: str,
    source: str,
    baseline: tuple[float, int],
    target: tuple[float, int],
    by: str,
    now: datetime,
) -> Indicator:
    """A new Kennzahl of a cycle's Ziel or Maßnahme, with baseline and target as (value, year)."""
    name = one_line(name, "name")
    reason = (
        invalid_definition(baseline[0], baseline[1], target[0], target[1])
        or _out_of_bounds(unit, baseline[0], target[0])
        or future_year(baseline[1], context.year(now))
    )
    if reason is not None:
        raise Refused("kennzahl add", reason)
    with transaction() as s:
        c = repo.cycle(s, cycle_id)
        _check_item(c, item_kind, item_id)
        _check_name(s, cycle_id, name)
        ind = Indicator(
            id=None,
            cycle_id=cycle_id,
            item_kind=item_kind,
            item_id=item_id,
            name=name,
            unit=one_line(unit, "einheit", empty=True),
            source=one_line(source, "quelle", empty=True),
            baseline_value=baseline[0],
            baseline_year=baseline[1],
            target_value=target[0],
            target_year=target[1],
        )
        store.insert_indicator(s, ind, now)
        audit(s, ind.id or 0, ind.version, by, now, "angelegt", _definition(ind))
    return ind


# What `change` may set, by its parameter and column name.
_DEFINITION = (
    "name",
    "unit",
    "source",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
)


def change(
    indicator_id: int, *, by: str, now: datetime, reason: str = "", **changes: Any
) -> tuple[Indicator, dict[str, list[Any]]]:
    """Correct a Kennzahl's definition (a mistyped target, a new source): any of the
    `_DEFINITION` fields; values stay. Returns the Kennzahl and what changed (field ->
    [old, new]); nothing named or nothing different changes nothing."""
    reason = one_line(reason, "--grund", empty=True)
    unknown = set(changes) - set(_DEFINITION)
    if unknown:
        raise InvalidValue("feld", sorted(unknown)[0], ", ".join(_DEFINITION))
    with transaction() as s:
        ind = store.indicator(s, indicator_id)
        new = {k: v for k, v in changes.items() if v is not None}
        if "name" in new:
            new["name"] = one_line(new["name"], "name")
        for text in ("unit", "source"):
            if text in new:
                new[text] = one_line(
                    new[text], {"unit": "einheit", "source": "quelle"}[text], empty=True
                )
        merged = {**{k: getattr(ind, k) for k in _DEFINITION}, **new}
        moved = {k for k in new if new[k] != getattr(ind, k)}
        refusal = None
        if "baseline_year" in moved:  # a year to come says more than an order of years
            refusal = future_year(new["baseline_year"], context.year(now))
        refusal = refusal or invalid_definition(
            merged["baseline_value"],
            merged["baseline_year"],
            merged["target_value"],
            merged["target_year"],
        )
        if moved & {"unit", "baseline_value", "target_value"}:
            # a new unit or path must fit itself and the values kept (a rename does not ask)
            refusal = refusal or _out_of_bounds(
                merged["unit"], merged["baseline_value"], merged["target_value"]
            )
            path = (merged["baseline_value"], merged["target_value"])
            for v in ind.values:
                refusal = refusal or _stored_misfit(merged["unit"], v, path)
        if refusal is not None:
            raise Refused("kennzahl aendern", refusal)
        if "name" in new:
            _check_name(s, ind.cycle_id, new["name"], indicator_id)
        changed = {k: [getattr(ind, k), v] for k, v in new.items() if getattr(ind, k) != v}
        if not changed:
            return ind, {}
        version = store.bump(
            s, indicator_id, ind.version, now, **{k: v[1] for k, v in changed.items()}
        )
        audit(s, indicator_id, version, by, now, "geaendert", {"felder": changed}, reason)
        return store.indicator(s, indicator_id), changed


def _out_of_bounds(unit: str, baseline: float, target: float) -> Reason | None:
    return implausible(unit, baseline, "baseline") or implausible(unit, target, "target")


def _check_name(s: Tx, cycle_id: int, name: str, own: int | None = None) -> None:
    """A cycle does not measure two things by the same name: its Wirkungsprüfung, report
    and pages name Kennzahlen side by side."""
    for other in store.indicators(s, cycle_id=cycle_id):
        if other.id != own and other.name.casefold() == name.casefold():
            raise Duplicate("indicator", name, other.id or 0)


def _check_item(c: StrategyCycle, kind: ItemKind, item_id: int) -> None:
    """The item exists in the cycle and is of the kind named."""
    kinds = {g.id: ItemKind.ZIEL for g in c.goals} | {m.id: ItemKind.MASSNAHME for m in c.measures}
    if item_id in kinds:
        if kinds[item_id] is not kind:
            actual = kinds[item_id].value
            raise Refused("kennzahl add", Reason(f"reason_indicator_is_{actual}", id=item_id))
        return
    if any(x.id == item_id for x in c.strategies):
        raise Refused("kennzahl add", Reason("reason_indicator_item", id=item_id))
    mine = [i for i, k in kinds.items() if k is kind]
    listed = ", ".join(map(str, sorted(mine))) or "-"
    raise Refused(
        "kennzahl add",
        Reason(f"reason_indicator_no_{kind.value}", id=item_id, cycle=c.id, ids=listed),
    )


def _definition(ind: Indicator) -> dict[str, Any]:
    return {
        "zyklus": ind.cycle_id,
        "bezug": {"art": ind.item_kind.value, "id": ind.item_id},
        "name": ind.name,
        "einheit": ind.unit,
        "quelle": ind.source,
        "ausgangswert": {"wert": ind.baseline_value, "jahr": ind.baseline_year},
        "zielwert": {"wert": ind.target_value, "jahr": ind.target_year},
    }


def carry_over(s: Tx, old_cycle: int, new_cycle: int, *, by: str, now: datetime) -> list[int]:
    """The Kennzahlen of a closed cycle, with their values, for the cycle seeded from it
    (its items keep their numbers): the next Wirkungsprüfung continues the same series."""
    copied = []
    for old in store.indicators(s, cycle_id=old_cycle):
        new = Indicator(**{**vars(old), "id": None, "cycle_id": new_cycle, "values": []})
        store.insert_indicator(s, new, now)
        store.copy_values(s, old.id or 0, new.id or 0)
        payload = {**_definition(new), "aus_kennzahl": old.id, "werte": len(old.values)}
        audit(s, new.id or 0, new.version, by, now, "uebernommen", payload)
        copied.append(new.id or 0)
    return copied


def _stored_misfit(unit: str, v: IndicatorValue, path: tuple[float, float]) -> Reason | None:
    if misfit := implausible(unit, v.value, "value", path):
        return Reason("reason_indicator_stored_misfit", year=v.year, problem=misfit)
    return None
