"""The read side: what read commands, the portal and `dkbm health` read, through `sqlite3` or
`psycopg` directly, without SQLAlchemy (importing it and SQLModel costs ~0.3 s; `dkbm
zyklus status` answers in ~0.15 s without).

One module per reader, named for what it reads (`cycles`, `network`, `audit`, `deadlines`,
`messages`, `indicators`, `documents`, `portal`, `health`); each function takes the
`Reader` that `reader()` opens and is named for what it returns. `connection` is the one
way to open the database for reading and the one place its failures are translated
(`store.dberrors.translate`). Rows map to domain objects with the same `store.mapping` as
the write side's.

    from dkbm.store import reads

    with reads.reader() as r:
        c = reads.cycles.cycle(r, 1)

A reader module is imported when first named, so a command pays only for what it reads.
Everything that writes uses the engine (`store.db`); its hot path is `store.hotpath`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from dkbm.store.reads.connection import Reader, reader

if TYPE_CHECKING:
    from dkbm.store.reads import (
        audit,
        cycles,
        deadlines,
        documents,
        health,
        indicators,
        messages,
        network,
        portal,
    )

READERS = (
    "audit",
    "cycles",
    "deadlines",
    "documents",
    "health",
    "indicators",
    "messages",
    "network",
    "portal",
)

__all__ = [
    "READERS",
    "Reader",
    "audit",
    "cycles",
    "deadlines",
    "documents",
    "health",
    "indicators",
    "messages",
    "network",
    "portal",
    "reader",
]


def __getattr__(name: str) -> Any:
    if name in READERS:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
