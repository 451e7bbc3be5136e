"""Issue 18, point 2: Markdown from people renders without raw HTML, with links only under the
link policy, and without images that something would fetch."""

from __future__ import annotations

import re

import pytest

from dkbm.notifications.markup import escaped, to_html

HOSTILE = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](file:///etc/passwd)",
    "[r][1]\n\n[1]: javascript:alert(2)",
    "![x](file:///etc/passwd)",
    "![x](http://127.0.0.1:8765/x.png)",
    "![x](https://169.254.169.254/latest/meta-data)",
    '<img src="http://127.0.0.1:8765/x.png">',
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(http://127.0.0.1:8765/)">x</div>',
    "| a |\n|---|\n| [x](javascript:alert(1)) |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_typed_runs_fetches_or_links_outside_the_policy(text: str) -> None:
    out = to_html(text)
    assert not re.search(r"<(script|img|iframe|div|style|link)\b", out)
    for href in re.findall(r'<a href="([^"]*)"', out):
        assert href.startswith(("https:", "http:", "mailto:"))
    assert "<a " not in out.replace('<a href="http', "").replace('<a href="mailto:', "")


def test_allowed_links_stay_links_and_open_without_a_referrer() -> None:
    out = to_html("[Unterlage](https://kreis.example/u.pdf) und [Büro](mailto:b@kreis.example)")
    assert '<a href="https://kreis.example/u.pdf" rel="nofollow noopener noreferrer">' in out
    assert 'href="mailto:b@kreis.example"' in out


def test_formatting_and_tables_still_work() -> None:
    out = to_html(
        "**Beschluss**: _einstimmig_\n\n| TOP | Ergebnis |\n|---|---|\n| 1 | angenommen |"
    )
    assert "<strong>Beschluss</strong>" in out and "<em>einstimmig</em>" in out
    assert "<td>angenommen</td>" in out


@pytest.mark.parametrize(
    "title", ["[x](https://evil.example)", "![x](http://127.0.0.1/x.png)", "*fett* | `code`"]
)
def test_a_title_placed_into_markdown_stays_plain_text(title: str) -> None:
    out = to_html(f"## TOP 1: {escaped(title)}")
    assert "<a " not in out and "<em>" not in out and "<code>" not in out
    assert title.replace("<", "&lt;") in out
