"""A personal link's token and address, derived from its stored salt under the link secret.

Shared by the use cases that issue links and the sender that puts them into messages at
delivery: the outbox keeps only a marker naming the link row, never the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from dkbm.store.link_secret import link_secret
from dkbm.store.settings import web_url

PATH = "/m/"


def token_for(salt: str) -> str:
    digest = hmac.new(link_secret(), b"dkbm-link:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def url(token: str) -> str:
    return f"{web_url()}{PATH}{token}"
