"""What the public may see: the Kommune, cycles with their timeline and content, boards,
public meetings with their public items, decisions and documents (those of public items and
the public ones of the knowledge library). Read as the network (with the meetings and the
library) and one part per cycle, so a rebuild after a transition can read just that cycle
and the Akteure it names.

Privacy is decided here, once: a person appears by name only with consent
(`consent_publication`), otherwise as organisation and sector; e-mail addresses, channel
URLs, who typed a command, non-public meetings or items and internal library documents
(with their files) never leave this module. Nor does a link outside the link policy
(`states.links`: https, http, mailto), stored before the policy refused it at input: every
page, feed, data set and OParl object is built from this view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dkbm.states import links
from dkbm.states.cycle import describe_state
from dkbm.states.documents import Document, filename_problem, public_name
from dkbm.states.indicators import by_measure
from dkbm.states.meeting import BERLIN
from dkbm.states.model import Actor
from dkbm.store import meetings as meeting_store
from dkbm.store import reads
from dkbm.store import repository as repo
from dkbm.store.db import session
from dkbm.store.reads import reader
from dkbm.store.reads import verbuende as verbund_reads
from dkbm.store.settings import database_url


@dataclass
class Person:
    """A person as the public sees her: a name only with consent."""

    name: str | None
    organisation: str
    sector: str
    actor_id: int | None = None  # only with consent: lets OParl publish her as a Person


@dataclass(frozen=True)
class Among:
    """A Kommune's portal built as one of many (`portal.many`), under DIR/<ags>/: its ids
    carry the AGS, its OParl Body belongs to the one System over all of them."""

    ags: str
    system_url: str  # DIR/oparl/system.json at its public address


@dataclass
class Site:
    kommune: dict[str, Any]
    cycles: list[dict[str, Any]] = field(default_factory=list)
    boards: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    built_at: datetime | None = None  # the clock: what is upcoming, which year to judge
    # when the data last changed (else built_at): the stamp files carry, so that building
    # again without a change writes no file anew
    changed_at: datetime | None = None
    meetings_changed_at: datetime | None = None
    coverage: Any = None  # states.coverage.Coverage of the cycles not yet closed
    # the organisations (not personal data), the relations between them (with their dates)
    # and the organisations each Gremium or AG reaches through its active members
    organisations: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    hubs: list[dict[str, Any]] = field(default_factory=list)
    cycle_coverage: dict[int, Any] = field(default_factory=dict)  # each cycle's own counts
    indicators: list[Any] = field(default_factory=list)  # states.indicators.Indicator
    verbuende: list[dict[str, Any]] = field(default_factory=list)  # without their contacts
    among: Among | None = None  # built as one of many Kommunen's portals (None: alone)


def person(a: Actor | None) -> Person | None:
    if a is None:
        return None
    if a.consent_publication and a.active:
        return Person(a.name, a.organisation, a.sector.value, a.id)
    return Person(None, a.organisation if a.status != "geloescht" else "", a.sector.value)


@dataclass
class Network:
    """Everything public but the cycles: the Kommune, boards with their members, the public
    meetings (public items only) and library documents; changes only with an Akteur, a
    Gremium, the Kommune, a meeting or a library document."""

    kommune: dict[str, Any]
    boards: list[dict[str, Any]]
    board_names: dict[Any, str]
    meetings: list[dict[str, Any]]
    library: list[Document]  # public, publishable documents of the knowledge library
    coverage: Any  # states.coverage.Coverage: Akteure and members counted, no cycle yet
    organisations: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    hubs: list[dict[str, Any]] = field(default_factory=list)
    verbuende: list[dict[str, Any]] = field(default_factory=list)  # regionale Verbünde


@dataclass
class CyclePart:
    """One cycle as the public sees it, and what it adds to the shared pages."""

    cycle: dict[str, Any]
    decisions: list[dict[str, Any]]
    areas: list[str]  # of its goals: the documents of its meeting items are filed under them
    coverage: Any  # states.coverage.Coverage: its goals and measures counted
    indicators: list[Any] = field(default_factory=list)  # states.indicators.Indicator


def collect(now: datetime) -> Site:
    network, people = read_network()
    return assemble(network, read_cycles(None, network.board_names, people), now)


def read_network() -> tuple[Network, dict[int | None, Actor]]:
    """The network with its meetings and library, and every Akteur (for the cycles read
    next)."""
    from dkbm.coverage import network_coverage
    from dkbm.store.reads import relations as relation_reads

    with session() as s:
        kommune = repo.municipality(s)
        people = {a.id: a for a in repo.actors(s)}
        boards = repo.boards(s)
        meetings = [meeting_store.meeting_from(r) for r in meeting_store.meeting_rows(s)]
    with reader(database_url()) as r:
        library = reads.documents.documents(r, public_only=True)
        stored = relation_reads.organisations(r)
        organisations, relations, hubs = _organisations(r, stored)
        verbuende = verbund_reads.verbuende(r)
    board_names = {b.id: b.name for b in boards}
    network = Network(
        kommune={
            "name": kommune.name,
            "bundesland": kommune.bundesland,
            "form": kommune.form.value,
            "placement": kommune.placement.value,
            # the name the Koordination publishes under, as in its mails
            "herausgeber": {"de": kommune.sender("de"), "en": kommune.sender("en")},
        },
        boards=[],
        board_names=board_names,
        meetings=[],
        library=[d for d in library if _publishable(d)],
        coverage=network_coverage(
            kommune.form.value, list(people.values()), boards, organisations=stored
        ),
        organisations=organisations,
        relations=relations,
        hubs=hubs,
        verbuende=[public_verbund(v, board_names) for v in verbuende],
    )
    for b in boards:
        network.boards.append(
            {
                "id": b.id,
                "name": b.name,
                "kind": b.kind.value,
                "quorum_percent": b.quorum_percent,
                "voting": b.voting_members,
                "members": [
                    {"person": person(people.get(m.actor_id)), "role": m.role.value}
                    for m in b.members
                ],
            }
        )
    for m in meetings:
        if not m.public:
            continue
        network.meetings.append(
            {
                "id": m.id,
                "board": m.board_id,
                "board_name": board_names.get(m.board_id, ""),
                "starts_at": m.starts_at,
                "ends_at": m.ends_at,
                "place": m.place,
                "video": links.shown(m.video) or "",
                "state": m.state,
                "sequence": m.sequence,
                "items": [
                    {
                        "number": i.number,
                        "title": i.title,
                        "documents": [u for u in i.documents if links.allowed(u)],
                        "cycle": i.cycle_id,
                        "outcome": i.vote.outcome if i.vote else None,
                        "vote": vars(i.vote) if i.vote else None,
                        "resolution": i.resolution,
                    }
                    for i in m.items
                    if i.public
                ],
            }
        )
    return network, people


def _organisations(r: Any, stored: list[Any]) -> tuple[list[dict[str, Any]], ...]:
    """Organisations as the public sees them: name, kind, sector, Bildungsbereiche,
    Gemeinde, and a website only under the link policy (no address, no Akteur); every
    relation between them with its dates; each Gremium and AG with the organisations of
    its active members (no person named); *stored*: the organisations as read."""
    from dkbm.store.reads import relations as rel

    organisations = [
        {
            "id": o.id,
            "name": o.name,
            "kind": o.kind.value,
            "sector": o.sector.value,
            "areas": [a.value for a in o.areas],
            "locality": o.locality,
            "website": links.shown(o.website, ("https", "http")) or "",
        }
        for o in stored
    ]
    relations = [
        {
            "id": x.id,
            "from": x.from_id,
            "to": x.to_id,
            "kind": x.kind.value,
            "valid_from": x.valid_from,
            "valid_to": x.valid_to,
        }
        for x in rel.relations(r)
    ]
    hubs = [
        {"id": h.id, "name": h.name, "kind": h.kind, "organisations": list(h.organisations)}
        for h in rel.hubs(r)
    ]
    return organisations, relations, hubs


def read_cycles(
    ids: list[int] | None,
    board_names: dict[Any, str],
    people: dict[int | None, Actor] | None = None,
) -> list[CyclePart]:
    """The cycles named (all: None) with their timelines and Kennzahlen; the Akteure they
    name come from *people*, else only those are read."""
    from dkbm.coverage import count_cycle
    from dkbm.states.coverage import Coverage

    with reader(database_url()) as r:
        cycles = reads.cycles.cycles(r, ids)
        audit = reads.audit.events_by_cycle(r, ids)
        if ids is None:
            found = reads.indicators.indicators(r)
        else:
            found = [i for c in cycles for i in reads.indicators.indicators(r, cycle_id=c.id)]
        if people is None:
            owners = {m.owner_id for c in cycles for m in c.measures if m.owner_id}
            people = {a.id: a for a in reads.network.actors(r, owners)}
        in_verbund = _verbund_marks(r)
    active = {k: a for k, a in people.items() if a.active}
    indicators: dict[int, list[Any]] = {}
    for i in found:  # by id, as they were read
        indicators.setdefault(i.cycle_id, []).append(i)
    parts = []
    for c in cycles:
        events = audit.get(c.id or 0, [])
        cycle = _cycle(c, events, people, board_names)
        _mark_verbund(cycle, *in_verbund)
        items = {("ziel", g["id"]): g["title"] for g in cycle["goals"]}
        items |= {("massnahme", m["id"]): m["title"] for m in cycle["measures"]}
        own = indicators.get(c.id or 0, [])
        cycle["indicators"] = [
            {"indicator": i, "item": items.get((i.item_kind.value, i.item_id), "")} for i in own
        ]
        measured = by_measure(own)
        for m in cycle["measures"]:  # a Kennzahl's target supersedes the free text's
            m["kennzahlen"] = measured.get(m["id"], [])
        counted = Coverage()
        count_cycle(counted, c, active)
        parts.append(
            CyclePart(
                cycle=cycle,
                decisions=_decisions(c, events),
                areas=sorted({str(a) for g in c.goals for a in g.areas}),
                coverage=counted,
                indicators=own,
            )
        )
    return parts


def assemble(network: Network, parts: list[CyclePart], now: datetime) -> Site:
    """The site from the network and the cycles' parts, in the order given (by id)."""
    from dkbm.states.coverage import CLOSED

    site = Site(
        kommune=network.kommune,
        boards=network.boards,
        meetings=network.meetings,
        built_at=now,
        organisations=network.organisations,
        relations=network.relations,
        hubs=network.hubs,
        verbuende=network.verbuende,
        coverage=network.coverage.with_cycles(
            [
                (p.cycle["id"], p.cycle["title"], p.coverage)
                for p in parts
                if p.cycle["state"] != CLOSED
            ]
        ),
    )
    areas: dict[int, list[str]] = {}
    titles: dict[Any, str] = {}
    for p in parts:
        site.cycles.append(p.cycle)
        site.decisions += p.decisions
        site.indicators += p.indicators
        site.cycle_coverage[p.cycle["id"]] = p.coverage
        areas[p.cycle["id"]] = p.areas
        titles[p.cycle["id"]] = p.cycle["title"]
    site.indicators.sort(key=lambda i: i.id)
    site.decisions.sort(key=lambda d: d["at"], reverse=True)
    for m in site.meetings:
        for i in m["items"]:
            for url in i["documents"]:
                site.documents.append(
                    {
                        **_NO_FILE,
                        "source": "sitzung",
                        "url": url,
                        "title": i["title"],
                        "board": m["board"],
                        "board_name": m["board_name"],
                        "cycle": i["cycle"],
                        "cycle_title": titles.get(i["cycle"], ""),
                        "meeting": m["id"],
                        "date": m["starts_at"],
                        "areas": areas.get(i["cycle"], []),
                    }
                )
    site.documents += [_library_entry(d, network.board_names, titles) for d in network.library]
    site.documents.sort(key=lambda d: d["date"], reverse=True)
    return site


