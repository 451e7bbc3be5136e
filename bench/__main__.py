"""`make bench`: figures for the strategy-cycle engine against baselines measured in the same run.

Prints one table. Absolute numbers vary between machines; the ratios are what count.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from dkbm.bench.fixtures import T0, wall, with_postgres

ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")


def rate(n: int, fn: Callable[[int], None]) -> float:
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    return n / (time.perf_counter() - start)


def bare_transitions(n: int = 30_000) -> float:
    """A bare `transitions` HierarchicalMachine on the same states, in memory, no guards."""
    from transitions.extensions.nesting import HierarchicalMachine

    from dkbm.states.cycle import INITIAL, STATES, TRANSITIONS

    rows = [{k: r[k] for k in ("trigger", "source", "dest")} for r in TRANSITIONS]

    class Model:
        pass

    model = Model()
    HierarchicalMachine(
        model=model, states=STATES, transitions=rows, initial=INITIAL, auto_transitions=False
    )
    triggers = ("beteiligung_starten", "ueberarbeiten")
    return rate(n, lambda i: model.trigger(triggers[i % 2]))


def persisted(url: str, n: int) -> tuple[float, float]:
    """dkbm use cases per transition, as (state + audit only, with consequences).

    State + audit only: `naechste_stufe` on *n* cycles decided in their Leitbild, each one
    load, guarded trigger and commit of state and audit (the transition causes no message).
    With consequences: `beteiligung_starten` / `ueberarbeiten` on one cycle, which also
    open or close a deadline and render and queue the messages they cause.
    """
    os.environ["DKBM_DATABASE_URL"] = url
    from dkbm import cycles
    from dkbm.bench.fixtures import kommune

    (actor,), board = kommune(T0)
    c = cycles.start(title="Bench", board_id=board, by="bench", now=T0)
    cycles.set_vision(c.id, "Bildung", by="bench", now=T0)
    deadline = T0 + timedelta(days=30)

    def step(i: int) -> None:
        if i % 2 == 0:
            cycles.advance(
                c.id,
                "beteiligung_starten",
                by="bench",
                now=T0,
                deadline=deadline,
                invited=[actor],
            )
        else:
            cycles.advance(c.id, "ueberarbeiten", by="bench", now=T0)

    with_consequences = rate(n, step)
    ids = _decided_cycles(n, board)
    minimal = rate(n, lambda i: cycles.advance(ids[i], "naechste_stufe", by="bench", now=T0))
    return minimal, with_consequences


def _decided_cycles(n: int, board_id: int) -> list[int]:
    """*n* cycles whose Leitbild was decided, written directly as rows (bench set-up)."""
    from sqlalchemy import insert

    from dkbm.states.model import StrategyCycle
    from dkbm.store import items, mapping
    from dkbm.store.db import engine
    from dkbm.store.tables import CycleRow

    table = CycleRow.__table__  # type: ignore[attr-defined]
    rows = []
    for i in range(n):
        c = StrategyCycle(
            id=None,
            municipality_id=1,
            title=f"Zyklus {i}",
            board_id=board_id,
            state="leitbild_beschlossen",
            version=1,
            vision="Bildung",
            decided={"leitbild": T0},
        )
        rows.append(
            {
                "municipality_id": 1,
                "board_id": board_id,
                "title": c.title,
                "state": c.state,
                "version": 1,
                "round": 1,
                "content": (content := mapping.content(c)),
                # as a use case writes it: the items (none) are in their tables
                "items_digest": items.digest(content),
                "updated_at": T0,
            }
        )
    with engine().begin() as conn:
        first = conn.execute(insert(table).returning(table.c.id), rows).scalars().all()
    return list(first)


def raw_sqlite(n: int = 5_000) -> float:
    """Baseline: one UPDATE + one INSERT per transaction with plain sqlite3, same pragmas."""
    with tempfile.TemporaryDirectory() as d:
        db = sqlite3.connect(Path(d) / "raw.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, state TEXT, version INT)")
        db.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, c INT, v INT, frm TEXT, t TEXT)")
        db.execute("INSERT INTO c VALUES (1, 's0', 0)")

        def step(i: int) -> None:
            db.execute("BEGIN")
            db.execute(
                "UPDATE c SET state=?, version=? WHERE id=1 AND version=?", (f"s{i}", i + 1, i)
            )
            db.execute("INSERT INTO a (c, v, frm, t) VALUES (1, ?, ?, ?)", (i + 1, f"s{i}", "x"))
            db.execute("COMMIT")

        result = rate(n, step)
        db.close()
        return result


def rss_loaded_cycles(n: int = 10_000) -> tuple[float, float]:
    """RSS (MB) of a process before and after loading *n* cycles as domain objects."""
    code = f"""
