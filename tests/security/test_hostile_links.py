"""Issue 18: a hostile link is refused where a link is typed.

`sitzung planen --video`, `sitzung verschieben --video`, `sitzung top --unterlage`,
`wissen add --url` and `wissen aendern --url`, each with every link of `payloads.LINKS`:
one line on stderr, a non-zero exit code, and the database as it was (all of it). The CLI
runs in this process as in tests/cli; a few cases also as a process of their own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dkbm import documents, meetings
from dkbm.store.db import engine
from tests.cli.conftest import dkbm
from tests.cli.test_cli import run
from tests.conftest import T0, dump
from tests.factories import BY, make_network
from tests.security.payloads import LINKS

COMMANDS = {
    "planen --video": [
        "sitzung", "planen", "--gremium", "1", "--beginn", "01.02.2027 17:00",
        "--ort", "Kreishaus", "--video",
    ],
    "verschieben --video": ["sitzung", "verschieben", "1", "--beginn", "02.02.2027 17:00", "--video"],
    "top --unterlage": ["sitzung", "top", "1", "--titel", "Bericht", "--unterlage"],
    "wissen add --url": ["wissen", "add", "--titel", "Bericht", "--url"],
    "wissen aendern --url": ["wissen", "aendern", "1", "--url"],
}  # fmt: skip
CASES = [(command, link) for command in COMMANDS for link in LINKS]


@pytest.fixture(scope="session")
def linked(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """A network with a planned meeting and a Wissen link: what the commands change."""
    path = tmp_path_factory.mktemp("links") / "dkbm.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DKBM_DATABASE_URL", url)
        net = make_network(voting=3, others=0)
        meetings.plan(
            board_id=net.board,
            starts_at=T0.replace(month=1, day=25, hour=16),
            ends_at=None,
            place="Kreishaus",
            video="https://video.kreis.example/lenkungsgruppe",
            public=True,
            by=BY,
            now=T0,
        )
        documents.add(title="Bericht", url="https://kreis.example/bericht.pdf", by=BY, now=T0)
    yield url


@pytest.fixture
def database(linked: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DKBM_DATABASE_URL", linked)
    monkeypatch.setenv("DKBM_NOW", T0.isoformat())
    monkeypatch.setenv("DKBM_USER", "koordination")
    monkeypatch.delenv("DKBM_LANG", raising=False)
    return linked


@pytest.mark.parametrize(("command", "link"), CASES, ids=lambda v: repr(v)[1:-1][:40])
def test_a_hostile_link_is_refused_in_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], database: str, command: str, link: str
) -> None:
    before = dump(database)
    code, out, err = dkbm(capsys, *COMMANDS[command], link)
    assert code != 0 and out == "", (code, out, err)
    assert err.startswith("Fehler: ") and err.count("\n") == 1 and "\r" not in err, err
    # names the option, or the argument holding a control character (refused before parsing)
    assert command.split()[-1] in err or "'wissen" in err or "Argument" in err, err
    assert dump(database) == before


def test_the_same_commands_take_a_web_link(
    capsys: pytest.CaptureFixture[str], linked: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is refused above is the link, not the command: on a copy of the database each
    command takes an https link."""
    engine(linked).dispose()  # the copy holds what the connections wrote
    shutil.copy(linked.removeprefix("sqlite:///"), tmp_path / "dkbm.db")
    monkeypatch.setenv("DKBM_DATABASE_URL", f"sqlite:///{tmp_path / 'dkbm.db'}")
    monkeypatch.setenv("DKBM_NOW", T0.isoformat())
    for command, args in COMMANDS.items():
        code, _, err = dkbm(capsys, *args, "https://kreis.example/neu.pdf")
        assert code == 0, (command, err)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_as_a_process_of_its_own(linked: str, command: str) -> None:
    """The process boundary: exit code, one line on stderr, no traceback, nothing kept."""
    before = dump(linked)
    env = {"DKBM_DATABASE_URL": linked, "DKBM_NOW": T0.isoformat(), "DKBM_USER": "k"}
    result = run(*COMMANDS[command], "java\tscript:alert(1)", env=env)
    assert result.returncode != 0 and result.stdout == "", result
    assert result.stderr.startswith("Fehler: ") and result.stderr.count("\n") == 1, result
    assert "Traceback" not in result.stderr
    assert dump(linked) == before
