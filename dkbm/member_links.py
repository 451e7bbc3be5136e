"""Personal links: one Akteur, one purpose, one object, no account.

A link's token is an HMAC of a random salt under the installation's link secret
(`store.link_secret`): the database keeps the salt and the token's SHA-256 only, so a copy
of it opens nothing, while the coordinator can still show a member her link. A link expires
with its deadline plus the Kommune's grace period and is revoked when it is overtaken (a new
round, a moved or cancelled meeting, a deactivated or erased Akteur).

Messages carry links issued in the transaction that composes them (`messages.Ask`); the
outbox keeps a marker for each, and the sender derives the token only at delivery
(`notifications.personal_links`), so no queued or sent message holds one either.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dkbm.notifications.personal_links import RENEWED
from dkbm.states.cycle import STAGE_NAMES
from dkbm.states.errors import DkbmError, NotFound, Reason, Refused, moment
from dkbm.states.i18n import CATALOG, language, t
from dkbm.states.model import Actor
from dkbm.store import links as store
from dkbm.store import meetings as meeting_store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction

# Imported `as` themselves: the token and its address are derived in the store, where the
# sender finds them too when it puts a link into a message.
from dkbm.store.link_tokens import PATH as PATH
from dkbm.store.link_tokens import hashed as hashed
from dkbm.store.link_tokens import token_for as token_for
from dkbm.store.link_tokens import url as url

PURPOSES = ("beteiligung", "abstimmung", "sitzung", "aufgabe")
TOKEN_LENGTH = 32  # 24 bytes of HMAC in base64url: 192 bits
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")


class LinkUnknown(DkbmError):
    """No such link: never issued, mistyped or tampered with (404)."""

    def __init__(self) -> None:
        super().__init__("link_unknown")


class LinkGone(DkbmError):
    """The link existed and is over: expired or revoked (410)."""

    def __init__(self, why: str) -> None:
        super().__init__(f"link_{why}")
        self.why = why


@dataclass(frozen=True)
class Target:
    """What a link acts on: a cycle's stage round, a meeting or a task."""

    purpose: str
    cycle_id: int | None = None
    stage: str | None = None
    round: int | None = None
    meeting_id: int | None = None
    task_id: int | None = None

    def columns(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in store.OBJECT_COLUMNS}


@dataclass(frozen=True)
class Link:
    """A link that may act now."""

    id: int
    actor_id: int
    target: Target
    expires_at: datetime
    holder: Actor  # read anyway to see she is still active: the page shows whom it is for


def for_deadline(kind: str, ref: str, cycle_id: int | None) -> Target | None:
    """What a member acts on to settle a Frist (None: nothing a member answers through a
    link, like a Maßnahme's report or the Protokoll)."""
    if kind in ("beteiligung", "abstimmung") and cycle_id:
        stage, _, number = ref.partition(":")
        return Target(kind, cycle_id, stage, int(number))
    if kind == "sitzung":
        return Target("sitzung", meeting_id=int(ref.split(":", 1)[1]))
    if kind == "aufgabe":
        return Target("aufgabe", task_id=int(ref.split(":", 1)[1]))
    return None


def issue(s: Tx, actor_id: int, target: Target, deadline: datetime, now: datetime) -> str:
    """The Akteur's link for *target*, valid until *deadline* plus the grace period: the one
    she already holds (moved to the new expiry), else a new one. Returns its URL."""
    link_id = issue_many(s, [actor_id], target, deadline, now, born_expired=True)[actor_id]
    return url(token_for(store.by_id(s, link_id).salt))


def issue_many(
    s: Tx,
    actor_ids: list[int],
    target: Target,
    deadline: datetime,
    now: datetime,
    *,
    born_expired: bool = False,
) -> dict[int, int]:
    """`issue` for many Akteure at once (a Beteiligung asks hundreds): the id of each one's
    link, read and written in a statement or two. A link that would be over before it is
    sent (a deadline long past) is not made, unless *born_expired*."""
    if target.purpose not in PURPOSES:
        raise ValueError(target.purpose)
    wanted = list(dict.fromkeys(actor_ids))
    expires = deadline + timedelta(days=repo.municipality(s).link_grace_days)
    if not wanted or (expires <= now and not born_expired):
        return {}
    held = store.open_for_actors(s, wanted, target.purpose, target.columns(), now)
    store.set_expiries(s, [r.id for r in held.values() if r.expires_at != expires], expires)
    found = {actor_id: row.id for actor_id, row in held.items()}
    new = []
    for actor_id in wanted:
        if actor_id in held:
            continue
        new.append(_new_row(actor_id, target.purpose, target.columns(), now, expires))
    found.update(store.add_many(s, new))
    return found


def _new_row(
    actor_id: int, purpose: str, columns: dict[str, Any], now: datetime, expires: datetime
) -> dict[str, Any]:
    """A link row with a fresh salt; only its token's hash is kept."""
    salt = secrets.token_hex(16)
    return {
        "token_hash": hashed(token_for(salt)),
        "salt": salt,
        "actor_id": actor_id,
        "purpose": purpose,
        "created_at": now,
        "expires_at": expires,
        "revoked_reason": "",
        **columns,
    }


