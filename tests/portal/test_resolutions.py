"""A TOP's Beschlusstext on the portal: a public TOP's on the meeting page (its Markdown
rendered, typed HTML shown, links under the policy) and as OParl `resolutionText`; a
non-public TOP's nowhere."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import jsonschema

from dkbm import meetings
from dkbm.portal.build import build
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.portal.oparl_schema import SCHEMAS

MEETING = T0 + timedelta(days=21, hours=7)
WORDED = "Der Ausschuss **empfiehlt** <script>x()</script> [Plan](javascript:alert(1))"


def test_a_public_items_resolution_is_published_a_closed_ones_is_not(
    sqlite_url: str, tmp_path: Path
) -> None:
    net = make_network(voting=3, others=0)
    m = meetings.plan(
        board_id=net.board,
        starts_at=MEETING,
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    for title, public, text in (
        ("Schulentwicklung", True, WORDED),
        ("Personal", False, "GEHEIMER-BESCHLUSS"),
    ):
        meetings.add_item(
            m.id,
            title=title,
            public=public,
            documents=[],
            cycle_id=None,
            resolution=text,
            by=BY,
            now=T0,
        )
    out = tmp_path / "portal"
    build(out, T0 + timedelta(days=1))
    page = (out / "sitzung" / f"{m.id}.html").read_text(encoding="utf-8")
    assert "<strong>empfiehlt</strong>" in page and "&lt;script&gt;" in page
    assert "<p>Beschlussvorschlag:</p>" in page  # not voted on yet
    assert "<script>x()" not in page and "javascript:" not in page
    item = json.loads((out / "oparl" / "agendaitem" / f"{m.id}-1.json").read_text())
    assert item["resolutionText"] == WORDED
    jsonschema.validate(item, SCHEMAS["AgendaItem"])
    for path in out.rglob("*"):
        if path.is_file():
            assert b"GEHEIMER-BESCHLUSS" not in path.read_bytes(), path
