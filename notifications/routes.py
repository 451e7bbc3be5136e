"""Which mail route a message of the Kommune being served takes, and from which address.

An installation has one mail route, `DKBM_MAIL_URL` (an Apprise mailto URL with its
password). A Kommune of a shared installation may have its own: `dkbm kommune aendern
--mail-route VAR` names the environment variable that holds its URL (the database keeps the
name, never the URL and its password), and `--absendeadresse` the address its mail goes out
from.
"""

from __future__ import annotations

import os

from dkbm.store import tenant

INSTALLATION_ROUTE = "DKBM_MAIL_URL"


def route_name() -> str:
    """The environment variable holding the mail URL of the Kommune served."""
    scope = tenant.current()
    return scope.mail_route if scope is not None and scope.mail_route else INSTALLATION_ROUTE


def mail_url() -> str:
    """The Apprise mail URL of the Kommune served ("" when its variable is not set)."""
    return os.environ.get(route_name(), "")


def own_sending_address() -> str:
    """The sender address the Kommune served set for itself ("" for its route's)."""
    scope = tenant.current()
    return scope.sender_address if scope is not None else ""
