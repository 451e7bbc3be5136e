"""Running the app under uvicorn: the checks before it starts, then uvicorn itself.

Started with a database whose schema is not this version's, the app would fail on the
first member's request; `dkbm web` refuses to start instead, in one line.
"""

from __future__ import annotations

import socket

from dkbm.states.errors import DatabaseError, DkbmError


def check_schema() -> None:
    """The database is reachable and at this version's newest migration: read across
    Kommunen, as the app serves each link's own (and an outdated schema has none yet)."""
    from dkbm.health import head_revision
    from dkbm.store import reads, tenant
    from dkbm.store.settings import database_url, masked

    url = database_url()
    with tenant.across(), reads.reader(url) as r:
        current = reads.health.schema_revision(r)
    if current is None:
        raise DatabaseError("database_not_initialised", url=masked(url))
    if current != head_revision():
        raise DatabaseError("database_outdated", url=masked(url))


def check_settings() -> None:
    """The link secret and the rate limits are readable (else one line, before uvicorn)."""
    from dkbm.store.link_secret import link_secret
    from dkbm.web.ratelimit import DEFAULT_ADDRESS, DEFAULT_TOKEN, per_minute

    link_secret()
    per_minute("DKBM_WEB_RATE_ADDRESS", DEFAULT_ADDRESS)
    per_minute("DKBM_WEB_RATE_TOKEN", DEFAULT_TOKEN)


def check_port(host: str, port: int) -> None:
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError:
        raise DkbmError("port_busy", port=port) from None


def run(host: str, port: int, workers: int) -> None:
    import uvicorn

    from dkbm.web.logs import log_config

    uvicorn.run(
        "dkbm.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,  # the client address from X-Forwarded-For of FORWARDED_ALLOW_IPS
        server_header=False,
        log_config=log_config(),
    )
