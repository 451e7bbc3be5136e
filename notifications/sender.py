"""Drain the outbox: claim a batch, deliver each row through its recipient's channels, record it.

Each row is recorded (sent, with its message log) in the commit right after its delivery,
the transaction that then checks the next row is still held; so a crash can only repeat
the row that was in flight (with the same Message-ID), never one marked sent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from sqlalchemy import Table, bindparam, select
from sqlmodel import Session

from dkbm.notifications import channels, personal_links, routes, turns
from dkbm.notifications.ics import entry, media_type
from dkbm.notifications.outbox import (
    DEAD,
    OUTBOX,
    Policy,
    claim,
    due_now,
    mark_cancelled,
    mark_failed,
    mark_sent,
    mark_sent_then_held,
    release,
    release_claims,
    sending_address,
    still_held,
)
from dkbm.notifications.smtp import Connections
from dkbm.notifications.stopping import stop_requested
from dkbm.states.errors import DkbmError
from dkbm.store import repository as repo
from dkbm.store.db import Tx, session, transaction
from dkbm.store.tables import ActorRow, BoardRow

NO_ROUTE = "cause_no_route"  # a catalog key: shown in the reader's language


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    ids: list[int] = field(default_factory=list)
    causes: Counter[str] = field(default_factory=Counter)
    unrouted: int = 0  # no channel and no DKBM_MAIL_URL: left queued, no attempt counted
    kommunen: list[str] = field(default_factory=list)  # AGS served, when several take turns
    claimed: int = 0  # rows the batches claimed

    def __iadd__(self, other: SendReport) -> SendReport:
        self.claimed += other.claimed
        self.sent += other.sent
        self.failed += other.failed
        self.dead += other.dead
        self.ids += other.ids
        self.causes += other.causes
        self.unrouted += other.unrouted
        self.kommunen = list(dict.fromkeys(self.kommunen + other.kommunen))
        return self

    @property
    def retried(self) -> int:
        return self.failed - self.dead


@dataclass(frozen=True)
class Voice:
    """Under which name mail goes out (per language), and where replies go: the
    Koordination's settings, read once per batch."""

    names: tuple[tuple[str, str], ...] = ()  # (lang, name)
    reply_to: str = ""

    def name(self, lang: str) -> str:
        return dict(self.names).get(lang, "")


def mail_channel(address: str, name: str = "", reply_to: str = "") -> str | None:
    """The mail server of the Kommune served (its own route, else `DKBM_MAIL_URL`, an Apprise
    mailto URL; `notifications.routes`) aimed at *address*, sending under *name* from the
    Kommune's sender address with *reply_to* as Reply-To."""
    base = routes.mail_url()
    if not base or not address:
        return None
    extra = {"to": address}
    own = routes.own_sending_address()
    if name:
        extra["name"] = name
        if sender := own or sending_address():  # Apprise pairs name= with a bare from= only
            extra["from"] = sender
    elif own:
        extra["from"] = own
    if reply_to:
        extra["reply"] = reply_to
    head, _, query = base.partition("?")
    kept = [p for p in query.split("&") if p and p.split("=", 1)[0] not in extra]
    added = [f"{k}={quote(v, safe='@')}" for k, v in extra.items()]
    return f"{head}?{'&'.join(kept + added)}"


def voice_of(s: Session) -> Voice:
    try:
        kommune = repo.municipality(s)
    except DkbmError:
        return Voice()
    return Voice((("de", kommune.sender("de")), ("en", kommune.sender("en"))), kommune.reply_to)


_ACTORS: Table = ActorRow.__table__  # type: ignore[attr-defined]
_BOARDS: Table = BoardRow.__table__  # type: ignore[attr-defined]
_ACTOR_COLUMNS = (_ACTORS.c.id, _ACTORS.c.name, _ACTORS.c.email, _ACTORS.c.lang, _ACTORS.c.channels)
_ACTORS_IN = select(*_ACTOR_COLUMNS).where(_ACTORS.c.id.in_(bindparam("ids", expanding=True)))
_BOARDS_IN = select(_BOARDS.c.id, _BOARDS.c.name, _BOARDS.c.channels).where(
    _BOARDS.c.id.in_(bindparam("ids", expanding=True))
)


def recipients(s: Tx, target: dict[str, Any], voice: Voice | None = None) -> tuple[str, list[str]]:
    """Who (a label for the message log) and through which channels."""
    return _addressed(target, _found(s, [target]), voice or Voice())


