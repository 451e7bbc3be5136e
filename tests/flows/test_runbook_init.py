"""`runbook.sh init`: the Kommune's contact receives every escalation, so an example address
is refused, on a new database before anything is written and on one that has it recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.flows.site import runbook_result


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dkbm.db'}"


def _init(url: str, **settings: str):  # type: ignore[no-untyped-def]
    return runbook_result(
        "init",
        DKBM_DATABASE_URL=url,
        DKBM_KOMMUNE_NAME="Kreis Neu",
        DKBM_KONTAKT="Landrätin",
        **settings,
    )


@pytest.mark.parametrize(
    "address",
    ["landraetin@kreis.example", "kontakt@example.org", "X@Example.COM", "a@sub.example.net"],
)
def test_an_example_contact_is_refused_before_anything_is_written(
    url: str, tmp_path: Path, address: str
) -> None:
    out = _init(url, DKBM_KONTAKT_EMAIL=address)
    assert out.returncode == 2
    assert (
        out.stderr.count("\n") == 1 and "DKBM_KONTAKT_EMAIL" in out.stderr and address in out.stderr
    )
    assert not (tmp_path / "dkbm.db").exists() or (tmp_path / "dkbm.db").stat().st_size == 0


def test_a_missing_contact_is_named(url: str) -> None:
    out = _init(url)
    assert out.returncode == 2 and "DKBM_KONTAKT_EMAIL fehlt" in out.stderr


def test_the_contact_is_recorded_and_a_recorded_example_is_reported(url: str) -> None:
    out = _init(url, DKBM_KONTAKT_EMAIL="landraetin@kreis-neu.de", DKBM_VERORTUNG="linie")
    assert out.returncode == 0, out.stderr
    shown = runbook_result("dkbm", "kommune", "show", "--json", DKBM_DATABASE_URL=url)
    kommune = json.loads(shown.stdout)
    assert (kommune["kontakt"], kommune["kontakt_email"], kommune["verortung"]) == (
        "Landrätin",
        "landraetin@kreis-neu.de",
        "linie",
    )
    again = _init(url, DKBM_KONTAKT_EMAIL="landraetin@kreis-neu.de")  # an upgrade: fine
    assert again.returncode == 0, again.stderr

    # a database that an earlier runbook set up with dkbm's placeholder contact
    old = url.replace("dkbm.db", "alt.db")
    recorded = runbook_result("dkbm", "init", "--kommune", "Kreis Alt", DKBM_DATABASE_URL=old)
    assert recorded.returncode == 0, recorded.stderr
    out = _init(old, DKBM_KONTAKT_EMAIL="landraetin@kreis-alt.de")
    assert out.returncode == 2
    assert "kontakt@example.org" in out.stderr and "kommune aendern" in out.stderr
