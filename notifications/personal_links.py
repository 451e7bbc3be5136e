"""Personal links in messages: the outbox keeps a marker, the sender puts the link in.

Messages are rendered when queued and stay in the outbox (and every backup of it) for
good. A link written into them would keep the token there in clear, where the link design
keeps only its hash; so a message holds `[[dkbm-link:<id>]]` and lists the link ids it
carries (`payload["links"]`), and the token is derived from the link row's salt only when
the message is delivered. A marker is expanded only if the message lists its id and the
link belongs to the message's recipient: a marker typed into a text (a Rückmeldung shown
in its receipt) can never bring another person's link into a message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dkbm.store import links as store
from dkbm.store.db import Tx
from dkbm.store.link_tokens import PATH, token_for, url
from dkbm.store.settings import web_url

_MARKER = re.compile(r"\[\[dkbm-link:(\d+)\]\]")
RENEWED = "erneuert"


def marker(link_id: int) -> str:
    return f"[[dkbm-link:{int(link_id)}]]"


def carried(payload: Mapping[str, Any]) -> list[int]:
    """The link ids a message (or a digest, through what it bundles) carries."""
    return [int(i) for i in payload.get("links", [])]


def urls(
    s: Tx, payload: Mapping[str, Any], recipient_id: int | None, now: datetime
) -> dict[int, str]:
    """The address behind each marker this message may expand. A link renewed since the
    message was queued gives way to the Akteur's open link for the same object."""
    if recipient_id is None:
        return {}
    found: dict[int, str] = {}
    for row in store.by_ids(s, carried(payload)):
        if row.actor_id != recipient_id:
            continue
        shown = row
        if row.revoked_reason == RENEWED:
            objekt = {c: getattr(row, c) for c in store.OBJECT_COLUMNS}
            shown = store.open_for(s, row.actor_id, row.purpose, objekt, now) or row
        found[int(row.id)] = url(token_for(shown.salt))
    return found


def masked(payload: Mapping[str, Any]) -> dict[int, str]:
    """What a preview shows instead of a link: its shape, not its token."""
    return {i: f"{web_url()}{PATH}… [Link {i}]" for i in carried(payload)}


def expand(text: str, addresses: Mapping[int, str], *, as_html: bool = False) -> str:
    """*text* with each marker it may expand replaced by its address (escaped in HTML)."""

    def replace(match: re.Match[str]) -> str:
        address = addresses.get(int(match.group(1)))
        if address is None:
            return match.group(0)
        return html.escape(address) if as_html else address

    return _MARKER.sub(replace, text)
