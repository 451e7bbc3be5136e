"""Values of Kennzahlen from a CSV file, checked line by line before anything is kept.

What German offices export: Excel writes `;` between cells and decimal commas (`12,5`),
often with a byte order mark; other tools write `,` and decimal points. Both are read,
each by its own notation (`states.numbers`): `1.234` in a `;` file could be a thousand
and is refused as ambiguous, in a `,` file it is a decimal. A tab-separated file is read
in the notation of the user's language. Years may be school years (`2024/25`).
A header names the columns: `kennzahl;jahr;wert;notiz` (`kennzahl` may be left out when
the import names one Kennzahl for the whole file, `notiz` is optional; English names
`indicator`, `year`, `value`, `note` work too). Line numbers are those an editor shows,
header included.

A cell is one line of at most `MAX_CELL` characters: a quote left open would otherwise
swallow the lines after it into a note, and a runaway cell would stop the reader. Such a
line, a stray quote and a header naming a column twice are faulty lines like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from dkbm.context import parse_word
from dkbm.states.i18n import language
from dkbm.states.indicators import FIRST_YEAR, LAST_YEAR
from dkbm.states.numbers import NotANumber, Notation, is_whole, parse_decimal
from dkbm.states.numbers import parse_year as school_year
from dkbm.tabular import (
    MAX_CELL,
    MAX_SHOWN,
    CsvRejected,
    RowError,
    decode,
    delimiter_of,
    read_records,
)

# RowError, CsvRejected and the limits live with the CSV reader both imports use (`tabular`)
__all__ = ["COLUMNS", "MAX_CELL", "MAX_SHOWN", "CsvRejected", "RowError", "ValueRow", "parse",
           "parse_year"]  # fmt: skip

COLUMNS = ("kennzahl", "jahr", "wert", "notiz")
_ALIASES = {
    "indicator": "kennzahl",
    "kennzahl_nr": "kennzahl",
    "nr": "kennzahl",
    "year": "jahr",
    "value": "wert",
    "note": "notiz",
    "anmerkung": "notiz",
}


@dataclass(frozen=True)
class ValueRow:
    line: int
    indicator_id: int
    year: int
    value: float
    note: str


def parse_year(text: str) -> int | None:
    year = school_year(text)
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def _header(
    cells: list[str], default_indicator: int | None
) -> tuple[dict[str, int], list[RowError]]:
    """Column name -> position; unknown or missing columns are errors of line 1."""
    positions: dict[str, int] = {}
    errors = []
    possible = ", ".join(COLUMNS)
    for i, cell in enumerate(cells):
        name = parse_word(cell).replace(" ", "_").replace(".", "")
        if not name:
            continue  # Excel's trailing empty columns
        name = _ALIASES.get(name, name)
        if name not in COLUMNS:
            errors.append(RowError(1, "csv_unknown_column", {"column": cell, "expected": possible}))
        elif name in positions:  # `Wert;Wert`, `wert;value`: which one is meant?
            twice = {"column": name, "first": positions[name] + 1, "second": i + 1}
            errors.append(RowError(1, "csv_duplicate_column", twice))
        else:
            positions[name] = i
    for needed in ("jahr", "wert"):
        if needed not in positions:
            errors.append(
                RowError(1, "csv_missing_column", {"column": needed, "expected": possible})
            )
    if "kennzahl" not in positions and default_indicator is None:
        errors.append(RowError(1, "csv_no_indicator"))
    return positions, errors


def parse(
    data: bytes, default_indicator: int | None = None
) -> tuple[list[ValueRow], list[RowError]]:
    """The rows of a values file and, separately, everything wrong with it (all lines are
    checked, so one round of corrections suffices)."""
    text, error = decode(data)
    if text is None:
        return [], [error] if error else []
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return [], [RowError(1, "csv_empty_file")]
    delimiter = delimiter_of(lines[0])
    # a tab file carries no hint: its numbers are read as the user writes them
    notation: Notation = {";": "de", ",": "en"}.get(delimiter, "en" if language() == "en" else "de")
    records = read_records(text, delimiter)
    _, header, unreadable = next(records, (1, [], RowError(1, "csv_empty_file")))
    if unreadable is not None:
        return [], [unreadable]
    positions, errors = _header(header, default_indicator)
    if errors:
        return [], errors
    width = len(header)
    rows: list[ValueRow] = []
    first_line: dict[tuple[int, int], int] = {}
    for start, cells, unreadable in records:
        if unreadable is not None:
            errors.append(unreadable)
            continue
        if not any(c.strip() for c in cells):
            continue
        row, problem = _row(cells, start, positions, width, default_indicator, notation)
        if problem is not None:
            errors.append(problem)
            continue
        assert row is not None
        key = (row.indicator_id, row.year)
        if key in first_line:
            errors.append(
                RowError(
                    start,
                    "csv_duplicate",
                    {"year": row.year, "id": row.indicator_id, "other": first_line[key]},
                    "jahr",
                )
            )
            continue
        first_line[key] = start
        rows.append(row)
    return rows, errors


def _row(
    cells: list[str],
    line: int,
    positions: dict[str, int],
    width: int,
    default_indicator: int | None,
    notation: Notation,
) -> tuple[ValueRow | None, RowError | None]:
    """One data line, or the first thing wrong with it (in column order).

    Missing trailing cells are empty (a note left out); surplus filled cells are an
    error, since `1,2026,12,5` is most likely a decimal comma in a comma-separated file.
    """
    needed = max(p for name, p in positions.items() if name != "notiz") + 1
    if len(cells) < needed or any(c.strip() for c in cells[width:]):
        found = len([c for c in cells if c.strip()]) if len(cells) > width else len(cells)
        return None, RowError(line, "csv_cells", {"found": found, "expected": width})

    def cell(name: str) -> str:
        at = positions.get(name)
        return cells[at].strip() if at is not None and at < len(cells) else ""

    indicator = default_indicator
    if "kennzahl" in positions:
        raw = cell("kennzahl")
        if not raw:
            return None, RowError(line, "csv_empty_cell", column="kennzahl")
        if not is_whole(raw):
            return None, RowError(line, "csv_not_an_id", {"value": raw}, "kennzahl")
        indicator = int(raw)
        if default_indicator is not None and indicator != default_indicator:
            wanted = {"value": indicator, "wanted": default_indicator}
            return None, RowError(line, "csv_other_indicator", wanted, "kennzahl")
    year = parse_year(cell("jahr"))
    if year is None:
        if not cell("jahr"):
            return None, RowError(line, "csv_empty_cell", column="jahr")
        if "/" in cell("jahr") and school_year(cell("jahr")) is None:  # 2024/26
            return None, RowError(line, "not_a_year", {"value": cell("jahr")}, "jahr")
        bounds = {"value": cell("jahr"), "first": FIRST_YEAR, "last": LAST_YEAR}
        return None, RowError(line, "csv_not_a_year", bounds, "jahr")
    if not cell("wert"):
        return None, RowError(line, "csv_empty_cell", column="wert")
    try:
        value = parse_decimal(cell("wert"), notation)
    except NotANumber as exc:
        return None, RowError(line, exc.reason, exc.params(), "wert")
    assert indicator is not None
    return ValueRow(line, indicator, year, value, cell("notiz")), None
