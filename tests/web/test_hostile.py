"""Hostile requests against the members' pages: unknown, tampered, expired, revoked and
overtaken links, forged and cross-site forms, fields of other objects and other purposes,
oversized and malformed bodies, closed objects, too many requests. Each gets its status and a
page that says why, and the database (every row of every table) is unchanged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from dkbm import meeting_tasks, meetings, people
from dkbm.member_links import listing, renew, withdraw
from dkbm.web.security import csrf_token
from tests.conftest import dump
from tests.factories import BY
from tests.web.conftest import CONSULTATION_DUE, NOW, Shared, World, form_of

SAME_SITE = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
Act = Callable[[World, TestClient], httpx.Response]


@dataclass(frozen=True)
class Case:
    act: Act
    status: int
    phrase: str
    prepare: Callable[[World, pytest.MonkeyPatch], None] | None = None
    changes_world: bool = False  # prepare writes to the database: a world of its own


def _form(client: TestClient, token: str, **fields: str) -> dict[str, str]:
    return {**form_of(client.get(f"/m/{token}").text), **fields}


def _post(purpose: str, who: int = 0, headers: dict[str, str] | None = None, **fields: str) -> Act:
    """Open the link's page and send its form (CSRF and submission id included)."""

    def act(w: World, c: TestClient) -> httpx.Response:
        token = w.token(purpose, who)
        return c.post(f"/m/{token}", data=_form(c, token, **fields), headers=headers or SAME_SITE)

    return act


def _raw(purpose: str, body: bytes, content_type: str, **headers: str) -> Act:
    def act(w: World, c: TestClient) -> httpx.Response:
        return c.post(
            f"/m/{w.token(purpose)}",
            content=body,
            headers={"content-type": content_type, **SAME_SITE, **headers},
        )

    return act


def _at(token: str, method: str = "post", **fields: str) -> Act:
    def act(w: World, c: TestClient) -> httpx.Response:
        if method == "get":
            return c.get(f"/m/{token}")
        return c.post(f"/m/{token}", data={"text": "x", **fields}, headers=SAME_SITE)

    return act


def _tampered(w: World, c: TestClient) -> httpx.Response:
    token = w.token("beteiligung")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    return c.post(f"/m/{flipped}", data=_form(c, token, text="x"), headers=SAME_SITE)


def _token_of(purpose: str, who: int = 0) -> Callable[[World, TestClient], str]:
    return lambda w, c: w.token(purpose, who)


def _withdrawn(w: World, mp: pytest.MonkeyPatch) -> None:
    (link,) = [x for x in listing(w.actors[0], NOW) if x["url"].endswith(w.token("beteiligung"))]
    withdraw(link["id"], by=BY, now=NOW)


def _renewed(w: World, mp: pytest.MonkeyPatch) -> None:
    (link,) = [x for x in listing(w.actors[0], NOW) if x["url"].endswith(w.token("beteiligung"))]
    renew(link["id"], by=BY, now=NOW)


def _deactivated(w: World, mp: pytest.MonkeyPatch) -> None:
    people.set_active(w.actors[6], False, by=BY, now=NOW)  # Gül, in no board, invited


def _cancelled(w: World, mp: pytest.MonkeyPatch) -> None:
    meetings.cancel(w.meeting, reason="Krankheit", by=BY, now=NOW)


