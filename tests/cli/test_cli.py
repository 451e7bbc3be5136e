"""The `dkbm` command as a coordinator uses it, in-process and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import dkbm
from tests.conftest import dump
from tests.factories import make_network

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_first_hour_from_init_to_a_decided_leitbild(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKBM_DATABASE_URL", f"sqlite:///{tmp_path / 'k.db'}")
    ok = lambda *a: dkbm(capsys, *a)  # noqa: E731
    code, out, _ = ok(
        "init",
        "--kommune",
        "Stadt Beispiel",
        "--bundesland",
        "BY",
        "--verortung",
        "linie",
        "--kontakt",
        "Dezernentin",
        "--kontakt-email",
        "d@example.org",
    )
    assert code == 0 and "Referats-/Amtsleitung" in out  # Bayern names it so
    for i, sector in enumerate(["politik", "verwaltung", "wirtschaft"], start=1):
        assert (
            ok(
                "akteur",
                "add",
                f"Person {i}",
                "--organisation",
                "Org",
                "--email",
                f"p{i}@example.org",
                "--sektor",
                sector,
            )[0]
            == 0
        )
    assert ok("gremium", "add", "Lenkungsgruppe")[0] == 0
    assert ok("gremium", "mitglied", "1", "1", "2", "3")[0] == 0
    assert ok("zyklus", "start", "Strategie 2030", "--gremium", "1")[0] == 0
    assert ok("zyklus", "leitbild", "1", "Bildung für alle")[0] == 0
    assert ok("zyklus", "weiter", "1", "beteiligung_starten", "--frist", "2027-01-25")[0] == 0
    for actor in ("1", "2", "3"):
        assert ok("zyklus", "antwort", "1", actor, "--text", "einverstanden")[0] == 0
    assert ok("zyklus", "weiter", "1", "abstimmung_starten")[0] == 0
    code, out, _ = ok("zyklus", "abstimmung", "1", "--anwesend", "3", "--ja", "3")
    assert code == 0 and "beschlussfähig" in out
    assert ok("zyklus", "weiter", "1", "beschliessen", "--grund", "Sitzung vom 11.01.")[0] == 0
    code, out, _ = ok("zyklus", "status", "1", "--json")
    doc = json.loads(out)
    assert (doc["zustand"], doc["stufe"], doc["schritt"]) == (
        "leitbild_beschlossen",
        "leitbild",
        "beschlossen",
    )
    assert doc["naechste_schritte"] == [
        {"schritt": "naechste_stufe", "moeglich": True, "grund": None}
    ]
    code, out, _ = ok("zyklus", "verlauf", "1", "--json")
    steps = [e["schritt"] for e in json.loads(out) if e["schritt"]]
    assert steps == ["beteiligung_starten", "abstimmung_starten", "beschliessen"]
    assert json.loads(out)[-1]["von"] == "koordination"


def test_read_commands_have_stable_json(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    make_network(voting=2, others=1)
    assert dkbm(capsys, "zyklus", "start", "Z", "--gremium", "1")[0] == 0
    actors = json.loads(dkbm(capsys, "akteur", "list", "--json")[1])
    assert set(actors[0]) == {
        "id",
        "name",
        "organisation",
        "organisation_id",
        "funktion",
        "email",
        "sektor",
        "bildungsbereiche",
        "einwilligung_veroeffentlichung",
        "sprache",
        "status",
    }
    actor = json.loads(dkbm(capsys, "akteur", "show", "1", "--json")[1])
    assert actor["gremien"] == [{"id": 1, "name": "Lenkungsgruppe", "rolle": "mitglied"}]
    boards = json.loads(dkbm(capsys, "gremium", "list", "--json")[1])
    assert boards[0]["beschlussfaehig_ab"] == 2 and boards[0]["stimmberechtigt"] == 2
    cycles_ = json.loads(dkbm(capsys, "zyklus", "list", "--json")[1])
    assert cycles_ == [
        {
            "id": 1,
            "titel": "Z",
            "zustand": "leitbild_entwurf",
            "stufe": "leitbild",
            "schritt": "entwurf",
            "bezeichnung": "Leitbild / Entwurf",
            "version": 1,
            "runde": 1,
            "gremium": 1,
            "offene_frist": None,
            "ausstehend": 0,
            "naechster_schritt": None,
            "blockiert": "beteiligung_starten",
        }
    ]
    status = json.loads(dkbm(capsys, "zyklus", "status", "1", "--json")[1])
    assert set(status) >= {
        "id",
        "zustand",
        "naechste_schritte",
        "inhalt",
        "beteiligung",
        "abstimmung",
        "verbund",
    }
    assert status["verbund"] is None  # run by this Kommune alone


def test_english_on_request(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    make_network()
    dkbm(capsys, "zyklus", "start", "Z", "--gremium", "1")
    code, out, _ = dkbm(capsys, "--lang", "en", "zyklus", "status", "1")
    assert code == 0 and "Where: Vision statement / Draft" in out
    assert "vision statement text is still missing" in out
    code, _, err = dkbm(capsys, "--lang", "en", "zyklus", "weiter", "1", "beschliessen")
    assert code == 1 and err.startswith(
        "Error: 'beschliessen' is not possible in state Vision statement / Draft"
    )


def test_diagram_is_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dkbm(capsys, "zyklus", "diagramm")
    assert code == 0 and out.startswith("stateDiagram-v2")


BAD_INPUT = [
    (["zyklus", "status", "99"], 1, "Zyklus 99 nicht gefunden"),
    (
        ["zyklus", "weiter", "1", "beschliessen"],
        1,
        "ist im Zustand Leitbild / Entwurf nicht möglich; erlaubt: Beteiligung starten",
    ),
    (["zyklus", "weiter", "1", "zaubern"], 2, "unbekannter Schritt 'zaubern'"),
    (
        ["zyklus", "weiter", "1", "beteiligung_starten", "--frist", "31.02.2027"],
        2,
        "ungültiger Wert für --frist: '31.02.2027'",
    ),
    (
        ["zyklus", "weiter", "1", "beteiligung_starten", "--frist", "2027-01-20"],
        1,
        "Leitbild-Text fehlt",
    ),
    (
        ["akteur", "add", "X", "--organisation", "O", "--email", "x@example.org"],
        2,
        "Angabe fehlt: --sektor (dkbm akteur add)",
    ),
    (
        [
            "akteur",
            "add",
            "X",
            "--organisation",
            "O",
            "--email",
            "x@example.org",
            "--sektor",
            "kirche",
        ],
        2,
        "ungültiger Wert für sektor: 'kirche'",
    ),
    (
        ["akteur", "add", "X", "--organisation", "O", "--email", "kaputt", "--sektor", "politik"],
        2,
        "ungültiger Wert für email",
    ),
    (
        ["zyklus", "abstimmung", "1", "--anwesend", "drei", "--ja", "1"],
        2,
        "ungültiger Wert für --anwesend",
    ),
    (["gremium", "mitglied", "1", "77"], 1, "Akteur 77 nicht gefunden"),
    (["zyklus", "weiter", "1", "beschliessen", "--bogus"], 2, "unbekannte Option --bogus"),
    (["init", "--kommune", "Zweite Kommune"], 1, "Kommune 'Kreis Test' gibt es schon"),
    (["init", "--kommune", "K", "--bundesland", "XX"], 2, "ungültiger Wert für bundesland: 'XX'"),
    (["gremium", "add", " "], 2, "ungültiger Wert für name"),
    (
        [
            "akteur",
            "add",
            "Y",
            "--organisation",
            "O",
            "--email",
            "a0@example.org",
            "--sektor",
            "politik",
        ],
        1,
        "Akteur 'a0@example.org' gibt es schon",
    ),
    (["zyklus", "leitbild", "1", ""], 2, "ungültiger Wert für titel"),
    (["--lang", "fr", "zyklus", "list"], 2, "ungültiger Wert für --lang/DKBM_LANG: 'fr'"),
    (["akteur", "kanal", "1", "kein-url"], 2, "ungültiger Wert für kanal"),
    (["zyklus", "frist", "1", "9999-12-31"], 2, "ein Datum zwischen 2000 und 2200"),
    (
        ["zyklus", "massnahme", "1", "--id", "1", "--frist", "0001-01-01"],
        2,
        "ein Datum zwischen 2000 und 2200",
    ),
    (["zyklus", "bericht", "1", "1", "läuft", "--wert", "nan"], 2, "ungültiger Wert für --wert"),
    (["nachrichten", "wiederholen", "abc"], 2, "ungültiger Wert für"),
    (["gremium", "add", "Lenkungsgruppe"], 1, "Gremium 'Lenkungsgruppe' gibt es schon"),
    (["bericht", "abdeckung", "--zyklus", "9"], 1, "Zyklus 9 nicht gefunden"),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT, ids=lambda v: str(v)[:40])
def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str, args: list[str], code: int, message: str
) -> None:
    make_network()
    assert dkbm(capsys, "zyklus", "start", "Z", "--gremium", "1")[0] == 0
    before = dump(db_url)
    got, _out, err = dkbm(capsys, *args)
    assert got == code
    assert message in err
    assert err.count("\n") == 1 and err.startswith("Fehler: ")
    assert dump(db_url) == before


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT[:4], ids=lambda v: str(v)[:40])
def test_bad_input_as_a_subprocess(
    sqlite_url: str, args: list[str], code: int, message: str
) -> None:
    """The process boundary (exit code, one line on stderr); the same input on both
    databases is the in-process test above."""
    make_network()
    assert run("zyklus", "start", "Z", "--gremium", "1").returncode == 0
    before = dump(sqlite_url)
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert dump(sqlite_url) == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "postgresql+psycopg://postgres:geheim@127.0.0.1:1/nirgends",
            "Datenbank nicht erreichbar: postgresql+psycopg://postgres:***@127.0.0.1:1/nirgends",
        ),
        (
            "sqlite:////nonexistent/dir/dkbm.db",
            "Datenbank nicht erreichbar: sqlite:////nonexistent/dir/dkbm.db",
        ),
        ("kein-url", "ungültiger Wert für DKBM_DATABASE_URL"),
        ("mysql://x:geheim@127.0.0.1/z", "wird nicht unterstützt"),
    ],
)
def test_unreachable_database_is_one_line_without_password(url: str, message: str) -> None:
    for command in (["zyklus", "list"], ["gremium", "add", "G"]):
        result = run(*command, env={"DKBM_DATABASE_URL": url})
        assert result.returncode in (1, 2)
        assert result.stderr.count("\n") == 1 and "geheim" not in result.stderr, result.stderr
    result = run("zyklus", "list", env={"DKBM_DATABASE_URL": url})
    assert result.returncode in (1, 2)
    assert message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "geheim" not in result.stderr


def test_uninitialised_database_says_to_run_init_and_creates_no_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'leer.db'}"
    for command in (["zyklus", "list"], ["gremium", "add", "G"]):
        result = run(*command, env={"DKBM_DATABASE_URL": url})
        assert result.returncode == 1
        assert "ist nicht eingerichtet; bitte zuerst 'dkbm init'" in result.stderr
    assert not (tmp_path / "leer.db").exists()


def test_a_cycle_needs_a_board_that_can_vote(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    make_network()
    dkbm(capsys, "gremium", "add", "Leere AG", "--art", "arbeitsgruppe")
    code, _, err = dkbm(capsys, "zyklus", "start", "Z", "--gremium", "2")
    assert code == 1 and "Gremium 2 hat keine stimmberechtigten Mitglieder" in err


def test_help_is_german_by_default_and_english_on_request() -> None:
    assert "Strategiezyklen" in run("--help").stdout
    assert "strategy cycles" in run("--help", env={"DKBM_LANG": "en"}).stdout


def test_serve_refuses_a_busy_port_and_an_unreachable_server() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), env={"PREFECT_API_URL": ""})
    assert (
        result.returncode == 1
        and f"Port {port} ist von einem anderen Programm belegt" in result.stderr
    )
    result = run("serve", env={"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "Prefect-Server http://127.0.0.1:9/api antwortet nicht" in result.stderr


def test_reminder_plans_refuse_unknown_kinds_and_silly_numbers(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    make_network()
    assert dkbm(capsys, "fristen", "plan", "unbekannt")[0] == 2
    assert dkbm(capsys, "fristen", "plan", "abstimmung", "--vorher", "1000")[0] == 2
    code, out, _ = dkbm(capsys, "fristen", "plan", "abstimmung", "--vorher", "3")
    assert code == 0 and "schriftliche Abstimmung  3" in out


def test_a_change_of_consent_is_named_as_typed_and_says_when_it_shows(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_network()
    code, out, _ = dkbm(capsys, "akteur", "aendern", "1", "--keine-einwilligung", "--name", "B")
    assert code == 0 and out.splitlines() == [
        "Akteur 1 geändert: --name, --keine-einwilligung",
        "Der Name erscheint ab dem nächsten Portal-Build nirgends mehr öffentlich; nur "
        "Organisation und Sektor.",
    ]
    code, out, _ = dkbm(capsys, "--lang", "en", "akteur", "aendern", "1", "--einwilligung")
    assert out.splitlines()[0] == "Actor 1 changed: --einwilligung"


def test_portal_serve_refuses_a_busy_port_in_one_line(tmp_path: Path) -> None:
    import socket

    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("portal", "serve", str(tmp_path), "--port", str(port))
        english = run("--lang", "en", "portal", "serve", str(tmp_path), "--port", str(port))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert f"Port {port} ist von einem anderen Programm belegt" in result.stderr
    assert f"port {port} is taken" in english.stderr
    result = run("portal", "serve", str(tmp_path), "--port", "70000")
    assert result.returncode == 2 and "liegt nicht zwischen 1 und 65535" in result.stderr
