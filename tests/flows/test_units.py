"""The systemd units in deploy/systemd/ are valid units that run runbook steps that exist."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
STEPS = set(re.findall(r"^(\S+)\)$", (ROOT / "deploy" / "runbook.sh").read_text(), re.M))


def test_units_run_runbook_steps_with_their_environment_file() -> None:
    assert {u.name for u in UNITS} >= {
        "prefect-server.service",
        "dkbm-worker@.service",
        "dkbm-serve.service",
    }
    for unit in UNITS:
        text = unit.read_text()
        assert "EnvironmentFile=/etc/dkbm/dkbm.env" in text and "KillSignal=SIGTERM" in text
        assert re.search(r"^Restart=(always|on-failure)$", text, re.M)
        assert re.search(r"^TimeoutStopSec=\d+$", text, re.M)
        for step in re.findall(r"runbook\.sh (\S+)", text):
            assert step in STEPS, f"{unit.name}: runbook.sh has no step {step}"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/dkbm", str(ROOT)))
    out = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, tmp_path.glob("*.service"))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0 and not out.stderr.strip(), out.stderr


def test_the_worker_unit_waits_longer_than_its_stop_step() -> None:
    """stop-worker waits DKBM_STOP_SECONDS for the runs, then as long for the worker, and
    then kills and fails: systemd must not cut it off first."""
    unit = (ROOT / "deploy" / "systemd" / "dkbm-worker@.service").read_text()
    example = (ROOT / "deploy" / "dkbm.env.example").read_text()
    timeout = int(re.search(r"^TimeoutStopSec=(\d+)$", unit, re.M)[1])  # type: ignore[index]
    grace = int(re.search(r"^DKBM_STOP_SECONDS='?(\d+)'?$", example, re.M)[1])  # type: ignore[index]
    assert timeout > 2 * grace


def test_the_example_env_file_names_every_setting_the_runbook_needs() -> None:
    """What a step refuses to run without (`need X`) is in the file the first install copies."""
    runbook = (ROOT / "deploy" / "runbook.sh").read_text()
    example = (ROOT / "deploy" / "dkbm.env.example").read_text()
    needed = set(re.findall(r"^\s*need (\w+)", runbook, re.M))
    assert {"DKBM_DATABASE_URL", "DKBM_KONTAKT_EMAIL", "DKBM_LINK_SECRET"} <= needed
    for name in needed:
        assert re.search(rf"^{name}=", example, re.M), f"dkbm.env.example lacks {name}"
