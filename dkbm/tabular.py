"""Tables as a Bildungsbüro keeps them: rows read from and written to CSV or Excel (XLSX).

CSV is read here for both imports, Kennzahlen values (`indicator_csv`) and Akteure or
organisations (`actor_import`): UTF-8 with or without BOM (`decode`), `;`, tab or `,` as the
header line uses most (`delimiter_of`), one line per cell of at most `MAX_CELL` characters,
every unreadable line named (`read_records`, `RowError`, a file with any: `CsvRejected`) and written as spreadsheet programs in Germany open it: `;` between cells, UTF-8
with BOM. XLSX is read from its first sheet (the values a formula last computed, not the
formula) and written with every cell as text. Row numbers are those the editor or the
spreadsheet shows, header included.

A text cell that a spreadsheet program would take for a formula (`=`, `+`, `-`, `@`, tab,
carriage return first: OWASP's CSV injection) is written with a leading `'`
(`neutralised`, the one rule, which the portal's open data uses too); reading takes that
mark off again (`restored`), so that a file written here and read back changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from dkbm.context import parse_word
from dkbm.states.errors import DkbmError
from dkbm.states.i18n import t

MAX_SHOWN = 100  # error lines shown for one file; the rest are counted
MAX_CELL = 1000  # characters in one cell: a note is a remark, not a document

# what makes a spreadsheet program read a cell as a formula (OWASP, CSV injection)
FORMULA = ("=", "+", "-", "@", "\t", "\r")
XLSX = ".xlsx"


@dataclass(frozen=True)
class RowError:
    """What is wrong in one line (and which column, when one cell is to blame)."""

    line: int
    key: str
    params: dict[str, object] = field(default_factory=dict)
    column: str | None = None

    def message(self, file: str, lang: str | None = None) -> str:
        problem = t(self.key, lang, **self.params)
        if self.column is None:
            return t("csv_line", lang, file=file, line=self.line, problem=problem)
        return t("csv_cell", lang, file=file, line=self.line, column=self.column, problem=problem)


class CsvRejected(DkbmError):
    """A file with faulty lines: nothing of it is imported. One message line per faulty
    line (`lines()`), as a coordinator fixes them in the spreadsheet."""

    exit_code = 2

    def __init__(self, file: str, errors: list[RowError]) -> None:
        super().__init__("csv_rejected", rows=len({e.line for e in errors}), file=file)
        self.file = file
        self.errors = sorted(errors, key=lambda e: e.line)

    def lines(self, lang: str | None = None) -> list[str]:
        # up to MAX_SHOWN messages, a line's cells all shown once it is begun
        cut = MAX_SHOWN
        while 0 < cut < len(self.errors) and self.errors[cut].line == self.errors[cut - 1].line:
            cut += 1
        shown = [e.message(self.file, lang) for e in self.errors[:cut]]
        if cut < len(self.errors):
            shown.append(t("csv_more", lang, rows=len({e.line for e in self.errors[cut:]})))
        return [*shown, self.message(lang)]


def decode(data: bytes) -> tuple[str | None, RowError | None]:
    """The text of a CSV file (UTF-8, with or without BOM), or the line it stops being so."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, RowError(data[: exc.start].count(b"\n") + 1, "csv_encoding")


def delimiter_of(header: str) -> str:
    """The mark the header uses most: `;`, a tab (Excel's "Text (Tabstopp-getrennt)") or `,`."""
    return max(";\t,", key=header.count)


def read_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str], RowError | None]]:
    """Each record with the line it starts on, or what makes it unreadable: a quote never
    closed, a stray quote, a cell over more than one line or longer than `MAX_CELL`. The
    reader goes on after such a line, so that every faulty line is named at once."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # CPython's own words, in English only
            start, line = line + 1, reader.line_num
            cause = str(exc)
            key = (
                "csv_cell_too_long"
                if "field larger" in cause
                else "csv_open_quote"
                if "end of data" in cause
                else "csv_stray_quote"
            )
            yield start, [], RowError(start, key, {"limit": MAX_CELL})
            continue
        start, line = line + 1, reader.line_num
        if line > start:
            yield start, [], RowError(start, "csv_multiline", {"end": line})
        elif any(len(c) > MAX_CELL for c in cells):
            yield start, [], RowError(start, "csv_cell_too_long", {"limit": MAX_CELL})
        else:
            yield start, cells, None


def neutralised(text: str) -> str:
    """*text* as a cell no spreadsheet program runs: a leading ' before a formula's start."""
    return "'" + text if text.startswith(FORMULA) else text


def restored(text: str) -> str:
    """A cell as `neutralised` wrote it, back to its text."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA) else text


