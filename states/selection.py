"""Auswahl von Teilnehmenden: a balanced proposal, and a seeded, stratified lottery.

Pure and deterministic: the candidates come in with their load (open duties), the same
input gives the same selection, and a lottery gives the same seats for the same seed.

Who may be proposed: an active Akteur with a channel (an e-mail address that can be
delivered to, or an Apprise channel), not already a member of the target Gremium or AG;
with Bildungsbereiche asked for, only Akteure working in at least one of them.

The proposal (`propose`) follows one rule, in this order:

1. each sector asked for (all five unless fewer are asked for, in their fixed order) gets
   one seat: the Akteur of that sector who covers a Bildungsbereich asked for and not yet
   covered, then the best match to the theme, then the lowest load, then the lowest id;
2. each Bildungsbereich asked for that no pick covers yet gets one seat: an Akteur with
   that area, from the sector with the fewest seats so far, then theme, load, id;
3. the remaining seats are filled one by one: among the sectors with the fewest seats so
   far, the Akteur with the best match to the theme, then the lowest load, then the
   lowest id.

Whatever cannot be met is a gap ("kein Akteur aus Wirtschaft mit Bereich Hochschule").

The lottery (`draw`) ignores load and theme: the strata are the sectors asked for, the seats
are split in proportion to each sector's share of the pool (largest remainder, ties by the
sector order), and each sector's seats are drawn with `random.Random(seed).sample` over its
Akteure ordered by id, the sectors in their fixed order. Anyone with the seed and the same
pool draws the same seats (Python keeps `random.Random(seed)` reproducible; should a later
Python change `sample`, the method and seed kept in the audit entry still say how it was drawn).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from dkbm.states.model import EducationArea, Sector
from dkbm.states.vocabulary import NAMES

SECTORS: tuple[str, ...] = tuple(s.value for s in Sector)
AREAS: tuple[str, ...] = tuple(a.value for a in EducationArea)
# theme words shorter than this are left out ("und", "der", "für")
MIN_WORD = 4
_FOLD = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue"})


@dataclass(frozen=True)
class Load:
    """Open duties of an Akteur: Beteiligungen she owes an answer to, written votes she owes a
    ballot in, Sitzungen whose invitation she has not answered, open Aufgaben, memberships in
    Gremien and AGs."""

    consultations: int = 0
    votes: int = 0
    meetings: int = 0
    tasks: int = 0
    memberships: int = 0

    @property
    def total(self) -> int:
        return self.consultations + self.votes + self.meetings + self.tasks + self.memberships

    def as_dict(self) -> dict[str, int]:
        return {
            "gesamt": self.total,
            "beteiligungen": self.consultations,
            "abstimmungen": self.votes,
            "sitzungen": self.meetings,
            "aufgaben": self.tasks,
            "mitgliedschaften": self.memberships,
        }


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    organisation: str
    sector: str
    areas: tuple[str, ...] = ()
    load: Load = Load()
    active: bool = True
    reachable: bool = True  # has a channel: a deliverable e-mail or an Apprise URL
    member: bool = False  # already a member of the target Gremium or AG


@dataclass(frozen=True)
class Pick:
    """One proposed Akteur and why: *rule* is `sektor`, `bereich`, `auffuellen` or `los`;
    *covers* the sector or area the rule gave her the seat for; *areas* the areas asked for
    that she works in; *theme* the theme words she matches."""

    candidate: Candidate
    rule: str
    covers: str = ""
    areas: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    stratum: tuple[int, int] | None = None  # lottery: (seats, pool) of her sector


@dataclass(frozen=True)
class Gap:
    """What could not be met: *kind* `sektor` (no Akteur of that sector, or of that sector in
    the areas asked for), `bereich` (no Akteur with that area), `sitze` (fewer Akteure than
    seats), `kein_sitz` (no seat left for a sector or area). *excluded*: for a `sektor` or
    `bereich` gap, how many who would have fitted were left out, by reason (EXCLUDED_FITTING
    order: deactivated, without a channel, already a member)."""

    kind: str
    sector: str = ""
    area: str = ""
    areas: tuple[str, ...] = ()
    wanted: int = 0
    found: int = 0
    excluded: tuple[tuple[str, int], ...] = ()

    def excluded_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(EXCLUDED_FITTING, 0)
        counts.update(self.excluded)
        return counts


@dataclass
class Selection:
    picks: list[Pick]
    gaps: list[Gap]
    pool: int  # Akteure who could be proposed
    excluded: dict[str, int]  # inaktiv, ohne_kanal, schon_mitglied, ausserhalb_bereiche
    seed: int | None = None
    quotas: dict[str, int] = field(default_factory=dict)  # lottery: seats per sector


# the reasons for leaving out an Akteur who would otherwise fit a sector or area
EXCLUDED_FITTING = ("inaktiv", "ohne_kanal", "schon_mitglied")


def _why_not(c: Candidate) -> str | None:
    if not c.active:
        return "inaktiv"
    if not c.reachable:
        return "ohne_kanal"
    if c.member:
        return "schon_mitglied"
    return None


def _left_out(
    candidates: list[Candidate], *, sector: str = "", areas: tuple[str, ...] = ()
) -> tuple[tuple[str, int], ...]:
    """How many of *candidates* of *sector* (any when empty) with one of *areas* (any when
    empty) were left out, by reason; reasons with none left out are omitted."""
    counts = dict.fromkeys(EXCLUDED_FITTING, 0)
    for c in candidates:
        if sector and c.sector != sector:
            continue
        if areas and not set(areas) & set(c.areas):
            continue
        why = _why_not(c)
        if why is not None:
            counts[why] += 1
    return tuple((k, n) for k, n in counts.items() if n)


def reachable(email: str, channels: list[str] | None) -> bool:
    """A channel: an e-mail address that can be delivered to (an erased Akteur's placeholder
    ends in the reserved `.invalid`) or at least one Apprise URL."""
    address = (email or "").strip().lower()
    mail = bool(address) and "@" in address and not address.endswith(".invalid")
    return mail or bool(channels)


def theme_words(theme: str) -> tuple[str, ...]:
    """The words of a theme that count, as typed: at least MIN_WORD long, once (compared
    folded: case and umlauts aside)."""
    found: dict[str, str] = {}
    for word in re.findall(r"\w+", theme):
        if len(word) >= MIN_WORD:
            found.setdefault(_fold(word), word)
    return tuple(found.values())


def matches(c: Candidate, words: tuple[str, ...]) -> tuple[str, ...]:
    """The theme *words* found in her name, organisation or Bildungsbereiche (their stored
    values and their German and English names)."""
    if not words:
        return ()
    names = [n for a in c.areas for n in (a, *NAMES["bildungsbereich"].get(a, ()))]
    haystack = _fold(" ".join([c.name, c.organisation, *names]))
    return tuple(w for w in words if _fold(w) in haystack)


def _fold(text: str) -> str:
    return text.casefold().translate(_FOLD)


def _pool(
    candidates: list[Candidate], areas: tuple[str, ...]
) -> tuple[list[Candidate], dict[str, int], list[Candidate]]:
    """(who may be proposed, counts of those left out by reason, the eligible ones outside
    the areas asked for)."""
    excluded = {"inaktiv": 0, "ohne_kanal": 0, "schon_mitglied": 0, "ausserhalb_bereiche": 0}
    pool, outside = [], []
    for c in sorted(candidates, key=lambda c: c.id):
        why = _why_not(c)
        if why is not None:
            excluded[why] += 1
        elif areas and not set(areas) & set(c.areas):
            excluded["ausserhalb_bereiche"] += 1
            outside.append(c)
        else:
            pool.append(c)
    return pool, excluded, outside


def _check(seats: int, sectors: tuple[str, ...], areas: tuple[str, ...]) -> None:
    if seats < 1:
        raise ValueError(f"seats must be at least 1, not {seats}")
    unknown = [s for s in sectors if s not in SECTORS] + [a for a in areas if a not in AREAS]
    if unknown:
        raise ValueError(f"unknown sector or area: {unknown}")


def _sector_gaps(
    by_sector: dict[str, list[Candidate]],
    outside: list[Candidate],
    sectors: tuple[str, ...],
    areas: tuple[str, ...],
    candidates: list[Candidate],
) -> tuple[list[str], list[Gap]]:
    """The sectors asked for that have someone in the pool, and a gap for each that has not,
    with those of the sector (and the areas) who were left out."""
    present, gaps = [], []
    outside_sectors = {c.sector for c in outside}
    for sector in sectors:
        if by_sector.get(sector):
            present.append(sector)
            continue
        left_out = _left_out(candidates, sector=sector, areas=areas)
        named = areas if sector in outside_sectors or left_out else ()
        gaps.append(Gap("sektor", sector=sector, areas=named, excluded=left_out))
    return present, gaps


def propose(
    candidates: list[Candidate],
    seats: int,
    *,
    sectors: tuple[str, ...] = SECTORS,
    areas: tuple[str, ...] = (),
    theme: str = "",
) -> Selection:
    """A balanced proposal of *seats* Akteure by the rule in the module's docstring."""
    sectors = tuple(s for s in SECTORS if s in sectors)  # the fixed order, once each
    areas = tuple(a for a in AREAS if a in areas)
    _check(seats, sectors, areas)
    words = theme_words(theme)
    asked = [c for c in candidates if c.sector in sectors]
    pool, excluded, outside = _pool(asked, areas)
    hits = {c.id: matches(c, words) for c in pool} if words else {}

    def rank(c: Candidate) -> tuple[int, int, int]:
        return (-len(hits.get(c.id, ())), c.load.total, c.id)

    by_sector: dict[str, list[Candidate]] = {s: [] for s in sectors}
    for c in pool:
        by_sector[c.sector].append(c)
    for members in by_sector.values():
        members.sort(key=rank)
    present, gaps = _sector_gaps(by_sector, outside, sectors, areas, asked)

    taken: set[int] = set()
    picks: list[Pick] = []
    count = dict.fromkeys(sectors, 0)
    covered: set[str] = set()

    def take(c: Candidate, rule: str, covers: str) -> None:
        mine = tuple(a for a in areas if a in c.areas)
        picks.append(Pick(c, rule, covers, mine, hits.get(c.id, ())))
        taken.add(c.id)
        count[c.sector] += 1
        covered.update(mine)

    # 1. one seat for each sector asked for
    for sector in present:
        if len(picks) == seats:
            gaps.append(Gap("kein_sitz", sector=sector))
            continue

        def first(c: Candidate) -> tuple[int, int, int, int]:
            return (0 if set(c.areas) & (set(areas) - covered) else 1, *rank(c))

        take(min(by_sector[sector], key=first), "sektor", sector)

    # 2. one seat for each area asked for that no pick covers yet
    for area in areas:
        if area in covered:
            continue
        having = [c for c in pool if area in c.areas and c.id not in taken]
        if not having:  # everyone in the pool with it was taken: then it is covered
            gaps.append(Gap("bereich", area=area, excluded=_left_out(asked, areas=(area,))))
            continue
        if len(picks) == seats:
            gaps.append(Gap("kein_sitz", area=area))
            continue
        take(min(having, key=lambda c: (count[c.sector], *rank(c))), "bereich", area)

    # 3. fill: the sector with the fewest seats so far, then theme, load, id
    heads = {s: 0 for s in present}
    while len(picks) < seats:
        best: tuple[Any, ...] | None = None
        for position, sector in enumerate(present):
            members = by_sector[sector]
            while heads[sector] < len(members) and members[heads[sector]].id in taken:
                heads[sector] += 1
            if heads[sector] < len(members):
                key = (count[sector], *rank(members[heads[sector]]), position, sector)
                best = key if best is None or key < best else best
        if best is None:
            break
        sector = best[-1]
        take(by_sector[sector][heads[sector]], "auffuellen", sector)

    if len(picks) < seats:
        gaps.append(Gap("sitze", wanted=seats, found=len(picks)))
    return Selection(picks, gaps, len(pool), excluded)


