"""One SMTP connection per mail route for a whole batch.

A route is where and how mail is handed over: the server, its port, the TLS mode, the
login and the sender address, as Apprise reads them from a mailto URL. The connection is
opened like Apprise's `AppriseSMTPController` opens it (implicit TLS for `ssl`, STARTTLS
for `starttls`, certificates verified unless the URL says `verify=no`, login when a user
and password are given), on the first mail of its route, and kept until the batch ends.

A connection that failed is dropped; the next mail of the route opens it again. A route
whose connection could not be opened twice in a batch fails its remaining mails with the
same error at once instead of waiting for the server again (each of them is retried later
with its backoff, as it would be after a refused connection of its own).
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass, field
from typing import Any

# What an SMTP exchange may raise: the socket, the TLS layer, the protocol.
ERRORS = (OSError, smtplib.SMTPException, RuntimeError)

# Opening a route may fail this often in one batch before its mails fail at once.
OPEN_TRIES = 2


@dataclass(frozen=True)
class Route:
    host: str
    port: int
    secure_mode: str  # insecure, starttls, ssl (Apprise's SMTPSecureMode)
    user: str
    password: str = field(repr=False)
    sender: str
    verify: bool
    timeout: float

    @classmethod
    def of(cls, plugin: Any) -> Route:
        """The route of an Apprise e-mail plugin, as its `send()` would connect."""
        return cls(
            host=plugin.smtp_host,
            port=int(plugin.port),
            secure_mode=plugin.secure_mode,
            user=plugin.user or "",
            password=plugin.password or "",
            sender=plugin.from_addr[1],
            verify=bool(plugin.verify_certificate),
            timeout=float(plugin.socket_connect_timeout),
        )


class RouteDown(Exception):
    """The route could not be opened again in this batch; *error* is its last failure."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class Connections:
    """The open SMTP connections of one batch, by route; closed when the batch ends."""

    def __init__(self) -> None:
        self._open: dict[Route, smtplib.SMTP] = {}
        self._failed: dict[Route, tuple[int, BaseException]] = {}
        self.opened = 0  # connections opened in this batch (for tests and the bench)

    def __enter__(self) -> Connections:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for route in list(self._open):
            self._drop(route, polite=True)

    def sendmail(self, route: Route, to_addrs: list[str], body: str) -> dict[str, Any]:
        """Hand one prepared message to the route's server; returns the recipients it
        refused (smtplib's dict). A refusal of this message keeps the connection (smtplib
        resets the transaction); any other failure drops it and is raised. A connection
        that had carried mail before and is found closed by the server (idle too long, or
        `421`) is opened again once for this message."""
        reused = route in self._open
        try:
            return self._sendmail(route, to_addrs, body)
        except ERRORS as exc:
            if not (reused and _closed_by_server(exc)):
                raise
        return self._sendmail(route, to_addrs, body)

    def _sendmail(self, route: Route, to_addrs: list[str], body: str) -> dict[str, Any]:
        smtp = self._connection(route)
        try:
            return smtp.sendmail(route.sender, to_addrs, body)
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421:
                self._drop(route, polite=False)
            raise
        except smtplib.SMTPRecipientsRefused:
            raise  # only this message's recipients were refused: the connection stays
        except ERRORS:
            self._drop(route, polite=False)
            raise

    def _connection(self, route: Route) -> smtplib.SMTP:
        if smtp := self._open.get(route):
            return smtp
        tries, error = self._failed.get(route, (0, None))
        if error is not None and tries >= OPEN_TRIES:
            raise RouteDown(error)
        try:
            smtp = _open(route)
        except ERRORS as exc:
            self._failed[route] = (tries + 1, exc)
            raise
        self._failed.pop(route, None)
        self._open[route] = smtp
        self.opened += 1
        return smtp

    def _drop(self, route: Route, *, polite: bool) -> None:
        smtp = self._open.pop(route, None)
        if smtp is None:
            return
        with contextlib.suppress(*ERRORS):
            if polite:
                smtp.quit()
            else:
                smtp.close()


def _closed_by_server(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code == 421


def _open(route: Route) -> smtplib.SMTP:
    """Connect, secure and log in as Apprise's AppriseSMTPController does (its TLS context
    made only for a mode that uses it: loading the system's certificates takes a while)."""
    smtp: smtplib.SMTP | None = None
    try:
        if route.secure_mode == "ssl":
            smtp = smtplib.SMTP_SSL(
                route.host, route.port, None, timeout=route.timeout, context=_context(route)
            )
        elif route.secure_mode in ("starttls", "insecure"):
            smtp = smtplib.SMTP(route.host, route.port, None, timeout=route.timeout)
            if route.secure_mode == "starttls":
                smtp.starttls(context=_context(route))
        else:  # Apprise refuses an unknown mode rather than sending in plain text
            raise RuntimeError(f"invalid SMTP secure mode: {route.secure_mode!r}")
        if route.user and route.password:
            smtp.login(route.user, route.password)
    except ERRORS:
        if smtp is not None:
            with contextlib.suppress(*ERRORS):
                smtp.close()
        raise
    return smtp


def _context(route: Route) -> ssl.SSLContext:
    """Certificates and host names verified, unless the URL says `verify=no`."""
    context = ssl.create_default_context()
    if not route.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
