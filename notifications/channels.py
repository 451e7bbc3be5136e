"""Delivery through Apprise. A channel is an Apprise URL; URLs are secrets and leave this
module only masked (`masked()`), never in logs, errors, artifacts or pages.

Mail (mailto://, mailtos://) within a batch goes out over one SMTP connection per route
(`smtp.Connections`): Apprise reads the URL and builds the message, exactly as its e-mail
plugin would, and the message is handed to the batch's open connection instead of one
opened for it alone. Every other channel, and mail outside a batch, goes through Apprise."""

from __future__ import annotations

import contextvars
import hashlib
import logging
import re
import smtplib
from dataclasses import dataclass, field
from email import utils as email_utils
from urllib.parse import urlsplit

import apprise
from apprise.attachment.memory import AttachMemory
from apprise.plugins.email import base as email_base

from dkbm.notifications import smtp

logging.getLogger("apprise").setLevel(logging.CRITICAL)

_message_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("message_id", default=None)


def _make_msgid(idstring: str | None = None, domain: str | None = None) -> str:
    """Apprise's e-mail plugin calls this for every message; dkbm's id wins when set, so a
    message sent again after a crash carries the same Message-ID."""
    return _message_id.get() or email_utils.make_msgid(idstring, domain)


email_base.make_msgid = _make_msgid


class DeliveryError(Exception):
    """A channel refused or failed; the message names the masked channel only, *cause* is
    a catalog key (`cause_*`) for people reading it in their language."""

    def __init__(self, message: str, cause: str = "cause_refused", reply: str = "") -> None:
        super().__init__(message)
        self.cause = cause
        self.reply = reply  # the server's own reply (`550 5.1.1 …`), if it gave one


class _Part(AttachMemory):  # type: ignore[misc]
    """An attachment whose Content-Type keeps its parameters (`text/calendar; charset=utf-8;
    method=REQUEST`): Apprise checks the bare type, the mail part gets the whole one."""

    def __init__(self, *, content: bytes, name: str, content_type: str) -> None:
        super().__init__(content=content, name=name, mimetype=content_type.split(";")[0].strip())
        self._content_type = content_type

    @property
    def mimetype(self) -> str:
        return self._content_type


@dataclass(frozen=True)
class Outgoing:
    subject: str
    text: str
    html: str
    message_id: str
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, data, type


_HOST = re.compile(r"localhost|\d{1,3}(\.\d{1,3}){3}|([a-z0-9-]+\.)+[a-z]{2,}")


def masked(url: str) -> str:
    """The channel as it may be shown: its scheme, its host if it is one, and a fingerprint.

    Users, passwords, paths, queries and tokens are never shown: many services keep the
    secret in the path (Slack, Discord or ntfy topics) or in the "host" (Telegram bot
    tokens), so only a plain host name survives. The fingerprint tells channels apart.
    """
    fingerprint = hashlib.sha256(url.encode()).hexdigest()[:6]
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    shown = host if _HOST.fullmatch(host) else "…"
    return f"{scheme(url)}://{shown}/…#{fingerprint}"


