"""Querschnitt: how the network covers the Bildungsbereiche and the five sectors.

Pure: counts come from plain tuples, the judgement is a rule with its reasons. The
source text warns that a Koordination run as an extra task for existing staff
(`zusatzaufgabe`) tends to weight the Bildungsbereiche of its holder's own remit; the
report then says so when the strategy leans to a few areas.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dkbm.states.model import CoordinationForm, EducationArea, Sector

AREAS = [a.value for a in EducationArea]
SECTORS = [s.value for s in Sector]
CLOSED = "abgeschlossen"  # a closed cycle's goals no longer count by default
LEAN_SHARE = 0.6  # the two strongest areas hold this share of goals and measures, or more


@dataclass
class Coverage:
    actors: Counter[tuple[str, str]] = field(default_factory=Counter)  # (area, sector)
    members: Counter[tuple[str, str]] = field(default_factory=Counter)
    goals: Counter[str] = field(default_factory=Counter)  # area
    measures: Counter[tuple[str, str]] = field(default_factory=Counter)  # (area, owner sector)
    form: str = CoordinationForm.BILDUNGSBUERO.value
    # the cycles whose goals and measures are counted, (id, title): a cycle seeded from a
    # closed one holds copies of its goals, so counting every cycle would count them twice
    cycles: list[tuple[int, str]] = field(default_factory=list)
    # the organisations of the network, one entry each: (sector, its Bildungsbereiche)
    organisations: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def add_organisation(self, sector: str, areas: list[str] | tuple[str, ...]) -> None:
        self.organisations.append((sector, tuple(dict.fromkeys(str(a) for a in areas))))

    def organisation_cells(self) -> Counter[tuple[str, str]]:
        """(area, sector): how many organisations of that sector work in that area."""
        cells: Counter[tuple[str, str]] = Counter()
        for sector, areas in self.organisations:
            for area in areas:
                cells[(area, sector)] += 1
        return cells

    def organisations_in_sector(self, sector: str) -> int:
        """Every organisation of the sector, with or without a Bildungsbereich."""
        return sum(1 for s, _ in self.organisations if s == sector)

    def organisations_in_area(self, area: str) -> int:
        """The organisations that work in the area, of whatever sector."""
        return sum(1 for _, areas in self.organisations if area in areas)

    def organisations_without_area(self) -> int:
        return sum(1 for _, areas in self.organisations if not areas)

    def with_cycles(self, parts: list[tuple[int, str, Coverage]]) -> Coverage:
        """This network's counts of Akteure and members with the goals and measures of
        *parts* (id, title, that cycle's counts) and nothing else."""
        report = Coverage(
            form=self.form,
            actors=Counter(self.actors),
            members=Counter(self.members),
            organisations=list(self.organisations),
        )
        for cycle_id, title, counted in parts:
            report.goals.update(counted.goals)
            report.measures.update(counted.measures)
            report.cycles.append((cycle_id, title))
        return report

    def area_total(self, area: str) -> dict[str, int]:
        return {
            "akteure": sum(n for (a, _), n in self.actors.items() if a == area),
            "mitglieder": sum(n for (a, _), n in self.members.items() if a == area),
            "ziele": self.goals[area],
            "massnahmen": sum(n for (a, _), n in self.measures.items() if a == area),
            "organisationen": self.organisations_in_area(area),
        }

    def gaps(self) -> list[tuple[str, str]]:
        """(kind, value): areas without any Akteur, Gremium member, goal or organisation;
        sectors without a Gremium member or without any organisation in the network."""
        found = []
        for area in AREAS:
            totals = self.area_total(area)
            for kind in ("akteure", "mitglieder", "ziele"):
                if totals[kind] == 0:
                    found.append((f"bereich_ohne_{kind}", area))
        for sector in SECTORS:
            if not any(n for (_, s), n in self.members.items() if s == sector):
                found.append(("sektor_ohne_mitglieder", sector))
        found.extend(self.organisation_gaps())
        return found

    def organisation_gaps(self) -> list[tuple[str, str]]:
        """(kind, value): sectors and areas in which no organisation of the network works."""
        found = [
            ("sektor_ohne_organisation", sector)
            for sector in SECTORS
            if self.organisations_in_sector(sector) == 0
        ]
        found.extend(
            ("bereich_ohne_organisation", area)
            for area in AREAS
            if self.organisations_in_area(area) == 0
        )
        return found

    def leaning_to(self) -> list[str]:
        """The two areas that dominate goals and measures, if they do (else [])."""
        weight = Counter(self.goals)
        for (area, _), n in self.measures.items():
            weight[area] += n
        total = sum(weight.values())
        if total == 0:
            return []
        top = weight.most_common(2)
        if sum(n for _, n in top) / total >= LEAN_SHARE and len(weight) < len(AREAS):
            return [area for area, _ in top]
        return []

    def warning(self) -> bool:
        """Warn when the Koordination is an extra task and the strategy leans to few areas."""
        return self.form == CoordinationForm.ZUSATZAUFGABE.value and bool(self.leaning_to())