import os, sys
from datetime import UTC, datetime
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20
from dkbm.store.db import session
from dkbm.store import repository as repo
from dkbm.store.migrate import upgrade
from dkbm.store.tables import CycleRow, MunicipalityRow, BoardRow
from dkbm.states.model import StrategyCycle, Goal, Strategy, Measure
from dkbm.store import mapping
upgrade()
now = datetime(2027, 1, 1, tzinfo=UTC)
with session() as s:
    s.add(MunicipalityRow(name='B', bundesland='NW', form='bildungsbuero', placement='linie', contact_name='a', contact_email='a@b.de'))
    s.flush()
    s.add(BoardRow(municipality_id=1, name='G', kind='gremium', quorum_percent=50))
    s.flush()
    for i in range({n}):
        c = StrategyCycle(id=None, municipality_id=1, title=f'Zyklus {{i}}', board_id=1, vision='Bildung für alle',
            goals=[Goal(1, 'Ziel')], strategies=[Strategy(2, 1, 'S')], measures=[Measure(3, 2, 'M', indicator='Quote')])
        s.add(CycleRow(municipality_id=1, board_id=1, title=c.title, state=c.state, version=1, round=1,
            content=mapping.content(c), updated_at=now))
import gc; gc.collect()
before = rss()
with session() as s:
    loaded = repo.cycles(s)
assert len(loaded) == {n}
print(before, rss())
"""
    with tempfile.TemporaryDirectory() as d:
        env = {**os.environ, "DKBM_DATABASE_URL": f"sqlite:///{Path(d) / 'rss.db'}"}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    before, after = map(float, out.stdout.split())
    return before, after


def status_wall() -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as d:
        env = {**os.environ, "DKBM_DATABASE_URL": f"sqlite:///{Path(d) / 'demo.db'}"}
        subprocess.run(
            [sys.executable, "-m", "dkbm", "demo"], env=env, capture_output=True, check=True
        )
        dkbm = str(Path(sys.executable).with_name("dkbm"))
        status = wall([dkbm, "zyklus", "status", "1"], env)
        bare = wall([sys.executable, "-c", "pass"], env)
        prefect = wall([str(Path(sys.executable).with_name("prefect")), "version"], env, runs=3)
    return status, bare, prefect


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    bare = bare_transitions()
    with tempfile.TemporaryDirectory() as d:
        sqlite_min, sqlite_full = persisted(f"sqlite:///{Path(d) / 'bench.db'}", 2_000)
    pg = with_postgres(lambda url: persisted(url, 1_000))
    raw = raw_sqlite()
    rows.append(("bare transitions HSM, in memory", f"{bare:,.0f} triggers/s", "baseline", "1.00"))
    rows.append(("raw sqlite3 UPDATE+INSERT per tx", f"{raw:,.0f} tx/s", "baseline", "1.00"))
    for label, value, against, base in (
        ("dkbm transition, state+audit, SQLite", sqlite_min, "bare HSM", bare),
        ("dkbm transition, state+audit, SQLite", sqlite_min, "raw sqlite3", raw),
        ("dkbm transition + deadline + messages, SQLite", sqlite_full, "bare HSM", bare),
        ("dkbm transition, state+audit, PostgreSQL", pg[0] if pg else None, "bare HSM", bare),
        (
            "dkbm transition + deadline + messages, PostgreSQL",
            pg[1] if pg else None,
            "bare HSM",
            bare,
        ),
    ):
        if value is None:
            rows.append((label, "unreachable", "-", "-"))
            continue
        aim = (
            " (aim >= 0.25)"
            if label.endswith("state+audit, SQLite") and against == "bare HSM"
            else ""
        )
        rows.append((label, f"{value:,.0f} /s", against, f"{value / base:.3f}{aim}"))
    before, after = rss_loaded_cycles()
    rows.append(
        (
            "RSS with 10k cycles loaded",
            f"{after:,.0f} MB",
            f"before load {before:,.0f} MB",
            f"+{after - before:,.0f} MB",
        )
    )
    status, python, prefect = status_wall()
    rows.append(
        (
            "`dkbm zyklus status` (warm, median)",
            f"{status:.3f} s",
            f"python -c pass {python:.3f} s",
            f"{status / python:.1f}x",
        )
    )
    rows.append(
        (
            "`dkbm zyklus status` (warm, median)",
            f"{status:.3f} s",
            f"prefect version {prefect:.3f} s",
            f"{status / prefect:.2f} (aim < 0.3 s)",
        )
    )
    from dkbm.bench.notifications import rows as notification_rows

    rows += notification_rows()
    from dkbm.bench.land import rows as land_rows

    rows += land_rows()
    from dkbm.bench.content import rows as content_rows
    from dkbm.bench.moderation import rows as moderation_rows

    rows += content_rows()

    rows += moderation_rows()
    from dkbm.bench.portal import rows as portal_rows

    rows += portal_rows()
    from dkbm.bench.operations import rows as operations_rows

    rows += operations_rows()
    from dkbm.bench.web import rows as web_rows

    rows += web_rows()
    from dkbm.bench.selection import rows as selection_rows

    rows += selection_rows()
    from dkbm.bench.imports import rows as import_rows

    rows += import_rows()
    from dkbm.bench.network_map import rows as network_map_rows

    rows += network_map_rows()
    widths = [
        max(len(r[i]) for r in [("measure", "dkbm", "against", "ratio"), *rows]) for i in range(4)
    ]
    for r in [("measure", "value", "against", "ratio"), tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
