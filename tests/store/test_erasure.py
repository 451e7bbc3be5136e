"""Issue 18, point 6: after `akteur loeschen` her name and address are nowhere in the
database but in an approved Protokoll, which is an archive; SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import inspect, text

from dkbm import cycles, documents, meetings, minutes, network, people
from dkbm.notifications.preview import preview
from dkbm.notifications.sender import drain
from dkbm.store import repository as repo
from dkbm.store.db import engine, session
from tests.conftest import T0
from tests.factories import BY, make_municipality
from tests.peers import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
NAME, EMAIL = "Zoë Q. Erasmustest", "zoe.erasmustest@example.org"
BEFORE = "Zoë Erasmustest", "zoe.alt.erasmustest@example.org"  # until she changed both
TRACE = "erasmustest"  # in her name, her address and her channel
FIRST = T0 + timedelta(days=21, hours=7)  # 01.02.2027, 17:00 Berlin
SECOND = FIRST + timedelta(days=28)
THIRD = SECOND + timedelta(days=28)


def _network(sink: SmtpSink) -> tuple[int, list[int], int]:
    """A Kommune, Zoë (under her earlier name) and three others, all in one Gremium; Zoë
    has a channel of her own."""
    make_municipality()
    people_ = [BEFORE] + [(f"Akteur {i}", f"a{i}@example.org") for i in range(1, 4)]
    ids = [
        network.add_actor(
            name=name,
            organisation="Stadtbibliothek",
            email=email,
            sector="zivilgesellschaft",
            areas=["schule"],
            consent=True,
            lang="de",
            by=BY,
            now=T0,
        ).id
        for name, email in people_
    ]
    zoe, others = ids[0], ids[1:]
    network.set_actor_channel(
        actor_id=zoe, url=f"{sink.url}&to={EMAIL}", remove=False, by=BY, now=T0
    )
    board = network.add_board(
        name="Lenkungsgruppe", kind="gremium", quorum_percent=50, by=BY, now=T0
    )
    network.set_member(board_id=board.id, actor_ids=ids, role="mitglied", by=BY, now=T0)
    return zoe, others, board.id


def _meeting(board: int, at: Any, now: Any, title: str) -> int:
    m = meetings.plan(
        board_id=board,
        starts_at=at,
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=now,
    )
    meetings.add_item(m.id, title=title, public=True, documents=[], cycle_id=None, by=BY, now=now)
    return m.id


def _held(meeting_id: int, present: list[int], at: Any) -> None:
    meetings.record_attendance(
        meeting_id, present=present, excused=[], absent=[], represented=[], by=BY, now=at
    )
    meetings.hold(meeting_id, by=BY, now=at)


def _send_minutes(meeting_id: int, now: Any) -> None:
    from dkbm import meeting_queries

    body = meeting_queries.minutes_text(meeting_id)
    meetings.send_minutes(
        meeting_id,
        html=minutes.body_html(body),
        text=body,
        pdf=minutes.pdf(meeting_id),
        by=BY,
        now=now,
    )


def _story(sink: SmtpSink) -> dict[str, int]:
    """Zoë in a Gremium: a Beteiligung mail and a Ladung sent under her earlier name and
    address, then a Ladung sent and one queued under her name now, her reply, a
    discussion and a task note naming her, an approved Protokoll of the first meeting and
    a draft Protokoll of the second naming her, sent once and queued once more."""
    zoe, others, board = _network(sink)
    c = cycles.start(title="Bildungsstrategie", board_id=board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    cycles.record_response(c, zoe, "Einverstanden.", by=BY, now=T0)

    first = _meeting(board, FIRST, T0, "Bericht der Bibliothek")
    meetings.invite(first, by=BY, now=T0)
    meetings.reply(first, zoe, "zusage", by=BY, now=T0)
    assert drain(T0).sent >= 2 * 4  # Beteiligung and Ladung, to everyone
    people.change_actor(zoe, name=NAME, email=EMAIL, by=BY, now=T0)
    _held(first, [zoe, *others], FIRST)
    meetings.vote(
        first, 1, unanimous=True, discussion=f"{NAME} stellt den Bericht vor.", by=BY, now=FIRST
    )
    task = meetings.add_task(
        first,
        1,
        title="Zahlen nachreichen",
        owner_id=others[0],
        due_at=FIRST + timedelta(days=14),
        by=BY,
        now=FIRST,
    )
    meetings.complete_task(task, note=f"Mit {NAME} ({EMAIL}) abgestimmt", by=BY, now=FIRST)
    meetings.draft_minutes(first, minutes.draft(first, by="Bildungsbüro"), by=BY, now=FIRST)

    second = _meeting(board, SECOND, FIRST, "Haushalt")
    meetings.invite(second, by=BY, now=FIRST)
    meetings.reply(second, zoe, "zusage", by=BY, now=FIRST)
    drain(FIRST)
    _held(second, [zoe, *others], SECOND)
    meetings.vote(second, 1, unanimous=True, by=BY, now=SECOND)  # approves the first Protokoll
    meetings.draft_minutes(second, minutes.draft(second, by="Bildungsbüro"), by=BY, now=SECOND)
    _send_minutes(second, SECOND)
    drain(SECOND)
    _send_minutes(second, SECOND)  # queued again, not sent yet

    third = _meeting(board, THIRD, SECOND, "Ausblick")
    meetings.invite(third, by=BY, now=SECOND)  # her Ladung waits in the outbox
    return {"zoe": zoe, "other": others[0], "first": first, "second": second, "third": third}


def _everything(url: str) -> dict[tuple[str, str, Any], str]:
    """Every column of every row as text, keyed by (table, column, row id or values)."""
    eng = engine(url)
    found = {}
    with eng.connect() as conn:
        for table in inspect(eng).get_table_names():
            for number, row in enumerate(conn.execute(text(f"SELECT * FROM {table}")).mappings()):
                for column, value in row.items():
                    found[table, column, row.get("id", number)] = repr(value)
    return found


def _outbox(**where: Any) -> list[Any]:
    with session() as s:
        return [o for o in repo.outbox(s) if all(getattr(o, k) == v for k, v in where.items())]


def _pdf_words(attachment: dict[str, str]) -> str:
    pdf = PdfReader(BytesIO(base64.b64decode(attachment["base64"])))
    return " ".join(page.extract_text() for page in pdf.pages)


def _dkbm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        cwd=ROOT,
        env={**os.environ, "DKBM_LANG": "de"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_erased_member_is_named_nowhere_but_in_an_approved_protokoll(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    ids = _story(smtp_sink)
    zoe, other = ids["zoe"], ids["other"]
    # she added a library link herself (the coordinator let her type as herself)
    documents.add(title="Konzept", url="https://kreis.example/k.pdf", by=NAME, now=THIRD)
    before = _everything(db_url)
    named = {k for k, v in before.items() if TRACE in v.lower()}
    assert {t for t, _, _ in named} >= {"actor", "outbox", "meeting", "task", "document"}

    people.erase(zoe, by=BY, now=THIRD)

    after = _everything(db_url)
    still = {k for k, v in after.items() if TRACE in v.lower()}
    assert still == {("meeting", "minutes", ids["first"])}  # the approved Protokoll, an archive

    her_sent = _outbox(recipient_id=zoe, status="sent")
    assert her_sent and all(
        o.payload["text"].startswith("Guten Tag ehemaliges Mitglied") for o in her_sent
    )
    assert all(
        "attachments" not in o.payload
        and "attendee" not in o.payload.get("ics", {})
        and "delivered" not in o.payload
        for o in her_sent
    )
    her_waiting = [o for o in _outbox(recipient_id=zoe) if o.status != "sent"]
    assert her_waiting and all(o.status == "cancelled" and o.payload is None for o in her_waiting)

    protocol = _outbox(recipient_id=other, kind="sitzung_protokoll")
    sent = [o for o in protocol if o.status == "sent"]
    queued = [o for o in protocol if o.status == "pending"]
    assert sent and queued
    assert all("ehemaliges Mitglied" in o.payload["text"] for o in protocol)
    assert all("attachments" not in o.payload or not o.payload["attachments"] for o in sent)
    (pdf,) = queued[0].payload["attachments"]
    words = _pdf_words(pdf)
    assert "ehemaliges Mitglied" in words and TRACE not in words.lower()

    with engine(db_url).connect() as conn:
        channel_events = conn.execute(
            text(
                "SELECT payload FROM audit_event WHERE subject = 'akteur' "
                "AND subject_id = :id AND action = 'kanal_hinzugefuegt'"
            ),
            {"id": zoe},
        ).all()
    assert channel_events == [(None,)]  # not even the masked channel with its fingerprint

    doc = preview(her_sent[0].id)
    assert doc["empfaenger"] == "ehemaliges Mitglied" and TRACE not in repr(doc).lower()

    shown = _dkbm("sitzung", "protokoll", str(ids["second"]))
    assert shown.returncode == 0, shown.stderr
    assert "ehemaliges Mitglied" in shown.stdout and TRACE not in shown.stdout.lower()
    ladung = next(o for o in her_sent if o.kind == "sitzung_einladung")
    shown = _dkbm("nachrichten", "zeigen", str(ladung.id))
    assert shown.returncode == 0, shown.stderr
    assert "An: ehemaliges Mitglied" in shown.stdout
    assert "Guten Tag ehemaliges Mitglied" in shown.stdout and TRACE not in shown.stdout.lower()
    shown = _dkbm("nachrichten", "zeigen", str(her_waiting[0].id))
    assert "Inhalt gelöscht" in shown.stdout


def _group(*people_: tuple[str, str]) -> tuple[list[int], int]:
    """A Kommune and one AG whose members are *people_* (name, e-mail), none named publicly."""
    make_municipality()
    ids = [
        network.add_actor(
            name=name,
            organisation="Schule",
            email=email,
            sector="zivilgesellschaft",
            areas=[],
            consent=False,
            lang="de",
            by=BY,
            now=T0,
        ).id
        for name, email in people_
    ]
    board = network.add_board(name="AG", kind="gremium", quorum_percent=50, by=BY, now=T0)
    network.set_member(board_id=board.id, actor_ids=ids, role="mitglied", by=BY, now=T0)
    return ids, board.id


def test_erasing_one_name_leaves_a_longer_name_that_begins_with_it(db_url: str) -> None:
    ids, board = _group(("Akteur 1", "a1@example.org"), ("Akteur 10", "xa1@example.org"))
    first = _meeting(
        board, FIRST, T0, "Akteur 1 und Akteur 10 berichten (a1@example.org, xa1@example.org)"
    )

    people.erase(ids[0], by=BY, now=T0)

    from dkbm import meeting_queries

    (item,) = meeting_queries.meeting(first)["tagesordnung"]
    assert item["titel"] == (
        "ehemaliges Mitglied und Akteur 10 berichten (ehemaliges Mitglied, xa1@example.org)"
    )
    history = meeting_queries.history(first)
    assert history[-1]["aktion"] == "akteur_geloescht" and history[-1]["details"] == {
        "akteur": ids[0]
    }


def test_a_name_with_a_capital_umlaut_is_found_though_the_database_folds_ascii_only(
    db_url: str,
) -> None:
    (ozlem,), board = _group(("Özlem Çelik", "oezlem@example.org"))
    first = _meeting(board, FIRST, T0, "Özlem Çelik und ÖZLEM ÇELIK berichten")

    people.erase(ozlem, by=BY, now=T0)

    from dkbm import meeting_queries

    (item,) = meeting_queries.meeting(first)["tagesordnung"]
    assert item["titel"] == "ehemaliges Mitglied und ehemaliges Mitglied berichten"
