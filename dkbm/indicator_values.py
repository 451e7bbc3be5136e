"""Use cases on the values of Kennzahlen: one year's value kept, replaced or taken back,
and a values file imported all or nothing. Each is one transaction: the Kennzahl's new
version, its values and an audit event (`indicator_changes`).

A value for a year already kept replaces it (statistics get corrected); the audit event
keeps the value it replaced.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from dkbm import context
from dkbm.indicator_changes import audit, one_line
from dkbm.indicator_csv import CsvRejected, RowError, parse
from dkbm.states.errors import InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.indicators import (
    FIRST_YEAR,
    LAST_YEAR,
    Indicator,
    IndicatorValue,
    future_year,
    implausible,
)
from dkbm.store import indicators as store
from dkbm.store.db import Tx, transaction


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
    reason = one_line(reason, "--grund", empty=True)
    if not math.isfinite(value):
        raise InvalidValue("wert", value, t("expected_number"))
    checked = IndicatorValue(year, value, one_line(note, "notiz", empty=True))
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
            audit(s, indicator_id, version, by, now, "wert_erfasst", payload, reason)
        ind = store.indicator(s, indicator_id)
    return Recorded(ind, outcome, before if outcome == "aktualisiert" else None)


def remove_value(
    indicator_id: int, *, year: int, reason: str = "", by: str, now: datetime
) -> Indicator:
    """Take back the value of a year (entered for the wrong year, say); the audit event
    keeps what it was."""
    reason = one_line(reason, "--grund", empty=True)
    with transaction() as s:
        ind = store.indicator(s, indicator_id)
        before = _value_of(ind, year)
        if before is None or not store.delete_value(s, indicator_id, year):
            refusal = Reason("reason_indicator_no_value", id=indicator_id, year=year)
            raise Refused("kennzahl wert --entfernen", refusal)
        version = store.bump(s, indicator_id, ind.version, now)
        payload = {"jahr": year, "wert": before.value, "notiz": before.note or None}
        audit(s, indicator_id, version, by, now, "wert_entfernt", payload, reason)
        return store.indicator(s, indicator_id)


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
    reason = one_line(reason, "--grund", empty=True)
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
        audit(s, ind.id or 0, version, by, now, "werte_importiert", payload, reason)


def _path(ind: Indicator) -> tuple[float, float]:
    return ind.baseline_value, ind.target_value


def _value_of(ind: Indicator, year: int) -> IndicatorValue | None:
    return next((v for v in ind.values if v.year == year), None)