# What a document without a file of its own carries (a link, a meeting's document).
_NO_FILE = {"id": None, "description": "", "kind": "link", "path": None, "file": None}


def _publishable(d: Document) -> bool:
    """Public, and a file only under a name a web server can serve."""
    return d.public and (d.file is None or filename_problem(d.file.name) is None)


def _library_entry(
    d: Document, board_names: dict[Any, str], cycle_titles: dict[Any, str]
) -> dict[str, Any]:
    f = d.file
    return {
        "source": "bibliothek",
        "id": d.id,
        "url": links.shown(d.url),
        "path": f"wissen/{d.id}/{public_name(f.name)}" if f else None,
        "file": (
            {"name": f.name, "media_type": f.media_type, "size": f.size, "sha256": f.sha256}
            if f
            else None
        ),
        "kind": d.kind,
        "title": d.title,
        "description": d.description,
        "board": d.board_id,
        "board_name": board_names.get(d.board_id, ""),
        "cycle": d.cycle_id,
        "cycle_title": cycle_titles.get(d.cycle_id, ""),
        "meeting": None,
        "date": d.added_at,
        "areas": [a.value for a in d.areas],
    }


def public_verbund(v: Any, board_names: dict[Any, str]) -> dict[str, Any]:
    """A Verbund as the public sees it: its partner Kommunen by name and AGS, never their
    contact person or e-mail; the agreement's link only under the link policy."""
    return {
        "id": v.id,
        "name": v.name,
        "agreement": v.agreement,
        "agreement_url": links.shown(v.agreement_url) or "",
        "valid_from": v.valid_from,
        "valid_to": v.valid_to,
        "board": v.board_id,
        "board_name": board_names.get(v.board_id, "") if v.board_id else "",
        "partners": [{"name": p.name, "ags": p.ags} for p in v.partners],
    }


