"""The meeting document on PostgreSQL (JSON column): a TOP's Beschlusstext and attached
library documents are kept in its items; a document stored before them still loads."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from dkbm import meetings
from dkbm.store import meetings as store
from dkbm.store.db import transaction
from dkbm.store.tables import MeetingRow
from tests.conftest import T0
from tests.factories import BY, make_network

_MEETING = MeetingRow.__table__  # type: ignore[attr-defined]


def test_resolution_and_attachments_round_trip_and_old_documents_load(pg_url: str) -> None:
    net = make_network(voting=3, others=0)
    m = meetings.plan(
        board_id=net.board,
        starts_at=T0 + timedelta(days=21),
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    meetings.add_item(
        m.id,
        title="Bericht",
        public=True,
        documents=[],
        cycle_id=None,
        resolution="Der Ausschuss nimmt „Kenntnis“ – 100 %",
        by=BY,
        now=T0,
    )
    with transaction() as s:
        content = s.connection().execute(select(_MEETING.c.content)).scalar_one()
        item = content["items"][0]
        assert item["resolution"] == "Der Ausschuss nimmt „Kenntnis“ – 100 %"
        assert item["attachments"] == []
        # as a meeting stored before the Beschlusstext existed
        old = {
            **content,
            "items": [{k: v for k, v in item.items() if k not in ("resolution", "attachments")}],
        }
        s.connection().execute(update(_MEETING).values(content=old))
    with transaction() as s:
        loaded = store.meeting(s, m.id or 0).items[0]
    assert (loaded.title, loaded.resolution, loaded.attachments) == ("Bericht", "", [])