def _after_deadline(w: World, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("DKBM_NOW", (CONSULTATION_DUE + timedelta(hours=1)).isoformat())


def _long_after(w: World, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("DKBM_NOW", (CONSULTATION_DUE + timedelta(days=60)).isoformat())


def _task_done(w: World, mp: pytest.MonkeyPatch) -> None:
    meeting_tasks.complete_task(w.task, note="", by=BY, now=NOW)


def _tight_limit(w: World, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("DKBM_WEB_RATE_TOKEN", "3")


def _over_the_limit(w: World, c: TestClient) -> httpx.Response:
    from dkbm.web.app import create_app

    with TestClient(create_app(), follow_redirects=False) as limited:
        for _ in range(3):
            limited.get(f"/m/{w.token('beteiligung')}")
        return limited.post(
            f"/m/{w.token('beteiligung')}",
            data=_form(c, w.token("beteiligung"), text="x"),
            headers=SAME_SITE,
        )


def _csrf(value: Callable[[World], str]) -> Act:
    def act(w: World, c: TestClient) -> httpx.Response:
        token = w.token("beteiligung")
        fields = _form(c, token, text="x")
        fields["csrf"] = value(w)
        return c.post(f"/m/{token}", data=fields, headers=SAME_SITE)

    return act


def _without(name: str, purpose: str = "beteiligung", **fields: str) -> Act:
    def act(w: World, c: TestClient) -> httpx.Response:
        token = w.token(purpose)
        sent = _form(c, token, **fields)
        del sent[name]
        return c.post(f"/m/{token}", data=sent, headers=SAME_SITE)

    return act


def _script_refused(w: World, c: TestClient) -> httpx.Response:
    """A script in the text of a form that is refused (no CSRF): the page shows the text
    again to keep what she wrote, escaped."""
    return c.post(
        f"/m/{w.token('beteiligung')}",
        data={"text": "<script>alert(1)</script>", "einreichung": "a" * 32},
        headers=SAME_SITE,
    )


def _chunked_oversize(w: World, c: TestClient) -> httpx.Response:
    def body() -> Any:
        for _ in range(80):
            yield b"text=" + b"x" * 1024 + b"&"

    return c.post(
        f"/m/{w.token('beteiligung')}",
        content=body(),
        headers={"content-type": "application/x-www-form-urlencoded", **SAME_SITE},
    )


def _stale(w: World) -> str:
    """A CSRF token of her own link, issued 25 hours before now."""
    from dkbm.member_links import hashed
    from dkbm.store import links as rows
    from dkbm.store.db import transaction

    with transaction() as s:
        link_id = rows.by_hash(s, hashed(w.token("beteiligung"))).id
    return csrf_token(link_id, NOW - timedelta(hours=25))


def _other_link_csrf(w: World) -> str:
    return csrf_token(10_000, NOW)


CASES: dict[str, Case] = {
    "unknown token": Case(_at("A" * 32), 404, "Diesen Link gibt es nicht"),
    "unknown token (GET), English below": Case(_at("B" * 32, "get"), 404, "Link not found"),
    "malformed token": Case(_at("kurz"), 404, "Link nicht gefunden"),
    "token with a path in it": Case(_at("..%2F..%2Fetc%2Fpasswd"), 404, "nicht"),
    "tampered token": Case(_tampered, 404, "Diesen Link gibt es nicht"),
    "expired token": Case(_post("beteiligung", text="x"), 410, "abgelaufen", _long_after),
    "withdrawn token": Case(
        _post("beteiligung", text="x"), 410, "Grund: widerrufen.", _withdrawn, changes_world=True
    ),
    "token reused after renewal": Case(
        _post("beteiligung", text="x"), 410, "Grund: erneuert.", _renewed, changes_world=True
    ),
    "deactivated member (in her language)": Case(
        _post("beteiligung", who=6, text="x"),
        410,
        "This link is no longer valid",
        _deactivated,
        changes_world=True,
    ),
    "cancelled meeting": Case(
        _post("sitzung", antwort="zusage"),
        410,
        "Grund: Sitzung abgesagt.",
        _cancelled,
        changes_world=True,
    ),
    "missing CSRF token": Case(_without("csrf", text="x"), 403, "abgelaufen oder unvollständig"),
    "CSRF token of another link": Case(
        _csrf(_other_link_csrf), 403, "abgelaufen oder unvollständig"
    ),
    "stale CSRF token": Case(_csrf(_stale), 403, "abgelaufen oder unvollständig"),
    "forged CSRF token": Case(_csrf(lambda w: "1799672400." + "0" * 64), 403, "unvollständig"),
    "cross-site Origin": Case(
        _post("beteiligung", headers={"origin": "https://evil.example"}, text="x"),
        403,
        "nicht von dieser Seite gesendet",
    ),
    "cross-site Sec-Fetch-Site": Case(
        _post("beteiligung", headers={"sec-fetch-site": "cross-site"}, text="x"),
        403,
        "nicht von dieser Seite gesendet",
    ),
    "opaque Origin from another site": Case(
        _post("beteiligung", headers={"origin": "null", "sec-fetch-site": "cross-site"}, text="x"),
        403,
        "nicht von dieser Seite",
    ),
    "same-site, not same-origin": Case(
        _post("beteiligung", headers={"sec-fetch-site": "same-site"}, text="x"),
        403,
        "nicht von dieser Seite",
    ),
    "another cycle's id in the form": Case(
        _post("beteiligung", text="x", zyklus="2"), 422, "nicht vorgesehen ist („zyklus“)"
    ),
    "an item of no item of this cycle": Case(
        _post("beteiligung", text="x", haltung_99="bedenken"), 422, "(„haltung_99“)"
    ),
    "another member's id in the form": Case(
        _post("beteiligung", text="x", akteur="2"), 422, "(„akteur“)"
    ),
    "a vote's field on a meeting link": Case(
        _post("sitzung", stimme="ja"), 422, "nicht vorgesehen ist („stimme“)"
    ),
    "a meeting's field on a task link": Case(
        _post("aufgabe", antwort="zusage"), 422, "nicht vorgesehen ist („antwort“)"
    ),
    "a deputy not offered": Case(
        _post("sitzung", antwort="vertretung", vertretung="3"), 422, "steht hier nicht zur Wahl"
    ),
    "an unknown stance": Case(
        _post("beteiligung", haltung_1="veto"), 422, "Zustimmung, Bedenken oder Anmerkung"
    ),
    "an unknown ballot": Case(_post("abstimmung", stimme="vielleicht"), 422, "Ja, Nein oder"),
    "an empty answer": Case(_post("beteiligung", text="   "), 422, "Bitte schreiben Sie"),
    "script in the text of a refused form": Case(
        _script_refused, 403, "&lt;script&gt;alert(1)&lt;/script&gt;"
    ),
    "a NUL character in the text": Case(_post("beteiligung", text="a\x00b"), 422, "U+0000"),
    "a bidi override in the text": Case(_post("beteiligung", text="a\u202eb"), 422, "U+202E"),
    "oversized post": Case(
        _raw("beteiligung", b"text=" + b"x" * 70_000, "application/x-www-form-urlencoded"),
        413,
        "zu groß (höchstens 64 KiB)",
    ),
    "oversized post without a length": Case(_chunked_oversize, 413, "zu groß"),
    "a JSON body": Case(_raw("beteiligung", b'{"text": "x"}', "application/json"), 415, "Form"),
    "a body that is no UTF-8": Case(
        _raw("beteiligung", b"text=%FF%FE", "application/x-www-form-urlencoded"),
        400,
        "ließ sich nicht lesen",
    ),
    "a field given twice": Case(
        _raw("beteiligung", b"text=a&text=b", "application/x-www-form-urlencoded"),
        422,
        "zweimal",
    ),
    "no submission id": Case(_without("einreichung", text="x"), 422, "fehlt seine Kennung"),
    "closed consultation": Case(
        _post("beteiligung", text="x"),
        409,
        "Frist dieser Beteiligung ist abgelaufen",
        _after_deadline,
    ),
    "a task already done": Case(
        _post("aufgabe", bemerkung="nochmal"),
        409,
        "als erledigt vermerkt",
        _task_done,
        changes_world=True,
    ),
    "over the rate limit": Case(_over_the_limit, 429, "Zu viele Anfragen", _tight_limit),
    "PUT on a link": Case(
        lambda w, c: c.put(f"/m/{w.token('beteiligung')}", content=b"x"), 405, "nicht möglich"
    ),
}


def _refused_and_unchanged(
    case: Case, world: World, client: TestClient, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if case.prepare is not None:
        case.prepare(world, monkeypatch)
    before = dump(url)
    response = case.act(world, client)
    assert response.status_code == case.status, response.text[-1500:]
    assert case.phrase in response.text, response.text[-1500:]
    assert "<script" not in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert dump(url) == before


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if not c.changes_world])
def test_a_hostile_request_is_refused_with_a_page_and_changes_nothing(
    name: str, on_shared: Shared, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On one world per backend: each case proves it changed nothing."""
    _refused_and_unchanged(CASES[name], on_shared.world, client, on_shared.url, monkeypatch)


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.changes_world])
def test_a_request_on_an_overtaken_link_is_refused_and_changes_nothing(
    name: str, world: World, client: TestClient, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cases whose link was overtaken first (withdrawn, renewed, its holder deactivated, its
    meeting cancelled, its task done): a world of their own."""
    _refused_and_unchanged(CASES[name], world, client, db_url, monkeypatch)


def test_the_table_holds_at_least_25_cases() -> None:
    assert len(CASES) >= 25
