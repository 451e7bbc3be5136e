"""`make demo` ends with a member's open personal link and the one command that serves it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dkbm import context, member_links
from dkbm.store.db import transaction


def test_the_demo_ends_with_an_open_link_and_the_command_that_serves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.delenv("DKBM_NOW", raising=False)
    monkeypatch.setenv("DKBM_DATABASE_URL", url)
    env = dict(os.environ)
    out = subprocess.run(
        [sys.executable, "-m", "dkbm", "demo"], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    command, opening = out[-2].strip(), out[-1].strip()
    assert command == f"DKBM_DATABASE_URL={url} .venv/bin/dkbm web"
    link = opening.rsplit(" ", 1)[1]
    assert link.startswith("http://127.0.0.1:8300/m/")

    with transaction() as s:
        opened = member_links.resolve(s, link.rsplit("/", 1)[1], context.now())
    assert opened.target.purpose == "sitzung"
    from dkbm.web.app import create_app

    page = TestClient(create_app()).get(link.removeprefix("http://127.0.0.1:8300"))
    assert page.status_code == 200
    assert "Sie antworten als" in page.text and "Zusage" in page.text
