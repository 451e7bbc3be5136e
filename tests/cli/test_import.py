"""`dkbm akteur import|export`: what a coordinator sees (one line per faulty row, exit code 2,
nothing stored; a dry run; the export written atomically, never through a link)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import dkbm
from tests.conftest import dump
from tests.factories import make_municipality

HEADER = "name;organisation;email;sektor;bereiche;sprache;einwilligung"


def _thirty(path: Path, bad: bool) -> Path:
    lines = [HEADER]
    for i in range(30):
        lines.append(f"Person {i};Verein {i % 4};p{i}@example.org;zivilgesellschaft;schule;de;ja")
    if bad:
        for n in (2, 6, 11, 17, 29):
            lines[n] = f"Person {n};Verein 1;p{n}-at-example.org;zivilgesellschaft;schule;de;ja"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_thirty_rows_five_bad_five_lines_exit_2(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    make_municipality()
    before = dump(db_url)
    code, out, err = dkbm(capsys, "akteur", "import", str(_thirty(tmp_path / "a.csv", True)))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 6
    assert [line.split(": ")[1] for line in lines[:5]] == [
        f"a.csv, Zeile {n + 1}, Spalte email" for n in (2, 6, 11, 17, 29)
    ]
    assert "'p2-at-example.org'" in lines[0]
    assert lines[5] == "Fehler: nichts importiert: 5 fehlerhafte Zeile(n) in a.csv"
    assert dump(db_url) == before
    code, _, err = dkbm(capsys, "--lang", "en", "akteur", "import", str(tmp_path / "a.csv"))
    assert code == 2 and "'p2-at-example.org' is not valid (name@example.org)" in err


def test_check_then_import_then_export(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    make_municipality()
    source = _thirty(tmp_path / "a.csv", False)
    before = dump(sqlite_url)
    code, out, _ = dkbm(capsys, "akteur", "import", str(source), "--pruefen")
    assert code == 0 and dump(sqlite_url) == before
    assert out.splitlines()[0] == (
        "Akteure aus a.csv: 30 würden neu angelegt, 0 würden geändert, 0 unverändert "
        "(nur geprüft, nichts gespeichert)"
    )
    assert (
        "Organisation würde neu angelegt: Verein 0 (Art Sonstige, Sektor Zivilgesellschaft;" in out
    )
    assert "  neu: Zeile 31 Person 29" in out

    code, out, _ = dkbm(capsys, "akteur", "import", str(source))
    assert code == 0
    assert out.splitlines()[0] == "Akteure aus a.csv: 30 neu, 0 geändert, 0 unverändert"
    assert out.count("Organisation neu angelegt: Nr. ") == 4

    target = tmp_path / "export.xlsx"
    code, out, _ = dkbm(capsys, "akteur", "export", str(target))
    assert (code, out) == (0, f"30 Akteure geschrieben nach {target}\n")
    code, out, _ = dkbm(capsys, "akteur", "import", str(target), "--json")
    assert code == 0 and '"unveraendert": 30' in out

    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    code, _, err = dkbm(capsys, "akteur", "export", str(link))
    assert code == 2 and not (tmp_path / "elsewhere.csv").exists()
    code, _, err = dkbm(capsys, "akteur", "export", str(tmp_path / "a.ods"))
    assert code == 2 and ".csv oder .xlsx" in err


def test_organisation_import_and_export(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    make_municipality()
    source = tmp_path / "o.csv"
    source.write_text(
        "name,art,sektor,bereiche,gemeinde,adresse,website\n"
        'Kita Sonne,kita,zivilgesellschaft,"Frühe Bildung",Süd,Weg 1,https://kita.test\n'
        "=Formel GmbH,betrieb,wirtschaft,,,,\n",
        encoding="utf-8",
    )
    code, out, _ = dkbm(capsys, "organisation", "import", str(source))
    assert (code, out) == (0, "Organisationen aus o.csv: 2 neu, 0 geändert, 0 unverändert\n")
    target = tmp_path / "o-export.csv"
    code, out, _ = dkbm(capsys, "organisation", "export", str(target))
    assert (code, out) == (0, f"2 Organisationen geschrieben nach {target}\n")
    assert "\n'=Formel GmbH;betrieb;wirtschaft;" in target.read_text(encoding="utf-8-sig")
    source.write_text("name;art;sektor;gemeinde\nkita  sonne;verein;zivilgesellschaft;Süd\n")
    code, out, _ = dkbm(capsys, "organisation", "import", str(source), "--pruefen")
    assert code == 0
    assert out.splitlines()[1:] == [
        "Erkannt: 'kita sonne' als Kita Sonne (Zeile 2)",  # nothing merged: no Zusammengeführt
        "  geändert: Zeile 2 Nr. 1 Kita Sonne: art",
    ]
    assert out.splitlines()[0] == (
        "Organisationen aus o.csv: 0 würden neu angelegt, 1 würde geändert, 0 unverändert "
        "(nur geprüft, nichts gespeichert)"
    )
    code, out, _ = dkbm(capsys, "--lang", "en", "organisation", "import", str(source), "--pruefen")
    assert out.splitlines()[:2] == [
        "Organisations from o.csv: 0 would be created, 1 would change, 0 unchanged "
        "(checked only, nothing stored)",
        "Recognised: 'kita sonne' as Kita Sonne (line 2)",
    ]


@pytest.fixture
def no_umask() -> Iterator[None]:
    """The process's umask would hide a file created too open: none while the test runs."""
    old = os.umask(0)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_akteure_export_is_for_its_owner_alone(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path, no_umask: None
) -> None:
    """E-mail addresses are personal data: the Akteure file is created 0o600 (and a file it
    replaces loses group and others' bits); the organisations keep 0o644."""
    make_municipality()
    assert dkbm(capsys, "akteur", "import", str(_thirty(tmp_path / "a.csv", False)))[0] == 0
    for name in ("akteure.csv", "akteure.xlsx"):
        assert dkbm(capsys, "akteur", "export", str(tmp_path / name))[0] == 0
        assert _mode(tmp_path / name) == 0o600, name
    shared = tmp_path / "geteilt.csv"
    shared.write_text("alt")
    shared.chmod(0o664)
    assert dkbm(capsys, "akteur", "export", str(shared))[0] == 0
    assert _mode(shared) == 0o600 and "p29@example.org" in shared.read_text("utf-8-sig")
    assert dkbm(capsys, "organisation", "export", str(tmp_path / "o.csv"))[0] == 0
    assert _mode(tmp_path / "o.csv") == 0o644
