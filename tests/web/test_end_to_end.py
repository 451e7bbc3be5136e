"""End to end: a message caught by the SMTP sink carries a member's link, she opens it in
Chromium (script off) and answers, and what waits for her answer moves on.

- A Beteiligung opened by a moderation run under `dkbm serve` (Prefect server and dkbm on
  PostgreSQL): the invitees answer through their mailed links, `zyklus status` counts
  them, and the last answer makes `dkbm web` wake the run, which opens the Abstimmung.
- An Umlaufverfahren of 7 members voting through their links: the last ballot wakes the
  waiting run, which takes the Beschluss with the counts as cast.
- A Sitzung's Ladung: a Zusage, an Absage and a Vertretung through the links; the deputy
  gets a Ladung of her own whose link opens her page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from dkbm import cycles, meeting_queries, meetings, network, queries
from dkbm.notifications.sender import drain
from tests.factories import BY, make_network
from tests.flows.conftest import prefect_pg_server  # noqa: F401  (a fixture)
from tests.flows.test_moderation import Serve, _run, dkbm, moderation_runs, served, wait_for
from tests.peers import SmtpSink, free_port
from tests.web.conftest import NOW, served_web
from tests.web.test_browser import CHROMIUM, _need

__all__ = ["served"]  # a fixture of the moderation tests, used here
T0_MEETING = datetime(2027, 2, 1, 17, 0, tzinfo=UTC)


def _links(sink: SmtpSink, base: str, address: str, containing: str = "") -> list[str]:
    """The personal links in the mails *address* got (those whose text holds *containing*),
    oldest first."""
    found = []
    for mail in sink.to(address):
        text = mail.get_body(("plain",)).get_content()
        if containing in text:
            found += re.findall(re.escape(base) + r"/m/[A-Za-z0-9_-]{32}", text)
    return found


@contextmanager
def _browser() -> Iterator[Any]:
    """Debian's Chromium with script off."""
    _need(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def _answer_in_browser(browser: Any, url: str, act: Callable[[Any], None]) -> str:
    """Open *url* as a member of her own (a fresh context), let *act* fill in the form, send
    it; returns the page it leads to."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    act(page)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    text = page.content()
    assert "?gespeichert=" in page.url, text[-2000:]
    context.close()
    return text


def _moderated(serve: Serve, env: dict[str, str], cycle_id: int, *frist: str) -> str:
    serve.start()
    out = dkbm(env, "zyklus", "moderieren", str(cycle_id), *frist)
    assert out.returncode == 0, out.stderr
    (run,) = moderation_runs(env)
    wait_for("the run to wait", lambda: _run(env, run["id"])["state_name"] == "Suspended", 180)
    return run["id"]


@pytest.fixture
def web_env(
    served: tuple[Serve, dict[str, str]], smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Serve, dict[str, str], str]]:
    """`dkbm serve`'s environment, with mail to the sink and the web app's public address
    (mails are sent from this process: it must know the address too). The Prefect server
    lives for the session while dkbm's database starts empty, with cycle 1 again: the runs
    of a test go with it."""
    serve, env = served
    base = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("DKBM_WEB_URL", base)
    monkeypatch.delenv("DKBM_NOW", raising=False)
    env.update(DKBM_WEB_URL=base, DKBM_MAIL_URL=smtp_sink.url)
    yield serve, env, base
    serve.stop()
    for run in moderation_runs(env):
        httpx.delete(f"{env['PREFECT_API_URL']}/flow_runs/{run['id']}", timeout=10)


def test_the_last_answer_through_a_mailed_link_lets_the_run_open_the_vote(
    web_env: tuple[Serve, dict[str, str], str], smtp_sink: SmtpSink
) -> None:
    serve, env, base = web_env
    now = lambda: datetime.now(UTC)  # noqa: E731
    net = make_network(voting=3, others=0, now=now())
    cycle_id = cycles.start(title="Leitbild 2030", board_id=net.board, by=BY, now=now()).id
    cycles.set_vision(cycle_id, "Bildung für alle", by=BY, now=now())
    frist = (now() + timedelta(days=7)).date().isoformat()
    run_id = _moderated(serve, env, cycle_id, "--frist", frist)
    assert queries.status(cycle_id, now())["zustand"] == "leitbild_beteiligung"
    drain(now())
    links = [_links(smtp_sink, base, f"a{n}@example.org") for n in range(3)]
    assert all(len(found) == 1 for found in links), links

    def write(text: str) -> Callable[[Any], None]:
        return lambda page: page.get_by_label("Ihre Rückmeldung zum Entwurf").fill(text)

    with (
        served_web(base, DKBM_NOW="", PREFECT_API_URL=env["PREFECT_API_URL"]) as web,
        _browser() as p,
    ):
        for n in range(2):
            page = _answer_in_browser(p, links[n][0], write(f"Antwort {n}"))
            assert "Vielen Dank, Ihre Rückmeldung ist gespeichert." in page
        shown = dkbm(env, "zyklus", "status", str(cycle_id), "--json")
        assert json.loads(shown.stdout)["beteiligung"]["geantwortet"] == 2
        assert _run(env, run_id)["state_name"] == "Suspended"
        _answer_in_browser(p, links[2][0], write("Die letzte Antwort"))
        wait_for(
            "the run to open the vote",
            lambda: queries.status(cycle_id, now())["zustand"] == "leitbild_abstimmung",
            120,
        )
    assert f"moderation run of cycle {cycle_id}: resumed" in web.logs
    drain(now())
    for n in range(3):  # each answer given on the web is confirmed to its giver
        (receipt,) = [
            m for m in smtp_sink.to(f"a{n}@example.org") if "Eingangsbestätigung" in m["Subject"]
        ]
    answers = queries.responses(cycle_id)["rueckmeldungen"]
    assert sorted((a["text"], a["quelle"]) for a in answers) == [
        ("Antwort 0", "web"),
        ("Antwort 1", "web"),
        ("Die letzte Antwort", "web"),
    ]


def test_seven_members_vote_through_their_links_and_the_run_decides_with_their_counts(
    web_env: tuple[Serve, dict[str, str], str], smtp_sink: SmtpSink
) -> None:
    serve, env, base = web_env
    now = lambda: datetime.now(UTC)  # noqa: E731
    net = make_network(voting=7, others=0, now=now())
    cycle_id = cycles.start(title="Ganztag 2028", board_id=net.board, by=BY, now=now()).id
    cycles.set_vision(cycle_id, "Ganztag für jedes Kind", by=BY, now=now())
    cycles.advance(
        cycle_id, "beteiligung_starten", by=BY, now=now(), deadline=now() + timedelta(days=7)
    )
    for actor_id in net.actors:
        cycles.record_response(cycle_id, actor_id, "ok", by=BY, now=now())
    cycles.advance(
        cycle_id, "abstimmung_starten", by=BY, now=now(), deadline=now() + timedelta(days=7)
    )
    run_id = _moderated(serve, env, cycle_id)
    drain(now())
    choices = ["ja", "ja", "ja", "ja", "nein", "enthaltung", "ja"]
    labels = {"ja": "Ja", "nein": "Nein", "enthaltung": "Enthaltung"}
    with (
        served_web(base, DKBM_NOW="", PREFECT_API_URL=env["PREFECT_API_URL"]) as web,
        _browser() as p,
    ):
        for n, choice in enumerate(choices):
            (link,) = _links(smtp_sink, base, f"a{n}@example.org", "Ihre Stimme")
            _answer_in_browser(
                p, link, lambda page, c=choice: page.get_by_label(labels[c], exact=True).check()
            )
        wait_for("the decision", lambda: _run(env, run_id)["state_type"] == "COMPLETED", 120)
    doc = queries.status(cycle_id, now())
    assert doc["zustand"] == "leitbild_beschlossen"
    vote = doc["abstimmung"]
    assert (vote["anwesend"], vote["ja"], vote["nein"], vote["enthaltung"]) == (7, 5, 1, 1)
    assert f"moderation run of cycle {cycle_id}: resumed" in web.logs
    ballots = [e for e in queries.history(cycle_id) if e["aktion"] == "stimme"]
    assert sorted(e["von"] for e in ballots) == sorted(f"akteur:{a}" for a in net.actors)


def test_a_zusage_an_absage_and_a_vertretung_through_the_ladung_and_the_deputy_is_invited(
    db_url: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("DKBM_WEB_URL", base)
    start = NOW - timedelta(hours=4)
    net = make_network(voting=3, others=1, now=start)
    deputy = net.actors[3]
    network.set_member(
        board_id=net.board,
        actor_ids=[deputy],
        role="stellvertretung",
        deputy_for=net.actors[0],
        by=BY,
        now=start,
    )
    m = meetings.plan(
        board_id=net.board,
        starts_at=T0_MEETING,
        ends_at=None,
        place="Kreishaus",
        video="",
        public=True,
        by=BY,
        now=start,
    ).id
    meetings.add_item(
        m, title="Haushalt", public=True, documents=[], cycle_id=None, by=BY, now=start
    )
    meetings.invite(m, by=BY, now=start)
    drain(start)
    replies = {
        0: lambda page: page.get_by_label("Ich lasse mich vertreten (Vertretung)").check(),
        1: lambda page: page.get_by_label("Ja, ich nehme teil (Zusage)").check(),
        2: lambda page: page.get_by_label("Nein, ich kann nicht (Absage)").check(),
    }
    with served_web(base) as web, _browser() as p:
        for n, act in replies.items():
            (link,) = _links(smtp_sink, base, f"a{n}@example.org")
            _answer_in_browser(p, link, act)
        # The standing Stellvertretung's Ladung already named whom she stands in for; the
        # Vertretung reply brings her one more, of her own, with her own link.
        standing_in = "als Vertretung für Akteur 0"
        before = len(smtp_sink.to("a3@example.org"))
        drain(NOW)
        (own_ladung,) = [
            m for m in smtp_sink.to("a3@example.org")[before:] if standing_in in m["Subject"]
        ]
        (own,) = re.findall(
            re.escape(base) + r"/m/[A-Za-z0-9_-]{32}", own_ladung.get_body(("plain",)).get_content()
        )
        page = p.new_page()
        page.goto(own)
        assert "Sie antworten als Akteur 3, Organisation 3." in page.content()
    assert "Traceback" not in web.logs
    replied = {
        a["akteur"]: (a["antwort"], a["vertreten_durch"])
        for a in meeting_queries.meeting(m)["teilnahme"]
    }
    assert replied[net.actors[0]] == ("vertretung", deputy)
    assert replied[net.actors[1]] == ("zusage", None)
    assert replied[net.actors[2]] == ("absage", None)
