"""What a portal rebuild reads, on both databases: one cycle with only the Akteure it names
comes out as it does in a full read, and the stamp moves with a transition (that cycle
only) and with a change of an Akteur (the rest)."""

from __future__ import annotations

from datetime import timedelta

from dkbm import cycles, indicators, people
from dkbm.portal import public
from dkbm.portal.cache import current
from dkbm.states.indicators import ItemKind
from tests.conftest import T0
from tests.factories import BY, decide_stage, fill_stage, make_network


def test_one_cycle_read_alone_is_the_cycle_of_a_full_read(db_url: str) -> None:
    net = make_network(voting=5, others=1)
    first = cycles.start(title="Erster", board_id=net.board, by=BY, now=T0).id or 0
    decide_stage(first, net, T0)
    second = cycles.start(title="Zweiter", board_id=net.board, by=BY, now=T0).id or 0
    for stage in ("ziele", "strategien", "massnahmen"):
        fill_stage(second, stage, net, T0)
    measure = cycles.replay_check(second)[0].measures[0].id
    ind = indicators.add(
        second,
        item_kind=ItemKind.MASSNAHME,
        item_id=measure,
        name="Quote",
        unit="%",
        source="Statistik",
        baseline=(40.0, 2024),
        target=(80.0, 2028),
        by=BY,
        now=T0,
    )
    indicators.record_value(ind.id or 0, year=2025, value=47.5, by=BY, now=T0)
    network, everyone = public.read_network()
    full = public.read_cycles(None, network.board_names, everyone)
    alone = public.read_cycles([first, second], network.board_names)
    assert [p.cycle["id"] for p in full] == [first, second]
    assert alone == full
    assert full[0].decisions and full[1].indicators and full[1].cycle["measures"][0]["owner"]


def test_the_stamp_moves_with_the_cycle_changed_or_with_the_rest(db_url: str) -> None:
    net = make_network(voting=3, others=0)
    ids = [cycles.start(title=t, board_id=net.board, by=BY, now=T0).id or 0 for t in "AB"]
    for c in ids:
        cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    before = current()
    cycles.advance(ids[1], "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))
    after = current()
    assert after.others == before.others
    assert [c for c in ids if after.cycles[c] != before.cycles[c]] == [ids[1]]
    people.change_actor(net.actors[1], consent=True, by=BY, now=T0)
    assert current().others != after.others and current().cycles == after.cycles


def test_a_change_committed_after_a_younger_one_still_moves_the_stamp(pg_url: str) -> None:
    """PostgreSQL hands out audit ids in insert order: a consent change that commits after
    a younger entry adds no newer id, and a stamp by newest id alone would miss it."""
    import psycopg

    net = make_network(voting=3, others=0)
    insert = (
        "INSERT INTO audit_event (subject, subject_id, version, at, by, action, reason) "
        "VALUES ('akteur', %s, 1, now(), 'test', 'geaendert', '')"
    )
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as slow, psycopg.connect(dsn) as quick:
        slow.execute(insert, (net.actors[0],))  # the older id, still uncommitted
        quick.execute(insert, (net.actors[1],))
        quick.commit()
        seen = current()
        slow.commit()
    assert current().others != seen.others
