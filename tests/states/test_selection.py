"""The selection rule and the lottery, pure: balance, gaps, load, theme, reproducible draws."""

from __future__ import annotations

from collections import Counter

import pytest

from dkbm.states.selection import (
    SECTORS,
    Candidate,
    Load,
    draw,
    propose,
    quotas,
    reachable,
    theme_words,
)

POLITIK, VERWALTUNG, BILDUNG, WIRTSCHAFT, ZIVIL = SECTORS


def person(i: int, sector: str, *areas: str, load: int = 0, **kw: object) -> Candidate:
    return Candidate(
        id=i,
        name=f"Person {i}",
        organisation=kw.pop("organisation", f"Org {i}"),  # type: ignore[arg-type]
        sector=sector,
        areas=areas or ("schule",),
        load=Load(tasks=load),
        **kw,  # type: ignore[arg-type]
    )


def network(per_sector: int = 4) -> list[Candidate]:
    return [
        person(s * 100 + k, sector, load=(k * 7 + s) % 5)
        for s, sector in enumerate(SECTORS)
        for k in range(per_sector)
    ]


def test_one_seat_per_sector_first_then_balanced_fill() -> None:
    chosen = propose(network(), 7)
    sectors = Counter(p.candidate.sector for p in chosen.picks)
    assert set(sectors) == set(SECTORS)
    assert max(sectors.values()) - min(sectors.values()) <= 1
    assert [p.rule for p in chosen.picks[:5]] == ["sektor"] * 5
    assert {p.rule for p in chosen.picks[5:]} == {"auffuellen"}
    assert chosen.gaps == []


def test_lowest_load_first_ties_by_id() -> None:
    pool = [
        person(1, POLITIK, load=3),
        person(2, POLITIK, load=1),
        person(3, POLITIK, load=1),
        person(4, POLITIK, load=0),
    ]
    chosen = propose(pool, 3, sectors=(POLITIK,))
    assert [p.candidate.id for p in chosen.picks] == [4, 2, 3]


def test_same_input_same_proposal() -> None:
    assert propose(network(), 9, theme="Schule") == propose(
        list(reversed(network())), 9, theme="Schule"
    )


def test_a_sector_that_cannot_be_filled_is_a_gap() -> None:
    pool = [p for p in network() if p.sector != WIRTSCHAFT]
    chosen = propose(pool, 5)
    assert [(g.kind, g.sector) for g in chosen.gaps] == [("sektor", WIRTSCHAFT)]
    assert WIRTSCHAFT not in {p.candidate.sector for p in chosen.picks}
    assert len(chosen.picks) == 5  # the seat goes to another sector


def test_sector_without_the_area_asked_for_is_named_with_the_area() -> None:
    pool = [
        person(1, WIRTSCHAFT, "berufliche_bildung"),
        person(2, BILDUNG, "hochschule"),
        person(3, POLITIK, "hochschule"),
    ]
    chosen = propose(pool, 3, sectors=(POLITIK, BILDUNG, WIRTSCHAFT), areas=("hochschule",))
    assert ("sektor", WIRTSCHAFT, ("hochschule",)) in [
        (g.kind, g.sector, g.areas) for g in chosen.gaps
    ]
    assert {p.candidate.id for p in chosen.picks} == {2, 3}
    assert chosen.excluded["ausserhalb_bereiche"] == 1
    assert ("sitze", 3, 2) in [(g.kind, g.wanted, g.found) for g in chosen.gaps]


def test_each_area_asked_for_is_covered_after_the_sectors() -> None:
    pool = [person(i, SECTORS[i % 5], "schule") for i in range(10)]
    pool.append(person(50, ZIVIL, "weiterbildung", load=4))
    chosen = propose(pool, 6, areas=("schule", "weiterbildung", "hochschule"))
    # the sector pass already prefers someone who brings an area not yet covered
    zivil = next(p for p in chosen.picks if p.candidate.sector == ZIVIL)
    assert (zivil.candidate.id, zivil.rule, zivil.areas) == (50, "sektor", ("weiterbildung",))
    assert [(g.kind, g.area) for g in chosen.gaps] == [("bereich", "hochschule")]


def test_area_pass_fills_an_area_the_sector_pass_left() -> None:
    pool = [person(1, POLITIK, "schule"), person(2, POLITIK, "hochschule", load=9)]
    chosen = propose(pool, 2, sectors=(POLITIK,), areas=("schule", "hochschule"))
    assert [(p.candidate.id, p.rule, p.covers) for p in chosen.picks] == [
        (1, "sektor", POLITIK),
        (2, "bereich", "hochschule"),
    ]


