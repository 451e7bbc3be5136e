"""Compiled portal templates: what the Markdown report compiled never renders a page."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from dkbm.portal import pages


def test_a_template_compiled_unescaped_for_the_report_renders_escaped_on_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    pages._environment.cache_clear()
    try:
        pages._environment(False).get_template("macros.html")  # as `bericht zyklus --format md`
        pages._environment.cache_clear()  # a later process: only the compiled files remain
        page = pages._environment(True).get_template("macros.html")
        macros = page.make_module({"root": "", "w": str, "size": str})
        doc = SimpleNamespace(title="<script>alert(1)</script>", url='x"><b>', path=None, file=None)
        html = str(macros.document(doc))
    finally:
        pages._environment.cache_clear()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="x&#34;&gt;&lt;b&gt;"' in html