def _verbund_marks(r: Any) -> tuple[dict[int, int], dict[tuple[int, int], int], dict[int, Any]]:
    """Which cycles and Maßnahmen run in which Verbund, and those Verbünde by id."""
    cycles, measures = verbund_reads.of_cycles(r)
    wanted = sorted({*cycles.values(), *measures.values()})
    return cycles, measures, {v.id: v for v in verbund_reads.verbuende(r, wanted)}


def _mark_verbund(
    cycle: dict[str, Any],
    cycles: dict[int, int],
    measures: dict[tuple[int, int], int],
    found: dict[int, Any],
) -> None:
    """The cycle's Verbund and each Maßnahme's: {id, name, partners (names)} or None."""

    def short(verbund_id: int | None) -> dict[str, Any] | None:
        v = found.get(verbund_id) if verbund_id else None
        return {"id": v.id, "name": v.name, "partners": [p.name for p in v.partners]} if v else None

    cycle["verbund"] = short(cycles.get(cycle["id"]))
    for m in cycle["measures"]:
        m["verbund"] = short(measures.get((cycle["id"], m["id"])))


def publishes() -> bool:
    """Whether the Kommune served has anything for the public: a cycle, a public meeting or
    a public library document. Among many Kommunen only those get a portal (`portal.many`);
    Gremien and Akteure alone are no portal."""
    with reader(database_url()) as r:
        if reads.portal.cycle_marks(r):
            return True
        if any(_publishable(d) for d in reads.documents.documents(r, public_only=True)):
            return True
    with session() as s:
        return any(m.public for m in meeting_store.meeting_rows(s))


