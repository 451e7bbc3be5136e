"""One installation, several Kommunen: `dkbm init --ags`, `kommune add|list|aendern --ags|
zugang`, every command scoped by `--kommune AGS` or `DKBM_KOMMUNE`; one Kommune stays the
default without either."""

from __future__ import annotations

import json
import os
import re
import stat
from base64 import b64decode
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from dkbm.store.db import engine
from tests.cli.conftest import dkbm
from tests.conftest import dump

KOELN, BONN = "05315000", "05314000"


@pytest.fixture
def roles_dropped(pg_url: str) -> Iterator[None]:
    """Roles belong to the whole server: the ones a test made go with it."""
    yield
    database = pg_url.rsplit("/", 1)[1]
    engine(pg_url).dispose()
    with engine(pg_url).begin() as conn:
        conn.execute(text("UPDATE municipality SET db_role = NULL"))
        names = [
            r[0]
            for r in conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{database}_%"}
            )
        ]
        for name in names:
            conn.execute(text(f'DROP OWNED BY "{name}"'))
            conn.execute(text(f'DROP ROLE "{name}"'))
    engine(pg_url).dispose()


def _add_bonn(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return dkbm(capsys, "kommune", "add", "Bonn", "--ags", BONN, "--kontakt", "Büro OB",
                "--kontakt-email", "ob@bonn.example")  # fmt: skip


def _koeln(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = dkbm(capsys, "init", "--kommune", "Köln", "--ags", KOELN)
    assert code == 0, err


def test_one_kommune_is_the_default_and_shows_its_ags(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    _koeln(capsys)
    code, out, err = dkbm(capsys, "kommune", "show")
    assert code == 0, err
    assert "Köln (NW)" in out and f"AGS: {KOELN}" in out
    code, out, _ = dkbm(capsys, "kommune", "list", "--json")
    assert [(k["ags"], k["name"], k["bundesland"]) for k in json.loads(out)] == [
        (KOELN, "Köln", "NW")
    ]
    code, out, err = dkbm(capsys, "--kommune", KOELN, "kommune", "show", "--json")
    assert code == 0, err and json.loads(out)["ags"] == KOELN


def test_init_takes_the_land_from_the_ags(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, out, err = dkbm(capsys, "init", "--kommune", "München", "--ags", "09162000")
    assert code == 0, err
    assert "München (BY)" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--ags", "5315000"], "--ags: '5315000'"),
        (["--ags", "17000000"], "--ags: '17000000'"),
        (["--ags", KOELN, "--bundesland", "BY"], "NW, das Land des AGS 05315000"),
    ],
)
def test_an_ags_of_wrong_form_or_land_is_refused_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], said: str
) -> None:
    before = dump(sqlite_url)
    code, _, err = dkbm(capsys, "init", "--kommune", "Köln", *args)
    assert code == 2
    assert said in err and len(err.strip().splitlines()) == 1
    assert dump(sqlite_url) == before


