"""Use cases on Kennzahlen (Bildungsmonitoring). Each is one transaction: the Kennzahl's
new version, its values and an audit event (subject "kennzahl").

A Kennzahl hangs on a Ziel or a Maßnahme of a cycle; its values are kept per year, and a
value for a year already kept replaces it (statistics get corrected).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from dkbm import context
from dkbm.indicator_csv import CsvRejected, RowError, parse
from dkbm.states.errors import Duplicate, InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.indicators import (
    FIRST_YEAR,
    LAST_YEAR,
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

SUBJECT = "kennzahl"


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
    name = _line(name, "name")
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
            unit=_line(unit, "einheit", empty=True),
            source=_line(source, "quelle", empty=True),
            baseline_value=baseline[0],
            baseline_year=baseline[1],
            target_value=target[0],
            target_year=target[1],
        )
        store.insert_indicator(s, ind, now)
        _audit(s, ind.id or 0, ind.version, by, now, "angelegt", _definition(ind))
    return ind


class Recorded(NamedTuple):
    """What `record_value` did: the Kennzahl as it is now, the outcome (`neu`,
    `aktualisiert`, `unveraendert`) and the value it replaced, if any."""

    indicator: Indicator
    outcome: str
    before: IndicatorValue | None


def record_value(
    indicator_id: int,
    *,
    year: int,
    value: float,
    note: str = "",
    reason: str = "",
    by: str,
    now: datetime,
) -> Recorded:
    """Keep the value of one year. A replaced value stays in the audit event (`vorher`),
    with the *reason* if given."""
    reason = _line(reason, "--grund", empty=True)
    if not math.isfinite(value):
        raise InvalidValue("wert", value, t("expected_number"))
    checked = IndicatorValue(year, value, _line(note, "notiz", empty=True))
    with transaction() as s:
        ind = store.indicator(s, indicator_id)  # an unknown Kennzahl first, then its year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            refusal = Reason("reason_indicator_year", year=year, first=FIRST_YEAR, last=LAST_YEAR)
            raise Refused("kennzahl wert", refusal)
        if refusal := future_year(year, context.year(now)):
            raise Refused("kennzahl wert", refusal)
        if refusal := implausible(ind.unit, value, "value", _path(ind)):
            raise Refused("kennzahl wert", refusal)
        before = _value_of(ind, year)
        outcome = store.put_value(s, indicator_id, checked, by, now)
        if outcome != "unveraendert":
            version = store.bump(s, indicator_id, ind.version, now)
            payload = {"jahr": year, "wert": value, "notiz": checked.note or None, "art": outcome}
            if before is not None:
                payload |= {"vorher": before.value, "notiz_vorher": before.note or None}
            _audit(s, indicator_id, version, by, now, "wert_erfasst", payload, reason)
        ind = store.indicator(s, indicator_id)
    return Recorded(ind, outcome, before if outcome == "aktualisiert" else None)


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
    reason = _line(reason, "--grund", empty=True)
    unknown = set(changes) - set(_DEFINITION)
    if unknown:
        raise InvalidValue("feld", sorted(unknown)[0], ", ".join(_DEFINITION))
    with transaction() as s:
        ind = store.indicator(s, indicator_id)
        new = {k: v for k, v in changes.items() if v is not None}
        if "name" in new:
            new["name"] = _line(new["name"], "name")
        for text in ("unit", "source"):
            if text in new:
                new[text] = _line(
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
        _audit(s, indicator_id, version, by, now, "geaendert", {"felder": changed}, reason)
        return store.indicator(s, indicator_id), changed


def remove_value(
    indicator_id: int, *, year: int, reason: str = "", by: str, now: datetime
) -> Indicator:
    """Take back the value of a year (entered for the wrong year, say); the audit event
    keeps what it was."""
    reason = _line(reason, "--grund", empty=True)
    with transaction() as s:
        ind = store.indicator(s, indicator_id)
        before = _value_of(ind, year)
        if before is None or not store.delete_value(s, indicator_id, year):
            refusal = Reason("reason_indicator_no_value", id=indicator_id, year=year)
            raise Refused("kennzahl wert --entfernen", refusal)
        version = store.bump(s, indicator_id, ind.version, now)
        payload = {"jahr": year, "wert": before.value, "notiz": before.note or None}
        _audit(s, indicator_id, version, by, now, "wert_entfernt", payload, reason)
        return store.indicator(s, indicator_id)


def _out_of_bounds(unit: str, baseline: float, target: float) -> Reason | None:
    return implausible(unit, baseline, "baseline") or implausible(unit, target, "target")


def _check_name(s: Tx, cycle_id: int, name: str, own: int | None = None) -> None:
    """A cycle does not measure two things by the same name: its Wirkungsprüfung, report
    and pages name Kennzahlen side by side."""
    for other in store.indicators(s, cycle_id=cycle_id):
        if other.id != own and other.name.casefold() == name.casefold():
            raise Duplicate("indicator", name, other.id or 0)


@dataclass
class ImportResult:
    """What an import did: values per outcome, and the Kennzahlen it touched."""

    file: str
    counts: Counter[str] = field(default_factory=Counter)
    indicators: list[int] = field(default_factory=list)
    notes_removed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "datei": self.file,
            "werte": self.total,
            "neu": self.counts["neu"],
            "aktualisiert": self.counts["aktualisiert"],
            "unveraendert": self.counts["unveraendert"],
            "kennzahlen": self.indicators,
            "notizen_entfernt": self.notes_removed,
        }


def import_values(
    data: bytes,
    *,
    file: str,
    indicator_id: int | None = None,
    reason: str = "",
    by: str,
    now: datetime,
) -> ImportResult:
    """Import a values file all or nothing: every line is checked first; any faulty line
    refuses the whole file (`CsvRejected`, one message per line) and nothing is kept."""
    reason = _line(reason, "--grund", empty=True)
    rows, errors = parse(data, indicator_id)
    result = ImportResult(file)
    with transaction() as s:
        named = {r.indicator_id for r in rows} | (
            {indicator_id} if indicator_id is not None else set()
        )
        found = store.indicators(s, ids=sorted(named))
        known = {i.id for i in found}
        if indicator_id is not None and indicator_id not in known:
            raise NotFound("indicator", indicator_id)  # once, not on every line
        errors += [
            RowError(r.line, "csv_unknown_indicator", {"value": r.indicator_id}, "kennzahl")
            for r in rows
            if r.indicator_id not in known
        ]
        by_indicator: dict[int, list[Any]] = {i.id or 0: [] for i in found}
        for r in rows:
            if r.indicator_id in known:
                by_indicator[r.indicator_id].append(r)
        found = [i for i in found if by_indicator[i.id or 0]]
        errors += _implausible_rows(found, by_indicator, context.year(now))
        if errors:
            raise CsvRejected(file, errors)
        for ind in found:
            _import_into(s, ind, by_indicator[ind.id or 0], result, by, now, reason)
    return result


def _implausible_rows(
    found: list[Indicator], rows: dict[int, list[Any]], current_year: int
) -> list[RowError]:
    """The rows whose year is still to come or whose value does not fit the unit."""
    errors = []
    for ind in found:
        for r in rows[ind.id or 0]:
            if reason := future_year(r.year, current_year):
                errors.append(RowError(r.line, reason.key, reason.params, "jahr"))
            elif reason := implausible(ind.unit, r.value, "value", _path(ind)):
                errors.append(RowError(r.line, reason.key, reason.params, "wert"))
    return errors


def _import_into(
    s: Tx,
    ind: Indicator,
    rows: list[Any],
    result: ImportResult,
    by: str,
    now: datetime,
    reason: str = "",
) -> None:
    replaced = []
    outcomes: Counter[str] = Counter()
    for r in rows:
        outcome = store.put_value(s, ind.id or 0, IndicatorValue(r.year, r.value, r.note), by, now)
        outcomes[outcome] += 1
        if outcome == "aktualisiert" and (before := _value_of(ind, r.year)) is not None:
            replaced.append(
                {
                    "jahr": r.year,
                    "vorher": before.value,
                    "wert": r.value,
                    "notiz_vorher": before.note or None,
                }
            )
            if before.note and not r.note:
                result.notes_removed.append(
                    {"kennzahl": ind.id, "jahr": r.year, "notiz": before.note}
                )
    result.counts.update(outcomes)
    result.indicators.append(ind.id or 0)
    if outcomes["neu"] or outcomes["aktualisiert"]:
        version = store.bump(s, ind.id or 0, ind.version, now)
        payload = {
            "datei": result.file,
            "neu": outcomes["neu"],
            "aktualisiert": outcomes["aktualisiert"],
            "jahre": sorted(r.year for r in rows),
            "ersetzt": replaced,
        }
        _audit(s, ind.id or 0, version, by, now, "werte_importiert", payload, reason)


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


def _line(text: str, field_name: str, *, empty: bool = False) -> str:
    """One line of text, as names, units and notes are shown in tables."""
    if "\n" in text or "\r" in text:
        raise InvalidValue(field_name, text, t("expected_one_line"))
    if not empty and not text.strip():
        raise InvalidValue(field_name, text, t("expected_not_empty"))
    return text.strip()


def carry_over(s: Tx, old_cycle: int, new_cycle: int, *, by: str, now: datetime) -> list[int]:
    """The Kennzahlen of a closed cycle, with their values, for the cycle seeded from it
    (its items keep their numbers): the next Wirkungsprüfung continues the same series."""
    copied = []
    for old in store.indicators(s, cycle_id=old_cycle):
        new = Indicator(**{**vars(old), "id": None, "cycle_id": new_cycle, "values": []})
        store.insert_indicator(s, new, now)
        store.copy_values(s, old.id or 0, new.id or 0)
        payload = {**_definition(new), "aus_kennzahl": old.id, "werte": len(old.values)}
        _audit(s, new.id or 0, new.version, by, now, "uebernommen", payload)
        copied.append(new.id or 0)
    return copied


def _audit(
    s: Tx,
    indicator_id: int,
    version: int,
    by: str,
    now: datetime,
    action: str,
    payload: Any,
    reason: str = "",
) -> None:
    repo.append_change(
        s,
        SUBJECT,
        indicator_id,
        version,
        by=by,
        at=now,
        action=action,
        payload=payload,
        reason=reason,
    )


def _stored_misfit(unit: str, v: IndicatorValue, path: tuple[float, float]) -> Reason | None:
    if misfit := implausible(unit, v.value, "value", path):
        return Reason("reason_indicator_stored_misfit", year=v.year, problem=misfit)
    return None


def _path(ind: Indicator) -> tuple[float, float]:
    return ind.baseline_value, ind.target_value


def _value_of(ind: Indicator, year: int) -> IndicatorValue | None:
    return next((v for v in ind.values if v.year == year), None)
