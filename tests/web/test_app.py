"""What every response of the app carries, the limits it keeps per client address, and a
member's text shown as text wherever the page shows it again."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dkbm.web.app import create_app
from dkbm.web.logs import MASK, MaskTokens, mask
from dkbm.web.ratelimit import SlidingWindow
from tests.web.conftest import Shared, World, post

SECURITY = {
    "referrer-policy": "no-referrer",
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


def test_every_response_carries_the_security_headers(on_shared: Shared, client: TestClient) -> None:
    w = on_shared.world
    for path, status, cache in (
        (f"/m/{w.token('beteiligung')}", 200, "no-store"),
        (f"/m/{w.token('sitzung')}/termin.ics", 200, "no-store"),
        ("/m/" + "X" * 32, 404, "no-store"),
        ("/", 200, "no-store"),
        ("/nirgends", 404, "no-store"),
        ("/static/web.css", 200, "public, max-age=3600"),
        ("/docs", 404, "no-store"),  # no API documentation is served
        ("/openapi.json", 404, "no-store"),
    ):
        got = client.get(path)
        assert got.status_code == status, path
        assert {k: got.headers[k] for k in SECURITY} == SECURITY, path
        assert got.headers["cache-control"] == cache, path
        assert "server" not in got.headers


def test_a_page_has_no_script_and_no_style_of_its_own(
    on_shared: Shared, client: TestClient
) -> None:
    for purpose in ("beteiligung", "abstimmung", "sitzung", "aufgabe"):
        page = client.get(f"/m/{on_shared.world.token(purpose)}").text
        assert "<script" not in page and "style=" not in page and "<style" not in page


def test_a_client_address_over_its_limit_gets_a_page_saying_how_long_to_wait(
    on_shared: Shared, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKBM_WEB_RATE_ADDRESS", "2")
    with TestClient(create_app()) as limited:
        assert limited.get("/").status_code == 200
        assert limited.get("/static/web.css").status_code == 200  # static files do not count
        assert limited.get(f"/m/{on_shared.world.token('aufgabe')}").status_code == 200
        refused = limited.get(f"/m/{on_shared.world.token('sitzung')}")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "Zu viele Anfragen" in refused.text and "Too many requests" in refused.text


def test_a_window_lets_requests_pass_again_as_old_ones_leave_it() -> None:
    window = SlidingWindow(limit=2)
    assert window.admit("a", 0.0) is None
    assert window.admit("a", 10.0) is None
    assert window.admit("a", 20.0) == pytest.approx(40.0)
    assert window.admit("b", 20.0) is None  # another address, another count
    assert window.admit("a", 60.5) is None  # the first left the window


def test_a_rate_limit_that_is_no_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from dkbm.states.errors import InvalidValue

    monkeypatch.setenv("DKBM_WEB_RATE_TOKEN", "viele")
    with pytest.raises(InvalidValue):
        create_app()


def test_a_members_markup_is_kept_as_she_wrote_it_and_shown_as_text(
    world: World, client: TestClient
) -> None:
    """Saved, then shown again on her page: escaped by the template, never markup."""
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"&'
    token = world.token("aufgabe", 1)
    assert post(client, token, {"bemerkung": hostile}).status_code == 303
    page = client.get(f"/m/{token}").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#34;&amp;" in page
    )


def test_the_access_log_filter_masks_a_token_in_any_record() -> None:
    import logging

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "POST", "/m/abcdefghijklmnopqrstuvwxyz012345/termin.ics?x=1", "1.1", 303),
        None,
    )
    assert MaskTokens().filter(record)
    assert record.getMessage() == f'1.2.3.4:5 - "POST {MASK}/termin.ics?x=1 HTTP/1.1" 303'
    assert mask("see /m/abc and /m/def/") == f"see {MASK} and {MASK}/"
