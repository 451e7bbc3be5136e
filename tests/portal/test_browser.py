"""The portal in a real browser: Debian's Chromium driven by Playwright, served by
`dkbm portal serve`; every page type loads without console errors, axe-core finds no
serious or critical violation, no page is wider than a phone's screen, and the search
works."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portal.conftest import PUBLIC_FILE, Built

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "build" / "test-output"
PAGES = [
    "index.html",
    "gremien.html",
    "netzwerk.html",
    "sitzungen.html",
    "sitzung/1.html",
    "beschluesse.html",
    "wissen.html",
    "abdeckung.html",
    "daten.html",
    "zyklus/1.html",
]


def _need(path: Path | str, what: str) -> None:
    if Path(path).exists():
        return
    message = f"{what} missing at {path} (make install sets it up)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def served(site: Built) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "dkbm", "portal", "serve", str(site.out), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    process.terminate()
    process.wait(timeout=10)


def test_every_page_type_loads_cleanly_and_passes_axe(served: str) -> None:
    _need(CHROMIUM, "Chromium")
    _need(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
        )
        for lang in ("", "en/"):
            for path in PAGES:
                page.goto(served + lang + path)
                assert page.locator("h1").count() == 1, path
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run(document)")
                serious = [
                    f"{lang}{path}: {v['id']} ({v['impact']}): {v['help']}"
                    for v in result["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                problems += serious
        # on a phone no page is wider than the screen: wide tables scroll in their own box
        page.set_viewport_size({"width": 400, "height": 800})
        for lang in ("", "en/"):
            for path in PAGES:
                page.goto(served + lang + path)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 400:
                    problems.append(f"{lang}{path}: {width} px wide at 400 px")
        # a box wider than the screen says that it scrolls; one that fits says nothing
        page.goto(served + "abdeckung.html")  # the Querschnitt: areas by sectors
        hint = "getComputedStyle(document.querySelector('.scroll'), '::before').content"
        if "seitlich verschieben" not in page.evaluate(hint):
            problems.append("no scroll hint on a wide table at 400 px")
        page.set_viewport_size({"width": 1100, "height": 900})
        page.goto(served + "index.html")
        if page.locator(".scroll.wider").count():
            problems.append("a scroll hint on the start page at 1100 px")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "portal-start.png"), full_page=True)
        browser.close()
    assert problems == []


def test_the_knowledge_search_filters_the_list(served: str) -> None:
    _need(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(served + "wissen.html")
        items = page.locator("#dokumente li")
        assert items.count() == 3
        page.fill("#suche", "schulentwicklung")
        assert [items.nth(i).is_visible() for i in range(3)].count(True) == 1
        page.fill("#suche", "frühe bildung")  # a tag: the AG and the Bildungsbereich
        assert [items.nth(i).is_visible() for i in range(3)].count(True) == 2
        page.fill("#suche", "gibt es nicht")
        assert not any(items.nth(i).is_visible() for i in range(3))
        page.fill("#suche", "")
        link = page.get_by_role("link", name="Konzept Übergang Kita–Grundschule")
        response = page.request.get(served + link.get_attribute("href"))
        assert response.ok and response.body() == PUBLIC_FILE
        browser.close()
