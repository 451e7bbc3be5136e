"""Migration 0010 on SQLite and PostgreSQL: the answers and ballots that cycle documents held
at 0009 become rows (at the cycle's stage and round) and leave the documents; the application
reads them from there; a downgrade puts them back into the documents."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from dkbm import cycles, queries
from dkbm.store.db import engine
from dkbm.store.migrate import config, upgrade

T = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
ANSWERED = T - timedelta(days=2)
CONSULTING = {
    "vision": "Bildung für alle",
    "goals": [],
    "strategies": [],
    "measures": [],
    "consultation": {
        "stage": "leitbild",
        "deadline": (T + timedelta(days=7)).isoformat(),
        "invited": [1, 2, 3],
        "answers": {"1": "Einverstanden.", "3": "Bedenken: zu wenig Plätze."},
    },
    "vote": None,
    "ballots": {},
    "vote_deadline": None,
    "vote_meeting": None,
    "vote_place": "",
    "decided": {},
}
VOTING = {
    **CONSULTING,
    "consultation": {**CONSULTING["consultation"], "stage": "ziele", "answers": {"2": "ok"}},
    "vote": {
        "stage": "ziele",
        "present": 2,
        "yes": 1,
        "no": 1,
        "abstain": 0,
        "voting_members": 3,
        "quorum_needed": 2,
    },
    "ballots": {"1": "ja", "2": "nein"},
    "vote_deadline": (T + timedelta(days=5)).isoformat(),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def at_0009(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A database of its own at revision 0009."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'alt.db'}"
        upgrade(url, "0009")
        monkeypatch.setenv("DKBM_DATABASE_URL", url)
        yield url
        engine(url).dispose()
        return
    import psycopg

    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    name = f"dkbm_m0010_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    upgrade(url, "0009")
    monkeypatch.setenv("DKBM_DATABASE_URL", url)
    yield url
    engine(url).dispose()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fill(url: str) -> None:
    """Three Akteure on one board; cycle 1 in its Leitbild Beteiligung, cycle 2 in a written
    vote on its Ziele (round 2), as 0009 kept them: everything in the document."""
    meta = sa.MetaData()
    meta.reflect(engine(url))
    t = meta.tables
    with engine(url).begin() as conn:
        conn.execute(
            sa.insert(t["municipality"]),
            {
                "name": "Kreis Alt",
                "bundesland": "NW",
                "form": "bildungsbuero",
                "placement": "stabsstelle",
                "contact_name": "Landrat",
                "contact_email": "landrat@example.org",
            },
        )
        for n in (1, 2, 3):
            conn.execute(
                sa.insert(t["actor"]),
                {
                    "municipality_id": 1,
                    "name": f"Akteur {n}",
                    "organisation": "O",
                    "email": f"a{n}@example.org",
                    "sector": "verwaltung",
                    "areas": [],
                    "consent_publication": False,
                    "lang": "de",
                    "delivery": "sofort",
                    "channels": [],
                },
            )
        conn.execute(
            sa.insert(t["board"]),
            {
                "municipality_id": 1,
                "name": "Lenkungsgruppe",
                "kind": "gremium",
                "quorum_percent": 50,
            },
        )
        conn.execute(
            sa.insert(t["board_member"]),
            [{"board_id": 1, "actor_id": n, "role": "mitglied"} for n in (1, 2, 3)],
        )
        for state, round_, doc in (
            ("leitbild_beteiligung", 1, CONSULTING),
            ("ziele_abstimmung", 2, VOTING),
        ):
            conn.execute(
                sa.insert(t["cycle"]),
                {
                    "municipality_id": 1,
                    "board_id": 1,
                    "title": f"Zyklus {state}",
                    "state": state,
                    "version": 7,
                    "round": round_,
                    "content": doc,
                    "updated_at": T,
                },
            )
        conn.execute(
            sa.insert(t["audit_event"]),
            {
                "subject": "zyklus",
                "subject_id": 1,
                "version": 6,
                "at": ANSWERED,
                "by": "koordination",
                "action": "rueckmeldung",
                "reason": "",
                "payload": {"akteur": 1, "text": "Einverstanden.", "ersetzt": False},
            },
        )


def _documents(url: str) -> dict[int, dict[str, Any]]:
    with engine(url).connect() as conn:
        rows = conn.execute(sa.text("SELECT id, content FROM cycle ORDER BY id")).all()
    return {i: json.loads(c) if isinstance(c, str) else c for i, c in rows}


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def _utc(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def test_answers_and_ballots_move_into_rows_and_back(at_0009: str) -> None:
    url = at_0009
    _fill(url)
    command.upgrade(config(url), "0010")

    docs = _documents(url)
    assert "answers" not in docs[1]["consultation"] and "ballots" not in docs[1]
    assert "answers" not in docs[2]["consultation"] and "ballots" not in docs[2]
    assert docs[1]["vision"] == "Bildung für alle" and docs[2]["vote"] == VOTING["vote"]
    answers = _rows(
        url,
        "SELECT cycle_id, stage, round, actor_id, text, given_at, source, replaced FROM answer "
        "ORDER BY cycle_id, actor_id",
    )
    assert [a[:5] for a in answers] == [
        (1, "leitbild", 1, 1, "Einverstanden."),
        (1, "leitbild", 1, 3, "Bedenken: zu wenig Plätze."),
        (2, "ziele", 2, 2, "ok"),
    ]
    assert [_utc(a[5]) for a in answers] == [ANSWERED, T, T]  # the audit entry's moment, else
    assert {(a[6], a[7]) for a in answers} == {("migration", 0)}
    ballots = _rows(
        url, "SELECT cycle_id, stage, round, actor_id, choice FROM ballot ORDER BY actor_id"
    )
    assert ballots == [(2, "ziele", 2, 1, "ja"), (2, "ziele", 2, 2, "nein")]

    command.downgrade(config(url), "0009")
    docs = _documents(url)
    assert docs[1]["consultation"]["answers"] == CONSULTING["consultation"]["answers"]
    assert docs[2]["consultation"]["answers"] == {"2": "ok"}
    assert docs[2]["ballots"] == VOTING["ballots"] and docs[1]["ballots"] == {}


def test_a_migrated_cycle_takes_new_answers_and_ballots_as_rows(at_0009: str) -> None:
    url = at_0009
    _fill(url)
    upgrade(url)  # as `dkbm db upgrade` runs it (SQLite rebuilds tables)
    # the application (at head: it reads columns of later revisions) reads them from the rows
    status = queries.status(1, T)
    assert status["beteiligung"]["geantwortet"] == 2
    assert [a["akteur"] for a in queries.responses(1)["rueckmeldungen"]] == [1, 3]
    voted = queries.status(2, T)
    assert voted["schriftliche_abstimmung"]["stimmen"] == 2
    assert (voted["abstimmung"]["ja"], voted["abstimmung"]["nein"]) == (1, 1)
    cycles.record_response(1, 2, "Auch einverstanden.", by="koordination", now=T)
    assert queries.status(1, T)["beteiligung"]["ausstehend"] == []
    decided = cycles.record_ballot(2, 3, "ja", by="koordination", now=T)
    assert decided.vote is not None and (decided.vote.yes, decided.vote.present) == (2, 3)
    assert decided.version == 7
