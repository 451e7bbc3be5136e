"""Daily digests: everything queued for an Akteur who chose `taeglich`, as one message.

The digest is itself an outbox row (sent by the ordinary sender, with its own
Message-ID and retries); the rows it bundles become `bundled` in the same
transaction, so a message is either in exactly one digest or still waiting.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, bindparam, text

from dkbm.notifications import turns
from dkbm.notifications.outbox import (
    OUTBOX,
    PENDING,
    digests_due,
    message_id,
    served_mail_domain,
)
from dkbm.notifications.personal_links import carried
from dkbm.notifications.render import render
from dkbm.store import repository as repo
from dkbm.store.db import session
from dkbm.store.tables import UtcDateTime

# Taking the rows is the first write of the transaction: two digest runs at once never see
# the same row (SQLite serialises the UPDATE, PostgreSQL skips rows another run locked).
_TAKE = """
UPDATE outbox SET status = 'bundled'
WHERE id IN (
    SELECT id FROM outbox WHERE status = 'digest' AND due_at <= :now{lock}
)
RETURNING id, recipient_id, payload
"""


def bundle(now: datetime, kommune: int | str | None = None) -> int:
    """Turn waiting rows into one digest row per Akteur; returns the number of digests.

    *kommune* (an id or an AGS): that Kommune's; None: of the Kommune served, or of every
    Kommune with rows waiting, one after the other (`notifications.turns`)."""
    if kommune is not None:
        with turns.serving(kommune):
            return _bundle(now)
    kommunen = due_kommunen(now)
    if kommunen is None:
        return _bundle(now)
    return sum(bundle(now, k.id) for k in kommunen)


def due_kommunen(now: datetime) -> list[turns.Kommune] | None:
    """The Kommunen with rows waiting for a digest at *now* (None: one Kommune is served)."""
    return turns.with_work(OUTBOX, *digests_due(now))


def _bundle(now: datetime) -> int:
    with session() as s:
        conn = s.connection()
        lock = " FOR UPDATE SKIP LOCKED" if conn.dialect.name == "postgresql" else ""
        statement = (
            text(_TAKE.format(lock=lock))
            .bindparams(bindparam("now", type_=UtcDateTime()))
            .columns(payload=JSON)
        )
        waiting: dict[int, list[Any]] = defaultdict(list)
        for row in sorted(conn.execute(statement, {"now": now}), key=lambda r: r.id):
            waiting[row.recipient_id].append(row)
        if not waiting:
            return 0
        kommune = repo.municipality(s)
        actors = {a.id: a for a in repo.actor_rows(s, list(waiting))}
        digests = []
        for actor_id, rows in waiting.items():
            actor = actors[actor_id]
            lang = actor.lang if actor.lang in ("de", "en") else "de"
            entries = [
                {
                    "subject": r.payload["subject"],
                    "text": r.payload["text"],
                    "zyklus": r.payload.get("cycle_title", ""),
                }
                for r in rows
            ]
            rendered = render(
                "digest",
                lang,
                {
                    "kommune": kommune.name,
                    "absender": kommune.closing(lang),
                    "empfaenger": actor.name,
                    "datum": now.strftime("%d.%m.%Y" if lang == "de" else "%d %b %Y"),
                    "eintraege": entries,
                    "naechste_frist": None,
                },
            )
            key = f"digest:akteur:{actor_id}:{rows[0].id}-{rows[-1].id}"
            digests.append(
                {
                    "key": key,
                    "kind": "digest",
                    "cycle_id": None,
                    "recipient_id": actor_id,
                    "payload": {
                        "target": {"type": "actor", "id": actor_id},
                        "lang": lang,
                        "stage": None,
                        "subject": rendered.subject,
                        "text": rendered.text,
                        "html": rendered.html,
                        "bundled": [r.id for r in rows],
                        # each bundled message keeps its personal link (`personal_links`)
                        "links": [i for r in rows for i in carried(r.payload)],
                    },
                    "created_at": now,
                    "due_at": now,
                    "status": PENDING,
                    "attempts": 0,
                    "message_id": message_id(key, served_mail_domain()),
                    "deadline_id": None,
                }
            )
        repo.enqueue(s, digests)
        return len(digests)
