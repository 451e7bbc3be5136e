"""Messages that ask something carry the recipient's personal link (issue 20, point 1): the
mail at the SMTP sink holds it, the database never does, and nobody else ever sees it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dkbm import cycles, member_links, network, queries
from dkbm.flows.relay import event_of
from dkbm.flows.report import decision_context, status_markdown
from dkbm.notifications import personal_links
from dkbm.notifications.digest import bundle
from dkbm.notifications.preview import preview
from dkbm.notifications.sender import drain
from dkbm.portal.build import build
from dkbm.receipts import receipt
from dkbm.store import links as link_rows
from dkbm.store import repository as repo
from dkbm.store.db import session, transaction
from tests.conftest import T0, dump
from tests.factories import BY, make_network
from tests.peers import HttpSink, SmtpSink

DEADLINE = datetime(2027, 2, 15, 22, 59, tzinfo=UTC)  # 15.02.2027, 23:59 in Berlin
URL = re.compile(r"http://127\.0\.0\.1:8300/m/([A-Za-z0-9_-]{32})")


def tokens(mail) -> set[str]:  # type: ignore[no-untyped-def]
    """Every link token in a mail's plain and HTML parts (each must agree)."""
    plain = set(URL.findall(mail.get_body(("plain",)).get_content()))
    html = set(URL.findall(mail.get_body(("html",)).get_content()))
    assert plain == html
    return plain


def link_row(token: str):  # type: ignore[no-untyped-def]
    with transaction() as s:
        return link_rows.by_hash(s, member_links.hashed(token))


def consultation(voting: int = 2, others: int = 1) -> tuple[int, list[int]]:
    net = make_network(voting=voting, others=others)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "Jeder Mensch erhält faire Chancen.", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    return c.id or 0, net.actors