def quotas(sizes: dict[str, int], seats: int) -> dict[str, int]:
    """Seats per stratum in proportion to its size: the whole parts first, then one more for
    the largest remainders (ties: the order of *sizes*). Never more than a stratum holds."""
    total = sum(sizes.values())
    if total <= seats:
        return dict(sizes)
    whole = {k: seats * n // total for k, n in sizes.items()}
    left = seats - sum(whole.values())
    order = list(sizes)
    by_remainder = sorted(order, key=lambda k: (-(seats * sizes[k] % total), order.index(k)))
    for k in by_remainder[:left]:
        whole[k] += 1
    return whole


def draw(
    candidates: list[Candidate],
    seats: int,
    seed: int,
    *,
    sectors: tuple[str, ...] = SECTORS,
    areas: tuple[str, ...] = (),
) -> Selection:
    """A stratified lottery of *seats* by the rule in the module's docstring."""
    sectors = tuple(s for s in SECTORS if s in sectors)
    areas = tuple(a for a in AREAS if a in areas)
    _check(seats, sectors, areas)
    asked = [c for c in candidates if c.sector in sectors]
    pool, excluded, outside = _pool(asked, areas)
    by_sector: dict[str, list[Candidate]] = {s: [] for s in sectors}
    for c in pool:  # by id already
        by_sector[c.sector].append(c)
    present, gaps = _sector_gaps(by_sector, outside, sectors, areas, asked)
    share = quotas({s: len(by_sector[s]) for s in present}, seats)
    rng = random.Random(seed)
    picks = []
    for sector in present:
        members = by_sector[sector]
        k = share[sector]
        if k == 0:
            gaps.append(Gap("kein_sitz", sector=sector))
            continue
        for c in sorted(rng.sample(members, k), key=lambda c: c.id):
            mine = tuple(a for a in areas if a in c.areas)
            picks.append(Pick(c, "los", sector, mine, (), (k, len(members))))
    if len(picks) < seats:
        gaps.append(Gap("sitze", wanted=seats, found=len(picks)))
    return Selection(picks, gaps, len(pool), excluded, seed=seed, quotas=share)
