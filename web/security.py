"""What every response carries and what every form must prove.

Headers: no referrer (a personal link must not travel to a linked site), a Content-Security-
Policy that allows our own stylesheet and nothing else (no script at all), no framing, no
sniffing; pages are never cached (a link page holds a member's answer). Forms: a CSRF token
bound to the link and its moment of issue under the installation's link secret, and a
request from another site is refused by its Origin or Sec-Fetch-Site header.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dkbm.store.link_secret import link_secret
from dkbm.store.settings import web_url

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "referrer-policy": "no-referrer",
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
STATIC = "/static/"


class SecurityHeaders:
    """Pure ASGI, so that every response gets the headers, error pages included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cached = scope["path"].startswith(STATIC)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = {k.lower() for k, _ in message.get("headers", [])}
                extra = dict(HEADERS)
                extra["cache-control"] = "public, max-age=3600" if cached else "no-store"
                message["headers"] = [
                    *[(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"],
                    *[
                        (k.encode(), v.encode())
                        for k, v in extra.items()
                        if k.encode() not in given
                    ],
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


# A form may wait this long between being shown and being sent (a long answer is written
# over an evening); after that it is shown again with a fresh token.
CSRF_MAX_AGE = timedelta(hours=24)
_CSRF = re.compile(r"(\d{1,12})\.([0-9a-f]{64})")


def _mac(link_id: int, issued: int) -> str:
    return hmac.new(
        link_secret(), f"dkbm-csrf:{link_id}:{issued}".encode(), hashlib.sha256
    ).hexdigest()


def csrf_token(link_id: int, now: datetime) -> str:
    issued = int(now.timestamp())
    return f"{issued}.{_mac(link_id, issued)}"


def csrf_valid(token: str | None, link_id: int, now: datetime) -> bool:
    found = _CSRF.fullmatch(token or "")
    if found is None:
        return False
    issued = int(found.group(1))
    if not hmac.compare_digest(found.group(2), _mac(link_id, issued)):
        return False
    age = now.timestamp() - issued
    return -300 <= age <= CSRF_MAX_AGE.total_seconds()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_site(headers: Any, own_url: str) -> bool:
    """Whether a form post comes from our own pages. A browser names the site it was sent
    from in Sec-Fetch-Site, and in Origin unless the page's referrer policy (ours:
    no-referrer) makes that "null"; a request with neither (an old browser, curl) is judged
    by its CSRF token alone."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return True
    return origin.lower() in {_origin(web_url()), _origin(own_url)}
