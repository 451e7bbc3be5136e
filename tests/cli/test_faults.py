"""Issue 8, parts 5 and 6: bad input and faults across every command group, in one line,
with the right exit code, no traceback and the database unchanged; one language."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dkbm import cycles
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network

ROOT = Path(__file__).resolve().parents[2]
BIG = "99999999999999999999"
PG_INT = "2147483648"


def run(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        **kw,
    )


def world() -> int:
    """A network, a cycle in its Beteiligung and a board member to act on."""
    net = make_network(voting=3, others=1)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    from datetime import timedelta

    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    return c


FAULTS = [
    # ids beyond 64 bits and beyond PostgreSQL integer, in every command group
    (["zyklus", "weiter", BIG, "ueberarbeiten"], 2, "liegt nicht zwischen 0 und 2147483647"),
    (["zyklus", "status", BIG], 2, "liegt nicht zwischen 0 und 2147483647"),
    (["zyklus", "status", PG_INT], 2, "liegt nicht zwischen"),
    (["gremium", "mitglied", "1", PG_INT], 2, "liegt nicht zwischen"),
    (["gremium", "show", BIG], 2, "liegt nicht zwischen"),
    (["akteur", "show", PG_INT], 2, "liegt nicht zwischen"),
    (["akteur", "zustellung", BIG, "taeglich"], 2, "liegt nicht zwischen"),
    (["nachrichten", "wiederholen", BIG], 2, "liegt nicht zwischen"),
    (["zyklus", "antwort", "1", PG_INT, "--text", "x"], 2, "liegt nicht zwischen"),
    (["zyklus", "bericht", "1", BIG, "x"], 2, "liegt nicht zwischen"),
    (["zyklus", "abstimmung", "1", "--anwesend", BIG, "--ja", "1"], 2, "liegt nicht zwischen"),
    (["serve", "--port", "70000"], 2, "liegt nicht zwischen 1 und 65535"),
    (["zyklus", "status", "eins"], 2, "'eins' ist keine Zahl"),
    (["zyklus", "bericht", "1", "1", "x", "--wert", "inf"], 2, "'inf' ist keine Zahl"),
    # empty and unprintable text
    (["zyklus", "start", "", "--gremium", "1"], 2, "ungültiger Wert für titel"),
    (["zyklus", "start", "   ", "--gremium", "1"], 2, "ungültiger Wert für titel"),
    (
        [
            "akteur",
            "add",
            "X",
            "--organisation",
            "",
            "--email",
            "x@example.org",
            "--sektor",
            "politik",
        ],
        2,
        "ungültiger Wert für organisation",
    ),
    (["gremium", "add", "G\x1b[31m"], 2, "Steuerzeichen (U+001B)"),
    (["gremium", "add", "G\x07"], 2, "Steuerzeichen (U+0007)"),
    (["zyklus", "start", "Z\rY", "--gremium", "1"], 2, "Steuerzeichen (U+000D)"),
    (["akteur", "add", "\u202eevil", "--organisation", "O"], 2, "Steuerzeichen (U+202E)"),
    (["gremium", "add", "G\udcff"], 2, "kein gültiger UTF-8-Text"),
    # dates and steps
    (["zyklus", "frist", "1", "31.02.2027"], 2, "TT.MM.JJJJ"),
    (["zyklus", "frist", "1", "10.01.2027"], 1, "10.01.2027 23:59 liegt nicht in der Zukunft"),
    (["zyklus", "weiter", "1", "zaubern"], 2, "unbekannter Schritt 'zaubern'"),
    (
        ["zyklus", "weiter", "1", "beschließen"],
        1,
        "ist im Zustand Leitbild / Beteiligung nicht möglich",
    ),
    (["zyklus", "weiter", "1", "wiedereroeffnen", "--stufe", "Märchen"], 1, "nicht möglich"),
    # commands, options and languages
    (["nachrichten", "zaubern"], 2, "unbekannter Befehl 'zaubern'; bekannt sind:"),
    (["sitzung", "aufgaben"], 2, "unbekannter Befehl 'aufgaben'; meinten Sie 'aufgabe'?"),
    (["zyklus", "status", "1", "--bogus"], 2, "unbekannte Option --bogus"),
    (["--lang", "fr", "zyklus", "list"], 2, "ungültiger Wert für --lang/DKBM_LANG: 'fr'"),
    (["zyklus", "list", "--lang", "xx"], 2, "ungültiger Wert für --lang/DKBM_LANG: 'xx'"),
    # use-case refusals that name what and where
    (["zyklus", "antwort", "1", "99", "--text", "x"], 1, "Akteur 99 nicht gefunden"),
    (["zyklus", "stimme", "1", "1", "ja"], 1, "nur in der Abstimmung"),
    (["zyklus", "abstimmung", "1", "--anwesend", "1", "--ja", "1"], 1, "nur in der Abstimmung"),
    (["zyklus", "entscheiden", "1"], 1, "Angabe fehlt: --anwesend"),
    (["zyklus", "moderieren", "99", "--frist", "2027-02-01"], 1, "Zyklus 99 nicht gefunden"),
    (["zyklus", "leitbild", "1", "Neu"], 1, "kann nur im Entwurf der Stufe 'leitbild'"),
    (["gremium", "mitglied", "1", "1", "--rolle", "koenig"], 2, "ungültiger Wert für rolle"),
    (["akteur", "kanal", "1", "kein-url"], 2, "ungültiger Wert für kanal"),
    (["fristen", "plan", "beteiligung", "--vorher", "x"], 2, "ungültiger Wert für --vorher"),
    # found by a new user trying them
    (["zyklus", "bericht", "1", "1", "  "], 2, "ungültiger Wert für text"),
    (["zyklus", "ziel", "1", "Zeile1\nZeile2"], 2, "eine Zeile, ohne Zeilenumbruch"),
    (["init", "--bundesland", "ZZ"], 2, "ungültiger Wert für bundesland: 'ZZ'"),
    (["akteur", "loeschen", "1"], 2, "Löschen nur mit Bestätigung: bitte --ja angeben"),
    (["akteur", "show", BIG], 2, "ungültiger Wert für akteur"),
    (["nachrichten", "senden", "--stapel", "0"], 2, "0 liegt nicht zwischen 1 und"),
]


@pytest.mark.parametrize(("args", "code", "message"), FAULTS, ids=lambda v: repr(v)[:48])
def test_fault_is_one_line_with_its_exit_code_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str, args: list[str], code: int, message: str
) -> None:
    world()
    before = dump(db_url)
    got, _out, err = dkbm(capsys, *args)
    assert (got, err.count("\n")) == (code, 1), err
    assert err.startswith("Fehler: ") and message in err, err
    assert "Traceback" not in err
    assert dump(db_url) == before


def test_there_are_at_least_forty_faults_across_every_command_group() -> None:
    groups = {a[0] if a[0] != "--lang" else a[2] for a, _, _ in FAULTS}
    assert len(FAULTS) >= 40
    assert groups >= {"zyklus", "gremium", "akteur", "nachrichten", "fristen", "serve"}


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["zyklus", "weiter", "1", "ueberarbeiten"], "ist beschädigt"),
        (["init"], "ist beschädigt"),
        (["db", "upgrade"], "ist beschädigt"),
        (["zyklus", "status", "1"], "ist beschädigt"),
    ],
)
def test_a_corrupt_sqlite_file_is_one_line_in_any_command(
    tmp_path: Path, command: list[str], message: str
) -> None:
    path = tmp_path / "kaputt.db"
    path.write_bytes(os.urandom(4096))
    result = run(*command, env={"DKBM_DATABASE_URL": f"sqlite:///{path}"})
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_locked_and_a_read_only_sqlite_file_change_nothing(sqlite_url: str) -> None:
    world()
    path = sqlite_url.removeprefix("sqlite:///")
    before = dump(sqlite_url)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("zyklus", "weiter", "1", "ueberarbeiten", env={"DKBM_SQLITE_TIMEOUT": "0.5"})
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1 and "ist gesperrt" in result.stderr, result.stderr
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    result = run("zyklus", "weiter", "1", "ueberarbeiten", env={"DKBM_DATABASE_URL": read_only})
    assert result.returncode == 1 and "ist schreibgeschützt" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert dump(sqlite_url) == before


@pytest.mark.parametrize(
    ("env", "command", "message"),
    [
        (
            {"DKBM_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:abc/x"},
            ["zyklus", "weiter", "1", "ueberarbeiten"],
            "ungültiger Wert für DKBM_DATABASE_URL",
        ),
        (
            {"DKBM_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:abc/x"},
            ["zyklus", "list"],
            "ungültiger Wert für DKBM_DATABASE_URL",
        ),
        ({"PREFECT_API_URL": "not-a-url"}, ["serve"], "ungültiger Wert für PREFECT_API_URL"),
        (
            {"PREFECT_API_URL": "not-a-url"},
            ["zyklus", "entscheiden", "1", "--anwesend", "1"],
            "ungültiger Wert für PREFECT_API_URL",
        ),
        (
            {"PREFECT_API_URL": "http://ich:geheim@127.0.0.1:9/api"},
            ["serve"],
            "http://ich:***@127.0.0.1:9/api antwortet nicht",
        ),
    ],
)
def test_bad_settings_are_one_line_and_secrets_stay_masked(
    sqlite_url: str, env: dict[str, str], command: list[str], message: str
) -> None:
    world()
    before = dump(sqlite_url)
    result = run(*command, env=env)
    assert result.returncode in (1, 2) and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr and "geheim" not in result.stderr
    assert dump(sqlite_url) == before


def test_ctrl_c_exits_130_with_one_line_and_leaves_the_database_consistent(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    env = {**os.environ, "DKBM_DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    demo = subprocess.Popen(
        [sys.executable, "-m", "dkbm", "demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: test workers may run with SIGINT ignored, which children inherit
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert demo.stdout is not None
    for line in demo.stdout:  # wait until the demo is busy with its cycle, past its imports
        if line.startswith("== Stufe 2"):
            break
    demo.send_signal(signal.SIGINT)
    _, err = demo.communicate(timeout=60)
    assert demo.returncode == 130, err[-2000:]
    assert err.strip().splitlines()[-1].startswith("Fehler: abgebrochen (Strg-C)")
    assert "Traceback" not in err
    os.environ["DKBM_DATABASE_URL"] = url
    try:
        from dkbm import queries

        for c in queries.cycles():
            stored, _events, replayed = cycles.replay_check(c["id"])
            assert not replayed or replayed[-1] == stored.state
    finally:
        os.environ.pop("DKBM_DATABASE_URL")


def test_control_characters_already_stored_are_shown_escaped(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    make_network()
    from sqlalchemy import text

    from dkbm.store.db import engine

    with engine(sqlite_url).begin() as conn:
        conn.execute(text("UPDATE actor SET name = 'Evil\x1b[2J' WHERE id = 1"))
    code, out, _ = dkbm(capsys, "akteur", "list")
    assert code == 0 and "\x1b" not in out and "Evil\\x1b[2J" in out


CLICK_ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|Show this message|\[required\]|\[default|"
    r"No such command|is not a valid|INTEGER|FLOAT"
)


def test_help_under_german_has_no_english_word_of_click() -> None:
    for command in (
        [],
        ["zyklus"],
        ["zyklus", "weiter"],
        ["zyklus", "bericht"],
        ["akteur", "add"],
        ["gremium"],
        ["nachrichten"],
        ["fristen", "plan"],
        ["serve"],
    ):
        result = run(*command, "--help")
        assert result.returncode == 0
        assert not CLICK_ENGLISH.search(result.stdout), (command, result.stdout)
        assert "Aufruf:" in result.stdout and "Optionen" in result.stdout
    english = run("zyklus", "weiter", "--help", "--lang", "en").stdout
    assert "Usage:" in english and "Aufruf" not in english


def test_german_input_is_understood(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    c = world()
    code, _, err = dkbm(capsys, "zyklus", "frist", str(c), "15.02.2027")
    assert code == 0, err
    code, _, err = dkbm(capsys, "zyklus", "weiter", str(c), "Überarbeiten")
    assert code == 0, err
    history = dkbm(capsys, "zyklus", "verlauf", str(c), "--lang", "en")[1]
    assert "revise" in history and "ueberarbeiten" not in history