def _found(s: Tx, targets: list[dict[str, Any]]) -> dict[tuple[str, int], Any]:
    """The Akteure and Gremien *targets* name, (kind, id) -> row, in one query per kind."""
    found: dict[tuple[str, int], Any] = {}
    for kind, query in (("actor", _ACTORS_IN), ("board", _BOARDS_IN)):
        ids = sorted({t["id"] for t in targets if t.get("type") == kind})
        if ids:
            rows = s.connection().execute(query, {"ids": ids})
            found.update(((kind, r.id), r) for r in rows)
    return found


def _addressed(
    target: dict[str, Any], found: dict[tuple[str, int], Any], voice: Voice
) -> tuple[str, list[str]]:
    kind = target.get("type")
    if kind == "actor":
        actor = found.get(("actor", target["id"]))
        if actor is None:
            return f"akteur:{target['id']}", []
        urls = list(actor.channels or [])
        mail = mail_channel(actor.email, voice.name(actor.lang), voice.reply_to)
        return actor.name, urls or [u for u in [mail] if u]
    if kind == "board":
        board = found.get(("board", target["id"]))
        return (board.name, list(board.channels or [])) if board else ("?", [])
    mail = mail_channel(target.get("email", ""), voice.name("de"), voice.reply_to)
    return target.get("name", "?"), [u for u in [mail] if u]


def outgoing(row: Any, links: Mapping[int, str] | None = None) -> channels.Outgoing:
    """The message as it goes out; *links* are the addresses its personal-link markers
    stand for (`personal_links`), looked up at delivery."""
    p = row.payload
    links = links or {}
    attachments = []
    if ics := p.get("ics"):
        name = "sitzung.ics" if ics.get("kind") == "sitzung" else "frist.ics"
        attachments.append((name, _entry(json.dumps(ics, sort_keys=True)), media_type(ics)))
    for extra in p.get("attachments", []):
        attachments.append((extra["name"], base64.b64decode(extra["base64"]), extra["mime"]))
    return channels.Outgoing(
        subject=p["subject"],
        text=personal_links.expand(p["text"], links),
        html=personal_links.expand(p["html"], links, as_html=True),
        message_id=row.message_id,
        attachments=attachments,
    )


@lru_cache(maxsize=64)
def _entry(ics: str) -> bytes:
    """The calendar entry of a payload's `ics`, made once for the many messages that carry
    the same one (a Beteiligung's invitations); a few dozen are kept."""
    return entry(json.loads(ics))


def check_mail_url() -> None:
    """A DKBM_MAIL_URL that Apprise cannot use is a set-up error: refuse before claiming
    anything, so no message spends an attempt on it."""
    from dkbm.states.errors import InvalidValue

    base = os.environ.get("DKBM_MAIL_URL")
    if base and not channels.valid(mail_channel("probe@example.org") or ""):
        raise InvalidValue(
            "DKBM_MAIL_URL",
            channels.masked(base),
            "Apprise-URL, z. B. mailtos://benutzer:passwort@host?from=…",
        )


def send_batch(
    now: datetime,
    batch_size: int = 100,
    policy: Policy | None = None,
    kommune: int | str | None = None,
) -> SendReport:
    """Claim and deliver up to *batch_size* due messages of *kommune* (an id or an AGS;
    None: of the Kommune the caller serves), in its voice."""
    check_mail_url()
    with turns.serving(kommune):
        return _send_batch(now, batch_size, policy)


@dataclass(frozen=True)
class _Way:
    """How a claimed row goes out, read with the claim: its log label, channels, links."""

    label: str
    urls: list[str]
    links: dict[int, str]


@dataclass
class _Outcome:
    """What a delivery left to record: the row is sent, failed, or had no route."""

    row: Any
    moment: datetime
    way: _Way
    delivered: list[str] = field(default_factory=list)
    error: channels.DeliveryError | None = None


def _send_batch(now: datetime, batch_size: int, policy: Policy | None) -> SendReport:
    """One transaction claims the batch and reads how each row goes out (recipients,
    channels, personal links); then one transaction per row records the row before it
    (marked sent in the commit right after its server took it) and checks that this row is
    still held (not cancelled, not taken over) before it goes out."""
    policy = policy or Policy.from_env()
    with session() as s:
        rows, lease = claim(s, now, batch_size, policy)
        if not rows:
            return SendReport()
        voice = voice_of(s)
        found = _found(s, [r.payload.get("target", {}) for r in rows])
        ways = {}
        for r in rows:
            label, urls = _addressed(r.payload.get("target", {}), found, voice)
            ways[r.id] = _Way(label, urls, personal_links.urls(s, r.payload, r.recipient_id, now))
    report = SendReport(claimed=len(rows))
    started = time.monotonic()
    done: _Outcome | None = None
    with Connections() as connections:  # one SMTP connection per mail route, for this batch
        for i, row in enumerate(rows):
            if stop_requested():
                with transaction() as s:
                    report += _record(s, done, policy, lease)[0]
                    release_claims(s, [r.id for r in rows[i:]], lease)
                return report
            # The moment of this delivery, not of the claim: the message log tells when it
            # went out (a batch to a slow server takes minutes); a pinned clock moves on.
            moment = now + timedelta(seconds=time.monotonic() - started)
            with transaction() as s:
                recorded, held = _record(s, done, policy, lease, then=row.id)
                report += recorded
                done = None
                if held is None:
                    held = still_held(s, row.id, lease)
                if not held:
                    continue  # cancelled meanwhile, or another sender took it over
                if _stale(row, moment):
                    mark_cancelled(s, row.id, lease)
                    continue
            done = _deliver(row, moment, ways[row.id], connections)
    if done is not None:
        with transaction() as s:
            report += _record(s, done, policy, lease)[0]
    return report