def test_too_few_seats_say_which_sectors_are_left() -> None:
    chosen = propose(network(), 3)
    assert [(g.kind, g.sector) for g in chosen.gaps] == [
        ("kein_sitz", WIRTSCHAFT),
        ("kein_sitz", ZIVIL),
    ]


def test_never_deactivated_unreachable_or_members() -> None:
    pool = [
        person(1, POLITIK, active=False),
        person(2, POLITIK, reachable=False),
        person(3, POLITIK, member=True),
        person(4, POLITIK, load=9),
    ]
    for chosen in (propose(pool, 4), draw(pool, 4, seed=1)):
        assert [p.candidate.id for p in chosen.picks] == [4]
        assert chosen.excluded == {
            "inaktiv": 1,
            "ohne_kanal": 1,
            "schon_mitglied": 1,
            "ausserhalb_bereiche": 0,
        }


def test_reachable_needs_a_deliverable_mail_or_a_channel() -> None:
    assert reachable("a@example.org", [])
    assert not reachable("", [])
    assert not reachable("geloescht-4@dkbm.invalid", None)
    assert reachable("", ["json://localhost"])


def test_theme_prefers_matching_organisation_over_load() -> None:
    pool = [
        person(1, POLITIK, load=0),
        person(2, POLITIK, load=5, organisation="Förderverein Ganztagsschule"),
    ]
    chosen = propose(pool, 1, sectors=(POLITIK,), theme="Ganztag an der Grundschule")
    assert chosen.picks[0].candidate.id == 2
    assert chosen.picks[0].theme == ("Ganztag",)
    assert theme_words("Ganztag an der Grundschule") == ("Ganztag", "Grundschule")
    assert theme_words("Übergang, übergang und ÜBERGANG") == ("Übergang",)


def test_theme_matches_area_names() -> None:
    pool = [person(1, POLITIK, "schule"), person(2, POLITIK, "fruehe_bildung", load=3)]
    chosen = propose(pool, 1, sectors=(POLITIK,), theme="frühe Bildung")
    assert chosen.picks[0].candidate.id == 2


def test_lottery_same_seed_same_seats() -> None:
    pool = network(40)
    first = draw(pool, 12, seed=20270111)
    again = draw(list(reversed(pool)), 12, seed=20270111)
    assert [p.candidate.id for p in first.picks] == [p.candidate.id for p in again.picks]
    assert first.seed == 20270111


def test_lottery_different_seed_differs() -> None:
    pool = network(40)
    seats = {tuple(p.candidate.id for p in draw(pool, 12, seed=s).picks) for s in range(5)}
    assert len(seats) > 1


def test_lottery_strata_are_proportional() -> None:
    pool = (
        [person(i, POLITIK) for i in range(10)]
        + [person(100 + i, VERWALTUNG) for i in range(30)]
        + [person(200 + i, BILDUNG) for i in range(60)]
    )
    chosen = draw(pool, 10, seed=7)
    assert Counter(p.candidate.sector for p in chosen.picks) == {
        POLITIK: 1,
        VERWALTUNG: 3,
        BILDUNG: 6,
    }
    assert chosen.quotas == {POLITIK: 1, VERWALTUNG: 3, BILDUNG: 6}
    assert [(g.kind, g.sector) for g in chosen.gaps] == [("sektor", WIRTSCHAFT), ("sektor", ZIVIL)]


@pytest.mark.parametrize(
    ("sizes", "seats", "expected"),
    [
        ({"a": 5, "b": 3, "c": 2}, 5, {"a": 3, "b": 1, "c": 1}),  # remainders .5 .5 .0
        ({"a": 1, "b": 1, "c": 1}, 2, {"a": 1, "b": 1, "c": 0}),  # ties: the order
        ({"a": 2, "b": 1}, 5, {"a": 2, "b": 1}),  # fewer than seats: everyone
        ({"a": 7, "b": 7, "c": 6}, 10, {"a": 4, "b": 3, "c": 3}),
    ],
)
def test_largest_remainder(sizes: dict[str, int], seats: int, expected: dict[str, int]) -> None:
    assert quotas(sizes, seats) == expected
    assert sum(quotas(sizes, seats).values()) == min(seats, sum(sizes.values()))


def test_lottery_draws_within_each_sector_by_id_order() -> None:
    """Reproducible by hand: random.Random(seed).sample over the sector's Akteure by id."""
    import random

    pool = [person(i, POLITIK) for i in (5, 3, 9, 1, 7)]
    chosen = draw(pool, 2, seed=42, sectors=(POLITIK,))
    expected = random.Random(42).sample(sorted(pool, key=lambda c: c.id), 2)
    assert [p.candidate.id for p in chosen.picks] == sorted(c.id for c in expected)
