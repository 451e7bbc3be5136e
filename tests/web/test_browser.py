"""The members' pages in a real browser (Debian's Chromium through Playwright) on a phone's
400 px, every purpose in German and in English.

With script switched off a member fills in and sends each form by its labels, and the page
then says what was saved. Then every page (before and after answering, and the pages that
refuse) is audited: axe-core finds no serious or critical violation, none is wider than the
screen, and the browser reports no error (a breach of the Content-Security-Policy would be
one). Screenshots go to /tmp/web-shots/ for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import World, served_web

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/web-shots")
PURPOSES = ("beteiligung", "abstimmung", "sitzung", "aufgabe")
MEMBERS = {"de": 0, "en": 1}  # Anna reads German, Ben English
WORDS = {
    "de": {
        "item": "Rückmeldung zu Ziel 1",
        "concerns": "Bedenken",
        "overall": "Ihre Rückmeldung zum Entwurf",
        "yes": "Ja",
        "deputy": "Ich lasse mich vertreten (Vertretung)",
        "absent": "Nein, ich kann nicht (Absage)",
        "note": "Bemerkung (freiwillig)",
    },
    "en": {
        "item": "Feedback on Goal 1",
        "concerns": "Concerns",
        "overall": "Your feedback on the draft",
        "yes": "Yes",
        "deputy": "My deputy attends for me",
        "absent": "No, I cannot attend",
        "note": "Note (optional)",
    },
}


def _need(path: Path | str, what: str) -> None:
    if Path(path).exists():
        return
    message = f"{what} missing at {path} (make install sets it up)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _answer(page: Any, purpose: str, lang: str) -> None:
    """Fill in and send the page's form as a member would: by what its labels say."""
    w = WORDS[lang]
    if purpose == "beteiligung":
        page.get_by_text(w["item"]).click()  # opens the item's <details>
        page.get_by_label(w["concerns"]).first.check()
        page.get_by_label(w["overall"]).fill("Mehr Tempo bei den Übergängen, <b>bitte</b>.")
    elif purpose == "abstimmung":
        page.get_by_label(w["yes"], exact=True).check()
    elif purpose == "sitzung":
        page.get_by_label(w["deputy"] if lang == "de" else w["absent"]).check()
    else:
        page.get_by_label(w["note"]).fill("Erledigt.")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # pages are the same on both
def test_every_page_works_on_a_phone_without_script_and_passes_axe(world: World) -> None:
    _need(CHROMIUM, "Chromium")
    _need(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    pages: dict[str, str] = {}  # screenshot name -> path to audit
    with served_web() as web, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        phone = {"viewport": {"width": 400, "height": 800}}
        plain = browser.new_context(**phone, java_script_enabled=False).new_page()
        for purpose in PURPOSES:
            for lang, who in MEMBERS.items():
                path = f"/m/{world.token(purpose, who)}"
                plain.goto(web.base + path)
                plain.screenshot(path=str(SHOTS / f"{purpose}-{lang}.png"), full_page=True)
                pages[f"{purpose}-{lang}"] = path
                _answer(plain, purpose, lang)
                if "?gespeichert=" not in plain.url:
                    problems.append(f"{purpose}-{lang}: not saved, at {plain.url}")
                    continue
                name = f"{purpose}-{lang}-gespeichert"
                plain.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
                pages[name] = plain.url.removeprefix(web.base)
        pages |= {"unbekannt": "/m/" + "Q" * 32, "start": "/", "nicht-da": "/gibt/es/nicht"}

        scripted = browser.new_context(**phone).new_page()
        errors: list[str] = []
        scripted.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        scripted.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
        axe = AXE.read_text()
        for name, path in pages.items():
            errors.clear()
            response = scripted.goto(web.base + path)
            expected = 404 if name in ("unbekannt", "nicht-da") else 200
            if response is None or response.status != expected:
                problems.append(f"{name}: status {response.status if response else None}")
            problems += [
                f"{name}: {e}"
                for e in errors
                if not (expected == 404 and e.startswith("Failed to load resource") and "404" in e)
            ]
            if scripted.locator("h1").count() != 1:
                problems.append(f"{name}: not one h1")
            width = scripted.evaluate("document.documentElement.scrollWidth")
            if width > 400:
                problems.append(f"{name}: {width} px wide at 400 px")
            if name in ("unbekannt", "start", "nicht-da"):
                scripted.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
            # evaluated by the browser's debugger, not as a page script: the CSP stays whole
            scripted.evaluate(axe)
            result = scripted.evaluate("async () => await axe.run(document)")
            problems += [
                f"{name}: {v['id']} ({v['impact']}): {v['help']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
        browser.close()
    assert problems == []
    assert len(pages) == 3 + 2 * 2 * len(PURPOSES)