def scheme(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else "?"


def valid(url: str) -> bool:
    return bool(apprise.Apprise.instantiate(url))


def send(url: str, message: Outgoing, connections: smtp.Connections | None = None) -> None:
    """Deliver *message* through one channel or raise DeliveryError; mail goes over the
    batch's *connections* when given."""
    plugin = _mail_plugin(url) if connections is not None else apprise.Apprise.instantiate(url)
    if not plugin:
        raise DeliveryError(f"{masked(url)}: cause_bad_url", "cause_bad_url")
    if isinstance(plugin, email_base.NotifyEmail):
        # Mail goes out as multipart/alternative: our HTML and a plain-text part.
        plugin.notify_format = apprise.NotifyFormat.HTML
    html = plugin.notify_format == apprise.NotifyFormat.HTML
    attach = None
    if message.attachments and plugin.attachment_support:
        attach = apprise.AppriseAttachment()
        for name, data, mimetype in message.attachments:
            attach.add(_Part(content=data, name=name, content_type=mimetype))
    if connections is not None and type(plugin) is email_base.NotifyEmail:
        _send_mail(url, plugin, message, attach, connections)
        return
    token = _message_id.set(message.message_id)
    heard = _Listener()
    try:
        with heard:
            ok = plugin.notify(
                body=message.html if html else message.text,
                title=message.subject,
                body_format=apprise.NotifyFormat.HTML if html else apprise.NotifyFormat.TEXT,
                attach=attach,
            )
    except Exception:  # a plugin raising is a failed delivery, not a crash
        raise DeliveryError(f"{masked(url)}: cause_plugin", "cause_plugin") from None
    finally:
        _message_id.reset(token)
    if not ok:
        cause, reply = heard.cause(), heard.reply()
        said = f" (SMTP {reply})" if reply else ""
        raise DeliveryError(f"{masked(url)}{said}: {cause}", cause, reply)


_MAIL_SCHEMES = ("mailto", "mailtos")


def _mail_plugin(url: str) -> apprise.plugins.NotifyBase | None:
    """Apprise's plugin for *url*, as `Apprise.instantiate` makes it; a mail URL is read by
    the e-mail plugin directly, without the log lines `instantiate` prepares (they would
    only be dropped, and preparing them is most of its time)."""
    if scheme(url) not in _MAIL_SCHEMES:
        return apprise.Apprise.instantiate(url)
    results = email_base.NotifyEmail.parse_url(url.replace("/#", "/%23"))
    if not results:
        return None
    try:
        return email_base.NotifyEmail(**results, tag=set(), asset=_ASSET)
    except Exception:  # what instantiate() answers with None
        return None


_ASSET = apprise.AppriseAsset()


def _send_mail(
    url: str,
    plugin: email_base.NotifyEmail,
    message: Outgoing,
    attach: apprise.AppriseAttachment | None,
    connections: smtp.Connections,
) -> None:
    """What the e-mail plugin's `notify()` does, over the batch's connection: Apprise
    prepares the calls (title and body as it would cap them) and the MIME messages."""
    if not plugin.targets:  # the plugin's send() refuses as well
        raise DeliveryError(f"{masked(url)}: cause_refused", "cause_refused")
    token = _message_id.set(message.message_id)
    try:
        calls = list(
            plugin._build_send_calls(
                body=message.html,
                title=message.subject,
                body_format=apprise.NotifyFormat.HTML,
                attach=attach,
            )
        )
        route = smtp.Route.of(plugin)
        mails = []
        for call in calls:
            headers = {"X-Application": plugin.app_id, **plugin.headers}
            headers.update(plugin._protocol_headers(call["body"]))
            mails += email_base.NotifyEmail.prepare_emails(
                subject=call["title"],
                body=call["body"],
                notify_format=plugin.resolve_format(call["body_format"]),
                from_addr=plugin.from_addr,
                to=plugin.targets,
                cc=plugin.cc,
                bcc=plugin.bcc,
                reply_to=plugin.reply_to,
                smtp_host=plugin.smtp_host,
                attach=call["attach"],
                headers=headers,
                names=plugin.names,
                pgp=plugin.pgp,
                pgp_mode=plugin.pgp_mode,
                inline=plugin.inline,
                tzinfo=plugin.tzinfo,
            )
    except Exception:  # the plugin could not build the message
        raise DeliveryError(f"{masked(url)}: cause_plugin", "cause_plugin") from None
    finally:
        _message_id.reset(token)
    for mail in mails:
        try:
            refused = connections.sendmail(route, mail.to_addrs, mail.body)
        except smtp.RouteDown as down:
            raise _failure(url, down.error) from None
        except smtp.ERRORS as exc:
            raise _failure(url, exc) from None
        if refused:
            code, text = next(iter(refused.values()))
            reply = _printable(f"{code} {_text(text)}")
            raise DeliveryError(
                f"{masked(url)} (SMTP {reply}): cause_refused", "cause_refused", reply
            )


def _failure(url: str, exc: BaseException) -> DeliveryError:
    """The error of a failed hand-over, told apart as Apprise's log lines would tell it:
    by the exception's text, which names no channel URL."""
    line = f"{type(exc).__name__}: {exc}"
    replies = [f"{code} {text}" for code, _, text in _SMTP_REPLY.findall(line)]
    if isinstance(exc, smtplib.SMTPResponseException):
        replies.append(f"{exc.smtp_code} {_text(exc.smtp_error)}")
    reply = _printable(replies[-1]) if replies else ""
    cause = _cause(line.lower())
    said = f" (SMTP {reply})" if reply else ""
    return DeliveryError(f"{masked(url)}{said}: {cause}", cause, reply)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _printable(text: str) -> str:
    text = text.replace("\\r\\n", " ").replace("\\n", " ").replace("\r\n", " ").replace("\n", " ")
    return "".join(c for c in text if c.isprintable())[:200].strip()


def _cause(text: str) -> str:
    for needles, cause in _CAUSES:
        if any(n in text for n in needles):
            return cause
    return "cause_refused"


# What Apprise reports when a delivery fails, as causes a coordinator or IT can act on.
_CAUSES = (
    (
        (
            "name or service not known",
            "nodename nor servname",
            "getaddrinfo",
            "errno -2]",
            "errno -3]",
            "no address associated",
        ),
        "cause_dns",
    ),
    (("connection refused", "errno 111]"), "cause_connection_refused"),
    (("(535", "(534", "authentication", "auth failed", "username and password"), "cause_auth"),
    (("timed out", "timeout"), "cause_timeout"),
    (("certificate", "ssl", "tls"), "cause_tls"),
)


# An SMTP reply inside the exception Apprise logs: `(550, b'5.1.1 Mailbox unavailable')`.
_SMTP_REPLY = re.compile(r"\((\d{3}), b?(['\"])(.*?)\2\)")


class _Listener(logging.Handler):
    """Hears Apprise's own log lines during one delivery to tell failures apart. The lines
    themselves are never kept or shown (they may name hosts and users); only an SMTP
    server's reply code and text are kept, which carry no channel URL."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.replies: list[str] = []
        self._logger = logging.getLogger("apprise")
        self._level = self._logger.level

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        self.lines.append(line.lower())
        for code, _, text in _SMTP_REPLY.findall(line):
            self.replies.append(f"{code} {text}")

    def __enter__(self) -> _Listener:
        self._logger.addHandler(self)
        self._logger.setLevel(logging.DEBUG)
        self._propagate, self._logger.propagate = self._logger.propagate, False
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._level)
        self._logger.propagate = self._propagate

    def reply(self) -> str:
        """The last SMTP reply heard, printable and short."""
        return _printable(self.replies[-1]) if self.replies else ""

    def cause(self) -> str:
        return _cause(" ".join(self.lines))
