"""Reading a values file: German Excel and plain CSV, and every faulty line named."""

from __future__ import annotations

import pytest

from dkbm.indicator_csv import MAX_CELL, CsvRejected, parse


def test_german_excel_semicolons_decimal_commas_and_a_bom() -> None:
    data = "\ufeffKennzahl;Jahr;Wert;Notiz\r\n1;2025;12,5;vorläufig\r\n1;2026;13;\r\n".encode()
    rows, errors = parse(data)
    assert errors == []
    assert [(r.line, r.indicator_id, r.year, r.value, r.note) for r in rows] == [
        (2, 1, 2025, 12.5, "vorläufig"),
        (3, 1, 2026, 13.0, ""),
    ]


def test_comma_separated_with_quoted_decimal_commas_and_english_headers() -> None:
    rows, errors = parse(b'indicator,year,value\n2,2025,"12,5"\n2,2026,14.25\n')
    assert errors == [] and [r.value for r in rows] == [12.5, 14.25]


def test_tab_separated_excel_text_in_the_users_notation_with_school_years() -> None:
    data = b"Kennzahl\tJahr\tWert\n1\t2024/25\t12,5\n1\t2025/2026\t13\n"
    rows, errors = parse(data)
    assert errors == [] and [(r.year, r.value) for r in rows] == [(2024, 12.5), (2025, 13.0)]
    rows, errors = parse(b"kennzahl\tjahr\twert\n1\t2024/26\t1\n1\t1999/00\t1\n")
    assert [(e.line, e.column, e.key) for e in errors] == [
        (2, "jahr", "not_a_year"),
        (3, "jahr", "csv_not_a_year"),  # a school year, but before 2000
    ]


def test_one_indicator_for_the_whole_file_and_a_note_left_out() -> None:
    rows, errors = parse(b"jahr;wert;notiz\n2025;3\n\n2026;4;ok\n", default_indicator=5)
    assert errors == []
    assert [(r.line, r.indicator_id, r.note) for r in rows] == [(2, 5, ""), (4, 5, "ok")]


def test_every_faulty_line_is_named_with_its_column() -> None:
    data = (
        "kennzahl;jahr;wert\n"
        "1;2025;zwölf\n"  # 2
        "1;2025;3\n"  # 3: fine
        "x;2026;3\n"  # 4
        "1;1999;3\n"  # 5
        "1;2025;4\n"  # 6: the year again
        "1;2027;\n"  # 7
        "1,2028,12,5\n"  # 8: one cell in a ;-file
    ).encode()
    rows, errors = parse(data)
    lines = CsvRejected("werte.csv", errors).lines()
    assert lines == [
        "werte.csv, Zeile 2, Spalte wert: 'zwölf' ist keine Zahl",
        "werte.csv, Zeile 4, Spalte kennzahl: 'x' ist keine Kennzahl-Nr.",
        "werte.csv, Zeile 5, Spalte jahr: '1999' ist kein Jahr zwischen 2000 und 2200",
        "werte.csv, Zeile 6, Spalte jahr: Jahr 2025 der Kennzahl 1 steht schon in Zeile 3",
        "werte.csv, Zeile 7, Spalte wert: leer",
        "werte.csv, Zeile 8: 1 Zellen, die Kopfzeile hat 3",
        "nichts importiert: 6 fehlerhafte Zeile(n) in werte.csv",
    ]
    assert CsvRejected("werte.csv", errors).lines("en")[0] == (
        "werte.csv, line 2, column wert: 'zwölf' is not a number"
    )


def test_a_decimal_comma_in_a_comma_separated_file_is_refused_not_misread() -> None:
    _, errors = parse(b"kennzahl,jahr,wert\n1,2025,12,5\n")
    assert [(e.line, e.key) for e in errors] == [(2, "csv_cells")]


def test_thousands_are_read_by_the_file_notation_and_a_lookalike_is_refused() -> None:
    rows, errors = parse(b"kennzahl;jahr;wert\n1;2025;1.234,5\n1;2026;2.345.678\n")
    assert errors == [] and [r.value for r in rows] == [1234.5, 2345678.0]
    rows, errors = parse(b'kennzahl,jahr,wert\n1,2025,1.234\n1,2026,"1,234.5"\n')
    assert errors == [] and [r.value for r in rows] == [1.234, 1234.5]
    _, errors = parse(b"kennzahl;jahr;wert\n1;2025;1.234\n")
    assert CsvRejected("werte.csv", errors).lines()[0] == (
        "werte.csv, Zeile 2, Spalte wert: '1.234' ist mehrdeutig: als ganze Zahl 1234 "
        "schreiben, als Dezimalzahl 1,234"
    )


