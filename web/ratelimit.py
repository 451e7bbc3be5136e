"""A limit on requests per client address and per personal link, each a sliding window of
one minute kept in this process's memory (with several workers each keeps its own).

`DKBM_WEB_RATE_ADDRESS` and `DKBM_WEB_RATE_TOKEN` set the requests per minute. The address
limit is generous: a school or a town hall sends many members through one address. Behind
a proxy the address is the one uvicorn takes from X-Forwarded-For (`--proxy-headers`).
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from dkbm.states.errors import InvalidValue

WINDOW = 60.0
DEFAULT_ADDRESS = 300
DEFAULT_TOKEN = 30
_MEMBER_PATH = "/m/"


def per_minute(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 1_000_000:
        raise InvalidValue(name, raw, "1 … 1000000")
    return value


@dataclass
class SlidingWindow:
    """How many requests each key made in the last WINDOW seconds."""

    limit: int
    seen: dict[str, deque[float]] = field(default_factory=dict)
    _calls: int = 0

    def admit(self, key: str, now: float) -> float | None:
        """None if the request may pass (and is counted), else the seconds to wait."""
        times = self.seen.setdefault(key, deque())
        while times and times[0] <= now - WINDOW:
            times.popleft()
        if len(times) >= self.limit:
            return times[0] + WINDOW - now
        times.append(now)
        self._calls += 1
        if self._calls % 1000 == 0:
            self._forget(now)
        return None

    def _forget(self, now: float) -> None:
        for key in [k for k, t in self.seen.items() if not t or t[-1] <= now - WINDOW]:
            del self.seen[key]


Refusal = Callable[[Scope, Receive, Send, int], Awaitable[None]]


class RateLimit:
    """Pure ASGI: a request over either limit is answered by *refuse* (a 429 page) and never
    reaches the app. Static files do not count."""

    def __init__(self, app: ASGIApp, *, refuse: Refusal, address: int, token: int) -> None:
        self.app = app
        self.refuse = refuse
        self.by_address = SlidingWindow(address)
        self.by_token = SlidingWindow(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        client = scope.get("client")
        wait = self.by_address.admit(client[0] if client else "-", now)
        if wait is None and scope["path"].startswith(_MEMBER_PATH):
            token = scope["path"][len(_MEMBER_PATH) :].split("/", 1)[0]
            wait = self.by_token.admit(hashlib.sha256(token.encode()).hexdigest(), now)
        if wait is not None:
            await self.refuse(scope, receive, send, max(1, math.ceil(wait)))
            return
        await self.app(scope, receive, send)
