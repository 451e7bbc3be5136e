"""The coverage report (Querschnitt) read from the network and its cycles' content."""

from __future__ import annotations

from typing import Any

from dkbm.states.coverage import AREAS, CLOSED, SECTORS, Coverage
from dkbm.states.errors import NotFound
from dkbm.states.i18n import t
from dkbm.states.vocabulary import name_of
from dkbm.store import repository as repo
from dkbm.store.db import session
from dkbm.store.reads import organisations as organisation_reads
from dkbm.store.reads.connection import reader


def coverage(cycle_ids: list[int] | None = None) -> Coverage:
    """The network's Akteure and members with the goals and measures of the cycles named,
    by default of every cycle not yet closed."""
    with session() as s:
        kommune = repo.municipality(s)
        actors = repo.actors(s)
        boards = repo.boards(s)
        cycles = repo.cycles(s)
    organisations = network_organisations()
    known = {c.id for c in cycles}
    for cycle_id in cycle_ids or []:
        if cycle_id not in known:
            raise NotFound("cycle", cycle_id)
    chosen = [
        c for c in cycles if (c.id in cycle_ids if cycle_ids is not None else c.state != CLOSED)
    ]
    active = {a.id: a for a in actors if a.active}
    parts = []
    for c in chosen:
        counted = Coverage()
        count_cycle(counted, c, active)
        parts.append((c.id, c.title, counted))
    found = network_coverage(kommune.form.value, actors, boards, organisations)
    return found.with_cycles(parts)


def network_organisations() -> list[Any]:
    """Every organisation of the network (states.model.Organisation), by name."""
    with reader() as r:
        return [org for org, _ in organisation_reads.organisations(r)]


def network_coverage(
    form: str, all_actors: list[Any], boards: list[Any], organisations: list[Any] | None = None
) -> Coverage:
    """The report's counts of Akteure, members and organisations, without any cycle's goals
    and measures; *organisations* None: the network's, as stored."""
    actors = {a.id: a for a in all_actors if a.active}
    report = Coverage(form=form)
    if organisations is None:
        organisations = network_organisations()
    for org in organisations:
        report.add_organisation(org.sector.value, [str(a) for a in org.areas])
    for a in actors.values():
        for area in a.areas:
            report.actors[(str(area), a.sector.value)] += 1
    members = {m.actor_id for b in boards for m in b.members}
    for actor_id in members:
        a = actors.get(actor_id)
        if a is None:
            continue
        for area in a.areas:
            report.members[(str(area), a.sector.value)] += 1
    return report


def count_cycle(report: Coverage, c: Any, active: dict[Any, Any]) -> None:
    """Add a cycle's goals and measures; *active* holds (by id) at least the active Akteure
    it names as owners."""
    goal_areas = {g.id: [str(x) for x in g.areas] for g in c.goals}
    strategy_goal = {st.id: st.goal_id for st in c.strategies}
    for g in c.goals:
        for area in goal_areas[g.id]:
            report.goals[area] += 1
    for m in c.measures:
        owner = active.get(m.owner_id) if m.owner_id else None
        sector = owner.sector.value if owner else "-"
        for area in goal_areas.get(strategy_goal.get(m.strategy_id, -1), []):
            report.measures[(area, sector)] += 1


def document(report: Coverage, lang: str = "de") -> dict[str, Any]:
    """The `--json` shape, also used by the portal and the Sachstandsbericht."""
    cells = report.organisation_cells()
    return {
        "form": report.form,
        "zyklen": [{"id": i, "titel": title} for i, title in report.cycles],
        "bereiche": [
            {
                "bereich": area,
                "name": name_of("bildungsbereich", area, lang),
                **report.area_total(area),
                "akteure_je_sektor": {s: report.actors[(area, s)] for s in SECTORS},
                "mitglieder_je_sektor": {s: report.members[(area, s)] for s in SECTORS},
                "organisationen_je_sektor": {s: cells[(area, s)] for s in SECTORS},
            }
            for area in AREAS
        ],
        "organisationen": {
            "gesamt": len(report.organisations),
            "ohne_bereich": report.organisations_without_area(),
            "je_sektor": {s: report.organisations_in_sector(s) for s in SECTORS},
        },
        "luecken": [{"art": kind, "wert": value} for kind, value in report.gaps()],
        "schwerpunkt": report.leaning_to(),
        "warnung": report.warning(),
    }


WARNING = {
    "de": "Die Koordination ist als zusätzliche Aufgabe an bestehendes Personal vergeben. "
    "Nach aller Erfahrung gewichtet sie dann die Bildungsbereiche ihres eigenen "
    "Zuständigkeitsbereichs stärker; hier liegen die meisten Ziele und Maßnahmen bei {areas}. "
    "Bitte prüfen, ob die übrigen Bereiche und Sektoren angemessen beteiligt sind.",
    "en": "The coordination is an additional task of existing staff. Experience shows it "
    "then weights the education areas of its holder's own remit; here most goals and "
    "measures lie in {areas}. Please check whether the other areas and sectors take part "
    "as they should.",
}

GAPS = {
    "bereich_ohne_akteure": ("kein Akteur im Bereich {v}", "no actor in the area {v}"),
    "bereich_ohne_mitglieder": (
        "kein Gremienmitglied im Bereich {v}",
        "no board member in the area {v}",
    ),
    "bereich_ohne_ziele": ("kein Ziel im Bereich {v}", "no goal in the area {v}"),
    "sektor_ohne_mitglieder": (
        "kein Gremienmitglied aus dem Sektor {v}",
        "no board member from the sector {v}",
    ),
}


ORGANISATION_GAPS = ("sektor_ohne_organisation", "bereich_ohne_organisation")


def gap_text(kind: str, value: str, lang: str) -> str:
    if kind in ORGANISATION_GAPS:
        kind_of = "sektor" if kind.startswith("sektor") else "bildungsbereich"
        return t(f"coverage_gap_{kind}", lang, v=name_of(kind_of, value, lang))
    de, en = GAPS[kind]
    what = name_of("sektor" if kind.startswith("sektor") else "bildungsbereich", value, lang)
    return (en if lang == "en" else de).format(v=what)


def warning_text(report: Coverage, lang: str) -> str:
    areas = ", ".join(name_of("bildungsbereich", a, lang) for a in report.leaning_to())
    return WARNING["en" if lang == "en" else "de"].format(areas=areas)
