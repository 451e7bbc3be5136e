"""The one link policy: where a link that a person typed may point.

Only `https:`, `http:` (both with a host) and `mailto:` (with an address) are links. The
same rule refuses a link at input (a one-line reason) and drops one at output, for data
stored before the rule existed: `javascript:`, `data:`, `file:`, `vbscript:` and anything
else never become a live link in a page, a mail, a PDF or OParl.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t

SCHEMES = ("https", "http", "mailto")
MAX_LENGTH = 2000


def allowed(url: str | None, schemes: tuple[str, ...] = SCHEMES) -> bool:
    """Whether *url* may be shown as a live link (and stored as one)."""
    if not url or len(url) > MAX_LENGTH:
        return False
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in url):
        return False  # browsers drop tabs and newlines: "java\tscript:" is javascript:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return False
    if scheme == "mailto":
        return "@" in parts.path and not parts.netloc
    return bool(parts.hostname)


def shown(url: str | None, schemes: tuple[str, ...] = SCHEMES) -> str | None:
    """*url* if it may be a live link, else None: for output of data stored earlier."""
    return url if url is not None and allowed(url, schemes) else None


def checked(field: str, url: str) -> str:
    """*url* as typed (trimmed) if the policy allows it; else InvalidValue naming *field*."""
    url = url.strip()
    if not allowed(url):
        raise InvalidValue(field, url[:200], t("expected_link"))
    return url
