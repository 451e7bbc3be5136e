"""The CLI as a coordinator runs it: a pinned clock and user, German unless asked."""

from __future__ import annotations

import pytest

from dkbm.cli import main
from tests.conftest import T0


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DKBM_NOW", T0.isoformat())
    monkeypatch.setenv("DKBM_USER", "koordination")
    monkeypatch.delenv("DKBM_LANG", raising=False)


def dkbm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `dkbm ARGS` in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
