"""Issue 18, point 2: one link policy for every link a person types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dkbm.states.links import allowed, shown

LIVE = [
    "https://bildung.kreis.example/",
    "http://127.0.0.1:8080/unterlage.pdf",
    "HTTPS://Bildung.Example/x?y=1#z",
    "mailto:buero@kreis.example",
    "mailto:buero@kreis.example?subject=Ladung",
]

DEAD = [
    "javascript:alert(30)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/png;base64,AAAA",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "//evil.example/x",
    "/relative/path",
    "https://",
    "http:///etc/passwd",
    "mailto:",
    "mailto://evil.example",
    "https://[::1",
    "https://example.org/\u202ereversed",
    "",
    "https://example.org/" + "a" * 2001,
]


@pytest.mark.parametrize("url", LIVE)
def test_web_and_mail_links_are_allowed(url: str) -> None:
    assert allowed(url) and shown(url) == url


@pytest.mark.parametrize("url", DEAD)
def test_every_other_link_is_refused_and_never_shown(url: str) -> None:
    assert not allowed(url) and shown(url) is None


def test_a_narrower_policy_for_documents() -> None:
    assert not allowed("mailto:buero@kreis.example", ("https", "http"))


@given(st.text(max_size=60))
def test_nothing_but_the_three_schemes_is_ever_allowed(text: str) -> None:
    if allowed(text):
        assert text.split(":", 1)[0].lower() in ("https", "http", "mailto")
