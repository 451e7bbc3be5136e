"""Build valid objects in one call, through the real use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dkbm import cycles, network
from dkbm.states.model import Sector
from tests.conftest import T0

BY = "test"


@dataclass
class Network:
    actors: list[int]
    board: int


def make_municipality(now: datetime = T0) -> None:
    network.setup_municipality(
        name="Kreis Test",
        bundesland="NW",
        form="bildungsbuero",
        placement="stabsstelle",
        contact_name="Landrat Test",
        contact_email="landrat@example.org",
        by=BY,
        now=now,
    )


def add_kommune(ags: str, name: str = "München", email: str = "k@example.org") -> None:
    """A further Kommune in the database (PostgreSQL; the first needs its AGS already)."""
    from dkbm import kommunen

    kommunen.add(
        by=BY, now=T0, ags=ags, name=name, form="bildungsbuero", placement="stabsstelle",
        contact_name="-", contact_email=email,
    )  # fmt: skip


def make_network(voting: int = 5, others: int = 3, now: datetime = T0) -> Network:
    make_municipality(now)
    sectors = list(Sector)
    ids = [
        network.add_actor(
            name=f"Akteur {i}",
            organisation=f"Organisation {i}",
            email=f"a{i}@example.org",
            sector=sectors[i % len(sectors)].value,
            areas=["schule"],
            consent=i % 2 == 0,
            lang="de",
            by=BY,
            now=now,
        ).id
        for i in range(voting + others)
    ]
    board = network.add_board(
        name="Lenkungsgruppe", kind="gremium", quorum_percent=50, by=BY, now=now
    )
    network.set_member(board_id=board.id, actor_ids=ids[:voting], role="mitglied", by=BY, now=now)
    return Network(actors=ids, board=board.id)


def fill_stage(cycle_id: int, stage: str, net: Network, now: datetime = T0) -> None:
    """Give a stage the content its guards ask for."""
    c = cycles.replay_check(cycle_id)[0]
    if stage == "leitbild":
        cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=now)
    elif stage == "ziele":
        cycles.add_goal(cycle_id, "Ziel A", ["schule"], by=BY, now=now)
    elif stage == "strategien":
        for goal in c.goals:
            cycles.add_strategy(cycle_id, goal.id, f"Strategie zu {goal.id}", by=BY, now=now)
    elif stage == "massnahmen":
        for strategy in c.strategies:
            cycles.save_measure(
                cycle_id,
                strategy_id=strategy.id,
                title=f"Maßnahme zu {strategy.id}",
                owner_id=net.actors[0],
                indicator="Quote",
                target_value="90 %",
                deadline=(now + timedelta(days=365)).date(),
                by=BY,
                now=now,
            )


def decide_stage(cycle_id: int, net: Network, now: datetime) -> datetime:
    """Consult everyone, let all answer, vote with quorum and majority, decide, move on."""
    c = cycles.replay_check(cycle_id)[0]
    fill_stage(cycle_id, c.stage, net, now)
    cycles.advance(
        cycle_id, "beteiligung_starten", by=BY, now=now, deadline=now + timedelta(days=14)
    )
    for actor_id in net.actors:
        cycles.record_response(cycle_id, actor_id, "ok", by=BY, now=now)
    cycles.advance(cycle_id, "abstimmung_starten", by=BY, now=now)
    cycles.record_vote(cycle_id, present=5, yes=4, no=1, abstain=0, by=BY, now=now)
    cycles.advance(cycle_id, "beschliessen", by=BY, now=now)
    cycles.advance(cycle_id, "naechste_stufe", by=BY, now=now)
    return now + timedelta(days=1)


def cycle_in_implementation(net: Network, now: datetime = T0) -> int:
    c = cycles.start(title="Zyklus", board_id=net.board, by=BY, now=now)
    for _ in range(4):
        now = decide_stage(c.id, net, now)
    return c.id


def close_cycle(cycle_id: int, now: datetime = T0) -> None:
    """Every Maßnahme reported as reached, the Wirkungsprüfung done, the cycle closed."""
    for m in cycles.replay_check(cycle_id)[0].measures:
        cycles.report_progress(cycle_id, m.id, "erreicht", value=90.0, by=BY, now=now)
    cycles.advance(cycle_id, "wirkung_pruefen", by=BY, now=now)
    cycles.advance(cycle_id, "abschliessen", by=BY, now=now)


def cycle_with_content(now: datetime = T0) -> int:
    """A new cycle (Leitbild/Entwurf) with Ziel 1, Strategie 2 and Maßnahme 3 prepared
    ahead of their stages: content without the cost of deciding four stages."""
    net = make_network(voting=1, others=0, now=now)
    cycle_id = cycles.start(title="Zyklus", board_id=net.board, by=BY, now=now).id or 0
    for stage in ("ziele", "strategien", "massnahmen"):
        fill_stage(cycle_id, stage, net, now)
    return cycle_id