def test_the_header_must_name_known_columns() -> None:
    _, errors = parse(b"kennzahl;jahr;betrag\n1;2025;3\n")
    assert sorted(e.key for e in errors) == ["csv_missing_column", "csv_unknown_column"]
    assert all(e.line == 1 for e in errors)
    _, errors = parse(b"jahr;wert\n2025;3\n")
    assert [e.key for e in errors] == ["csv_no_indicator"]


def test_a_file_that_is_not_utf8_names_the_line() -> None:
    _, errors = parse("kennzahl;jahr;wert;notiz\n1;2025;3;Gebühr\n".encode("cp1252"))
    assert [(e.line, e.key) for e in errors] == [(2, "csv_encoding")]


def test_an_empty_file() -> None:
    assert [e.key for e in parse(b"")[1]] == ["csv_empty_file"]
    assert [e.key for e in parse(b"\xef\xbb\xbf\r\n")[1]] == ["csv_empty_file"]


def test_another_indicator_than_the_one_named_is_an_error() -> None:
    _, errors = parse(b"kennzahl;jahr;wert\n2;2025;3\n", default_indicator=1)
    assert [(e.line, e.column, e.key) for e in errors] == [(2, "kennzahl", "csv_other_indicator")]


def _lines(data: bytes, lang: str = "de") -> list[str]:
    rows, errors = parse(data, default_indicator=1)
    assert errors, rows
    return CsvRejected("werte.csv", errors).lines(lang)


def test_a_quote_left_open_swallows_no_line_into_a_note() -> None:
    assert _lines(b'jahr;wert;notiz\n2025;3;"vorl\xc3\xa4ufig\n2026;4;ok\n') == [
        "werte.csv, Zeile 2: ein Anführungszeichen wird bis zum Ende der Datei nicht geschlossen",
        "nichts importiert: 1 fehlerhafte Zeile(n) in werte.csv",
    ]
    assert _lines(b'jahr;wert;notiz\n2025;3;"a\n2026;4;"\n2027;5;\n', "en")[0] == (
        "werte.csv, line 2: a cell runs on to line 3: a quote is only closed there "
        "(a cell is one line)"
    )


def test_a_stray_quote_is_named_and_the_lines_after_it_still_checked() -> None:
    assert _lines(b'jahr;wert;notiz\n2025;3;"vorl"x\n2026;4;ok\n2027;zwei;\n')[:2] == [
        "werte.csv, Zeile 2: Anführungszeichen mitten in einer Zelle (innerhalb von "
        'Anführungszeichen wird " verdoppelt: "")',
        "werte.csv, Zeile 4, Spalte wert: 'zwei' ist keine Zahl",
    ]
    rows, errors = parse(b'jahr;wert;notiz\n2025;3;"sagt ""vorl\xc3\xa4ufig"""\n', 1)
    assert errors == [] and rows[0].note == 'sagt "vorläufig"'


@pytest.mark.parametrize("header", [b"jahr;Wert;Wert", b"jahr;wert;value", b"year;Jahr;wert"])
def test_a_header_naming_a_column_twice_is_refused(header: bytes) -> None:
    lines = _lines(header + b"\n2025;3;4\n")
    assert len(lines) == 2 and lines[0].startswith("werte.csv, Zeile 1: die Kopfzeile nennt die")
    assert "zweimal (Spalten " in lines[0]


@pytest.mark.parametrize("size", [MAX_CELL + 1, 10_000_000])
def test_an_oversized_cell_is_refused_and_the_lines_after_it_still_checked(size: int) -> None:
    data = b"jahr;wert;notiz\n2025;3;" + b"x" * size + b"\n2026;4;ok\n2027;;\n"
    assert _lines(data) == [
        "werte.csv, Zeile 2: eine Zelle ist länger als 1000 Zeichen",
        "werte.csv, Zeile 4, Spalte wert: leer",
        "nichts importiert: 2 fehlerhafte Zeile(n) in werte.csv",
    ]
    rows, errors = parse(b"jahr;wert;notiz\n2025;3;" + b"x" * MAX_CELL + b"\n", 1)
    assert errors == [] and len(rows[0].note) == MAX_CELL


def test_a_number_beyond_a_trillion_is_refused_in_its_cell() -> None:
    assert _lines(b"jahr;wert\n2025;1e308\n2026;-1.000.000.000.001\n2027;nan\n")[:3] == [
        "werte.csv, Zeile 2, Spalte wert: '1e308' liegt nicht zwischen -1.000.000.000.000 "
        "und 1.000.000.000.000",
        "werte.csv, Zeile 3, Spalte wert: '-1.000.000.000.001' liegt nicht zwischen "
        "-1.000.000.000.000 und 1.000.000.000.000",
        "werte.csv, Zeile 4, Spalte wert: 'nan' ist keine Zahl",
    ]
