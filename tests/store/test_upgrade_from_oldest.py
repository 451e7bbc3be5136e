"""Upgrading from the oldest schema revision (0001) to this version's head, on PostgreSQL and
SQLite, with data that every migration touches; and a database a newer version set up,
refused in one line.

The database is brought to each revision in turn and rows are written there as that
revision's schema has them (its tables reflected from the database, never this version's
models), so each migration meets what the releases before it left: the cycle documents
that 0009 turns into item rows and whose answers and ballots 0010 moves into rows of their
own, the deadlines 0006 lets belong to a meeting, the columns later revisions add. Then
`dkbm db upgrade` takes it to head and every row is checked where it must have arrived.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from dkbm.notifications.outbox import message_id
from dkbm.notifications.sender import drain
from dkbm.store import repository as repo
from dkbm.store.db import engine, session
from dkbm.store.migrate import config, revisions, upgrade
from dkbm.store.tables import TENANT_TABLES
from tests.conftest import dump
from tests.peers import SmtpSink

T = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
DKBM = str(Path(sys.executable).parent / "dkbm")
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def _ordered_revisions() -> list[str]:
    scripts = ScriptDirectory.from_config(config("sqlite://"))
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A new database with nothing in it (no revision yet), of its own."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'alt.db'}"
        monkeypatch.setenv("DKBM_DATABASE_URL", url)
        yield url
        engine(url).dispose()
        return
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    name = f"dkbm_oldest_{uuid.uuid4().hex[:10]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    monkeypatch.setenv("DKBM_DATABASE_URL", url)
    yield url
    engine(url).dispose()
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _insert(conn: Connection, table: str, *rows: dict[str, Any]) -> None:
    """Rows as the schema in the database has them: the table as reflected there."""
    reflected = sa.Table(table, sa.MetaData(), autoload_with=conn)
    for row in rows:
        conn.execute(reflected.insert().values(**row))


def _update(conn: Connection, table: str, where: dict[str, Any], **values: Any) -> None:
    reflected = sa.Table(table, sa.MetaData(), autoload_with=conn)
    clause = sa.and_(*(reflected.c[k] == v for k, v in where.items()))
    conn.execute(reflected.update().where(clause).values(**values))


def _payload(n: int, actor: int) -> dict[str, Any]:
    return {
        "target": {"type": "actor", "id": actor},
        "subject": f"Nachricht {n}",
        "text": "Bitte antworten.",
        "html": "<p>Bitte antworten.</p>",
    }


def _outbox(n: int, actor: int, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": f"nachricht:{n}",
        "kind": "einladung",
        "cycle_id": 1,
        "recipient_id": actor,
        "payload": _payload(n, actor),
        "created_at": T,
        "due_at": T,
        "status": status,
        "attempts": 6 if status == "dead" else 0,
        "sent_at": T if status == "sent" else None,
        "last_error": "SMTP 550 5.1.1 Mailbox unavailable" if status == "dead" else None,
        **extra,
    }


CONSULTATION = {
    "vision": "Bildung für alle",
    "goals": [{"id": 1, "title": "Übergänge gestalten", "areas": ["schule"]}],
    "strategies": [],
    "measures": [],
    "consultation": {
        "stage": "ziele",
        "deadline": "2027-01-25T17:00:00+01:00",
        "invited": [2, 3, 4],
        "answers": {"2": "Einverstanden.", "3": "Bedenken: zu wenig Plätze."},
    },
    "ballots": {},
}
VOTE = {
    "vision": "Lernen ein Leben lang",
    "goals": [
        {"id": 1, "title": "Frühe Bildung stärken", "areas": ["fruehe_bildung"]},
        {"id": 2, "title": "Abschlüsse sichern", "areas": ["schule", "berufliche_bildung"]},
    ],
    "strategies": [{"id": 3, "goal_id": 2, "title": "Berufsorientierung"}],
    "measures": [
        {
            "id": 4,
            "strategy_id": 3,
            "title": "Praktikumsbörse",
            "owner_id": 2,
            "indicator": "Quote",
            "target_value": "90 %",
            "deadline": "2027-12-31",
            "reports": [
                {"at": "2027-01-05T10:00:00+01:00", "text": "läuft", "value": 40.0},
                {"at": "2027-01-09T12:30:00", "text": "Hälfte", "value": 50.0},
            ],
        }
    ],
    "consultation": None,
    "ballots": {"1": "ja", "2": "nein", "3": "enthaltung"},
    "vote_deadline": "2027-01-20T12:00:00+01:00",
}
ANSWERED = T - timedelta(days=2)  # actor 2's Rückmeldung, as the audit log has it


def _at_0001(conn: Connection) -> None:
    _insert(
        conn,
        "municipality",
        {
            "name": "Kreis Alt",
            "bundesland": "NW",
            "form": "bildungsbuero",
            "placement": "stabsstelle",
            "contact_name": "Landrätin",
            "contact_email": "landraetin@kreis-alt.de",
        },
    )
    _insert(
        conn,
        "actor",
        *(
            {
                "municipality_id": 1,
                "name": f"Akteur {n}",
                "organisation": "Schulamt",
                "email": f"a{n}@kreis-alt.de",
                "sector": "verwaltung",
                "areas": ["schule"],
                "consent_publication": n == 1,
                "lang": "en" if n == 4 else "de",
            }
            for n in (1, 2, 3, 4)
        ),
    )
    _insert(
        conn,
        "board",
        {"municipality_id": 1, "name": "Lenkungsgruppe", "kind": "gremium", "quorum_percent": 50},
        {
            "municipality_id": 1,
            "name": "AG Übergänge",
            "kind": "arbeitsgruppe",
            "quorum_percent": 0,
        },
    )
    _insert(
        conn,
        "board_member",
        {"board_id": 1, "actor_id": 1, "role": "vorsitz"},
        {"board_id": 1, "actor_id": 2, "role": "mitglied"},
        {"board_id": 1, "actor_id": 3, "role": "mitglied"},
        {"board_id": 2, "actor_id": 4, "role": "mitglied"},
    )
    common = {"municipality_id": 1, "board_id": 1, "updated_at": T}
    _insert(
        conn,
        "cycle",
        {**common, "title": "In Beteiligung", "state": "ziele_beteiligung", "version": 7,
         "round": 2, "content": CONSULTATION},
        {**common, "title": "In Abstimmung", "state": "leitbild_abstimmung", "version": 4,
         "round": 1, "content": VOTE},
    )  # fmt: skip
    _insert(
        conn,
        "cycle",
        {**common, "title": "Folgezyklus", "state": "leitbild_entwurf", "version": 0,
         "round": 1, "content": {"vision": ""}, "seeded_from": 2},
    )  # fmt: skip
    audit = {"subject": "zyklus", "by": "koordination", "reason": "", "trigger": None}
    _insert(
        conn,
        "audit_event",
        {**audit, "subject_id": 1, "version": 6, "at": T - timedelta(days=5),
         "action": "uebergang", "trigger": "beteiligung_starten", "from_state": "ziele_entwurf",
         "to_state": "ziele_beteiligung", "payload": None},
        {**audit, "subject_id": 1, "version": 7, "at": ANSWERED, "action": "rueckmeldung",
         "payload": {"akteur": 2}},
    )  # fmt: skip
    _insert(
        conn,
        "outbox",
        _outbox(1, 1, "sent"),
        _outbox(2, 2, "pending"),
        _outbox(3, 3, "dead"),
    )


def _at_0002(conn: Connection) -> None:
    _update(conn, "actor", {"id": 3}, channels=["mailto://a3@kreis-alt.de"], delivery="taeglich")
    _update(conn, "board", {"id": 1}, channels=["json://127.0.0.1:9/hook"])
    _update(conn, "outbox", {"id": 1}, message_id="<m1@kreis-alt.de>")
    _insert(
        conn,
        "reminder_plan",
        {
            "municipality_id": 1,
            "kind": "beteiligung",
            "before_working_days": [3, 1],
            "on_the_day": True,
            "overdue_working_days": [1, 3],
            "escalate_after_days": 5,
        },
    )
    _insert(
        conn,
        "deadline",
        {
            "cycle_id": 1,
            "kind": "beteiligung",
            "ref": "ziele:2",
            "due_at": T + timedelta(days=14),
            "revision": 1,
            "status": "offen",
            "next_check_at": T + timedelta(days=11),
        },
    )
    _insert(conn, "outbox", _outbox(4, 1, "pending", message_id="<m4@kreis-alt.de>", deadline_id=1))
    _insert(
        conn,
        "message_log",
        {
            "outbox_id": 1,
            "at": T,
            "recipient_id": 1,
            "recipient": "Akteur 1",
            "channel": "mailto",
            "kind": "einladung",
            "cycle_id": 1,
            "stage": "ziele",
            "subject": "Nachricht 1",
            "message_id": "<m1@kreis-alt.de>",
        },
    )


def _at_0003(conn: Connection) -> None:
    # claimed by a sender that died: its lease ran out, so the next sender takes it
    _insert(
        conn,
        "outbox",
        _outbox(
            5, 2, "pending", message_id="<m5@kreis-alt.de>", claimed_until=T - timedelta(hours=1)
        ),
    )


def _at_0004(conn: Connection) -> None:
    _insert(
        conn,
        "audit_event",
        {
            "subject": "zyklus",
            "subject_id": 2,
            "version": 4,
            "at": T - timedelta(days=1),
            "by": "moderation",
            "action": "uebergang",
            "trigger": "abstimmung_starten",
            "from_state": "leitbild_beteiligung",
            "to_state": "leitbild_abstimmung",
            "reason": "",
            "payload": None,
            "source": "flow-run:4711:abstimmung",
        },
    )
    _insert(conn, "relay_position", {"name": "prefect-events", "last_id": 2})


def _at_0005(conn: Connection) -> None:
    _insert(
        conn,
        "actor",
        {
            "municipality_id": 1,
            "name": "Akteur 5",
            "organisation": "Jugendamt",
            "email": "a5@kreis-alt.de",
            "sector": "verwaltung",
            "areas": [],
            "consent_publication": False,
            "lang": "de",
            "channels": None,
            "delivery": "sofort",
            "status": "aktiv",
        },
    )
    _update(conn, "actor", {"id": 4}, status="inaktiv")
    _insert(conn, "board_member", {"board_id": 1, "actor_id": 5, "role": "stellvertretung",
                                   "deputy_for": 3})  # fmt: skip


def _at_0006(conn: Connection) -> None:
    _update(conn, "board", {"id": 1}, notice_days=10, notice_working_days=True)
    _insert(
        conn,
        "meeting",
        {
            "board_id": 1,
            "state": "eingeladen",
            "version": 2,
            "starts_at": T + timedelta(days=20),
            "ends_at": T + timedelta(days=20, hours=2),
            "invite_by": T + timedelta(days=6),
            "place": "Kreishaus, Raum 101",
            "video": "",
            "public": True,
            "sequence": 1,
            "invited_at": T,
            "urgency": "",
            "cancel_reason": "",
            "minutes": "",
            "approved_in": None,
            "content": {"agenda": [{"number": 1, "title": "Ziele", "public": True}]},
            "updated_at": T,
        },
    )
    _insert(
        conn,
        "deadline",
        {
            "cycle_id": None,
            "kind": "aufgabe",
            "ref": "aufgabe:1",
            "due_at": T + timedelta(days=30),
            "revision": 1,
            "status": "offen",
            "next_check_at": T + timedelta(days=27),
        },
    )
    _insert(
        conn,
        "task",
        {
            "meeting_id": 1,
            "item": 1,
            "title": "Plätze zählen",
            "owner_id": 2,
            "due_at": T + timedelta(days=30),
            "status": "offen",
            "done_at": None,
            "note": "",
            "deadline_id": 2,
        },
    )


def _at_0007(conn: Connection) -> None:
    _insert(
        conn,
        "indicator",
        {
            "cycle_id": 2,
            "item_kind": "ziel",
            "item_id": 2,
            "name": "Abschlussquote",
            "unit": "%",
            "source": "IT.NRW, Schulstatistik",
            "baseline_value": 88.5,
            "baseline_year": 2025,
            "target_value": 95.0,
            "target_year": 2030,
            "version": 1,
            "updated_at": T,
        },
    )
    _insert(
        conn,
        "indicator_value",
        {"indicator_id": 1, "year": 2026, "value": 90.1, "note": "vorläufig",
         "recorded_at": T, "recorded_by": "koordination"},
    )  # fmt: skip


PDF = b"%PDF-1.4\n% dkbm upgrade test\n" + bytes(range(256))


def _at_0008(conn: Connection) -> None:
    common = {"description": "", "areas": ["schule"], "public": True, "added_at": T,
              "added_by": "koordination", "updated_at": T, "version": 1}  # fmt: skip
    _insert(
        conn,
        "document",
        {**common, "title": "Bildungsbericht", "url": "https://kreis-alt.de/bericht",
         "cycle_id": 2, "board_id": None},
        {**common, "title": "Protokoll", "filename": "protokoll.pdf",
         "media_type": "application/pdf", "size": len(PDF), "sha256": "x" * 64,
         "cycle_id": None, "board_id": 1, "content": PDF},
    )  # fmt: skip


def _at_0009(conn: Connection) -> None:
    # the third cycle's Leitbild is worked out after 0009: its document and its rows together
    _update(conn, "cycle", {"id": 3}, content={"vision": "Neu", "goals": [
        {"id": 1, "title": "Weiterbildung", "areas": ["weiterbildung"]}]})  # fmt: skip
    _insert(conn, "goal", {"cycle_id": 3, "item_id": 1, "position": 0, "title": "Weiterbildung",
                           "areas": ["weiterbildung"]})  # fmt: skip


def _at_0010(conn: Connection) -> None:
    _insert(
        conn,
        "answer",
        {"cycle_id": 1, "stage": "ziele", "round": 2, "actor_id": 4, "text": "Late but here.",
         "items": None, "given_at": T, "given_by": "link", "source": "link:1", "replaced": 0},
    )  # fmt: skip
    _insert(
        conn,
        "member_link",
        {"token_hash": "h" * 64, "salt": "s" * 32, "actor_id": 4, "purpose": "rueckmeldung",
         "cycle_id": 1, "stage": "ziele", "round": 2, "meeting_id": None, "task_id": None,
         "created_at": T, "expires_at": T + timedelta(days=28), "revoked_at": None,
         "revoked_reason": "", "last_used_at": T},
    )  # fmt: skip


def _at_0011(conn: Connection) -> None:
    _update(conn, "municipality", {"name": "Kreis Alt"}, sender_name="Bildungskoordination Alt",
            reply_to="bildung@kreis-alt.de")  # fmt: skip
    # what 0012 turns into records: spellings that differ in case and spaces only, a tie
    # (the first spelling wins), and the Schulamt of actors 1 to 4 spelled once more
    _insert(
        conn,
        "actor",
        *(
            {"municipality_id": 1, "name": f"Akteur {n}", "organisation": org,
             "email": f"a{n}@kreis-alt.de", "sector": sector, "areas": areas,
             "consent_publication": False, "lang": "de", "channels": None,
             "delivery": "sofort", "status": "aktiv"}
            for n, org, sector, areas in (
                (6, "stadt  fürth", "verwaltung", ["schule"]),
                (7, "Stadt Fürth", "politik", []),
                (8, "Stadt Fürth", "politik", ["fruehe_bildung"]),
                (9, "Kita Sonnenschein", "zivilgesellschaft", ["fruehe_bildung"]),
                (10, " kita sonnenschein", "zivilgesellschaft", []),
                (11, "SCHULAMT", "verwaltung", []),
            )
        ),
    )  # fmt: skip


def _at_0012(conn: Connection) -> None:
    now = datetime(2027, 1, 10, tzinfo=UTC)
    _insert(conn, "organisation", {"municipality_id": 1, "name": "Volkshochschule",
            "name_key": "volkshochschule", "kind": "traeger", "sector": "bildungseinrichtungen",
            "areas": ["weiterbildung"], "locality": "Altstadt", "address": "", "website": "",
            "created_at": now, "updated_at": now})  # fmt: skip
    _insert(conn, "actor", {"municipality_id": 1, "name": "Akteur 12", "organisation_id": 5,
            "function": "Leitung", "email": "a12@kreis-alt.de", "sector": "bildungseinrichtungen",
            "areas": [], "consent_publication": False, "lang": "de", "channels": None,
            "delivery": "sofort", "status": "aktiv"})  # fmt: skip
    # when she was added, as the audit log has it: where 0013 starts her consent's history
    _insert(conn, "audit_event", {"subject": "akteur", "subject_id": 12, "version": 1,
            "at": ADDED_12, "by": "koordination", "action": "angelegt", "reason": ""})  # fmt: skip


ADDED_12 = datetime(2027, 1, 10, 8, 30, tzinfo=UTC)


def _at_0013(conn: Connection) -> None:
    # actor 12 gives her consent: the actor row and an event of its history
    _update(conn, "actor", {"id": 12}, consent_publication=True)
    _insert(conn, "consent_event", {"municipality_id": 1, "actor_id": 12, "given": True,
            "at": T, "by": "koordination", "reason": "geaendert"})  # fmt: skip


def _at_0014(conn: Connection) -> None:
    # the Volkshochschule (5) cooperates with the Schulamt (1) since 2025, an ended Förderung
    _insert(conn, "organisation_relation",
            {"municipality_id": 1, "from_id": 5, "to_id": 1, "kind": "kooperationsvereinbarung",
             "valid_from": date(2025, 9, 1), "valid_to": None, "note": "Sprachkurse",
             "created_at": T, "updated_at": T},
            {"municipality_id": 1, "from_id": 3, "to_id": 5, "kind": "foerderung",
             "valid_from": None, "valid_to": date(2026, 12, 31), "note": "",
             "created_at": T, "updated_at": T})  # fmt: skip


def _at_0015(conn: Connection) -> None:
    # a Verbund with the Stadt Nachbarhausen, whose Akteur 5 is of it, with Gremium 1 as its
    # own; cycle 2 and its Maßnahme 4 run in it
    _insert(conn, "verbund",
            {"municipality_id": 1, "name": "Bildungsregion Alt", "agreement": "Vereinbarung",
             "agreement_url": "", "valid_from": date(2026, 1, 1), "valid_to": None,
             "board_id": 1, "created_at": T, "updated_at": T})  # fmt: skip
    _insert(conn, "verbund_partner",
            {"verbund_id": 1, "name": "Stadt Nachbarhausen", "ags": "05562014",
             "contact_name": "Frau Kontakt", "contact_email": "kontakt@nachbarhausen.example"})  # fmt: skip
    _update(conn, "actor", {"id": 5}, partner_id=1)
    _update(conn, "cycle", {"id": 2}, verbund_id=1)
    _update(conn, "measure", {"cycle_id": 2, "item_id": 4}, verbund_id=1)


def _at_0016(conn: Connection) -> None:
    # the Kommune gets its AGS; a Kennzahl kept at this revision names its Kommune
    _update(conn, "municipality", {"id": 1}, ags="09563000")


FILL: dict[str, Callable[[Connection], None]] = {
    "0001": _at_0001,
    "0002": _at_0002,
    "0003": _at_0003,
    "0004": _at_0004,
    "0005": _at_0005,
    "0006": _at_0006,
    "0007": _at_0007,
    "0008": _at_0008,
    "0009": _at_0009,
    "0010": _at_0010,
    "0011": _at_0011,
    "0012": _at_0012,
    "0013": _at_0013,
    "0014": _at_0014,
    "0015": _at_0015,
    "0016": _at_0016,
}


def test_every_revision_gets_data_written_at_it() -> None:
    """A new migration needs its rows here: what it touches must be in this test's data."""
    assert list(FILL) == _ordered_revisions(), (
        "tests/store/test_upgrade_from_oldest.py: write rows at the new revision (FILL)"
    )


