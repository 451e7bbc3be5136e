"""Issue 23, point 6: a batch sends its mail over one SMTP connection per route. The message
is the one Apprise would send on a connection of its own; a connection the server dropped is
opened again; each batch closes its connections."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from dkbm import cycles
from dkbm.notifications import channels
from dkbm.notifications.sender import drain, mail_channel
from dkbm.notifications.smtp import Connections, Route
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import free_port


@dataclass
class Peers:
    """An SMTP server that keeps each mail with the client's address and port: one port,
    one connection."""

    port: int
    mails: list[tuple[tuple[str, int], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.mails.append((tuple(session.peer), message))  # type: ignore[arg-type]
        return "250 OK"

    @property
    def connections(self) -> int:
        return len({peer for peer, _ in self.mails})


@pytest.fixture
def peers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Peers, Controller]]:
    sink = Peers(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    monkeypatch.setenv(
        "DKBM_MAIL_URL", f"mailto://127.0.0.1:{sink.port}?from=bildungsbuero@kreis.example"
    )
    yield sink, controller
    controller.stop()


def invite(n: int) -> None:
    net = make_network(voting=n, others=0)
    c = cycles.start(title="Bildung – Größe", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))


def test_a_batch_sends_over_one_connection_per_route_and_the_next_batch_opens_its_own(
    sqlite_url: str, peers: tuple[Peers, Controller]
) -> None:
    sink, _ = peers
    invite(5)
    report = drain(T0, batch_size=3)
    assert (report.sent, report.failed) == (5, 0)
    assert len(sink.mails) == 5
    assert sink.connections == 2  # a batch of 3 and a batch of 2
    assert len({m["Message-ID"] for _, m in sink.mails}) == 5


MESSAGE = channels.Outgoing(
    subject="Beteiligung „Leitbild“: Ihre Rückmeldung bis 15.02.2027",
    text="Guten Tag Akteur 0,\n\nbitte antworten Sie.",
    html="<p>Guten Tag <b>Akteur 0</b>,</p><p>bitte antworten Sie: Größe &amp; Vielfalt.</p>",
    message_id="<dkbm-42-1@kreis.example>",
    attachments=[
        (
            "frist.ics",
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:R\xc3\xbcckmeldung\r\nEND:VCALENDAR\r\n",
            "text/calendar; charset=utf-8; method=PUBLISH",
        ),
        ("protokoll.pdf", b"%PDF-1.4 fake but bytes", "application/pdf"),
    ],
)


def _shape(message: EmailMessage) -> list[Any]:
    """What a recipient's mail program sees: the headers but Date, and each part's type
    with its parameters (the boundary aside), disposition, encoding and decoded content."""
    headers = sorted(
        (k, str(v)) for k, v in message.items() if k.lower() not in ("date", "content-type")
    )
    parts = []
    for part in message.walk():
        params = [(k, v) for k, v in part.get_params() or [] if k != "boundary"]
        body = None if part.is_multipart() else part.get_payload(decode=True)
        parts.append(
            (
                params,
                part.get("Content-Disposition"),
                part.get("Content-Transfer-Encoding"),
                body,
            )
        )
    return [headers, parts]


def test_a_mail_over_the_batchs_connection_is_the_mail_apprise_sends_on_its_own(
    monkeypatch: pytest.MonkeyPatch, peers: tuple[Peers, Controller]
) -> None:
    sink, _ = peers
    monkeypatch.setenv("DKBM_SENDING_ADDRESS", "bildungsbuero@kreis.example")
    url = mail_channel("a0@example.org", "Bildungsbüro Kreis", "koordination@kreis.example")
    assert url is not None and "reply=" in url
    channels.send(url, MESSAGE)  # Apprise's own connection
    with Connections() as connections:
        channels.send(url, MESSAGE, connections)
    (_, alone), (_, pooled) = sink.mails
    assert _shape(pooled) == _shape(alone)
    assert pooled["Message-ID"] == "<dkbm-42-1@kreis.example>"
    assert pooled["Reply-To"] == "koordination@kreis.example"
    assert pooled.get_content_type() == "multipart/mixed"
    ics = next(p for p in pooled.iter_attachments() if p.get_content_type() == "text/calendar")
    assert ics["Content-Type"].params == {"charset": "utf-8", "method": "PUBLISH"}


def test_a_connection_the_server_dropped_is_opened_again_for_the_next_mail() -> None:
    sink = Peers(port=free_port())
    url = f"mailto://127.0.0.1:{sink.port}?from=b@kreis.example&to=a@example.org"
    first = Controller(sink, hostname="127.0.0.1", port=sink.port)
    first.start()
    try:
        with Connections() as connections:
            channels.send(url, MESSAGE, connections)
            first.stop()  # the server restarts: the connection it held is gone
            second = Controller(sink, hostname="127.0.0.1", port=sink.port)
            second.start()
            try:
                channels.send(url, MESSAGE, connections)
                channels.send(url, MESSAGE, connections)
                assert connections.opened == 2
            finally:
                second.stop()
    finally:
        if first.loop.is_running():
            first.stop()
    assert len(sink.mails) == 3 and sink.connections == 2


def test_a_route_that_cannot_be_reached_is_tried_twice_per_batch_then_fails_at_once() -> None:
    port = free_port()  # nobody listens
    url = f"mailto://u:geheim@127.0.0.1:{port}?from=b@kreis.example&to=a@example.org"
    with Connections() as connections:
        errors = []
        for _ in range(4):
            with pytest.raises(channels.DeliveryError) as caught:
                channels.send(url, MESSAGE, connections)
            errors.append(caught.value)
        assert connections.opened == 0
    assert {e.cause for e in errors} == {"cause_connection_refused"}
    assert len({str(e) for e in errors}) == 1
    assert all(
        "geheim" not in str(e) and str(e).startswith("mailto://127.0.0.1/…#") for e in errors
    )


def test_a_route_is_where_and_how_mail_is_handed_over_not_who_receives_it() -> None:
    import apprise

    def route(url: str) -> Route:
        return Route.of(apprise.Apprise.instantiate(url))

    base = "mailtos://u:p@smtp.kreis.example?from=b@kreis.example"
    assert route(f"{base}&to=a@example.org") == route(f"{base}&to=c@example.org&name=X")
    assert route(f"{base}&to=a@example.org") != route(f"{base}&to=a@example.org&mode=ssl")
    assert "password" not in repr(route(base))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1: no system trusts it."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(folder / "cert.pem"), str(folder / "key.pem")


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_tls_routes_verify_the_certificate_as_apprise_does(
    certificate: tuple[str, str], mode: str
) -> None:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    sink = Peers(port=free_port())
    tls = {"tls_context": context, "require_starttls": True}
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=sink.port,
        **(tls if mode == "starttls" else {"ssl_context": context}),
    )
    controller.start()
    url = f"mailtos://127.0.0.1:{sink.port}?from=b@kreis.example&to=a@example.org&mode={mode}"
    try:
        with Connections() as connections:
            with pytest.raises(channels.DeliveryError) as caught:
                channels.send(url, MESSAGE, connections)  # not trusted: refused
            assert caught.value.cause == "cause_tls"
            channels.send(f"{url}&verify=no", MESSAGE, connections)
            channels.send(f"{url}&verify=no", MESSAGE, connections)
    finally:
        controller.stop()
    assert len(sink.mails) == 2 and sink.connections == 1
