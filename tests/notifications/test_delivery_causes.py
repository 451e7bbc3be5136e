"""Issue 8, part 3: sending is honest. Why a delivery failed is told apart, and
`dkbm nachrichten senden` exits non-zero and says how many will be retried."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from dkbm import cycles, queries
from dkbm.cli import main
from dkbm.notifications.sender import drain
from dkbm.states.i18n import t
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import free_port


def invite(n: int = 2) -> None:
    net = make_network(voting=n, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))


class _Sink:
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 OK"


@pytest.fixture
def strict_smtp() -> Iterator[int]:
    """An SMTP server that wants a login and refuses every one."""

    def refuse(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        return AuthResult(success=False, handled=False)

    port = free_port()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        controller = Controller(
            _Sink(),
            hostname="127.0.0.1",
            port=port,
            authenticator=refuse,
            auth_required=True,
            auth_require_tls=False,
        )
        controller.start()
    yield port
    controller.stop()


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        (
            "mailto://u:p@host-that-does-not-exist.invalid?from=b@kreis.example",
            "nicht auflösbar (DNS)",
        ),
        ("mailto://u:p@127.0.0.1:{closed}?from=b@kreis.example", "Verbindung abgelehnt"),
        (
            "mailto://u:falsch@127.0.0.1:{strict}?from=b@kreis.example&mode=insecure",
            "Anmeldung abgelehnt",
        ),
        (None, "Mail-Route der Kommune, 'dkbm kommune show') nicht gesetzt"),
    ],
)
def test_failures_are_told_apart_and_senden_says_what_will_be_retried(
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    strict_smtp: int,
    url: str | None,
    cause: str,
) -> None:
    monkeypatch.setenv("DKBM_NOW", T0.isoformat())
    if url is None:
        monkeypatch.delenv("DKBM_MAIL_URL", raising=False)
    else:
        monkeypatch.setenv("DKBM_MAIL_URL", url.format(closed=free_port(), strict=strict_smtp))
    invite(2)
    code = main(["nachrichten", "senden"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("Fehler: 2 × ") and cause in err and err.count("\n") == 1, err
    assert "falsch" not in out + err and ":p@" not in out + err
    if url is None:  # a set-up error: the messages stay as they were, no attempt spent
        assert "2 ohne Versandweg, bleiben unverändert" in out
        assert {(o["versuche"], o["status"]) for o in queries.outbox(("pending",))} == {
            (0, "pending")
        }
    else:
        assert "gesendet: 0, fehlgeschlagen: 2 (später erneut versucht: 2" in out
        report = drain(T0 + timedelta(hours=1))
        assert report.failed == 2
        assert [cause in t(c) for c in report.causes] == [True]  # one cause, the right one


def test_an_unusable_mail_url_is_refused_before_any_attempt(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DKBM_NOW", T0.isoformat())
    monkeypatch.setenv("DKBM_MAIL_URL", "kaputt")
    invite(2)
    assert main(["nachrichten", "senden"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ungültiger Wert für DKBM_MAIL_URL") and err.count("\n") == 1
    assert {o["versuche"] for o in queries.outbox(("pending",))} == {0}
