"""The two mail URL forms of docs/operations.md, as Apprise reads them: `mailto://` is plain
SMTP (port 25) unless `mode=starttls`; `mailtos://` is STARTTLS (587) unless `mode=ssl`,
which is implicit TLS (465). The table in the docs is this test."""

from __future__ import annotations

import apprise
import pytest

from dkbm.notifications.sender import check_mail_url, mail_channel

FROM = "from=bildungsbuero@kreis.example"


@pytest.mark.parametrize(
    ("url", "mode", "port", "host"),
    [
        (f"mailto://relay.kreis.example?{FROM}", "insecure", 25, "relay.kreis.example"),
        (
            f"mailto://u:p@relay.kreis.example?{FROM}&mode=starttls",
            "starttls",
            587,
            "relay.kreis.example",
        ),
        (f"mailtos://u:p@smtp.kreis.example?{FROM}", "starttls", 587, "smtp.kreis.example"),
        (f"mailtos://u:p@smtp.kreis.example?{FROM}&mode=ssl", "ssl", 465, "smtp.kreis.example"),
        (
            f"mailtos://u:p@kreis.example:2465?smtp=mail.kreis.example&{FROM}&mode=ssl",
            "ssl",
            2465,
            "mail.kreis.example",
        ),
    ],
)
def test_mail_url_forms(
    url: str, mode: str, port: int, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKBM_MAIL_URL", url)
    check_mail_url()  # accepted as DKBM_MAIL_URL
    plugin = apprise.Apprise.instantiate(mail_channel("akteur@example.org"))
    assert (plugin.secure_mode, plugin.port, plugin.smtp_host) == (mode, port, host)
    assert plugin.from_addr[1] == "bildungsbuero@kreis.example"
    assert plugin.targets[0][1] == "akteur@example.org"
