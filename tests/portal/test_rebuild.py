"""A rebuild (`only_cycles`) reads and renders only the cycles that changed, yet leaves the
very files a full build from scratch writes; whatever it cannot do by cycle (an Akteur's
consent, a Kennzahl, a lost cache) it does as a full build."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from dkbm import cycles, documents, indicators, meetings, network, people
from dkbm.portal import oparl
from dkbm.portal.build import BuildReport, build
from dkbm.portal.target import MANIFEST, read_manifest
from dkbm.states.indicators import ItemKind
from tests.conftest import T0
from tests.factories import BY, Network, decide_stage, make_network
from tests.portal.oparl_schema import SCHEMAS

NOW = T0 + timedelta(days=30)


@dataclass
class Kommune:
    out: Path
    net: Network
    cycles: list[int]
    indicator: int


def _cycle(net: Network, title: str, owners: list[int]) -> tuple[int, list[int]]:
    """A cycle with a Leitbild, a Ziel, two Strategien and a Maßnahme per owner; returns
    (id, measures)."""
    c = cycles.start(title=title, board_id=net.board, by=BY, now=T0).id or 0
    cycles.set_vision(c, f"{title} für alle", by=BY, now=T0)
    goal = cycles.add_goal(c, f"Ziel {title}", ["schule"], by=BY, now=T0).goals[-1].id
    strategy = cycles.add_strategy(c, goal, "Strategie", by=BY, now=T0).strategies[-1].id
    cycles.add_strategy(c, goal, "Strategie ohne Maßnahme", by=BY, now=T0)
    measures = []
    for n, owner in enumerate(owners):
        done = cycles.save_measure(
            c,
            strategy_id=strategy,
            title=f"Maßnahme {title} {n}",
            owner_id=owner,
            indicator="Quote",
            target_value="90 %",
            deadline=(T0 + timedelta(days=365)).date(),
            by=BY,
            now=T0,
        )
        measures.append(done.measures[-1].id)
    return c, measures


def _indicator(cycle_id: int, measure: int, name: str) -> int:
    ind = indicators.add(
        cycle_id,
        item_kind=ItemKind.MASSNAHME,
        item_id=measure,
        name=name,
        unit="%",
        source="Statistik",
        baseline=(40.0, 2024),
        target=(80.0, 2028),
        by=BY,
        now=T0,
    )
    indicators.record_value(ind.id or 0, year=2025, value=47.5, by=BY, now=T0)
    return ind.id or 0


@pytest.fixture
def kommune(sqlite_url: str, tmp_path: Path) -> Kommune:
    """Three cycles (one with a decided stage, one in its vote), owners with and without
    consent, Kennzahlen created across cycles (their file is sorted by id, not by cycle), a
    public meeting whose item is a cycle's vote, a library document tagged with a cycle;
    built once in full."""
    net = make_network(voting=5, others=2)  # even-numbered Akteure consent
    first, m1 = _cycle(net, "Übergänge", net.actors[0:2])
    decide_stage(first, net, T0)
    second, m2 = _cycle(net, "Sprache", net.actors[1:3])
    third, _ = _cycle(net, "Ganztag", net.actors[2:4])
    cycles.advance(third, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=14))
    cycles.advance(third, "abstimmung_starten", by=BY, now=T0 + timedelta(days=15))
    kept = _indicator(first, m1[0], "Quote Übergänge")
    _indicator(second, m2[0], "Quote Sprache")
    _indicator(first, m1[1], "Quote Übergänge 2")
    meeting = meetings.plan(
        board_id=net.board,
        starts_at=T0 + timedelta(days=60),
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        meeting.id,
        title="Sprachförderung",
        public=True,
        documents=["https://kreis.example/sprache.pdf"],
        cycle_id=third,
        by=BY,
        now=T0,
    )
    documents.add(
        title="Sprachstandserhebung",
        url="https://kreis.example/sprachstand.pdf",
        cycle_id=second,
        areas=["schule"],
        by=BY,
        now=T0,
    )
    out = tmp_path / "portal"
    assert build(out, NOW).full
    return Kommune(out=out, net=net, cycles=[first, second, third], indicator=kept)


def _tree(out: Path) -> dict[str, bytes]:
    """Every file of the portal by path; its manifest lists exactly these."""
    files = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    assert read_manifest(out) == set(files)
    return files


def _same_as_a_full_build(out: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "from-scratch"
    assert build(scratch, NOW).full
    rebuilt, full = _tree(out), _tree(scratch)
    # OParl keeps history a new folder cannot have: each object's own stamps, and objects
    # deleted since as {deleted: true}; the rest is the same byte for byte
    gone = {p for p, data in rebuilt.items() if p.startswith("oparl/") and b'"deleted"' in data}
    assert sorted(set(rebuilt) - gone) == sorted(full)
    differ = [path for path in sorted(full) if rebuilt[path] != full[path]]
    assert [p for p in differ if not p.startswith("oparl/")] == []
    for path in differ:
        assert oparl._content(json.loads(rebuilt[path])) == oparl._content(json.loads(full[path]))


def _rebuild(k: Kommune, *only: int) -> BuildReport:
    return build(k.out, NOW, only_cycles=set(only))


def test_a_rebuild_after_a_transition_reads_one_cycle_and_writes_what_a_full_build_writes(
    kommune: Kommune, tmp_path: Path
) -> None:
    second = kommune.cycles[1]
    page = kommune.out / "zyklus" / f"{second}.html"
    before = page.read_bytes()
    cycles.advance(second, "beteiligung_starten", by=BY, now=NOW, deadline=NOW + timedelta(days=14))
    report = _rebuild(kommune, second)
    assert not report.full and report.cycles_read == 1
    assert page.read_bytes() != before
    _same_as_a_full_build(kommune.out, tmp_path)


def test_a_cycle_changed_but_not_named_is_found_and_rebuilt(
    kommune: Kommune, tmp_path: Path
) -> None:
    second = kommune.cycles[1]
    strategy = cycles.replay_check(second)[0].strategies[-1].id
    cycles.save_measure(
        second,
        strategy_id=strategy,
        title="Neue Maßnahme",
        owner_id=kommune.net.actors[4],
        indicator="",
        target_value="",
        deadline=None,
        by=BY,
        now=NOW,
    )
    report = _rebuild(kommune)
    assert not report.full and report.cycles_read == 1
    assert "Neue Maßnahme" in (kommune.out / "data" / "massnahmen.csv").read_text("utf-8-sig")
    _same_as_a_full_build(kommune.out, tmp_path)


def test_a_withdrawn_consent_makes_the_rebuild_a_full_one(kommune: Kommune, tmp_path: Path) -> None:
    # Akteur 0 owns a Maßnahme of the first cycle and sits on the board: many pages name her
    assert "Akteur 0 " in (kommune.out / "zyklus" / f"{kommune.cycles[0]}.html").read_text()
    system = (kommune.out / "oparl" / "system.json").read_bytes()
    people.change_actor(kommune.net.actors[0], consent=False, by=BY, now=NOW)
    report = _rebuild(kommune, kommune.cycles[1])
    assert (kommune.out / "oparl" / "system.json").read_bytes() == system  # unchanged: its stamps
    assert report.full and report.cycles_read == 3
    # her OParl Person, written while she consented, stays only as a deleted object (OParl
    # forbids a 404 for it): id, type, stamps, nothing about her
    person = kommune.out / "oparl" / "person" / f"{kommune.net.actors[0]}.json"
    stub = json.loads(person.read_text())
    jsonschema.validate(stub, SCHEMAS["Person"], format_checker=jsonschema.FormatChecker())
    assert stub["deleted"] is True and set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert stub["modified"] > stub["created"]
    everything = b"".join(_tree(kommune.out).values()).decode("utf-8")
    assert "Akteur 0 " not in everything and 'Akteur 0"' not in everything
    _same_as_a_full_build(kommune.out, tmp_path)


def test_a_board_member_a_kennzahl_value_and_a_library_document_make_full_rebuilds(
    kommune: Kommune, tmp_path: Path
) -> None:
    network.set_member(
        board_id=kommune.net.board, actor_ids=[kommune.net.actors[6]], role="gast", by=BY, now=NOW
    )
    assert _rebuild(kommune, kommune.cycles[0]).full
    _same_as_a_full_build(kommune.out, tmp_path)
    indicators.record_value(kommune.indicator, year=2026, value=55.0, by=BY, now=NOW)
    assert _rebuild(kommune, kommune.cycles[0]).full
    _same_as_a_full_build(kommune.out, tmp_path)
    documents.add(title="Bildungsbericht", url="https://kreis.example/bb.pdf", by=BY, now=NOW)
    assert _rebuild(kommune, kommune.cycles[0]).full
    _same_as_a_full_build(kommune.out, tmp_path)


def test_without_its_cache_a_rebuild_is_a_full_one(kommune: Kommune, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "portal-cache")  # where tests/portal/conftest.py puts it
    second = kommune.cycles[1]
    cycles.advance(second, "beteiligung_starten", by=BY, now=NOW, deadline=NOW + timedelta(days=14))
    assert _rebuild(kommune, second).full
    assert not _rebuild(kommune, second).full
    _same_as_a_full_build(kommune.out, tmp_path)


def test_a_missing_page_is_rendered_again(kommune: Kommune, tmp_path: Path) -> None:
    (kommune.out / "en" / "zyklus" / f"{kommune.cycles[0]}.html").unlink()
    (kommune.out / "sitzung" / "1.html").unlink()
    report = _rebuild(kommune)
    assert not report.full and report.cycles_read == 1
    _same_as_a_full_build(kommune.out, tmp_path)


def test_building_again_without_a_change_writes_no_file(kommune: Kommune) -> None:
    """Files carry the moment the data last changed, and pages the day only: a second
    build later that day, full or not, finds every file as it is."""
    later = NOW + timedelta(hours=3)
    assert build(kommune.out, later).written == 0
    report = build(kommune.out, later, only_cycles={kommune.cycles[0]})
    assert (report.written, report.removed) == (0, [])


def test_two_builds_of_one_folder_take_turns(kommune: Kommune, tmp_path: Path) -> None:
    """The nightly build and a rebuild after a transition may start together."""
    from concurrent.futures import ThreadPoolExecutor

    shutil.rmtree(kommune.out)
    cycles.advance(
        kommune.cycles[1], "beteiligung_starten", by=BY, now=NOW, deadline=NOW + timedelta(9)
    )
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(build, kommune.out, NOW) for _ in range(2)]
        reports = [run.result() for run in runs]
    assert sorted(r.written for r in reports)[0] == 0  # the second found it all done
    assert not list(kommune.out.rglob("*.tmp"))
    _same_as_a_full_build(kommune.out, tmp_path)
