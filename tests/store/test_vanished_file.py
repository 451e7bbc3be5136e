"""Issue 18, point 9: a SQLite file deleted while a command runs ends that command with one
line and a non-zero exit code, not with success into a file nobody can open again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_deleting_the_database_during_the_demo_fails_it_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    env = {**os.environ, "DKBM_DATABASE_URL": f"sqlite:///{path}", "PYTHONUNBUFFERED": "1"}
    demo = subprocess.Popen(
        [sys.executable, "-m", "dkbm", "demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert demo.stdout is not None
    for line in demo.stdout:  # the demo is busy with its cycle: its database exists
        if line.startswith("== Stufe 2"):
            path.unlink()
            break
    _, err = demo.communicate(timeout=120)
    assert demo.returncode == 1, err[-2000:]
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "wurde gelöscht oder verschoben, während dkbm lief" in err
