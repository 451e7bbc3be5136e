"""A Kommune with a decided stage, a public and a non-public meeting, and people with and
without consent: what the portal must show, and what it must not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from dkbm import cycles, documents, indicators, meetings, network
from dkbm.documents import Upload
from dkbm.portal.build import build
from dkbm.states.indicators import ItemKind
from tests.conftest import T0
from tests.factories import BY, decide_stage, make_network

MEETING = T0 + timedelta(days=21, hours=7)


@dataclass
class Built:
    out: Path
    hidden_names: list[str]
    shown_names: list[str]
    emails: list[str]
    secret_title: str
    # the knowledge library: a public file, and an internal one that must appear nowhere
    public_file: bytes
    internal: list[str]
    internal_bytes: bytes


# Binary, as real uploads are; the marker lets a grep find the bytes anywhere.
PUBLIC_FILE = b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"Konzept-Inhalt\n"
INTERNAL_FILE = b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"VERTRAULICH-Haushaltsentwurf\n"


def make_site(out: Path) -> Built:
    net = make_network(voting=5, others=2)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)
    decide_stage(c.id, net, T0)
    goal = cycles.add_goal(c.id, "Übergänge gelingen", ["fruehe_bildung"], by=BY, now=T0)
    quote = indicators.add(
        c.id,
        item_kind=ItemKind.ZIEL,
        item_id=goal.goals[-1].id,
        name="Übergangsquote Kita-Schule",
        unit="%",
        source="Jugendamt",
        baseline=(40.0, 2024),
        target=(80.0, 2028),
        by=BY,
        now=T0,
    )
    for year, value in ((2025, 48.0), (2026, 51.5)):
        indicators.record_value(quote.id or 0, year=year, value=value, by=BY, now=T0)
    public = meetings.plan(
        board_id=net.board,
        starts_at=MEETING,
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        public.id,
        title="Bericht Schulentwicklung",
        public=True,
        documents=["https://kreis.example/bericht.pdf"],
        cycle_id=None,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        public.id,
        title="Personalangelegenheit Geheim",
        public=False,
        documents=[],
        cycle_id=None,
        by=BY,
        now=T0,
    )
    closed = meetings.plan(
        board_id=net.board,
        starts_at=MEETING + timedelta(days=7),
        ends_at=None,
        place="Raum 9",
        video="",
        public=False,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        closed.id, title="Interna", public=False, documents=[], cycle_id=None, by=BY, now=T0
    )
    ag = network.add_board(
        name="AG Frühe Bildung", kind="arbeitsgruppe", quorum_percent=None, by=BY, now=T0
    )
    network.set_member(board_id=ag.id, actor_ids=net.actors[5:], role="mitglied", by=BY, now=T0)
    documents.add(
        title="Bildungsbericht 2025",
        description="Zweiter Bildungsbericht des Kreises",
        url="https://kreis.example/bildungsbericht-2025.pdf",
        cycle_id=c.id,
        areas=["schule", "fruehe_bildung"],
        by=BY,
        now=T0,
    )
    documents.add(
        title="Konzept Übergang Kita–Grundschule",
        upload=Upload("Konzept Übergänge.pdf", PUBLIC_FILE),
        board_id=ag.id,
        areas=["fruehe_bildung"],
        by=BY,
        now=T0 + timedelta(hours=1),
    )
    documents.add(
        title="Haushaltsentwurf Bildungsbüro intern",
        description="Nur für die Lenkungsgruppe",
        upload=Upload("haushalt-entwurf-intern.pdf", INTERNAL_FILE),
        cycle_id=c.id,
        board_id=net.board,
        public=False,
        by=BY,
        now=T0,
    )
    build(out, T0 + timedelta(days=1))
    # make_network gives consent to even-numbered Akteure
    names = [f"Akteur {i}" for i in range(7)]
    return Built(
        out=out,
        hidden_names=[n for i, n in enumerate(names) if i % 2 == 1],
        shown_names=[n for i, n in enumerate(names) if i % 2 == 0],
        emails=[f"a{i}@example.org" for i in range(7)],
        secret_title="Personalangelegenheit Geheim",
        public_file=PUBLIC_FILE,
        internal=[
            "Haushaltsentwurf Bildungsbüro intern",
            "Nur für die Lenkungsgruppe",
            "haushalt-entwurf-intern",
        ],
        internal_bytes=b"VERTRAULICH-Haushaltsentwurf",
    )


@pytest.fixture(autouse=True)
def _portal_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a build keeps for the next one, in the test's folder (not the system's)."""
    monkeypatch.setenv("DKBM_PORTAL_CACHE", str(tmp_path / "portal-cache"))


@pytest.fixture
def site(sqlite_url: str, tmp_path: Path) -> Built:
    """On SQLite only: the portal reads through the same repositories as every use case,
    whose tests run on both databases."""
    return make_site(tmp_path / "portal")