def test_an_existing_kommune_gets_its_ags(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, _, _ = dkbm(capsys, "init", "--kommune", "Köln")
    code, out, err = dkbm(capsys, "kommune", "aendern", "--ags", KOELN)
    assert code == 0, err
    assert f"Kommune: {KOELN} Köln (NW)" in out
    code, out, _ = dkbm(capsys, "kommune", "aendern", "--ags", KOELN)
    assert "Nichts geändert." in out


def test_a_second_kommune_on_sqlite_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    _koeln(capsys)
    before = dump(sqlite_url)
    code, _, err = _add_bonn(capsys)
    assert code == 1
    assert "mehrere Kommunen brauchen PostgreSQL" in err
    assert dump(sqlite_url) == before


def test_a_kommune_that_is_not_there_is_named_with_those_that_are(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _koeln(capsys)
    code, _, err = dkbm(capsys, "--kommune", BONN, "akteur", "list")
    assert code == 1
    assert err.strip() == f"Fehler: keine Kommune mit AGS {BONN} in dieser Datenbank " + (
        f"(vorhanden: {KOELN} Köln)"
    )
    monkeypatch.setenv("DKBM_KOMMUNE", "0531500x")
    code, _, err = dkbm(capsys, "akteur", "list")
    assert code == 2 and "DKBM_KOMMUNE: '0531500x'" in err
    # a name, as an earlier runbook wrote it: it still chooses that Kommune, or says so
    monkeypatch.setenv("DKBM_KOMMUNE", "Köln")
    assert dkbm(capsys, "akteur", "list")[0] == 0
    monkeypatch.setenv("DKBM_KOMMUNE", "Kreis Alt")
    code, _, err = dkbm(capsys, "akteur", "list")
    assert code == 1 and "DKBM_KOMMUNE_NAME" in err


def test_several_kommunen_each_see_their_own(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _koeln(capsys)
    code, out, err = _add_bonn(capsys)
    assert code == 0, err
    assert f"Kommune angelegt: {BONN} Bonn (NW)" in out
    database = pg_url.rsplit("/", 1)[1]
    code, out, _ = dkbm(capsys, "kommune", "list")
    assert f"{KOELN}   Köln (NW)  Rolle {database}_{KOELN}" in out
    assert f"{BONN}   Bonn (NW)  Rolle {database}_{BONN}" in out

    for ags, name in ((KOELN, "Anna Köln"), (BONN, "Bernd Bonn")):
        code, _, err = dkbm(
            capsys, "--kommune", ags, "akteur", "add", name, "--organisation", f"Amt {ags}",
            "--sektor", "verwaltung", "--email", f"a{ags}@example.org",
        )  # fmt: skip
        assert code == 0, err
    code, _, err = dkbm(capsys, "akteur", "list")
    assert code == 1
    assert f"mehrere Kommunen ({KOELN} Köln, {BONN} Bonn)" in err
    code, out, _ = dkbm(capsys, "--kommune", BONN, "akteur", "list", "--json")
    assert [a["name"] for a in json.loads(out)] == ["Bernd Bonn"]
    monkeypatch.setenv("DKBM_KOMMUNE", KOELN)
    code, out, _ = dkbm(capsys, "akteur", "list", "--json")
    assert [a["name"] for a in json.loads(out)] == ["Anna Köln"]
    code, _, err = dkbm(capsys, "akteur", "show", "2")
    assert code == 1 and "Akteur 2 nicht gefunden" in err
    with engine(pg_url).connect() as conn:
        owners = dict(conn.execute(text("SELECT name, municipality_id FROM actor")).all())
        kinds = conn.execute(
            text("SELECT DISTINCT municipality_id FROM audit_event ORDER BY 1")
        ).all()
    assert owners == {"Anna Köln": 1, "Bernd Bonn": 2} and kinds == [(1,), (2,)]


def test_a_kommunes_login_sees_its_rows_alone(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None, tmp_path: Path
) -> None:
    _koeln(capsys)
    _add_bonn(capsys)
    dkbm(capsys, "--kommune", KOELN, "akteur", "add", "Anna Köln", "--organisation", "Amt",
         "--sektor", "verwaltung", "--email", "anna@example.org")  # fmt: skip
    target = tmp_path / "bonn.env"
    code, out, err = dkbm(capsys, "kommune", "zugang", BONN, "--datei", str(target))
    assert code == 0, err
    settings = dict(line.split("=", 1) for line in target.read_text().splitlines())
    password = settings["DKBM_DATABASE_URL"].split(":")[2].split("@")[0]
    assert password not in out and ":***@" in out
    assert settings["DKBM_KOMMUNE"] == BONN
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with psycopg.connect(settings["DKBM_DATABASE_URL"].replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT name FROM municipality").fetchall() == [("Bonn",)]
        assert conn.execute("SELECT count(*) FROM actor").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM audit_event WHERE municipality_id = 1").fetchone() == (0,)  # fmt: skip
    # The server keeps the verifier dkbm computed; the file's password passes its SCRAM
    # exchange and another does not (the test server trusts local logins, so this is the check).
    with psycopg.connect(pg_url.replace("+psycopg", "")) as conn:
        (stored,) = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (settings["DKBM_DATABASE_URL"].split("//")[1].split(":")[0],)
        ).fetchone()  # fmt: skip
    assert stored.startswith("SCRAM-SHA-256$4096:") and password not in stored
    assert scram_accepts(stored, password) and not scram_accepts(stored, password + "x")


def scram_accepts(stored: str, password: str) -> bool:
    """PostgreSQL's SCRAM-SHA-256 exchange against a stored verifier (scramp on both sides)."""
    from scramp import ScramClient, ScramException, ScramMechanism

    rounds, salt, stored_key, server_key = re.fullmatch(
        r"SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)", stored
    ).groups()
    info = (b64decode(salt), b64decode(stored_key), b64decode(server_key), int(rounds))
    server = ScramMechanism("SCRAM-SHA-256").make_server(lambda _user: info)
    client = ScramClient(["SCRAM-SHA-256"], "kommune", password)
    server.set_client_first(client.get_client_first())
    client.set_server_first(server.get_server_first())
    try:
        server.set_client_final(client.get_client_final())
    except ScramException:
        return False
    client.set_server_final(server.get_server_final())
    return True


def _owned(url: str, kommune_id: int) -> dict[str, int]:
    from dkbm.store.tables import TENANT_TABLES

    with engine(url).connect() as conn:
        return {
            t: conn.execute(
                text(f"SELECT count(*) FROM {t} WHERE municipality_id = :k"), {"k": kommune_id}
            ).scalar_one()
            for t in TENANT_TABLES
        }


def test_a_removed_kommune_is_exported_first_and_leaves_the_others_untouched(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None, tmp_path: Path
) -> None:
    _koeln(capsys)
    _add_bonn(capsys)
    for ags in (KOELN, BONN):
        dkbm(capsys, "--kommune", ags, "akteur", "add", f"Akteur {ags}", "--organisation",
             f"Amt {ags}", "--sektor", "verwaltung", "--email", f"a{ags}@example.org")  # fmt: skip
        dkbm(capsys, "--kommune", ags, "gremium", "add", f"Lenkung {ags}", "--art", "gremium")
    koeln_before = _owned(pg_url, 1)
    target = tmp_path / "bonn.json"

    code, _, err = dkbm(capsys, "kommune", "entfernen", BONN, "--export", str(target),
                        "--bestaetigen", KOELN)  # fmt: skip
    assert code == 2 and "--bestaetigen" in err and not target.exists()
    assert sum(_owned(pg_url, 2).values()) > 0

    code, out, err = dkbm(capsys, "kommune", "entfernen", BONN, "--export", str(target),
                          "--bestaetigen", BONN)  # fmt: skip
    assert code == 0, err
    assert f"Kommune entfernt: {BONN} Bonn" in out
    exported = json.loads(target.read_text())
    assert exported["municipality"][0]["name"] == "Bonn"
    assert [a["name"] for a in exported["actor"]] == [f"Akteur {BONN}"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert sum(_owned(pg_url, 2).values()) == 0
    assert _owned(pg_url, 1) == koeln_before
    database = pg_url.rsplit("/", 1)[1]
    with engine(pg_url).connect() as conn:
        assert conn.execute(text("SELECT ags FROM municipality")).all() == [(KOELN,)]
        role = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": f"{database}_{BONN}"}
        ).first()
        removal = conn.execute(
            text("SELECT municipality_id, payload FROM audit_event WHERE action = 'entfernt'")
        ).one()
    assert role is None
    assert (
        removal[0] is None and removal[1]["ags"] == BONN and len(removal[1]["export_sha256"]) == 64
    )


def test_a_command_for_one_kommune_does_not_remove_another(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None, tmp_path: Path
) -> None:
    _koeln(capsys)
    _add_bonn(capsys)
    before = dump(pg_url)
    code, _, err = dkbm(capsys, "--kommune", BONN, "kommune", "entfernen", KOELN, "--export",
                        str(tmp_path / "k.json"), "--bestaetigen", KOELN, "--json")  # fmt: skip
    assert code == 1
    assert err.strip() == (
        f"Fehler: ein Befehl für Kommune {BONN} entfernt nicht Kommune {KOELN}; ohne --kommune "
        "und DKBM_KOMMUNE ausführen"
    )
    assert dump(pg_url) == before and not (tmp_path / "k.json").exists()


def test_an_export_that_cannot_be_written_removes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    _koeln(capsys)
    (tmp_path / "real.json").write_text("mine")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    before = dump(sqlite_url)
    code, _, err = dkbm(capsys, "kommune", "entfernen", KOELN, "--export",
                        str(tmp_path / "link.json"), "--bestaetigen", KOELN)  # fmt: skip
    assert code == 2 and "--export" in err
    assert dump(sqlite_url) == before and (tmp_path / "real.json").read_text() == "mine"


def _two(capsys: pytest.CaptureFixture[str]) -> None:
    _koeln(capsys)
    code, _, err = _add_bonn(capsys)
    assert code == 0, err


def test_a_kommune_takes_its_own_mail_route_and_no_other_variable(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None
) -> None:
    _two(capsys)
    for other in (f"DKBM_MAIL_URL_{KOELN}", "DKBM_DATABASE_URL", "DKBM_LINK_SECRET"):
        code, _, err = dkbm(capsys, "--kommune", BONN, "kommune", "aendern", "--mail-route", other)
        assert code == 2 and f"DKBM_MAIL_URL_{BONN}, der Name der Umgebungsvariable" in err
    code, out, err = dkbm(capsys, "--kommune", BONN, "kommune", "aendern", "--mail-route",
                          f"DKBM_MAIL_URL_{BONN}")  # fmt: skip
    assert code == 0, err
    code, out, _ = dkbm(capsys, "--kommune", BONN, "kommune", "show")
    assert f"Antworten an: die Absendeadresse (DKBM_MAIL_URL_{BONN})" in out


def test_health_names_a_kommune_whose_own_mail_route_is_not_set(
    capsys: pytest.CaptureFixture[str],
    pg_url: str,
    roles_dropped: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _two(capsys)
    monkeypatch.setenv("DKBM_MAIL_URL", "mailto://u:p@127.0.0.1:2525?from=a@example.org")
    monkeypatch.delenv(f"DKBM_MAIL_URL_{BONN}", raising=False)
    assert dkbm(capsys, "--kommune", BONN, "kommune", "aendern", "--mail-route",
                f"DKBM_MAIL_URL_{BONN}")[0] == 0  # fmt: skip

    def mailweg(*scope: str) -> tuple[int, dict[str, str]]:
        code, out, _ = dkbm(capsys, *scope, "health", "--ohne-prefect", "--json")
        return code, next(c for c in json.loads(out)["pruefungen"] if c["name"] == "mailweg")

    code, check = mailweg()
    assert code == 1 and check["status"] == "WARNING"
    assert check["detail"] == (
        f"Mailweg nicht gesetzt, die E-Mails bleiben im Postausgang: Bonn {BONN} "
        f"(DKBM_MAIL_URL_{BONN})"
    )
    assert mailweg("--kommune", KOELN)[1] == {  # Köln's check sees Köln alone
        "name": "mailweg", "status": "OK", "detail": "DKBM_MAIL_URL gesetzt"
    }  # fmt: skip
    monkeypatch.setenv(f"DKBM_MAIL_URL_{BONN}", "mailto://u:p@127.0.0.1:2526?from=b@example.org")
    code, check = mailweg()
    assert code == 0 and check["detail"] == "alle gesetzt: 1 von 2 Kommunen mit eigenem Mailweg"


def test_an_ags_another_kommune_has_is_named_as_taken(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None
) -> None:
    _two(capsys)
    before = dump(pg_url)
    code, _, err = dkbm(capsys, "--kommune", BONN, "kommune", "aendern", "--ags", KOELN)
    assert code == 1 and f"'{KOELN} Köln' gibt es schon" in err
    code, _, err = dkbm(capsys, "--kommune", BONN, "kommune", "aendern", "--ags", "09162000")
    assert code == 2
    assert "ungültiger Wert für --ags: '09162000' (ein AGS aus NW, dem Land der Kommune)" in err
    assert dump(pg_url) == before


def test_a_kommunes_login_cannot_do_the_installations_work(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _two(capsys)
    target = tmp_path / "bonn.env"
    assert dkbm(capsys, "kommune", "zugang", BONN, "--datei", str(target))[0] == 0
    code, _, err = dkbm(capsys, "kommune", "zugang", BONN, "--datei", str(target))
    assert code == 2 and "--ersetzen" in err
    assert dkbm(capsys, "kommune", "zugang", BONN, "--datei", str(target), "--ersetzen")[0] == 0
    settings = dict(line.split("=", 1) for line in target.read_text().splitlines())
    monkeypatch.setenv("DKBM_DATABASE_URL", settings["DKBM_DATABASE_URL"])
    try:
        code, _, err = dkbm(capsys, "kommune", "entfernen", BONN, "--export",
                            str(tmp_path / "b.json"), "--bestaetigen", BONN)  # fmt: skip
        assert code == 1 and "nur für Kommune 05314000" in err
        assert not (tmp_path / "b.json").exists()
        code, _, err = dkbm(capsys, "db", "upgrade")
        assert code == 1 and err.startswith("Fehler: das darf dieser Datenbankzugang nicht")
    finally:
        engine(settings["DKBM_DATABASE_URL"]).dispose()


def test_a_name_two_kommunen_share_chooses_neither(
    capsys: pytest.CaptureFixture[str], pg_url: str, roles_dropped: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _two(capsys)
    dkbm(capsys, "kommune", "add", "Köln", "--ags", "05315001", "--kontakt", "-",
         "--kontakt-email", "k@koeln.example")  # fmt: skip
    monkeypatch.setenv("DKBM_KOMMUNE", "Köln")
    code, _, err = dkbm(capsys, "akteur", "list")
    assert code == 1 and f"mehrere Kommunen ({KOELN} Köln, 05315001 Köln)" in err


def test_kommune_add_needs_a_contact(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, _, err = dkbm(capsys, "kommune", "add", "Bonn", "--ags", BONN)
    assert code == 2 and "--kontakt" in err
