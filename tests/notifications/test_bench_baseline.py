"""The sweep benchmark's baseline renders the reminder as the product's template asks:
`make bench` runs it in a subprocess, where a missing template variable went unnoticed."""

from __future__ import annotations

from typing import Any

from dkbm.bench import notifications as bench


def test_the_sweep_baseline_renders_the_reminder_template() -> None:
    prelude = bench._PRELUDE.replace("db = sqlite3.connect(sys.argv[1])", "db = None")
    assert prelude != bench._PRELUDE
    found: dict[str, Any] = {}
    exec(compile(prelude, "bench-prelude", "exec"), found)
    rendered = found["message"]("massnahme:1", "31.01.2027", "Bildung 2030", "Anna")
    assert "Anna" in rendered.text and "Bildung 2030" in rendered.text
