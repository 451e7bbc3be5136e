"""One JSON object per log line (`DKBM_LOG_FORMAT=json`), for journald or a log stack.

Wired through Prefect's own logging configuration (deploy/logging-json.yml, named by
PREFECT_LOGGING_SETTINGS_PATH), so workers, the flow runs they start and `dkbm serve` all
write the same lines. Prefect's run loggers add the run's name and id to each record.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

# What Prefect's flow and task run loggers attach to a record (prefect.logging.loggers).
_CONTEXT = ("flow_run_id", "flow_run_name", "flow_name", "task_run_id", "task_run_name")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in _CONTEXT:
            value = getattr(record, key, None)
            if value not in (None, "", "<unknown>"):
                doc[key] = str(value)
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


CONFIG = Path(__file__).with_name("logging-json.yml")


def configure_from_env() -> None:
    """With DKBM_LOG_FORMAT=json, point Prefect (read once per process, so before it is
    imported) and the processes it starts at the JSON configuration."""
    fmt = os.environ.get("DKBM_LOG_FORMAT", "").strip().lower()
    if fmt == "json":
        os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(CONFIG))
    elif fmt not in ("", "text"):
        from dkbm.states.errors import InvalidValue

        raise InvalidValue("DKBM_LOG_FORMAT", fmt, "json, text")
