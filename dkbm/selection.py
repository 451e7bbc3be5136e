"""Auswahl von Teilnehmenden: propose Akteure for a Gremium, an AG or a Beteiligung, balanced
by sector and Bildungsbereich and sparing those with many open duties, or draw the seats of
a Bildungskonferenz by a seeded, stratified lottery; and take a selection over.

The rule and the lottery are pure (`states.selection`); this module reads the candidates and
their load once (`store.reads.network`, `store.reads.selection`: a few grouped queries for the
whole network), renders the reasons and gaps in the reader's language, and makes the picks
members through the use case that adds members (`network.set_member_in`), in the one
transaction that also keeps the selection's audit entry.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from dkbm.states import selection as rules
from dkbm.states.errors import InputError, InvalidValue, NotFound
from dkbm.states.i18n import t
from dkbm.states.model import BoardKind, EducationArea, Sector
from dkbm.states.vocabulary import name_of, value_of
from dkbm.store import reads
from dkbm.store.reads import reader
from dkbm.store.reads import selection as load_reads
from dkbm.store.settings import database_url

MAX_SEATS = 1_000
MAX_SEED = 2**63 - 1
TARGETS = ("gremium", "ag", "beteiligung")
_LOAD_PARTS = ("beteiligungen", "abstimmungen", "sitzungen", "aufgaben", "mitgliedschaften")


def propose(
    seats: int,
    *,
    areas: list[str] | None = None,
    sectors: list[str] | None = None,
    theme: str = "",
    target: tuple[str, int] | None = None,
    lottery: bool = False,
    seed: int | None = None,
) -> dict[str, Any]:
    """The selection as a document (the stable `--json` shape): a proposal by the rule of
    `states.selection`, or with *lottery* a draw from *seed* (chosen with `secrets` when
    None and printed, so that the draw can be published and repeated)."""
    if not 1 <= seats <= MAX_SEATS:
        raise InvalidValue("--sitze", seats, t("selection_seats", limit=MAX_SEATS))
    if seed is not None and not lottery:
        raise InputError("selection_seed_without_lot")
    if lottery and theme.strip():
        raise InputError("selection_theme_with_lot")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise InvalidValue("--seed", seed, t("selection_seed_range", limit=MAX_SEED))
    wanted_areas = tuple(_choice(EducationArea, a, "bildungsbereich") for a in areas or [])
    wanted_sectors = tuple(_choice(Sector, s, "sektor") for s in sectors or []) or rules.SECTORS
    with reader(database_url()) as r:
        goal = _target(r, target) if target is not None else None
        members = load_reads.board_members(r, goal["gremium"]) if goal else set()
        candidates = _candidates(r, members)
    if lottery:
        seed = secrets.randbelow(10**9) if seed is None else seed
        chosen = rules.draw(candidates, seats, seed, sectors=wanted_sectors, areas=wanted_areas)
    else:
        chosen = rules.propose(
            candidates, seats, sectors=wanted_sectors, areas=wanted_areas, theme=theme
        )
    return _document(chosen, seats, wanted_sectors, wanted_areas, theme, goal, lottery)


def _choice(enum: Any, value: str, kind: str) -> str:
    """The stored value *value* names (stored, German or English name), as `network.choice`
    does, without loading the write side."""
    values = [e.value for e in enum]
    found = value_of(kind, value, values)
    if found is None:
        raise InvalidValue(f"--{kind if kind == 'sektor' else 'bereich'}", value, ", ".join(values))
    return found


def _target(r: Any, target: tuple[str, int]) -> dict[str, Any]:
    kind, number = target
    kind = kind.strip().lower()
    if kind not in TARGETS:
        raise InvalidValue("--fuer", f"{kind} {number}", t("selection_target"))
    cycle_id = None
    if kind == "beteiligung":
        cycle_id = number
        row = r.one("SELECT board_id FROM cycle WHERE id = %(id)s", id=number)
        if row is None:
            raise NotFound("cycle", number)
        number = row.board_id
    board = reads.network.board(r, number)
    wanted = {"gremium": BoardKind.GREMIUM, "ag": BoardKind.ARBEITSGRUPPE}.get(kind)
    if wanted is not None and board.kind is not wanted:
        raise InvalidValue(
            "--fuer",
            f"{kind} {number}",
            t("selection_board_kind", id=number, board=board.name, kind=_board_kind(wanted)),
        )
    return {"art": kind, "id": cycle_id or number, "gremium": number, "name": board.name,
            "zyklus": cycle_id}  # fmt: skip


def _board_kind(kind: BoardKind) -> str:
    return name_of("gremienart", kind.value, _lang())


def _candidates(r: Any, members: set[int]) -> list[rules.Candidate]:
    counts = load_reads.loads(r)
    busy = set().union(*counts.values())
    load = {
        i: rules.Load(*(counts[part][i] for part in _LOAD_PARTS)) for i in busy
    }  # the few with open duties; everyone else carries none
    idle = rules.Load()
    found = []
    for a in reads.network.actors(r):
        if a.id is None or a.status == "geloescht":
            continue
        found.append(
            rules.Candidate(
                id=a.id,
                name=a.name,
                organisation=a.organisation,
                sector=a.sector.value,
                areas=tuple(x.value for x in a.areas),
                load=load.get(a.id, idle),
                active=a.active,
                reachable=rules.reachable(a.email, a.channels),
                member=a.id in members,
            )
        )
    return found


def _lang() -> str:
    from dkbm.states.i18n import language

    return language()


def _sector(value: str, lang: str) -> str:
    return name_of("sektor", value, lang)


def _areas(values: list[str] | tuple[str, ...], lang: str) -> str:
    return ", ".join(name_of("bildungsbereich", v, lang) for v in values)


def reason(pick: dict[str, Any], lang: str | None = None) -> str:
    """Why this Akteur was picked, in *lang* (default: the reader's), from her entry."""
    lang = lang or _lang()
    rule, covers = pick["regel"], pick["deckt"]
    if rule == "los":
        seats, pool = pick["los"]
        parts = [
            t("selection_pick_los", lang, sector=_sector(covers, lang), seats=seats, pool=pool)
        ]
    elif rule == "bereich":
        parts = [t("selection_pick_bereich", lang, area=name_of("bildungsbereich", covers, lang))]
    else:
        parts = [t(f"selection_pick_{rule}", lang, sector=_sector(covers, lang))]
    if pick["bereiche_gefragt"]:
        parts.append(t("selection_pick_areas", lang, areas=_areas(pick["bereiche_gefragt"], lang)))
    if pick["thema"]:
        parts.append(t("selection_pick_theme", lang, words=", ".join(pick["thema"])))
    if rule != "los":
        parts.append(_load_text(pick["last"], lang))
    return "; ".join(parts)


def _load_text(load: dict[str, int], lang: str) -> str:
    if not load["gesamt"]:
        return t("selection_load_none", lang)
    parts = [t(f"selection_load_{k}", lang, n=load[k]) for k in _LOAD_PARTS if load[k]]
    return t("selection_load", lang, total=load["gesamt"], parts=", ".join(parts))


def gap_text(gap: dict[str, Any], lang: str | None = None) -> str:
    """The gap in words, with those who would have fitted but were left out
    ("kein Akteur aus Politik mit Bereich Frühe Bildung (1 schon Mitglied)")."""
    lang = lang or _lang()
    text = _gap_words(gap, lang)
    left_out = [
        t(f"selection_left_out_{k}{'_1' if n == 1 else ''}", lang, n=n)
        for k, n in (gap.get("ausgeschlossen") or {}).items()
        if n
    ]
    return f"{text} ({', '.join(left_out)})" if left_out else text


def _gap_words(gap: dict[str, Any], lang: str) -> str:
    kind = gap["art"]
    if kind == "sektor" and gap["bereiche"]:
        return t(
            "selection_gap_sektor_bereiche",
            lang,
            sector=_sector(gap["sektor"], lang),
            areas=t("selection_or", lang).join(
                name_of("bildungsbereich", a, lang) for a in gap["bereiche"]
            ),
        )
    if kind == "sektor":
        return t("selection_gap_sektor", lang, sector=_sector(gap["sektor"], lang))
    if kind == "bereich":
        return t(
            "selection_gap_bereich", lang, area=name_of("bildungsbereich", gap["bereich"], lang)
        )
    if kind == "kein_sitz" and gap["sektor"]:
        return t("selection_gap_kein_sitz_sektor", lang, sector=_sector(gap["sektor"], lang))
    if kind == "kein_sitz":
        return t(
            "selection_gap_kein_sitz_bereich",
            lang,
            area=name_of("bildungsbereich", gap["bereich"], lang),
        )
    return t("selection_gap_sitze", lang, found=gap["gefunden"], wanted=gap["gewollt"])


def _document(
    chosen: rules.Selection,
    seats: int,
    sectors: tuple[str, ...],
    areas: tuple[str, ...],
    theme: str,
    goal: dict[str, Any] | None,
    lottery: bool,
) -> dict[str, Any]:
    lang = _lang()
    picks = []
    for p in chosen.picks:
        c = p.candidate
        entry = {
            "id": c.id,
            "name": c.name,
            "organisation": c.organisation,
            "sektor": c.sector,
            "bereiche": list(c.areas),
            "last": c.load.as_dict(),
            "regel": p.rule,
            "deckt": p.covers,
            "bereiche_gefragt": list(p.areas),
            "thema": list(p.theme),
            "los": list(p.stratum) if p.stratum else None,
        }
        entry["grund"] = reason(entry, lang)
        picks.append(entry)
    gaps = []
    for g in chosen.gaps:
        entry = {"art": g.kind, "sektor": g.sector, "bereich": g.area, "bereiche": list(g.areas),
                 "gewollt": g.wanted, "gefunden": g.found,
                 "ausgeschlossen": g.excluded_counts()}  # fmt: skip
        entry["text"] = gap_text(entry, lang)
        gaps.append(entry)
    notes = []
    if goal and goal["art"] == "beteiligung":
        notes.append(t("selection_for_consultation", cycle=goal["zyklus"], board=goal["name"],
                       id=goal["gremium"]))  # fmt: skip
    notes.append(t("selection_excluded", **chosen.excluded))
    if lottery:
        notes.append(
            t(
                "selection_rule_lot",
                seed=chosen.seed,
                order=", ".join(_sector(s, lang) for s in sectors),
                quotas=", ".join(f"{_sector(s, lang)} {n}" for s, n in chosen.quotas.items())
                or t("selection_quotas_none"),
            )
        )
    else:
        notes.append(t("selection_rule_propose"))
    return {
        "verfahren": "los" if lottery else "vorschlag",
        "sitze": seats,
        "sektoren": list(sectors),
        "bereiche": list(areas),
        "thema": theme.strip(),
        "thema_woerter": list(rules.theme_words(theme)),
        "fuer": goal,
        "seed": chosen.seed,
        "sitze_je_sektor": dict(chosen.quotas),
        "pool": chosen.pool,
        "ausgeschlossen": dict(chosen.excluded),
        "auswahl": picks,
        "luecken": gaps,
        "hinweise": notes,
        "nachvollziehen": _command(seats, sectors, areas, goal, chosen.seed) if lottery else None,
    }


def _command(
    seats: int,
    sectors: tuple[str, ...],
    areas: tuple[str, ...],
    goal: dict[str, Any] | None,
    seed: int | None,
) -> str:
    words = ["dkbm", "auswahl", "vorschlagen", "--los", "--seed", str(seed), "--sitze", str(seats)]
    if sectors != rules.SECTORS:
        for s in sectors:
            words += ["--sektor", s]
    for a in areas:
        words += ["--bereich", a]
    if goal:
        words += ["--fuer", goal["art"], str(goal["id"])]
    return " ".join(words)


def take_over(doc: dict[str, Any], *, by: str, now: datetime) -> dict[str, Any]:
    """Make the picks of *doc* members of its target: role `mitglied` in a Gremium or AG,
    `gast` in the Gremium of a Beteiligung's cycle (a Beteiligung invites that Gremium's
    members when it starts). The audit entry keeps the method, seed, reasons and gaps."""
    from dkbm import network
    from dkbm.store import repository as repo
    from dkbm.store.db import session

    goal = doc.get("fuer")
    if not goal:
        raise InputError("selection_needs_target")
    ids = [p["id"] for p in doc["auswahl"]]
    role = "gast" if goal["art"] == "beteiligung" else "mitglied"
    if not ids:
        return {"uebernommen": 0, "rolle": role, "gremium": goal["gremium"]}
    with session() as s:
        network.set_member_in(s, board_id=goal["gremium"], actor_ids=ids, role=role, by=by, now=now)
        repo.append_audit(
            s,
            subject="gremium",
            subject_id=goal["gremium"],
            version=1,
            at=now,
            by=by,
            action="auswahl_uebernommen",
            payload={
                "verfahren": doc["verfahren"],
                "seed": doc["seed"],
                "sitze": doc["sitze"],
                "fuer": goal["art"],
                "zyklus": goal["zyklus"],
                "rolle": role,
                "akteure": ids,
                "gruende": {str(p["id"]): reason(p, "de") for p in doc["auswahl"]},
                "luecken": [gap_text(g, "de") for g in doc["luecken"]],
                "bereiche": doc["bereiche"],
                "thema": doc["thema"],
            },
        )
    return {"uebernommen": len(ids), "rolle": role, "gremium": goal["gremium"]}