def resolve(s: Tx, token: str, now: datetime) -> Link:
    """The link behind *token*, if it may act now; else LinkUnknown or LinkGone."""
    if not _TOKEN.fullmatch(token or ""):
        raise LinkUnknown()
    row = store.by_hash(s, hashed(token))
    if row is None or not hmac.compare_digest(token_for(row.salt), token):
        raise LinkUnknown()
    if row.revoked_at is not None:
        raise LinkGone("revoked")
    if row.expires_at <= now:
        raise LinkGone("expired")
    actor = repo.actor(s, row.actor_id)
    if actor.status != "aktiv":
        raise LinkGone("revoked")
    return Link(
        id=row.id,
        actor_id=row.actor_id,
        target=Target(row.purpose, **{c: getattr(row, c) for c in store.OBJECT_COLUMNS}),
        expires_at=row.expires_at,
        holder=actor,
    )


def revoke_round(s: Tx, cycle_id: int, current_round: int, now: datetime) -> int:
    """A new round overtakes every link of the cycle's earlier rounds."""
    return store.revoke(s, now, "neue_runde", cycle_id=cycle_id, not_round=current_round)


def revoke_meeting(s: Tx, meeting_id: int, now: datetime, reason: str) -> int:
    """A moved or cancelled meeting overtakes its links (a moved one's Ladung brings new ones)."""
    return store.revoke(s, now, reason, meeting_id=meeting_id)


def revoke_cycle(s: Tx, cycle_id: int, now: datetime, reason: str) -> int:
    """A cycle that moves to another stage (or is reopened, or closed) overtakes every link
    of its stages so far; the next Beteiligung brings new ones."""
    return store.revoke(s, now, reason, cycle_id=cycle_id)


def revoke_actor(s: Tx, actor_id: int, now: datetime, reason: str) -> int:
    """A deactivated or erased Akteur holds no open link."""
    return store.revoke(s, now, reason, actor_id=actor_id)


def listing(actor_id: int, now: datetime) -> list[dict[str, Any]]:
    """`dkbm link zeigen`: the Akteur's open links, newest deadline last."""
    with transaction() as s:
        repo.actor(s, actor_id)
        rows = [
            r for r in store.of_actor(s, actor_id) if r.revoked_at is None and r.expires_at > now
        ]
        return [_shown(r, _words(s, r)) for r in sorted(rows, key=lambda r: (r.expires_at, r.id))]


def renew(link_id: int, *, by: str, now: datetime) -> dict[str, Any]:
    """A new token for the same Akteur and object (the old one stops working at once)."""
    with transaction() as s:
        row = _held(s, link_id, "erneuern")
        store.revoke(s, now, RENEWED, id=link_id)
        expires = max(row.expires_at, now + timedelta(days=1))
        columns = {c: getattr(row, c) for c in store.OBJECT_COLUMNS}
        new_id = store.add(s, **_new_row(row.actor_id, row.purpose, columns, now, expires))
        _audit(s, row.actor_id, now, by, "link_erneuert", {"link": link_id, "neu": new_id})
        row = store.by_id(s, new_id)
        return _shown(row, _words(s, row))


def withdraw(link_id: int, *, by: str, now: datetime) -> None:
    with transaction() as s:
        row = _held(s, link_id, "widerrufen")
        store.revoke(s, now, "widerrufen", id=link_id)
        _audit(s, row.actor_id, now, by, "link_widerrufen", {"link": link_id})


def _held(s: Tx, link_id: int, operation: str) -> Any:
    """The link, if still open: a revoked one was overtaken (a new round, a moved meeting)
    or replaced, and renewing it would open what it no longer may."""
    row = store.by_id(s, link_id)
    if row is None:
        raise NotFound("link", link_id)
    if row.revoked_at is not None:
        why = f"link_revoked_{row.revoked_reason}"
        grund = t(why) if why in CATALOG else row.revoked_reason
        raise Refused(operation, Reason("reason_link_revoked", id=link_id, grund=grund))
    return row


def _shown(row: Any, words: str) -> dict[str, Any]:
    target = {c: getattr(row, c) for c in store.OBJECT_COLUMNS if getattr(row, c) is not None}
    return {
        "id": row.id,
        "akteur": row.actor_id,
        "zweck": row.purpose,
        "objekt": target,
        "bezeichnung": words,
        "url": url(token_for(row.salt)),
        "gueltig_bis": row.expires_at.isoformat(),
    }


def _words(s: Tx, row: Any) -> str:
    """The link's object as the coordinator names it, in her language."""
    lang = language()
    if row.purpose in ("beteiligung", "abstimmung"):
        (cycle,) = repo.cycle_documents(s, [row.cycle_id], content=False)
        return t(
            f"link_object_{row.purpose}",
            stufe=STAGE_NAMES[lang].get(row.stage, row.stage),
            zyklus=row.cycle_id,
            titel=cycle.title,
            runde=row.round,
        )
    if row.purpose == "sitzung":
        m = meeting_store.meeting(s, row.meeting_id)
        board = repo.board(s, m.board_id)
        return t(
            "link_object_sitzung", nr=m.id, gremium=board.name, termin=moment(m.starts_at, lang)
        )
    task = meeting_store.task(s, row.task_id)
    return t("link_object_aufgabe", nr=task.id, titel=task.title)


def _audit(s: Tx, actor_id: int, now: datetime, by: str, action: str, payload: Any) -> None:
    repo.append_change(s, "akteur", actor_id, 1, by=by, at=now, action=action, payload=payload)
