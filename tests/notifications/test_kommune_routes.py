"""Each Kommune of a shared installation may send through its own mail route (the name of
the environment variable holding its Apprise URL, never the URL) from its own address; the
others keep the installation's `DKBM_MAIL_URL`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from dkbm import network
from dkbm.notifications.sender import drain
from dkbm.store import tenant
from tests.conftest import T0
from tests.factories import BY
from tests.notifications.test_fair_queues import KOELN, MUENCHEN, consult, two_kommunen
from tests.peers import SmtpSink, free_port


@pytest.fixture
def second_sink(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpSink]:
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    monkeypatch.setenv("DKBM_MAIL_URL_09162000", sink.url)
    yield sink
    controller.stop()


def test_a_kommune_sends_through_its_own_route_from_its_own_address(
    pg_url: str, smtp_sink: SmtpSink, second_sink: SmtpSink
) -> None:
    two_kommunen()
    with tenant.serving(MUENCHEN):
        network.change_municipality(
            by=BY, now=T0, mail_route="DKBM_MAIL_URL_09162000",
            sender_address="bildung@muenchen.example",
        )  # fmt: skip
    consult(KOELN, 2)
    consult(MUENCHEN, 3)

    report = drain(T0, batch_size=10)

    assert report.sent == 5
    assert sorted(r[0] for r, _ in smtp_sink.mails) == ["koeln0@example.org", "koeln1@example.org"]
    assert sorted(r[0] for r, _ in second_sink.mails) == [
        "muenchen0@example.org", "muenchen1@example.org", "muenchen2@example.org",
    ]  # fmt: skip
    assert {m["From"].addresses[0].addr_spec for _, m in second_sink.mails} == {
        "bildung@muenchen.example"
    }
    assert "bildung@muenchen.example" not in {str(m["From"]) for _, m in smtp_sink.mails}


def test_a_route_whose_variable_is_not_set_leaves_that_kommunes_mail_queued(
    pg_url: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_kommunen()
    monkeypatch.delenv("DKBM_MAIL_URL_09162000", raising=False)
    with tenant.serving(MUENCHEN):
        network.change_municipality(by=BY, now=T0, mail_route="DKBM_MAIL_URL_09162000")
    consult(KOELN, 1)
    consult(MUENCHEN, 2)

    report = drain(T0, batch_size=10)

    assert report.sent == 1 and report.unrouted == 2
    assert [r[0] for r, _ in smtp_sink.mails] == ["koeln0@example.org"]
