"""Logs that never show a personal link: `/m/<token>` is masked in uvicorn's access and
error lines, whatever writes them (our own configuration or one a deployment brings)."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

_TOKEN_PATH = re.compile(r"/m/[^/?#\s\"']+")
MASK = "/m/***"


def mask(text: str) -> str:
    return _TOKEN_PATH.sub(MASK, text)


class MaskTokens(logging.Filter):
    """Rewrites a record's message and arguments: uvicorn's access formatter reads the path
    from the arguments, so masking the formatted line alone would not do."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask(v) if isinstance(v, str) else v for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        return True


_LOGGERS = ("uvicorn.access", "uvicorn.error", "dkbm.web")


def mask_uvicorn_loggers() -> None:
    """The filter on uvicorn's loggers themselves (once): it holds however uvicorn was
    started, also as `uvicorn --factory dkbm.web.app:create_app`."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskTokens) for f in logger.filters):
            logger.addFilter(MaskTokens())


def log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with the mask on both of its handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["mask_tokens"] = {"()": f"{__name__}.MaskTokens"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("mask_tokens")
    # the app's own lines (a woken moderation run, a failed request) beside uvicorn's
    config["loggers"]["dkbm.web"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