def published_file(document_id: int) -> bytes | None:
    """The bytes of a library document's file, only while the document is public."""
    with reader(database_url()) as r:
        return reads.documents.file_bytes(r, document_id, public_only=True)


def _cycle(
    c: Any, events: list[Any], people: dict[int | None, Actor], board_names: dict[Any, str]
) -> dict[str, Any]:
    goals = [{"id": g.id, "title": g.title, "areas": [str(a) for a in g.areas]} for g in c.goals]
    strategies = [{"id": st.id, "goal": st.goal_id, "title": st.title} for st in c.strategies]
    measures = [
        {
            "id": m.id,
            "strategy": m.strategy_id,
            "title": m.title,
            "owner": person(people.get(m.owner_id)) if m.owner_id else None,
            "indicator": m.indicator,
            "target": m.target_value,
            "due": m.deadline.isoformat() if m.deadline else None,
            "reports": len(m.reports),
        }
        for m in c.measures
    ]
    by_strategy: dict[int, list[dict[str, Any]]] = {}
    for m in measures:
        by_strategy.setdefault(m["strategy"], []).append(m)
    by_goal: dict[int, list[dict[str, Any]]] = {}
    for st in strategies:
        by_goal.setdefault(st["goal"], []).append({**st, "measures": by_strategy.get(st["id"], [])})
    return {
        "id": c.id,
        "title": c.title,
        "state": c.state,
        "stage": c.stage,
        "state_de": describe_state(c.state, "de"),
        "state_en": describe_state(c.state, "en"),
        "board": c.board_id,
        "board_name": board_names.get(c.board_id, ""),
        "vision": c.vision,
        # decided wording corrected editorially: item id (None: the Leitbild) -> when
        "edited": {
            (e.payload or {}).get("id"): e.at
            for e in events
            if e.action == "redaktionell_geaendert"
        },
        "goals": goals,
        "strategies": strategies,
        "measures": measures,
        # Leitbild -> Ziele -> Strategien -> Maßnahmen, grouped once for the pages
        "tree": [{**g, "strategies": by_goal.get(g["id"], [])} for g in goals],
        "timeline": [
            {
                "at": e.at,
                "step": e.trigger,
                "from": e.from_state,
                "to": e.to_state,
                "meeting": (e.payload or {}).get("sitzung"),
            }
            for e in events
            if e.trigger
        ],
    }


def _decisions(c: Any, events: list[Any]) -> list[dict[str, Any]]:
    found = []
    last_vote: dict[str, Any] | None = None
    for e in events:
        if e.action == "abstimmung_erfasst":
            last_vote = e.payload or None
        if e.action == "abstimmung_korrigiert" and e.payload:
            # the corrected result stands for the decision it corrects (of its stage, also
            # one decided before later stages); when it was taken is shown, why (the
            # coordinator's words) stays in the history
            corrected = {**e.payload["nachher"], "corrected_at": e.at}
            same = [d for d in found if d["stage"] == corrected.get("stage")]
            if same:
                same[-1]["vote"], same[-1]["corrected_at"] = corrected, e.at
            else:  # corrected before its decision: the decision takes it
                last_vote = corrected
        if e.trigger == "beschluss_aufheben":
            stage = (e.from_state or "").split("_", 1)[0]
            revoked = [i for i, d in enumerate(found) if d["stage"] == stage]
            if revoked:
                found.pop(revoked[-1])
        if e.trigger == "beschliessen":
            stage = (e.from_state or "").split("_", 1)[0]
            found.append(
                {
                    "id": f"{c.id}-{e.id}",
                    "cycle": c.id,
                    "cycle_title": c.title,
                    "stage": stage,
                    "at": e.at,
                    "meeting": (e.payload or {}).get("sitzung"),
                    "vote": last_vote,
                }
            )
    return found


def local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)