def _dkbm(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DKBM, *args],
        env={"PATH": "/usr/bin:/bin", "DKBM_DATABASE_URL": url, "HOME": "/nonexistent"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _rows(conn: Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(sa.text(sql))]


def _json(value: Any) -> Any:
    """A JSON column read with plain SQL: decoded on PostgreSQL, text on SQLite."""
    return json.loads(value) if isinstance(value, str) else value


def _aware(value: datetime | str) -> datetime:
    """A moment read with plain SQL (text on SQLite, stored in UTC without its zone)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_every_revision_with_its_data_upgrades_to_head(
    empty_url: str, smtp_sink: SmtpSink, capsys: pytest.CaptureFixture[str]
) -> None:
    started = datetime.now(UTC)
    for revision in _ordered_revisions():
        upgrade(empty_url, revision)
        with engine(empty_url).begin() as conn:
            FILL[revision](conn)
    engine(empty_url).dispose()
    said = capsys.readouterr().out
    # What the operator runs after installing this version (`runbook.sh upgrade`).
    done = _dkbm("db", "upgrade", url=empty_url)
    assert done.returncode == 0, done.stderr
    head = revisions(empty_url)[1]
    assert revisions(empty_url) == (head, head)

    with engine(empty_url).connect() as conn:
        q = lambda sql: _rows(conn, sql)  # noqa: E731
        assert q("SELECT name, contact_email, link_grace_days FROM municipality") == [
            ("Kreis Alt", "landraetin@kreis-alt.de", 14)
        ]
        # 0011: the Koordination's voice, empty (the default) where not set
        assert q("SELECT sender_name, signature, reply_to, escalation_title FROM municipality") == [
            ("Bildungskoordination Alt", "", "bildung@kreis-alt.de", "")
        ]
        actors = q("SELECT id, status, delivery, channels FROM actor WHERE id <= 5 ORDER BY id")
        assert [a[:3] for a in actors] == [
            (1, "aktiv", "sofort"),
            (2, "aktiv", "sofort"),
            (3, "aktiv", "taeglich"),
            (4, "inaktiv", "sofort"),
            (5, "aktiv", "sofort"),
        ]
        # 0012: organisations as records, spellings merged (the most frequent, ties: the
        # first), the sector most of their Akteure have, the areas of all; said and audited
        assert q("SELECT id, name, name_key, kind, sector FROM organisation ORDER BY id") == [
            (1, "Schulamt", "schulamt", "amt", "verwaltung"),
            (2, "Jugendamt", "jugendamt", "amt", "verwaltung"),
            (3, "Stadt Fürth", "stadtfürth", "amt", "politik"),
            (4, "Kita Sonnenschein", "kitasonnenschein", "kita", "zivilgesellschaft"),
            (5, "Volkshochschule", "volkshochschule", "traeger", "bildungseinrichtungen"),
        ]
        areas = dict(q("SELECT id, areas FROM organisation"))
        assert _json(areas[3]) == ["fruehe_bildung", "schule"] and _json(areas[2]) == []
        assert q("SELECT id, organisation_id, function FROM actor ORDER BY id") == [
            (1, 1, ""), (2, 1, ""), (3, 1, ""), (4, 1, ""), (5, 2, ""), (6, 3, ""), (7, 3, ""),
            (8, 3, ""), (9, 4, ""), (10, 4, ""), (11, 1, ""), (12, 5, "Leitung"),
        ]  # fmt: skip
        assert said.splitlines() == [
            "Organisation 'Schulamt' aus 'Schulamt', 'SCHULAMT' zusammengeführt",
            "Organisation 'Stadt Fürth' aus 'stadt  fürth', 'Stadt Fürth' zusammengeführt",
            "Organisation 'Kita Sonnenschein' aus 'Kita Sonnenschein', ' kita sonnenschein' "
            "zusammengeführt",
            "4 Organisation(en) aus den Angaben der Akteure angelegt, 3 davon aus mehreren "
            "Schreibweisen zusammengeführt; Art und Sektor prüfen mit 'dkbm organisation list'",
        ]
        # 0013: consent as a history, begun with each Akteur's consent as it stood, when she
        # was added if the audit log says so, else at the upgrade
        events = q("SELECT actor_id, given, at, by, reason FROM consent_event ORDER BY id")
        assert [(e[0], bool(e[1]), e[3], e[4]) for e in events] == [
            *((n, n == 1, "migration 0013", "migration") for n in range(1, 13)),
            (12, True, "koordination", "geaendert"),
        ]
        assert [_aware(e[2]) for e in events[11:]] == [ADDED_12, T]
        assert all(started <= _aware(e[2]) <= datetime.now(UTC) for e in events[:11])
        # 0014: relations between organisations, kept with their days
        assert [(r[0], r[1], r[2], str(r[3]) if r[3] else None, str(r[4]) if r[4] else None)
                for r in q("SELECT from_id, to_id, kind, valid_from, valid_to "
                           "FROM organisation_relation ORDER BY id")] == [
            (5, 1, "kooperationsvereinbarung", "2025-09-01", None),
            (3, 5, "foerderung", None, "2026-12-31"),
        ]  # fmt: skip
        # 0015: a Verbund with its partner Kommune, an Akteur of it, a cycle and a Maßnahme
        assert [(r[0], str(r[1]), r[2], r[3], r[4]) for r in q(
            "SELECT v.name, v.valid_from, v.board_id, p.name, p.ags FROM verbund v "
            "JOIN verbund_partner p ON p.verbund_id = v.id")] == [
            ("Bildungsregion Alt", "2026-01-01", 1, "Stadt Nachbarhausen", "05562014")
        ]  # fmt: skip
        assert q("SELECT id FROM actor WHERE partner_id = 1") == [(5,)]
        assert q("SELECT id FROM cycle WHERE verbund_id = 1") == [(2,)]
        assert q("SELECT cycle_id, item_id FROM measure WHERE verbund_id = 1") == [(2, 4)]
        # 0016: every row kept belongs to the one Kommune, keyed by its AGS from now on
        assert q("SELECT ags, db_role FROM municipality") == [("09563000", None)]
        for table in TENANT_TABLES:
            assert q(f"SELECT DISTINCT municipality_id FROM {table}") in ([(1,)], []), table
        assert q("SELECT count(*) FROM audit_event WHERE municipality_id IS NULL") == [(0,)]
        merges = q("SELECT subject_id, action, by, payload FROM audit_event "
                   "WHERE subject = 'organisation' ORDER BY subject_id")  # fmt: skip
        assert [m[:3] for m in merges] == [
            (1, "zusammengefuehrt", "migration 0012"),
            (2, "angelegt", "migration 0012"),
            (3, "zusammengefuehrt", "migration 0012"),
            (4, "zusammengefuehrt", "migration 0012"),
        ]
        assert _json(merges[2][3]) == {
            "name": "Stadt Fürth", "schreibweisen": ["stadt  fürth", "Stadt Fürth"], "akteure": 3
        }  # fmt: skip
        assert _json(actors[2][3]) == ["mailto://a3@kreis-alt.de"]
        assert q("SELECT id, notice_days, notice_working_days FROM board ORDER BY id") == [
            (1, 10, True),
            (2, 7, False),
        ]
        assert q("SELECT actor_id, role, deputy_for FROM board_member WHERE board_id = 1 "
                 "ORDER BY actor_id") == [
            (1, "vorsitz", None), (2, "mitglied", None), (3, "mitglied", None),
            (5, "stellvertretung", 3),
        ]  # fmt: skip

        # 0010: answers and ballots left the documents for rows of their own
        cycles = {r[0]: r[1:] for r in q("SELECT id, state, round, seeded_from FROM cycle")}
        assert cycles == {
            1: ("ziele_beteiligung", 2, None),
            2: ("leitbild_abstimmung", 1, None),
            3: ("leitbild_entwurf", 1, 2),
        }
        docs = {
            k: v if isinstance(v, dict) else json.loads(v)
            for k, v in q("SELECT id, content FROM cycle")
        }
        assert "answers" not in docs[1]["consultation"] and "ballots" not in docs[1]
        assert docs[1]["consultation"]["invited"] == [2, 3, 4]
        assert "ballots" not in docs[2] and docs[2]["vote_deadline"] == VOTE["vote_deadline"]
        answers = q("SELECT cycle_id, stage, round, actor_id, text, given_at, source FROM answer "
                    "ORDER BY actor_id")  # fmt: skip
        assert [a[:5] for a in answers] == [
            (1, "ziele", 2, 2, "Einverstanden."),
            (1, "ziele", 2, 3, "Bedenken: zu wenig Plätze."),
            (1, "ziele", 2, 4, "Late but here."),
        ]
        # actor 2's moment is her audit entry's, actor 3's the cycle's last change
        assert [_aware(a[5]) for a in answers[:2]] == [ANSWERED, T]
        assert [a[6] for a in answers] == ["migration", "migration", "link:1"]
        assert q(
            "SELECT cycle_id, stage, round, actor_id, choice FROM ballot ORDER BY actor_id"
        ) == [
            (2, "leitbild", 1, 1, "ja"),
            (2, "leitbild", 1, 2, "nein"),
            (2, "leitbild", 1, 3, "enthaltung"),
        ]
        assert q("SELECT actor_id, purpose, round FROM member_link") == [(4, "rueckmeldung", 2)]

        # 0009: the items of every document as rows
        assert q(
            "SELECT cycle_id, item_id, position, title FROM goal ORDER BY cycle_id, item_id"
        ) == [
            (1, 1, 0, "Übergänge gestalten"),
            (2, 1, 0, "Frühe Bildung stärken"),
            (2, 2, 1, "Abschlüsse sichern"),
            (3, 1, 0, "Weiterbildung"),
        ]
        assert q("SELECT cycle_id, item_id, goal_id, title FROM strategy") == [
            (2, 3, 2, "Berufsorientierung")
        ]
        measure = q("SELECT cycle_id, item_id, owner_id, deadline, reports, last_report_at, "
                    "last_value FROM measure")  # fmt: skip
        assert [m[:5] for m in measure] == [(2, 4, 2, measure[0][3], 2)]
        assert str(measure[0][3]) == str(date(2027, 12, 31))
        assert _aware(measure[0][5]) == datetime(2027, 1, 9, 12, 30, tzinfo=UTC)
        assert measure[0][6] == 50.0
        reports = q("SELECT measure_id, position, at, text, value FROM measure_report "
                    "ORDER BY position")  # fmt: skip
        assert [(r[0], r[1], _aware(r[2]), r[3], r[4]) for r in reports] == [
            (4, 0, datetime(2027, 1, 5, 9, tzinfo=UTC), "läuft", 40.0),
            (4, 1, datetime(2027, 1, 9, 12, 30, tzinfo=UTC), "Hälfte", 50.0),
        ]

        # messages, deadlines, the audit log
        assert q("SELECT id, status, message_id, deadline_id FROM outbox ORDER BY id") == [
            (1, "sent", "<m1@kreis-alt.de>", None),
            # queued before Message-IDs were kept: the one the sender derives from the key
            (2, "pending", message_id("nachricht:2"), None),
            (3, "dead", message_id("nachricht:3"), None),
            (4, "pending", "<m4@kreis-alt.de>", 1),
            (5, "pending", "<m5@kreis-alt.de>", None),
        ]
        assert q("SELECT outbox_id, message_id FROM message_log") == [(1, "<m1@kreis-alt.de>")]
        assert q("SELECT id, cycle_id, kind, ref FROM deadline ORDER BY id") == [
            (1, 1, "beteiligung", "ziele:2"),
            (2, None, "aufgabe", "aufgabe:1"),
        ]
        assert q("SELECT kind, escalate_after_days FROM reminder_plan") == [("beteiligung", 5)]
        assert q(
            "SELECT subject_id, action, source FROM audit_event "
            "WHERE subject NOT IN ('organisation', 'akteur') ORDER BY id"
        ) == [
            (1, "uebergang", None),
            (1, "rueckmeldung", None),
            (2, "uebergang", "flow-run:4711:abstimmung"),
        ]
        assert q("SELECT name, last_id FROM relay_position") == [("prefect-events", 2)]

        # meetings, tasks, Kennzahlen, the library
        assert q("SELECT id, state, place, sequence FROM meeting") == [
            (1, "eingeladen", "Kreishaus, Raum 101", 1)
        ]
        assert q("SELECT meeting_id, owner_id, status, deadline_id FROM task") == [
            (1, 2, "offen", 2)
        ]
        assert q("SELECT cycle_id, item_kind, item_id, name, baseline_value, target_year "
                 "FROM indicator") == [(2, "ziel", 2, "Abschlussquote", 88.5, 2030)]  # fmt: skip
        assert q("SELECT indicator_id, year, value FROM indicator_value") == [(1, 2026, 90.1)]
        library = q("SELECT title, url, filename, content FROM document ORDER BY id")
        assert [d[:3] for d in library] == [
            ("Bildungsbericht", "https://kreis-alt.de/bericht", None),
            ("Protokoll", None, "protokoll.pdf"),
        ]
        assert library[0][3] is None and bytes(library[1][3]) == PDF

    # usable: the cycles load, and what was pending goes out once, with its Message-ID
    with session() as s:
        loaded = repo.cycle(s, 2)
        assert [g.title for g in loaded.goals] == ["Frühe Bildung stärken", "Abschlüsse sichern"]
        assert [r.text for r in loaded.measures[0].reports] == ["läuft", "Hälfte"]
        assert repo.cycle(s, 1).consultation.invited == [2, 3, 4]  # type: ignore[union-attr]
    report = drain(T + timedelta(minutes=1))
    assert report.sent == 3
    assert sorted(str(m["Subject"]) for _, m in smtp_sink.mails) == [
        "Nachricht 2",
        "Nachricht 4",
        "Nachricht 5",
    ]
    assert sorted(m["Message-ID"] for _, m in smtp_sink.mails) == sorted(
        [message_id("nachricht:2"), "<m4@kreis-alt.de>", "<m5@kreis-alt.de>"]
    )


def test_the_oldest_schema_upgrades_to_head_in_one_step(empty_url: str) -> None:
    """What a Kommune on the first release does: one `dkbm db upgrade` over every migration."""
    upgrade(empty_url, "0001")
    with engine(empty_url).begin() as conn:
        _at_0001(conn)
        for n, spelling in ((5, "schul amt"), (6, "  SCHULAMT ")):
            _insert(conn, "actor", {"municipality_id": 1, "name": f"Akteur {n}",
                    "organisation": spelling, "email": f"a{n}@kreis-alt.de", "sector": "verwaltung",
                    "areas": [], "consent_publication": False, "lang": "de"})  # fmt: skip
    engine(empty_url).dispose()
    done = _dkbm("db", "upgrade", url=empty_url)
    assert done.returncode == 0, done.stderr
    # what 0012 merged, told to whoever upgrades
    assert done.stdout.splitlines()[:2] == [
        "Organisation 'Schulamt' aus 'Schulamt', 'schul amt', '  SCHULAMT ' zusammengeführt",
        "1 Organisation(en) aus den Angaben der Akteure angelegt, 1 davon aus mehreren "
        "Schreibweisen zusammengeführt; Art und Sektor prüfen mit 'dkbm organisation list'",
    ]
    with engine(empty_url).connect() as conn:
        assert _rows(conn, "SELECT name FROM organisation") == [("Schulamt",)]
        assert _rows(conn, "SELECT count(*) FROM actor") == [(6,)]
        assert _rows(conn, "SELECT actor_id, text FROM answer ORDER BY actor_id") == [
            (2, "Einverstanden."),
            (3, "Bedenken: zu wenig Plätze."),
        ]
        assert _rows(conn, "SELECT count(*) FROM ballot WHERE cycle_id = 2") == [(3,)]
        assert _rows(conn, "SELECT count(*) FROM goal WHERE cycle_id = 2") == [(2,)]
        assert _rows(conn, "SELECT status FROM outbox ORDER BY id") == [
            ("sent",),
            ("pending",),
            ("dead",),
        ]
        assert _rows(conn, "SELECT status, delivery FROM actor WHERE id = 1") == [
            ("aktiv", "sofort")
        ]


@pytest.mark.parametrize("command", [["db", "upgrade"], ["init", "--kommune", "Kreis Neu"]])
def test_a_database_of_a_newer_version_is_refused_in_one_line_and_left_alone(
    empty_url: str, command: list[str]
) -> None:
    upgrade(empty_url)
    with engine(empty_url).begin() as conn:
        _at_0001_names_only(conn)
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    engine(empty_url).dispose()
    before = dump(empty_url)
    engine(empty_url).dispose()

    out = _dkbm(*command, url=empty_url)

    head = _ordered_revisions()[-1]
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert "0999" in lines[0] and head in lines[0], lines[0]
    assert dump(empty_url) == before


def _at_0001_names_only(conn: Connection) -> None:
    _insert(
        conn,
        "municipality",
        {"name": "Kreis Zukunft", "bundesland": "BY", "form": "bildungsbuero",
         "placement": "linie", "contact_name": "Amt", "contact_email": "amt@kreis-zukunft.de"},
    )  # fmt: skip