def _deliver(row: Any, now: datetime, way: _Way, connections: Connections) -> _Outcome:
    """Hand *row* to each of its channels that has not taken it yet; nothing is recorded
    here (`_record`)."""
    outcome = _Outcome(row, now, way, list(row.payload.get("delivered", [])))
    if not way.urls:
        return outcome
    try:
        message = outgoing(row, way.links)
        for url in way.urls:
            if _fingerprint(url) in outcome.delivered:
                continue  # this channel took the message on an earlier attempt
            channels.send(url, message, connections)
            outcome.delivered.append(_fingerprint(url))
    except channels.DeliveryError as exc:
        outcome.error = exc
    return outcome


def _record(
    s: Tx, done: _Outcome | None, policy: Policy, lease: datetime, then: int | None = None
) -> tuple[SendReport, bool | None]:
    """Record a delivery's outcome: sent (with its message log), failed, or no route. With
    *then*, the row to go next: whether it is still held, when the same statement could
    tell (None: ask `still_held`)."""
    if done is None:
        return SendReport(), None
    row, now, way = done.row, done.moment, done.way
    if not way.urls:
        release(s, row.id, NO_ROUTE, lease)
        return SendReport(unrouted=1), None
    if done.error is not None:
        payload = {**row.payload, "delivered": done.delivered}
        status = mark_failed(s, row.id, row.attempts, str(done.error), now, policy, lease, payload)
        cause = done.error.cause
        return SendReport(failed=1, dead=int(status == DEAD), causes=Counter({cause: 1})), None
    log = [
        {
            "outbox_id": row.id,
            "at": now,
            "recipient_id": row.recipient_id,
            "recipient": way.label,
            "channel": channels.scheme(url),
            "kind": row.kind,
            "cycle_id": row.cycle_id,
            "stage": row.payload.get("stage"),
            "subject": row.payload["subject"],
            "message_id": row.message_id,
        }
        for url in way.urls
    ]
    both = mark_sent_then_held(s, row.id, now, lease, log, then) if then is not None else None
    sent, held = both if both is not None else (mark_sent(s, row.id, now, lease, log), None)
    return (SendReport(sent=1, ids=[row.id]) if sent else SendReport()), held


def _fingerprint(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def _stale(row: Any, now: datetime) -> bool:
    """A reminder *before* a deadline that has passed meanwhile (say, a retried dead letter)
    would tell stale news; the overdue notice covers it."""
    ics = row.payload.get("ics")
    return row.kind == "erinnerung" and bool(ics) and now > datetime.fromisoformat(ics["due_at"])


def drain(
    clock: Callable[[], datetime] | datetime,
    batch_size: int = 100,
    max_batches: int = 1000,
) -> SendReport:
    """Send batches until nothing due is left (or *max_batches* were sent); several
    Kommunen take turns, a batch each (`notifications.turns`).

    The time is read again for every batch, so a long drain never claims with a lease
    that has already run out.
    """
    now = clock if callable(clock) else (lambda: clock)
    total = SendReport()
    for kommune, report in turns.in_turn(
        due_kommunen(now()),
        lambda k: send_batch(now(), batch_size, kommune=k.id if k else None),
        # a short batch took all that was due; one that sent nothing and failed nothing (all
        # unrouted, say) would only claim the same rows again
        lambda r: r.claimed >= batch_size and r.sent + r.failed > 0,
        max_batches,
    ):
        if kommune is not None:
            report.kommunen = [kommune.label]
        total += report
        if stop_requested():
            break
    return total


def due_kommunen(now: datetime) -> list[turns.Kommune] | None:
    """The Kommunen with messages due at *now* and not claimed by another sender (None: one
    Kommune is served, `notifications.turns.with_work`)."""
    return turns.with_work(OUTBOX, *due_now(now))
