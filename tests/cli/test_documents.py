"""The knowledge library from the command line: links and files with their tags, changes,
writing a stored file out, removal; bad input as one line that changes nothing, in-process
on both databases and as a real subprocess; English on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dkbm import cycles
from tests.cli.conftest import dkbm
from tests.cli.test_cli import run
from tests.conftest import T0, dump
from tests.factories import BY, make_network

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 8


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A small PDF, a file one byte over 20 MB (sparse: no disk is spent) and a folder."""
    (tmp_path / "bericht.pdf").write_bytes(PDF)
    with (tmp_path / "gross.pdf").open("wb") as big:
        big.truncate(20 * 1024 * 1024 + 1)
    (tmp_path / "ordner").mkdir()
    return tmp_path


def _network() -> None:
    """Gremium 1 (Lenkungsgruppe) and Zyklus 1."""
    net = make_network(voting=1, others=0)
    cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)


@pytest.fixture
def library(db_url: str) -> str:
    _network()
    return db_url


def test_a_library_from_link_and_file_to_removal(
    capsys: pytest.CaptureFixture[str], library: str, files: Path
) -> None:
    code, out, err = dkbm(
        capsys,
        "wissen", "add", "--titel", "Bildungsbericht 2025",
        "--url", "https://kreis.example/bildungsbericht-2025.pdf",
        "--beschreibung", "Zweiter Bildungsbericht des Kreises",
        "--zyklus", "1", "--bereich", "schule", "--bereich", "fruehe_bildung",
    )  # fmt: skip
    assert (code, out.strip()) == (
        0,
        "Dokument 1 angelegt: Bildungsbericht 2025 (Link "
        "https://kreis.example/bildungsbericht-2025.pdf)",
    ), err
    code, out, _ = dkbm(
        capsys, "wissen", "add", "--titel", "Protokoll der AG", "--datei",
        str(files / "bericht.pdf"), "--gremium", "1", "--intern",
    )  # fmt: skip
    assert (code, out.strip()) == (
        0,
        "Dokument 2 angelegt: Protokoll der AG (Datei bericht.pdf, 2 kB, intern)",
    )
    code, out, _ = dkbm(capsys, "wissen", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == [
        "Nr.", "Titel", "Art", "Zyklus", "Gremium", "Bereiche", "Öffentlich",
    ]  # fmt: skip
    assert "Schule, Frühe Bildung" in lines[2] and lines[2].rstrip().endswith("ja")
    assert "Lenkungsgruppe" in lines[3] and lines[3].rstrip().endswith("nein")
    code, out, _ = dkbm(capsys, "wissen", "list", "--bereich", "fruehe_bildung")
    assert "Bildungsbericht 2025" in out and "Protokoll" not in out
    code, out, _ = dkbm(capsys, "wissen", "show", "2")
    assert code == 0 and "Datei: bericht.pdf (application/pdf, 2 kB), SHA-256" in out
    assert "Öffentlich: nein (intern)" in out and "von koordination" in out

    code, out, _ = dkbm(
        capsys, "wissen", "aendern", "2", "--oeffentlich", "--bereich", "weiterbildung",
        "--ohne-gremium", "--titel", "Ergebnisse der AG",
    )  # fmt: skip
    assert (code, out.strip()) == (
        0,
        "Dokument 2 geändert: --titel, --gremium, --bereich, --oeffentlich (Version 2)",
    )
    code, out, _ = dkbm(capsys, "wissen", "aendern", "2", "--titel", "Ergebnisse der AG")
    assert out.strip() == "Dokument 2: unverändert"

    target = files / "ordner"
    code, out, _ = dkbm(capsys, "wissen", "datei", "2", "--ziel", str(target))
    assert (code, out.strip()) == (0, f"Geschrieben: {target / 'bericht.pdf'} (2 kB)")
    assert (target / "bericht.pdf").read_bytes() == PDF
    (target / "bericht.pdf").write_bytes(b"meine Notizen")
    code, _, err = dkbm(capsys, "wissen", "datei", "2", "--ziel", str(target))
    assert code == 2 and "gibt es schon; ersetzen mit --ueberschreiben" in err
    assert (target / "bericht.pdf").read_bytes() == b"meine Notizen"
    assert dkbm(capsys, "wissen", "datei", "2", "--ziel", str(target), "--ueberschreiben")[0] == 0
    assert (target / "bericht.pdf").read_bytes() == PDF

    code, out, _ = dkbm(capsys, "wissen", "entfernen", "2")
    assert (code, out.strip()) == (0, "Dokument 2 entfernt: Ergebnisse der AG")
    assert [d["id"] for d in json.loads(dkbm(capsys, "wissen", "list", "--json")[1])] == [1]


def test_every_command_answers_in_json(
    capsys: pytest.CaptureFixture[str], library: str, files: Path
) -> None:
    code, out, _ = dkbm(
        capsys, "wissen", "add", "--titel", "Bericht", "--datei", str(files / "bericht.pdf"),
        "--zyklus", "1", "--json",
    )  # fmt: skip
    added = json.loads(out)
    assert code == 0 and added["art"] == "datei" and added["zyklus_titel"] == "Bildung 2030"
    assert added["datei"]["groesse"] == len(PDF) and added["verlauf"][0]["aktion"] == "angelegt"
    changed = json.loads(
        dkbm(capsys, "wissen", "aendern", "1", "--url", "https://kreis.example/b", "--json")[1]
    )
    assert (changed["art"], changed["datei"], changed["version"]) == ("link", None, 2)
    shown = json.loads(dkbm(capsys, "wissen", "show", "1", "--json")[1])
    assert [e["aktion"] for e in shown["verlauf"]] == ["angelegt", "geaendert"]
    assert json.loads(dkbm(capsys, "wissen", "list", "--zyklus", "1", "--json")[1])[0]["id"] == 1
    assert json.loads(dkbm(capsys, "wissen", "list", "--gremium", "1", "--json")[1]) == []


def _bad_input(files: Path) -> list[tuple[list[str], int, str]]:
    add = ["wissen", "add", "--titel", "Neu"]
    link = [*add, "--url", "https://kreis.example/neu.pdf"]
    return [
        (add, 1, "bitte genau eines angeben: --url ADRESSE oder --datei PFAD"),
        (
            [*link, "--datei", str(files / "bericht.pdf")],
            1,
            "bitte genau eines angeben: --url ADRESSE oder --datei PFAD",
        ),
        (
            [*add, "--url", "ftp://kreis.example/neu.pdf"],
            1,
            "'ftp://kreis.example/neu.pdf' ist kein Link mit http:// oder https://",
        ),
        ([*add, "--url", "javascript:alert(1)"], 1, "ist kein Link mit http:// oder https://"),
        (
            [*add, "--datei", str(files / "fehlt.pdf")],
            2,
            f"ungültiger Wert für --datei: '{files / 'fehlt.pdf'}' (keine Datei dieses Namens)",
        ),
        ([*add, "--datei", str(files / "ordner")], 2, "(ein Ordner, keine Datei)"),
        (
            [*add, "--datei", str(files / "gross.pdf")],
            1,
            "'wissen add' abgelehnt: die Datei gross.pdf ist 20,1 MB groß; erlaubt sind "
            "höchstens 20 MB",
        ),
        ([*link, "--zyklus", "9"], 1, "Fehler: Zyklus 9 nicht gefunden"),
        ([*link, "--gremium", "9"], 1, "Fehler: Gremium 9 nicht gefunden"),
        ([*link, "--bereich", "mond"], 2, "ungültiger Wert für --bereich: 'mond' (fruehe_bildung"),
        ([*link, "--zyklus", "eins"], 2, "ungültiger Wert für --zyklus: 'eins' ist keine Zahl"),
        (["wissen", "show", "7"], 1, "Fehler: Dokument 7 nicht gefunden"),
        (["wissen", "aendern", "7", "--titel", "x"], 1, "Fehler: Dokument 7 nicht gefunden"),
        (
            ["wissen", "aendern", "1", "--zyklus", "1", "--ohne-zyklus"],
            1,
            "--zyklus und --ohne-zyklus schließen einander aus",
        ),
        (["wissen", "aendern", "1", "--url", "http://"], 1, "'http://' ist kein Link"),
        (
            ["wissen", "aendern", "1", "--intern", "--oeffentlich"],
            1,
            "--intern und --oeffentlich schließen einander aus",
        ),
        (["wissen", "aendern", "1", "--titel", " "], 2, "ungültiger Wert für titel"),
        (["wissen", "entfernen", "7"], 1, "Fehler: Dokument 7 nicht gefunden"),
        (["wissen", "datei", "1", "--ziel", str(files)], 1, "Dokument 1 ist ein Link"),
        (
            ["wissen", "datei", "2", "--ziel", str(files / "nirgends" / "x.pdf")],
            2,
            "ungültiger Wert für --ziel",
        ),
        (["wissen", "list", "--zyklus", "9"], 1, "Fehler: Zyklus 9 nicht gefunden"),
        (["wissen", "list", "--bereich", "mond"], 2, "ungültiger Wert für --bereich"),
    ]


def _two_documents(capsys: pytest.CaptureFixture[str], files: Path) -> None:
    link = ["--url", "https://kreis.example/a.pdf"]
    assert dkbm(capsys, "wissen", "add", "--titel", "Link", *link)[0] == 0
    upload = ["--datei", str(files / "bericht.pdf")]
    assert dkbm(capsys, "wissen", "add", "--titel", "Datei", *upload)[0] == 0


def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], library: str, files: Path
) -> None:
    _two_documents(capsys, files)
    before = dump(library)
    for args, code, message in _bad_input(files):
        got, out, err = dkbm(capsys, *args)
        assert (got, out) == (code, ""), (args, err)
        assert message in err and err.startswith("Fehler: ") and err.count("\n") == 1, (args, err)
        assert dump(library) == before, args


