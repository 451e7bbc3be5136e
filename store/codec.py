"""JSON for stored documents: orjson, as text (what SQLite keeps and SQLAlchemy expects)."""

from __future__ import annotations

from typing import Any

import orjson


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def loads(text: str | bytes) -> Any:
    return orjson.loads(text)
