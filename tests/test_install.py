"""`make install` sets up what the product needs to run, `make test` the test tools on top;
a missing system package is named with its command, and make never asks for root."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ROOT / "deploy" / "system-packages.sh"


def _planned(target: str) -> str:
    """The commands make would run for *target* from scratch (nothing is run)."""
    out = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="no make here")
def test_install_brings_no_browser_no_test_tools_and_no_apt_get() -> None:
    install = _planned("install")
    assert "system-packages.sh run" in install and "-c requirements.lock -e ." in install
    for tool in ("npm", "chromium", "axe-core", "apt-get", ".[test]", "system-packages.sh test"):
        assert tool not in install, tool
    test = _planned("test")
    assert "system-packages.sh test" in test and "axe-core" in test and ".[test]" in test
    assert test.index("system-packages.sh test") < test.index("pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def _as_nobody() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("no setpriv to drop root")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_missing_package_is_named_with_its_command_for_a_user_without_root() -> None:
    out = subprocess.run(
        [*_as_nobody(), "sh", str(PACKAGES), "run"],
        env={"PATH": "/usr/bin:/bin", "PYTHON": "/nonexistent/python3"},  # no venv module
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert "sudo apt-get install python3-venv" in out.stderr
    assert "Reading package lists" not in out.stdout + out.stderr  # apt-get was not run


def test_the_packages_of_this_machine_are_there() -> None:
    """The machine the tests run on has everything (else make would have stopped)."""
    for purpose in ("run", "test"):
        out = subprocess.run(
            [*_as_nobody(), "sh", str(PACKAGES), purpose],
            env={"PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr


def test_the_image_copies_every_folder_the_package_is_built_from() -> None:
    import tomllib

    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {path.split("/")[0] for path in setup["package-dir"].values()}
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert [f for f in sorted(folders) if f"COPY {f} ./{f}" not in dockerfile] == []
    assert "-c requirements.lock ." in dockerfile  # the product's packages, not the tests'
