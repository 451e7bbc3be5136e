"""Akteure and organisations from CSV and XLSX: all or nothing, deduplicated, checked as
the add use cases check, exported in the same columns (dkbm.actor_import)."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import text

from dkbm import actor_import, network, tabular
from dkbm.store.db import engine
from dkbm.tabular import CsvRejected
from tests.conftest import T0, dump
from tests.factories import BY, make_municipality

HEADER = "name;organisation;email;sektor;bereiche;sprache;einwilligung;funktion"


def _import(data: bytes, suffix: str = ".csv", checked_only: bool = False):  # type: ignore[no-untyped-def]
    return actor_import.import_actors(
        data, file=f"akteure{suffix}", suffix=suffix, checked_only=checked_only, by=BY, now=T0
    )


def _thirty_with_five_bad() -> bytes:
    lines = [HEADER]
    for i in range(30):
        lines.append(
            f"Person {i};Schule {i % 7};p{i}@example.org;bildungseinrichtungen;"
            f"schule, hochschule;de;{'ja' if i % 2 else 'nein'};Leitung"
        )
    lines[3] = "Person 2;Schule 2;keine-adresse;bildungseinrichtungen;schule;de;ja;"
    lines[8] = "Person 7;Schule 0;p7@example.org;handwerk;schule;de;ja;"
    lines[12] = "Person 11;Schule 4;p11@example.org;wirtschaft;mondfahrt;de;ja;"
    lines[20] = "Person 19;Schule 5;p19@example.org;politik;schule;de;vielleicht;"
    lines[26] = "Person 25;Schule 4;P1@example.org;politik;schule;de;ja;"  # row 3's address
    return ("\n".join(lines) + "\n").encode()


def test_thirty_rows_with_five_bad_import_nothing_and_name_each(db_url: str) -> None:
    make_municipality()
    before = dump(db_url)
    with pytest.raises(CsvRejected) as caught:
        _import(_thirty_with_five_bad())
    lines = caught.value.lines()
    assert lines[:-1] == [
        "akteure.csv, Zeile 4, Spalte email: 'keine-adresse' ist ungültig (name@beispiel.de)",
        "akteure.csv, Zeile 9, Spalte sektor: 'handwerk' ist ungültig (politik, verwaltung, "
        "bildungseinrichtungen, wirtschaft, zivilgesellschaft)",
        lines[2],
        "akteure.csv, Zeile 21, Spalte einwilligung: 'vielleicht' ist ungültig (ja oder nein)",
        "akteure.csv, Zeile 27, Spalte email: die E-Mail-Adresse 'P1@example.org' steht schon "
        "in Zeile 3",
    ]
    assert lines[2].startswith("akteure.csv, Zeile 13, Spalte bereiche: 'mondfahrt' ist ungültig")
    assert lines[-1] == "nichts importiert: 5 fehlerhafte Zeile(n) in akteure.csv"
    assert dump(db_url) == before


def test_new_actors_and_organisations_created_once_spellings_merged(db_url: str) -> None:
    make_municipality()
    network.add_actor(
        name="Alt", organisation="Stadt Fürth", email="Alt@Example.org", sector="verwaltung",
        areas=[], consent=False, lang="de", by=BY, now=T0,
    )  # fmt: skip
    data = (
        "\ufeffName,Organisation,E-Mail,Sektor,Bereiche,Einwilligung\n"
        'Neu Eins,Kita Sonne,n1@example.org,zivilgesellschaft,"Frühe Bildung, schule",ja\n'
        "Neu Zwei,kita  sonne,n2@example.org,wirtschaft,,nein\n"
        "Alt Neu,stadt fürth,alt@example.org,verwaltung,,ja\n"
    ).encode()
    checked = _import(data, checked_only=True).as_dict()
    before = dump(db_url)
    assert [n["name"] for n in checked["neu"]] == ["Neu Eins", "Neu Zwei"]
    assert checked["organisationen_neu"] == [
        {"id": None, "name": "Kita Sonne", "sektor": "zivilgesellschaft", "zeilen": [2, 3]}
    ]
    # two spellings of a new organisation made one; a stored one found in another spelling
    assert [m["name"] for m in checked["zusammengefuehrt"]] == ["Kita Sonne"]
    assert checked["erkannt"] == [
        {"name": "Stadt Fürth", "schreibweisen": ["stadt fürth"], "zeilen": [4]}
    ]
    assert checked["geaendert"][0]["felder"] == ["name", "consent_publication"]
    assert dump(db_url) == before  # --pruefen writes nothing

    done = _import(data).as_dict()
    assert [c["id"] for c in done["neu"]] == [2, 3]
    assert done["organisationen_neu"][0]["id"] is not None
    with engine(db_url).connect() as conn:
        actors = conn.execute(
            text("SELECT a.name, a.email, o.name, a.areas, a.consent_publication, o.kind "
                 "FROM actor a JOIN organisation o ON o.id = a.organisation_id ORDER BY a.id")
        ).all()  # fmt: skip
        audit = conn.execute(
            text("SELECT subject, subject_id, action FROM audit_event "
                 "WHERE subject IN ('akteur', 'organisation') ORDER BY id")
        ).all()  # fmt: skip
        consent = conn.execute(
            text("SELECT actor_id, given, reason FROM consent_event ORDER BY id")
        ).all()
    assert [(a[0], a[1], a[2]) for a in actors] == [
        ("Alt Neu", "Alt@Example.org", "Stadt Fürth"),  # her address kept as stored
        ("Neu Eins", "n1@example.org", "Kita Sonne"),
        ("Neu Zwei", "n2@example.org", "Kita Sonne"),
    ]
    areas = actors[1][3]
    assert (json.loads(areas) if isinstance(areas, str) else areas) == ["fruehe_bildung", "schule"]
    assert actors[1][5] == "sonstige"
    assert audit[-4:] == [
        ("organisation", 2, "angelegt"),
        ("akteur", 2, "angelegt"),
        ("akteur", 3, "angelegt"),
        ("akteur", 1, "geaendert"),
    ]
    assert consent[-3:] == [(2, True, "angelegt"), (3, False, "angelegt"), (1, True, "geaendert")]
    again = _import(data).as_dict()  # the same file again changes nothing
    assert (again["neu"], again["geaendert"], again["unveraendert"]) == ([], [], 3)


def test_export_then_import_changes_nothing_csv_and_xlsx(sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_municipality()
    for i, name in enumerate(['=HYPERLINK("http://x")', "Anna", "+49 Beratung", "@home"]):
        network.add_actor(
            name=name, organisation=f"-Verein {i % 2}", email=f"a{i}@example.org",
            sector="zivilgesellschaft", areas=["schule", "weiterbildung"][: i % 3],
            consent=i % 2 == 0, lang="en" if i == 1 else "de", by=BY, now=T0,
            function="=1+1" if i == 0 else "",
        )  # fmt: skip
    for suffix in (".csv", ".xlsx"):
        target = tmp_path / f"akteure{suffix}"
        assert actor_import.export(target, "akteure") == 4
        before = dump(sqlite_url)
        result = _import(target.read_bytes(), suffix).as_dict()
        assert (result["neu"], result["geaendert"], result["unveraendert"]) == ([], [], 4)
        assert dump(sqlite_url) == before
        orgs = tmp_path / f"organisationen{suffix}"
        assert actor_import.export(orgs, "organisationen") == 2
        result = actor_import.import_organisations(
            orgs.read_bytes(), file=orgs.name, suffix=suffix, checked_only=False, by=BY, now=T0
        ).as_dict()
        assert (result["neu"], result["geaendert"], result["unveraendert"]) == ([], [], 2)
        assert dump(sqlite_url) == before
    csv_text = (tmp_path / "akteure.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbfname;organisation;email;")
    lines = csv_text.decode("utf-8-sig").splitlines()
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")";\'-Verein 0;a0@example.org')
    assert lines[1].endswith(";'=1+1")
    assert lines[3].startswith("'+49 Beratung;") and lines[4].startswith("'@home;")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "akteure.xlsx").worksheets[0]
    first = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[0] == '=HYPERLINK("http://x")'  # a text cell, not a formula
    assert sheet.cell(2, 1).data_type == "s"


def test_xlsx_import_and_organisations_dedupe_by_name(sqlite_url: str) -> None:
    make_municipality()
    network.add_actor(
        name="A", organisation="Gymnasium Nord", email="a@example.org", sector="politik",
        areas=[], consent=False, lang="de", by=BY, now=T0,
    )  # fmt: skip
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Art", "Sektor", "Bereiche", "Gemeinde", "Website"])
    sheet.append(["gymnasium  NORD", "schule", "bildungseinrichtungen", "schule", "Nord", ""])
    sheet.append(["IHK Test", "kammer", "wirtschaft", "berufliche_bildung", "", "https://ihk.test"])
    sheet.append([None, None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = actor_import.import_organisations(
        buffer.getvalue(), file="o.xlsx", suffix=".xlsx", checked_only=False, by=BY, now=T0
    ).as_dict()
    assert [c["name"] for c in result["neu"]] == ["IHK Test"]
    assert result["geaendert"] == [
        {"zeile": 2, "id": 1, "name": "Gymnasium Nord",
         "felder": ["kind", "sector", "areas", "locality"]}
    ]  # fmt: skip
    assert result["erkannt"][0]["schreibweisen"] == ["gymnasium NORD"]
    assert result["zusammengefuehrt"] == []

    bad = b"name,art,sektor,website\nA,schule,politik,javascript:alert(1)\nB,zoo,politik,\nC,kita,politik,\nc,kita,politik,\n"
    with pytest.raises(CsvRejected) as caught:
        actor_import.import_organisations(
            bad, file="o.csv", suffix=".csv", checked_only=False, by=BY, now=T0
        )
    assert [line.split(": ")[0] for line in caught.value.lines()[:-1]] == [
        "o.csv, Zeile 2, Spalte website",
        "o.csv, Zeile 3, Spalte art",
        "o.csv, Zeile 5, Spalte name",
    ]


def test_every_bad_cell_of_a_row_is_named_in_the_files_order(db_url: str) -> None:
    make_municipality()
    before = dump(db_url)
    data = (
        f"{HEADER}\n"
        "Anna;;keine-adresse;mond;kita;xx;vielleicht;\n"
        "Bert;Schule;b@example.org;politik;schule;de;ja;\n"
        ";Schule;c@example.org;politik;schule;de;ja;\n"
    ).encode()
    with pytest.raises(CsvRejected) as caught:
        _import(data)
    assert [line.split(": ")[0] for line in caught.value.lines()] == [
        "akteure.csv, Zeile 2, Spalte organisation",
        "akteure.csv, Zeile 2, Spalte email",
        "akteure.csv, Zeile 2, Spalte sektor",
        "akteure.csv, Zeile 2, Spalte bereiche",
        "akteure.csv, Zeile 2, Spalte sprache",
        "akteure.csv, Zeile 2, Spalte einwilligung",
        "akteure.csv, Zeile 4, Spalte name",
        "nichts importiert",
    ]
    assert caught.value.lines()[-1] == "nichts importiert: 2 fehlerhafte Zeile(n) in akteure.csv"
    assert "'keine-adresse' ist ungültig (name@beispiel.de)" in caught.value.lines()[1]
    assert dump(db_url) == before  # still all or nothing
    bad = b"name,art,sektor,website\n,zoo,politik,javascript:x\n"
    with pytest.raises(CsvRejected) as caught:
        actor_import.import_organisations(
            bad, file="o.csv", suffix=".csv", checked_only=False, by=BY, now=T0
        )
    assert [line.split(": ")[0] for line in caught.value.lines()[:-1]] == [
        "o.csv, Zeile 2, Spalte name",
        "o.csv, Zeile 2, Spalte art",
        "o.csv, Zeile 2, Spalte website",
    ]


def test_a_long_list_of_faults_ends_with_a_whole_line_and_counts_lines() -> None:
    errors = [tabular.RowError(1, "csv_encoding")] + [
        tabular.RowError(line, "csv_encoding", column=column)
        for line in range(2, 2 + tabular.MAX_SHOWN)
        for column in ("name", "email")
    ]  # 1 + 2 x MAX_SHOWN messages: the cut falls between a line's two cells
    lines = CsvRejected("a.csv", errors).lines()
    assert len(lines) == tabular.MAX_SHOWN + 1 + 2  # that line completed; more; the summary
    assert (
        lines[tabular.MAX_SHOWN].split(", Spalte")[0]
        == lines[tabular.MAX_SHOWN - 1].split(", Spalte")[0]
    )
    assert lines[-2] == f"… und {tabular.MAX_SHOWN // 2} weitere fehlerhafte Zeile(n)"


def test_header_and_file_faults_are_one_line_each() -> None:
    table = tabular.read(b"name;email;farbe\n", ".csv", actor_import.ACTOR_COLUMNS,
                         actor_import.ACTOR_REQUIRED)  # fmt: skip
    assert [e.key for e in table.errors] == [
        "csv_unknown_column", "csv_missing_column", "csv_missing_column"
    ]  # fmt: skip
    table = tabular.read(b"not a workbook", ".xlsx", ["name"], ["name"])
    assert [e.key for e in table.errors] == ["import_not_xlsx"]
    assert table.errors[0].message("a.xlsx") == (
        "a.xlsx, Zeile 1: keine gültige XLSX-Datei (Excel-Arbeitsmappe)"
    )
    assert table.errors[0].message("a.xlsx", "en") == (
        "a.xlsx, line 1: not a valid XLSX file (Excel workbook)"
    )
    assert tabular.restored(tabular.neutralised("=1+1")) == "=1+1"
    assert tabular.neutralised("'=x") == "'=x" and tabular.restored("'Anna") == "'Anna"


ACTOR_ROW = {
    "name": "Ida Import",
    "organisation": "Kita Sonne",
    "email": "ida@example.org",
    "sektor": "zivilgesellschaft",
    "bereiche": "fruehe_bildung",
    "sprache": "de",
    "einwilligung": "nein",
    "funktion": "Leitung",
}
_ADD_ARGS = {"name": "name", "organisation": "organisation", "email": "email",
             "sektor": "sector", "sprache": "lang", "funktion": "function"}  # fmt: skip


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("name", " "),
        ("organisation", ""),
        ("email", "ida-at-example"),
        ("sektor", "handwerk"),
        ("bereiche", "mondfahrt"),
        ("sprache", "fr"),
        ("funktion", "Leitung\nund mehr"),
    ],
)
def test_an_imported_akteur_is_refused_as_akteur_add_refuses_her(
    sqlite_url: str, column: str, cell: str
) -> None:
    """One rule: the import checks a row by `network.actor_from`, the add use case too."""
    make_municipality()
    row = {**ACTOR_ROW, column: cell}
    with pytest.raises(Exception) as by_import:
        actor_import.actor_values(row)
    added = {_ADD_ARGS[c]: v for c, v in row.items() if c in _ADD_ARGS}
    areas = [row["bereiche"]]
    with pytest.raises(Exception) as by_add:
        network.add_actor(**added, areas=areas, consent=False, by=BY, now=T0)
    assert type(by_import.value) is type(by_add.value)
    assert str(by_import.value) == str(by_add.value)
    assert by_import.value.field == by_add.value.field  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("name", "  "),
        ("art", "raumstation"),
        ("sektor", "handwerk"),
        ("bereiche", "mondfahrt"),
        ("gemeinde", "Nord\nSüd"),
        ("website", "javascript:alert(1)"),
    ],
)
def test_an_imported_organisation_is_refused_as_organisation_add_refuses_it(
    sqlite_url: str, column: str, cell: str
) -> None:
    from dkbm import organisations

    make_municipality()
    row = {"name": "Kita Sonne", "art": "kita", "sektor": "zivilgesellschaft",
           "bereiche": "fruehe_bildung", "gemeinde": "Nord", "adresse": "", "website": "",
           column: cell}  # fmt: skip
    with pytest.raises(Exception) as by_import:
        actor_import.organisation_values(row)
    with pytest.raises(Exception) as by_add:
        organisations.add(name=row["name"], kind=row["art"], sector=row["sektor"],
                          areas=[row["bereiche"]], locality=row["gemeinde"],
                          address=row["adresse"], website=row["website"], by=BY,
                          now=T0)  # fmt: skip
    assert type(by_import.value) is type(by_add.value)
    assert str(by_import.value) == str(by_add.value)


def test_both_imports_read_csv_with_the_one_reader() -> None:
    from dkbm import indicator_csv

    assert indicator_csv.RowError is tabular.RowError
    assert indicator_csv.CsvRejected is tabular.CsvRejected
    bad = b'kennzahl;jahr;wert\n1;2024;"12\n'
    _, errors = indicator_csv.parse(bad)
    table = tabular.read(bad, ".csv", ("kennzahl", "jahr", "wert"), ())
    assert errors == table.errors == [tabular.RowError(2, "csv_open_quote", {"limit": 1000})]