def test_bad_input_as_a_subprocess(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, files: Path
) -> None:
    """The process boundary: exit code, one line on stderr, no traceback, nothing kept."""
    _network()
    _two_documents(capsys, files)
    before = dump(sqlite_url)
    for args, code, message in _bad_input(files)[:10]:
        result = run(*args)
        assert result.returncode == code, (args, result.stderr)
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert dump(sqlite_url) == before


def test_english_on_request_as_a_subprocess(sqlite_url: str, files: Path) -> None:
    _network()
    added = run(
        "--lang", "en", "wissen", "add", "--titel", "Education report",
        "--datei", str(files / "bericht.pdf"), "--bereich", "hochschule", "--intern",
    )  # fmt: skip
    assert added.stdout.strip() == (
        "Document 1 added: Education report (file bericht.pdf, 2 kB, internal)"
    ), added.stderr
    listed = run("--lang", "en", "wissen", "list").stdout.splitlines()
    assert listed[0].split() == ["No.", "Title", "Kind", "Cycle", "Board", "Areas", "Public"]
    assert "Higher education" in listed[2] and listed[2].rstrip().endswith("no")
    shown = run("--lang", "en", "wissen", "show", "1").stdout
    assert "Public: no (internal)" in shown and "Education areas: Higher education" in shown
    bad = run("--lang", "en", "wissen", "add", "--titel", "x", "--datei", str(files / "gross.pdf"))
    assert bad.returncode == 1 and bad.stderr == (
        "Error: 'wissen add' refused: the file gross.pdf is 20.1 MB; at most 20 MB is allowed\n"
    )
    bad = run("--lang", "en", "wissen", "add", "--titel", "x", "--url", "mailto:a@b.example")
    assert bad.stderr.startswith("Error: 'wissen add' refused: 'mailto:a@b.example' is not a link")
    helped = run("--lang", "en", "wissen", "add", "--help").stdout
    assert "upload a file" in helped and "keep off the public portal" in helped


def test_the_demo_has_a_library_with_a_link_a_file_and_an_internal_entry(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    code, out, err = dkbm(capsys, "demo")
    assert code == 0, err
    assert "== Wissensbibliothek" in out
    docs = json.loads(dkbm(capsys, "wissen", "list", "--json")[1])
    assert [(d["art"], d["oeffentlich"]) for d in docs] == [
        ("link", True),
        ("datei", True),
        ("link", False),
    ]
    assert docs[0]["zyklus"] == 1 and docs[1]["gremium_name"] == "AG Übergang Schule-Beruf"