def test_each_invitee_gets_her_own_link_to_this_rounds_beteiligung_and_the_database_keeps_none(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    cycle_id, actors = consultation()
    assert drain(T0).sent == 3
    seen = {}
    for i, actor_id in enumerate(actors):
        (mail,) = smtp_sink.to(f"a{i}@example.org")
        (token,) = tokens(mail)
        plain = mail.get_body(("plain",)).get_content()
        assert f"Ihre Rückmeldung geben Sie hier: http://127.0.0.1:8300/m/{token}" in plain
        assert "(bis 15.02.2027, 23:59 Uhr änderbar)" in plain
        assert "Antworten Sie einfach auf diese Nachricht" not in plain
        row = link_row(token)
        assert (row.actor_id, row.purpose, row.cycle_id, row.stage, row.round) == (
            actor_id,
            "beteiligung",
            cycle_id,
            "leitbild",
            1,
        )
        assert row.meeting_id is None and row.task_id is None
        assert row.expires_at == DEADLINE + timedelta(days=14)
        with transaction() as s:
            assert member_links.resolve(s, token, T0).actor_id == actor_id
        seen[actor_id] = token
    assert len(set(seen.values())) == 3
    everything = repr(dump(db_url))
    assert not any(token in everything for token in seen.values())
    assert "/m/" not in everything
    with session() as s:
        payloads = [o.payload for o in repo.outbox(s)]
    assert all(personal_links.marker(p["links"][0]) in p["text"] for p in payloads)


def test_a_reminder_carries_the_same_link_as_the_invitation(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    from dkbm import deadlines

    consultation()
    drain(T0)
    (invitation,) = smtp_sink.to("a0@example.org")
    before = DEADLINE - timedelta(days=1)
    assert deadlines.sweep(before).queued == 3
    drain(before)
    reminder = smtp_sink.to("a0@example.org")[1]
    assert reminder["Subject"].startswith("Erinnerung:")
    assert tokens(reminder) == tokens(invitation)
    assert len(dump(db_url)["member_link"]) == 3


def test_a_digest_keeps_each_bundled_messages_link(db_url: str, smtp_sink: SmtpSink) -> None:
    net = make_network(voting=2, others=0)
    network.set_delivery(actor_id=net.actors[0], mode="taeglich", by=BY, now=T0)
    for title in ("Bildung 2030", "Ganztag"):
        c = cycles.start(title=title, board_id=net.board, by=BY, now=T0)
        cycles.set_vision(c.id, "V", by=BY, now=T0)
        cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    drain(T0)
    assert smtp_sink.to("a0@example.org") == []
    assert bundle(T0) == 1
    drain(T0)
    (digest,) = smtp_sink.to("a0@example.org")
    found = tokens(digest)
    assert len(found) == 2
    assert {(link_row(t).actor_id, link_row(t).cycle_id) for t in found} == {
        (net.actors[0], 1),
        (net.actors[0], 2),
    }


def test_only_voting_members_get_a_link_to_a_written_vote_and_a_board_channel_none(
    db_url: str, smtp_sink: SmtpSink, http_sink: HttpSink
) -> None:
    net = make_network(voting=2, others=1)
    guest = net.actors[2]
    network.set_member(board_id=net.board, actor_ids=[guest], role="gast", by=BY, now=T0)
    network.set_board_channel(board_id=net.board, url=http_sink.url, remove=False, by=BY, now=T0)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    for a in net.actors:
        cycles.record_response(c.id, a, "ok", by=BY, now=T0)
    vote_until = DEADLINE + timedelta(days=7)
    cycles.advance(c.id, "abstimmung_starten", by=BY, now=T0, deadline=vote_until)
    drain(T0)
    for i in (0, 1):
        vote = smtp_sink.to(f"a{i}@example.org")[-1]
        assert vote["Subject"].startswith("Abstimmung in „Lenkungsgruppe“")
        (token,) = tokens(vote)
        row = link_row(token)
        assert (row.actor_id, row.purpose, row.stage, row.round) == (
            net.actors[i],
            "abstimmung",
            "leitbild",
            1,
        )
        assert (
            "Ihre Stimme (ja, nein oder Enthaltung) geben Sie hier"
            in vote.get_body(("plain",)).get_content()
        )
    guests = smtp_sink.to("a2@example.org")[-1]
    assert guests["Subject"].startswith("Abstimmung") and tokens(guests) == set()
    assert "über ihren persönlichen Link ab" in guests.get_body(("plain",)).get_content()
    board_messages = [r["json"] for r in http_sink.requests]
    assert board_messages and "/m/" not in repr(board_messages)
    with session() as s:
        to_board = [o for o in repo.outbox(s) if o.payload["target"]["type"] == "board"]
    assert to_board and all("links" not in o.payload for o in to_board)
    assert all("dkbm-link" not in o.payload["text"] for o in to_board)


def test_a_receipt_carries_her_own_link_once_per_answer_version_and_no_one_elses(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    cycle_id, actors = consultation()
    with session() as s:
        berta = next(o for o in repo.outbox(s) if o.recipient_id == actors[1])
    foreign = personal_links.marker(berta.payload["links"][0])
    text = f"Ich stimme zu. {foreign} <b>fett</b>"
    with transaction() as s:
        c = repo.cycle(s, cycle_id)
        assert receipt(s, c, actors[0], text, T0, version=0) == 1
        assert receipt(s, c, actors[0], text, T0, version=0) == 0
    drain(T0)
    anna = smtp_sink.to("a0@example.org")
    (mail,) = [m for m in anna if m["Subject"].startswith("Eingangsbestätigung")]
    (invitation,) = [m for m in anna if m is not mail]
    assert tokens(mail) == tokens(invitation)
    plain = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert foreign in plain and "&lt;b&gt;fett&lt;/b&gt;" in html
    (berta_mail,) = smtp_sink.to("a1@example.org")
    assert not tokens(berta_mail) & tokens(mail)


def test_a_preview_shows_a_links_shape_and_never_its_token(
    db_url: str, smtp_sink: SmtpSink
) -> None:
    consultation(voting=1, others=0)
    with session() as s:
        (row,) = repo.outbox(s)
    shown = preview(row.id)
    assert "http://127.0.0.1:8300/m/… [Link 1]" in shown["text"]
    assert not URL.search(repr(shown))
    drain(T0)
    (mail,) = smtp_sink.to("a0@example.org")
    assert tokens(mail)


def test_no_link_reaches_the_portal_the_artifacts_or_the_events(
    db_url: str, smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    cycle_id, actors = consultation()
    drain(T0)
    sent = set().union(*(tokens(m) for _, m in smtp_sink.mails))
    assert len(sent) == 3
    with transaction() as s:
        receipt(s, repo.cycle(s, cycle_id), actors[0], "Einverstanden", T0)
    for a in actors:
        cycles.record_response(cycle_id, a, "ok", by=BY, now=T0)
    cycles.advance(cycle_id, "abstimmung_starten", by=BY, now=T0, deadline=DEADLINE)
    drain(T0)
    sent |= set().union(*(tokens(m) for _, m in smtp_sink.mails))
    assert len(sent) == 5  # three for the Beteiligung, two for the vote
    out = tmp_path / "portal"
    build(out, T0 + timedelta(days=1))
    published = [p.read_bytes() for p in out.rglob("*") if p.is_file()]
    assert published
    for blob in published:
        assert b"/m/" not in blob and not any(t.encode() in blob for t in sent)
    artifacts = status_markdown(queries.status(cycle_id, T0)) + decision_context(cycle_id)
    with transaction() as s:
        events = [event_of(r) for r in repo.audit_after(s, "zyklus", 0, 1000)]
    for text in (artifacts, repr(events), repr(dump(db_url))):
        assert "/m/" not in text and not any(t in text for t in sent)


def test_an_english_invitee_reads_what_her_link_does_in_english(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    make_network(voting=1, others=0)
    jan = network.add_actor(
        name="Jan Peters",
        organisation="University",
        email="jan@example.org",
        sector="bildungseinrichtungen",
        areas=[],
        consent=False,
        lang="en",
        by=BY,
        now=T0,
    )
    c = cycles.start(title="Strategy", board_id=1, by=BY, now=T0)
    cycles.set_vision(c.id, "Education for all", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    drain(T0)
    (mail,) = smtp_sink.to("jan@example.org")
    (token,) = tokens(mail)
    plain = mail.get_body(("plain",)).get_content()
    assert f"Give your feedback here: http://127.0.0.1:8300/m/{token}" in plain
    assert "(you can change it until 15 Feb 2027, 23:59)" in plain
    assert "This link is yours alone" in plain
    assert link_row(token).actor_id == jan.id