@dataclass
class Table:
    """The rows of a file by column name (known columns only), each with its row number;
    `errors` holds what makes the file or a row unreadable."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read(
    data: bytes,
    suffix: str,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: dict[str, str] | None = None,
) -> Table:
    """The rows of a CSV or XLSX file (by *suffix*) under a header naming *columns* (all of
    *required* among them; *aliases* are other names for them). Empty rows are skipped."""
    records = _xlsx_records(data) if suffix.lower() == XLSX else _csv_records(data)
    table = Table()
    header: list[str] | None = None
    positions: dict[str, int] = {}
    for line, cells, problem in records:
        if problem is not None:
            table.errors.append(problem)
            if header is None:
                return table
            continue
        if header is None:
            header = cells
            positions, errors = _header(cells, columns, required, aliases or {})
            if errors:
                table.errors += errors
                return table
            table.columns = list(positions)
            continue
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for i, c in enumerate(cells) if i not in positions.values()):
            found = len([c for c in cells if c.strip()])
            table.errors.append(
                RowError(line, "csv_cells", {"found": found, "expected": len(header)})
            )
            continue
        row = {
            name: restored(cells[at].strip()) if at < len(cells) else ""
            for name, at in positions.items()
        }
        table.rows.append((line, row))
    if header is None:
        table.errors.append(RowError(1, "csv_empty_file"))
    return table


def _header(
    cells: list[str], columns: Sequence[str], required: Sequence[str], aliases: dict[str, str]
) -> tuple[dict[str, int], list[RowError]]:
    positions: dict[str, int] = {}
    errors = []
    possible = ", ".join(columns)
    for i, cell in enumerate(cells):
        name = parse_word(cell).replace(" ", "_").replace(".", "")
        if not name:
            continue  # Excel's trailing empty columns
        name = aliases.get(name, name)
        if name not in columns:
            errors.append(RowError(1, "csv_unknown_column", {"column": cell, "expected": possible}))
        elif name in positions:
            twice = {"column": name, "first": positions[name] + 1, "second": i + 1}
            errors.append(RowError(1, "csv_duplicate_column", twice))
        else:
            positions[name] = i
    for needed in required:
        if needed not in positions:
            errors.append(
                RowError(1, "csv_missing_column", {"column": needed, "expected": possible})
            )
    return positions, errors


def _csv_records(data: bytes):  # type: ignore[no-untyped-def]
    text, error = decode(data)
    if text is None:
        yield (error.line if error else 1), [], error or RowError(1, "csv_encoding")
        return
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return
    yield from read_records(text, delimiter_of(lines[0]))


def _xlsx_records(data: bytes):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # not a workbook: zip, XML or openpyxl's own complaint
        yield 1, [], RowError(1, "import_not_xlsx")
        return
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_text(v) for v in values]
            if any(len(c) > MAX_CELL for c in cells):
                yield number, [], RowError(number, "csv_cell_too_long", {"limit": MAX_CELL})
            elif any("\n" in c or "\r" in c for c in cells):
                yield number, [], RowError(number, "import_cell_lines")
            else:
                yield number, cells, None
    finally:
        book.close()


def _text(value: object) -> str:
    """A cell's value as the text a user typed: whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_bytes(columns: Sequence[str], rows: list[list[str]]) -> bytes:
    """CSV as Excel in Germany opens it: `;`, UTF-8 with BOM, formulas neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([neutralised(c) for c in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(columns: Sequence[str], rows: list[list[str]], title: str) -> bytes:
    """One sheet *title* with a header row; every cell is text (never a formula)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_string_cell(sheet, c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _string_cell(sheet, text: str):  # type: ignore[no-untyped-def]
    """A text cell; openpyxl would otherwise store `=…` as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell
