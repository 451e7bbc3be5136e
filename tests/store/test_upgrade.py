"""Upgrading a Kommune's database: the schema of an earlier release, with data in it, brought to
this version's head by the runbook's `upgrade` step (`dkbm db upgrade`) on PostgreSQL. Nothing is lost, everything is usable.

The start is a fixed old revision (0004), whatever head is now: the rows are written with
the SQL of that schema, as the release that had it wrote them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from dkbm import cycles
from dkbm.notifications.sender import drain
from dkbm.store import items, mapping
from dkbm.store import repository as repo
from dkbm.store.db import engine, session
from dkbm.store.migrate import revisions, upgrade
from tests.flows.site import runbook
from tests.peers import SmtpSink

OLD = "0004"
T = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


@pytest.fixture
def old_database(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new PostgreSQL database at revision 0004 (beside the session's, on the same server)."""
    import psycopg

    name = f"dkbm_upgrade_{uuid.uuid4().hex[:10]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    upgrade(url, OLD)
    monkeypatch.setenv("DKBM_DATABASE_URL", url)
    yield url
    engine(url).dispose()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _message(n: int, status: str) -> dict[str, object]:
    payload = {
        "target": {"type": "actor", "id": n},
        "subject": f"Einladung {n}",
        "text": "Bitte antworten.",
        "html": "<p>Bitte antworten.</p>",
    }
    return {
        "key": f"einladung:{n}",
        "kind": "einladung",
        "recipient_id": n,
        "payload": json.dumps(payload),
        "created_at": T,
        "due_at": T,
        "status": status,
        "attempts": 0,
        "sent_at": T if status == "sent" else None,
        "message_id": f"<m{n}@dkbm.local>",
    }


_OLD_CONTENT = {
    "vision": "Bildung für alle",
    "goals": [{"id": 1, "title": "Übergänge gestalten", "areas": ["schule"]}],
    "strategies": [{"id": 2, "goal_id": 1, "title": "Berufsorientierung"}],
    "measures": [
        {
            "id": 3,
            "strategy_id": 2,
            "title": "Praktikumsbörse",
            "owner_id": 2,
            "indicator": "Quote",
            "target_value": "90 %",
            "deadline": "2027-12-31",
            "reports": [{"at": "2027-01-05T10:00:00+01:00", "text": "läuft", "value": 40.0}],
        }
    ],
}


def _fill_at_0004(url: str) -> None:
    with engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO municipality (name, bundesland, form, placement, contact_name, "
                "contact_email) VALUES ('Kreis Alt', 'NW', 'bildungsbuero', 'stabsstelle', "
                "'Landrat', 'landrat@example.org')"
            )
        )
        for n in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO actor (municipality_id, name, organisation, email, sector, "
                    "areas, consent_publication, lang, delivery) VALUES (1, :name, 'O', :email, "
                    "'verwaltung', '[]', false, 'de', 'sofort')"
                ),
                {"name": f"Akteur {n}", "email": f"a{n}@example.org"},
            )
        conn.execute(
            text(
                "INSERT INTO board (municipality_id, name, kind, quorum_percent) "
                "VALUES (1, 'Lenkungsgruppe', 'gremium', 50)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO board_member (board_id, actor_id, role) VALUES "
                "(1, 1, 'mitglied'), (1, 2, 'mitglied')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cycle (municipality_id, board_id, title, state, version, round, "
                "content, updated_at) VALUES (1, 1, 'Zyklus Alt', 'umsetzung', 9, 1, "
                "CAST(:content AS JSON), :t)"
            ),
            {"content": json.dumps(_OLD_CONTENT), "t": T},
        )
        for n, status in ((1, "sent"), (2, "pending"), (3, "pending")):
            conn.execute(
                text(
                    "INSERT INTO outbox (key, kind, recipient_id, payload, created_at, due_at, "
                    "status, attempts, sent_at, message_id) VALUES (:key, :kind, "
                    ":recipient_id, CAST(:payload AS JSON), :created_at, :due_at, :status, "
                    ":attempts, :sent_at, :message_id)"
                ),
                _message(n, status),
            )
        conn.execute(
            text(
                "INSERT INTO message_log (outbox_id, at, recipient_id, recipient, channel, kind, "
                "subject, message_id) VALUES (1, :t, 1, 'Akteur 1', 'mailto', 'einladung', "
                "'Einladung 1', '<m1@dkbm.local>')"
            ),
            {"t": T},
        )


def test_upgrade_from_an_old_release_keeps_every_row_and_sends_what_was_pending(
    old_database: str, smtp_sink: SmtpSink
) -> None:
    _fill_at_0004(old_database)
    current, head = revisions(old_database)
    assert current == OLD != head

    runbook("upgrade", DKBM_DATABASE_URL=old_database)  # dkbm db upgrade (no Prefect here)
    assert revisions(old_database) == (head, head)

    with engine(old_database).connect() as conn:
        actors = conn.execute(text("SELECT name, status FROM actor ORDER BY id")).all()
        members = conn.execute(text("SELECT count(*) FROM board_member")).scalar()
        outbox = conn.execute(text("SELECT status FROM outbox ORDER BY id")).scalars().all()
        goals = conn.execute(text("SELECT cycle_id, item_id, title, areas FROM goal")).all()
        measure = conn.execute(
            text("SELECT item_id, owner_id, deadline, reports, last_report_at FROM measure")
        ).one()
        report = conn.execute(text("SELECT measure_id, text, value FROM measure_report")).one()
    assert [tuple(a) for a in actors] == [(f"Akteur {n}", "aktiv") for n in (1, 2, 3)]
    assert members == 2 and outbox == ["sent", "pending", "pending"]
    assert [tuple(g) for g in goals] == [(1, 1, "Übergänge gestalten", ["schule"])]
    assert tuple(measure) == (3, 2, date(2027, 12, 31), 1, datetime(2027, 1, 5, 9, tzinfo=UTC))
    assert tuple(report) == (3, "läuft", 40.0)
    cycles.report_progress(1, 3, "weiter", value=55.0, by="it", now=T)  # the first write
    with session() as s:
        assert items.stored(s, 1) == items.rows(1, mapping.content(repo.cycle(s, 1)))

    report = drain(T + timedelta(minutes=1))
    assert report.sent == 2
    assert sorted(m["Message-ID"] for _, m in smtp_sink.mails) == [
        "<m2@dkbm.local>",
        "<m3@dkbm.local>",
    ]
    with engine(old_database).connect() as conn:
        logged = conn.execute(text("SELECT message_id FROM message_log ORDER BY id")).scalars()
        assert list(logged) == [f"<m{n}@dkbm.local>" for n in (1, 2, 3)]
