"""flows/logpipe.py: a program of the environment with every line it and its children write
as one JSON object, in the program's own process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dkbm.flows.logpipe import wrapped

BIN = Path(sys.executable).parent


def test_a_plain_line_is_wrapped_and_a_json_object_passes_unchanged() -> None:
    plain = json.loads(wrapped("Worker 'dkbm-vm-1' started!\n", "stdout"))
    assert (plain["level"], plain["logger"], plain["message"]) == (
        "INFO",
        "stdout",
        "Worker 'dkbm-vm-1' started!",
    )
    assert plain["time"].endswith("+00:00")
    assert json.loads(wrapped("Traceback (most recent call last):\r\n", "stderr"))["level"] == (
        "WARNING"
    )
    line = '{"level": "ERROR", "message": "kaputt"}'
    assert wrapped(line + "\n", "stderr") == line
    assert json.loads(wrapped("[1, 2]", "stdout"))["message"] == "[1, 2]"  # not an object
    assert json.loads(wrapped('{"halb', "stdout"))["message"] == '{"halb'


def _piped(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "python"), "-m", "dkbm.flows.logpipe", *args],
        env={
            "PATH": f"{BIN}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "DKBM_DATABASE_URL": f"sqlite:///{tmp_path / 'leer.db'}",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_line_of_a_program_on_both_streams_is_json(tmp_path: Path) -> None:
    version = _piped("prefect", "version", tmp_path=tmp_path)
    assert version.returncode == 0, version.stderr
    lines = [json.loads(line) for line in version.stdout.splitlines()]
    assert any(d["message"].startswith("Version:") and d["logger"] == "stdout" for d in lines)
    assert all(json.loads(line) for line in version.stderr.splitlines())

    refused = _piped("dkbm", "zyklus", "status", "1", tmp_path=tmp_path)  # no schema: an error
    assert refused.returncode != 0
    errors = [json.loads(line) for line in refused.stderr.splitlines()]
    assert errors and errors[0]["logger"] == "stderr" and "dkbm init" in errors[0]["message"]


def test_an_unknown_program_is_refused(tmp_path: Path) -> None:
    out = _piped("gibtsnicht", tmp_path=tmp_path)
    assert out.returncode == 2 and "gibtsnicht" in out.stderr
