"""DKBM_LOG_FORMAT=json: one JSON object per log line, through Prefect's own logging set-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG = """
from dkbm.flows.logformat import configure_from_env
configure_from_env()
import logging
from prefect.logging.configuration import setup_logging
setup_logging()  # what the worker, the engine and serve do at start
logging.getLogger("prefect.flow_runs.worker").warning("Worker übernimmt Lauf")
logging.getLogger("prefect.test").warning(
    "gesendet: 3", extra={"flow_run_name": "versand 26.11. 09:15", "flow_run_id": "f-1"}
)
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("prefect.test").exception("kaputt")
"""


def _run(fmt: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DKBM_"))}
    return subprocess.run(
        [sys.executable, "-c", LOG],
        env={
            **env,
            "DKBM_LOG_FORMAT": fmt,
            "PREFECT_HOME": str(ROOT / ".pytest_cache"),
            "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        },
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_json_format_writes_one_object_per_line_with_the_run() -> None:
    out = _run("json")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stderr.splitlines()]
    assert [line["message"] for line in lines] == ["Worker übernimmt Lauf", "gesendet: 3", "kaputt"]
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "prefect.flow_runs.worker"
    assert lines[1]["flow_run_name"] == "versand 26.11. 09:15" and lines[1]["flow_run_id"] == "f-1"
    assert "ZeroDivisionError" in lines[2]["exception"]


def test_an_unknown_format_is_refused_in_one_line() -> None:
    out = _run("xml")
    assert out.returncode != 0
    assert "DKBM_LOG_FORMAT" in out.stderr and "json, text" in out.stderr
