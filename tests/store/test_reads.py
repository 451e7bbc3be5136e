"""The read side (`dkbm.store.reads`): one way to open either database, read-only."""

from __future__ import annotations

import pytest

from dkbm import cycles
from dkbm.states.errors import DatabaseError
from dkbm.store import reads
from dkbm.store import repository as repo
from dkbm.store.db import transaction
from tests.conftest import T0, dump
from tests.factories import BY, make_network


def test_the_read_side_cannot_write_on_either_database(db_url: str) -> None:
    make_network(voting=1, others=0)
    before = dump(db_url)
    with reads.reader() as r, pytest.raises(DatabaseError) as refused:
        r.rows("UPDATE actor SET name = 'x'")
    assert refused.value.key == "database_read_only"
    assert dump(db_url) == before


def test_a_cycle_reads_the_same_on_both_sides(db_url: str) -> None:
    net = make_network(voting=3, others=1)
    cycle_id = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id or 0
    cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=T0)
    with transaction() as tx:
        written = repo.cycle(tx, cycle_id)
    with reads.reader() as r:
        assert reads.cycles.cycle(r, cycle_id) == written
        assert reads.cycles.cycles(r, [cycle_id, 999]) == [written]
        newest = reads.audit.events(r, "zyklus", cycle_id)[-1]
        assert reads.audit.last_event(r, "zyklus", cycle_id, newest.action) == newest


def test_every_reader_is_a_module_of_the_package() -> None:
    assert all(
        getattr(reads, name).__name__ == f"dkbm.store.reads.{name}" for name in reads.READERS
    )
    with pytest.raises(AttributeError):
        reads.nothing  # noqa: B018
