"""A small Kommune for benchmarks, set up through the real use cases."""

from __future__ import annotations

import statistics
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

T = TypeVar("T")

BY = "bench"
T0 = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def kommune(now: datetime, actors: int = 1) -> tuple[list[int], int]:
    """Migrate the configured database, record a Kommune with *actors* Akteure and a
    Gremium whose one voting member is the first of them; returns (actor ids, board id)."""
    from dkbm import network
    from dkbm.store.migrate import upgrade

    upgrade()
    network.setup_municipality(
        name="Bench",
        bundesland="NW",
        form="bildungsbuero",
        placement="linie",
        contact_name="A",
        contact_email="a@example.org",
        by=BY,
        now=now,
    )
    ids = [
        network.add_actor(
            name=f"Akteur {i}",
            organisation="O",
            email=f"a{i}@example.org",
            sector="politik",
            areas=[],
            consent=False,
            lang="de",
            by=BY,
            now=now,
        ).id
        for i in range(actors)
    ]
    board = network.add_board(name="G", kind="gremium", quorum_percent=50, by=BY, now=now)
    network.set_member(board_id=board.id, actor_ids=ids[:1], role="mitglied", by=BY, now=now)
    return ids, board.id


def working_groups(conn: Any, count: int) -> tuple[list[int], list[int]]:
    """Write *count* Arbeitsgruppen of Kommune 1 as rows ("AG 0", "AG 1", ...; bench set-up);
    returns the ids of every Akteur and of every Gremium, in order."""
    from sqlalchemy import insert

    from dkbm.store.tables import BoardRow

    conn.execute(
        insert(BoardRow.__table__),  # type: ignore[attr-defined]
        [
            {
                "municipality_id": 1,
                "name": f"AG {b}",
                "kind": "arbeitsgruppe",
                "quorum_percent": 0,
                "channels": [],
            }
            for b in range(count)
        ],
    )
    actors = [r[0] for r in conn.exec_driver_sql("SELECT id FROM actor ORDER BY id")]
    boards = [r[0] for r in conn.exec_driver_sql("SELECT id FROM board ORDER BY id")]
    return actors, boards


def median_seconds(fn: Callable[[], object], runs: int, *, warm: bool = False) -> float:
    """How long *fn* takes, median of *runs* calls (after one uncounted call when *warm*)."""
    if warm:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def free_port() -> int:
    """A port nothing listens on now, for a server a benchmark starts."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wall(args: list[str], env: dict[str, str], runs: int = 7) -> float:
    subprocess.run(args, env=env, capture_output=True, check=True)  # warm the caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def with_postgres(fn: Callable[[str], T]) -> T | None:
    try:
        import psycopg

        admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)
    except Exception:
        return None
    name = f"dkbm_bench_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        return fn(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    finally:
        from dkbm.store.db import engine

        engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}").dispose()
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()
