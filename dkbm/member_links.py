"""Personal links: one Akteur, one purpose, one object, no account.

A link's token is an HMAC of a random salt under the installation's link secret
(`store.link_secret`): the database keeps the salt and the token's SHA-256 only, so a copy
of it opens nothing, while the coordinator can still show a member her link. A link expires
with its deadline plus the Kommune's grace period and is revoked when it is overtaken (a new
round, a moved or cancelled meeting, a deactivated or erased Akteur).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dkbm.states.errors import DkbmError, NotFound
from dkbm.store import links as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction
from dkbm.store.link_secret import link_secret
from dkbm.store.settings import web_url

PURPOSES = ("beteiligung", "abstimmung", "sitzung", "aufgabe")
TOKEN_LENGTH = 32  # 24 bytes of HMAC in base64url: 192 bits
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")
PATH = "/m/"


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


def token_for(salt: str) -> str:
    digest = hmac.new(link_secret(), b"dkbm-link:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def url(token: str) -> str:
    return f"{web_url()}{PATH}{token}"


def issue(s: Tx, actor_id: int, target: Target, deadline: datetime, now: datetime) -> str:
    """The Akteur's link for *target*, valid until *deadline* plus the grace period: the one
    she already holds (moved to the new expiry), else a new one. Returns its URL."""
    if target.purpose not in PURPOSES:
        raise ValueError(target.purpose)
    expires = deadline + timedelta(days=repo.municipality(s).link_grace_days)
    held = store.open_for(s, actor_id, target.purpose, target.columns(), now)
    if held is not None:
        if held.expires_at != expires:
            store.set_expiry(s, held.id, expires)
        return url(token_for(held.salt))
    salt = secrets.token_hex(16)
    token = token_for(salt)
    store.add(
        s,
        token_hash=hashed(token),
        salt=salt,
        actor_id=actor_id,
        purpose=target.purpose,
        created_at=now,
        expires_at=expires,
        revoked_reason="",
        **target.columns(),
    )
    return url(token)


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
    )


def revoke_round(s: Tx, cycle_id: int, current_round: int, now: datetime) -> int:
    """A new round overtakes every link of the cycle's earlier rounds."""
    return store.revoke(s, now, "neue_runde", cycle_id=cycle_id, not_round=current_round)


def revoke_meeting(s: Tx, meeting_id: int, now: datetime, reason: str) -> int:
    """A moved or cancelled meeting overtakes its links (a moved one's Ladung brings new ones)."""
    return store.revoke(s, now, reason, meeting_id=meeting_id)


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
        return [_shown(r) for r in sorted(rows, key=lambda r: (r.expires_at, r.id))]


def renew(link_id: int, *, by: str, now: datetime) -> dict[str, Any]:
    """A new token for the same Akteur and object (the old one stops working at once)."""
    with transaction() as s:
        row = _held(s, link_id)
        store.revoke(s, now, "erneuert", id=link_id)
        salt = secrets.token_hex(16)
        token = token_for(salt)
        expires = max(row.expires_at, now + timedelta(days=1))
        new_id = store.add(
            s,
            token_hash=hashed(token),
            salt=salt,
            actor_id=row.actor_id,
            purpose=row.purpose,
            created_at=now,
            expires_at=expires,
            revoked_reason="",
            **{c: getattr(row, c) for c in store.OBJECT_COLUMNS},
        )
        _audit(s, row.actor_id, now, by, "link_erneuert", {"link": link_id, "neu": new_id})
        return _shown(store.by_id(s, new_id))


def withdraw(link_id: int, *, by: str, now: datetime) -> None:
    with transaction() as s:
        row = _held(s, link_id)
        store.revoke(s, now, "widerrufen", id=link_id)
        _audit(s, row.actor_id, now, by, "link_widerrufen", {"link": link_id})


def _held(s: Tx, link_id: int) -> Any:
    row = store.by_id(s, link_id)
    if row is None:
        raise NotFound("link", link_id)
    return row


def _shown(row: Any) -> dict[str, Any]:
    target = {c: getattr(row, c) for c in store.OBJECT_COLUMNS if getattr(row, c) is not None}
    return {
        "id": row.id,
        "akteur": row.actor_id,
        "zweck": row.purpose,
        "objekt": target,
        "url": url(token_for(row.salt)),
        "gueltig_bis": row.expires_at.isoformat(),
    }


def _audit(s: Tx, actor_id: int, now: datetime, by: str, action: str, payload: Any) -> None:
    repo.append_change(s, "akteur", actor_id, 1, by=by, at=now, action=action, payload=payload)
