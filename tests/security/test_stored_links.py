"""Issue 18: links stored before the link policy refused them at input never become live.

Each hostile link of `payloads.LINKS` (marked `#L07` so it can be traced) is written with
SQL straight into the rows: a public meeting's video, its TOP's Unterlagen in the meeting's
document, a Wissen document's address. Then the portal is built, the Ladung sent and the
Protokoll drafted: no page, feed, OParl object or data set carries the link at all, and in
the Ladung and the Protokoll it is text, never a link.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from dkbm import documents, meetings, minutes
from dkbm.portal.build import build
from dkbm.states import links
from dkbm.store.db import engine
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.security import outputs
from tests.security.outputs import Output
from tests.security.payloads import LINKS
from tests.security.scan import scan
from tests.security.world import BASE

STORED = [f"{link}#L{n:02d}" for n, link in enumerate(LINKS)]
MARKERS = [f"#L{n:02d}" for n in range(len(LINKS))]
MEETING = T0 + timedelta(days=21, hours=7)


@dataclass
class Stored:
    files: dict[str, str]  # every file of the portal, as text
    portal: Output  # pages, OParl, feeds and open data, checked as the hostile texts' are
    ladung: Output
    protocol: Output
    calendar_urls: list[str]  # the URL of each Ladung's calendar entry


def _write(url: str, meeting_ids: list[int], document_ids: list[int]) -> None:
    """The links into the rows, as a database from before the policy holds them; the
    first meeting's TOP holds every link."""
    with engine(url).begin() as conn:
        for n, (meeting, document) in enumerate(zip(meeting_ids, document_ids, strict=True)):
            conn.execute(
                text("UPDATE meeting SET video = :v WHERE id = :m"), {"v": STORED[n], "m": meeting}
            )
            content = conn.execute(
                text("SELECT content FROM meeting WHERE id = :m"), {"m": meeting}
            ).scalar_one()
            doc = content if isinstance(content, dict) else json.loads(content)
            doc["items"][0]["documents"] = STORED if n == 0 else [STORED[n]]
            conn.execute(
                text("UPDATE meeting SET content = :c WHERE id = :m"),
                {"c": json.dumps(doc), "m": meeting},
            )
            conn.execute(
                text("UPDATE document SET url = :u WHERE id = :d"),
                {"u": STORED[n], "d": document},
            )
        conn.execute(text("UPDATE actor SET lang = 'en' WHERE id = 2"))


@pytest.fixture(scope="session")
def stored(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Stored]:
    folder = tmp_path_factory.mktemp("stored")
    shutil.copy(sqlite_template, folder / "dkbm.db")
    url = f"sqlite:///{folder / 'dkbm.db'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DKBM_DATABASE_URL", url)
        env.setenv("DKBM_PORTAL_CACHE", str(folder / "cache"))
        net = make_network(voting=3, others=0)
        meeting_ids, document_ids = [], []
        for n in range(len(LINKS)):
            m = meetings.plan(
                board_id=net.board,
                starts_at=MEETING + timedelta(hours=n),
                ends_at=None,
                place="Kreishaus",
                video="https://video.kreis.example/sitzung",
                public=True,
                by=BY,
                now=T0,
            )
            meetings.add_item(
                m.id or 0,
                title=f"Bericht {n}",
                public=True,
                documents=["https://kreis.example/bericht.pdf"],
                cycle_id=None,
                by=BY,
                now=T0,
            )
            meeting_ids.append(m.id or 0)
            d = documents.add(
                title=f"Dokument {n}", url="https://kreis.example/d.pdf", by=BY, now=T0
            )
            document_ids.append(d.id or 0)
        _write(url, meeting_ids, document_ids)
        for meeting in meeting_ids:
            meetings.invite(meeting, by=BY, now=T0)
        held = MEETING + timedelta(hours=1)
        meetings.hold(meeting_ids[0], by=BY, now=held)
        meetings.draft_minutes(
            meeting_ids[0], minutes.draft(meeting_ids[0], by=BY), by=BY, now=held
        )
        protocol_html = minutes.document(meeting_ids[0])
        build(folder / "portal", held + timedelta(hours=1), BASE)
        with engine(url).connect() as conn:
            rows = conn.execute(
                text("SELECT payload FROM outbox WHERE kind = 'sitzung_einladung'")
            ).scalars()
            mails = [r if isinstance(r, dict) else json.loads(r) for r in rows]
    out = folder / "portal"
    portal = Output()
    for part in (
        outputs.portal(out),
        outputs.oparl(out),
        outputs.atom(out),
        outputs.ics(out, meetings=len(LINKS)),
        outputs.open_data(out)[0],
    ):
        portal.texts |= part.texts
        portal.findings += part.findings
    ladung = Output()
    for n, mail in enumerate(mails):
        page = scan(mail["html"])
        ladung.add(f"Ladung {n + 1} ({mail['lang']})", page.text, page.findings)
    protocol = Output()
    page = scan(protocol_html)
    protocol.add("protokoll.html", page.text, page.findings)
    yield Stored(
        files={
            p.relative_to(out).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in out.rglob("*")
            if p.is_file()
        },
        portal=portal,
        ladung=ladung,
        protocol=protocol,
        calendar_urls=[mail["ics"]["url"] for mail in mails],
    )


@pytest.mark.parametrize("marker", MARKERS, ids=lambda m: repr(LINKS[int(m[2:])])[1:-1][:40])
def test_a_link_stored_before_the_policy_is_live_nowhere(stored: Stored, marker: str) -> None:
    assert [name for name, body in stored.files.items() if marker in body] == []
    assert stored.portal.about(marker) == []
    assert stored.ladung.about(marker) == []
    assert stored.ladung.landed(marker), "the Ladung names each TOP's Unterlagen (as text)"
    assert stored.protocol.about(marker) == []
    assert stored.protocol.landed(marker), "the Protokoll names the Unterlagen (as text)"


def test_nothing_else_is_live_either(stored: Stored) -> None:
    findings = stored.portal.findings + stored.ladung.findings + stored.protocol.findings
    assert findings == []
    assert all(u == "" or links.allowed(u) for u in stored.calendar_urls)
    assert len(stored.calendar_urls) == 3 * len(LINKS)  # three members per meeting
