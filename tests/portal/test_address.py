"""The portal's public address: feeds and OParl links are absolute, a typo is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dkbm.portal.build import build, public_address
from dkbm.states.errors import InvalidValue


def test_without_an_address_the_links_point_at_the_preview() -> None:
    assert public_address("") == "http://localhost:8080/"
    assert public_address("https://bildung.kreis.example") == "https://bildung.kreis.example/"


@pytest.mark.parametrize("typo", ["kreis example", "bildung.kreis.example", "ftp://kreis.example/"])
def test_an_address_that_is_no_web_address_is_refused_before_anything_is_written(
    typo: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidValue, match="--basis-url"):
        build(tmp_path / "out", datetime(2027, 1, 1, tzinfo=UTC), typo)
    assert not (tmp_path / "out").exists()


def test_the_command_takes_the_address_of_the_rebuild_flow_or_says_it_has_none(
    site: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.cli.conftest import dkbm

    monkeypatch.delenv("DKBM_PORTAL_URL", raising=False)
    code, out, _ = dkbm(capsys, "portal", "build", str(tmp_path / "a"))
    assert code == 0 and "Hinweis: ohne --basis-url (oder DKBM_PORTAL_URL)" in out
    monkeypatch.setenv("DKBM_PORTAL_URL", "https://bildung.kreis.example/")
    code, out, _ = dkbm(capsys, "portal", "build", str(tmp_path / "b"))
    assert code == 0 and "Hinweis" not in out
    feed = (tmp_path / "b" / "feeds" / "beschluesse.atom").read_text(encoding="utf-8")
    assert "https://bildung.kreis.example/" in feed
