"""Issue 22, points 6 and 8: the Auskunft (DSGVO Art. 15) lists everything stored about an
Akteur: her data with channels masked, her consent's history, her membership, answer,
vote, messages and links (never a token), the audit entries naming her; after her
erasure nothing personal is left in it."""

from __future__ import annotations

import json
from datetime import timedelta
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from sqlalchemy import text

from dkbm import cycles, disclosure, member_links, network, people
from dkbm.notifications.sender import drain
from dkbm.store import links as link_rows
from dkbm.store.db import engine, session
from tests.conftest import T0
from tests.factories import BY, make_municipality
from tests.peers import SmtpSink

NAME, EMAIL = "Zoë Q. Auskunftstest", "zoe.auskunftstest@example.org"
ORG = "Stadtteilbibliothek Nordviertel"
TRACE = "auskunftstest"  # in her name and her address
HOUR = timedelta(hours=1)


def _story(sink: SmtpSink) -> tuple[int, int, str]:
    """Zoë (consent given at once, withdrawn an hour later at her own request, recorded
    under her name) and one more member of a Gremium; a Beteiligung (a message and a link
    to each), Zoë's answer, a written vote with her ballot; the messages sent. Returns
    Zoë's number, the cycle's and her channel."""
    make_municipality()
    channel = f"{sink.url}&to={EMAIL}&name=Kanal-Geheimnis-4711"
    zoe = network.add_actor(
        name=NAME,
        organisation=ORG,
        email=EMAIL,
        sector="zivilgesellschaft",
        areas=["schule", "non_formale_bildung"],
        consent=True,
        lang="de",
        channels=[channel],
        by="koordination",
        now=T0,
    ).id
    other = network.add_actor(
        name="Akteur Zwei",
        organisation="Schulamt",
        email="zwei@example.org",
        sector="verwaltung",
        areas=["schule"],
        consent=False,
        lang="de",
        by=BY,
        now=T0,
    ).id
    board = network.add_board(
        name="Lenkungsgruppe", kind="gremium", quorum_percent=50, by=BY, now=T0
    ).id
    network.set_member(board_id=board, actor_ids=[zoe, other], role="mitglied", by=BY, now=T0)
    people.change_actor(zoe, consent=False, by=NAME, now=T0 + HOUR)
    c = cycles.start(title="Bildungsstrategie", board_id=board, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung für alle", by=BY, now=T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + 7 * 24 * HOUR)
    assert drain(T0 + HOUR).sent == 2  # the invitations to the Beteiligung
    cycles.record_response(c, zoe, f"Einverstanden, {NAME}.", by=BY, now=T0 + 2 * HOUR)
    cycles.record_response(c, other, "ok", by=BY, now=T0 + 2 * HOUR)
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0 + 3 * HOUR, deadline=T0 + 240 * HOUR)
    cycles.record_ballot(c, zoe, "ja", by=BY, now=T0 + 4 * HOUR)
    assert drain(T0 + 5 * HOUR).sent == 2  # the invitations to the vote
    return zoe, c, channel


def _tokens(actor_id: int) -> list[str]:
    with session() as s:
        return [member_links.token_for(r.salt) for r in link_rows.of_actor(s, actor_id)]


def _everything(actor_id: int) -> str:
    """The Auskunft in every form, as text."""
    now = T0 + 6 * HOUR
    doc = disclosure.disclosure(actor_id, now)
    pdf = PdfReader(BytesIO(disclosure.pdf(actor_id, now)))
    return "\n".join(
        [
            json.dumps(doc, ensure_ascii=False, default=str),
            disclosure.markdown(actor_id, now, "de"),
            disclosure.markdown(actor_id, now, "en"),
            disclosure.html(actor_id, now, "de"),
            *(page.extract_text() for page in pdf.pages),
        ]
    )


def test_the_auskunft_lists_all_that_is_stored_and_no_secret(
    sqlite_url: str, smtp_sink: SmtpSink
) -> None:
    zoe, c, channel = _story(smtp_sink)

    doc = disclosure.disclosure(zoe, T0 + 6 * HOUR)

    d = doc["daten"]
    assert (d["name"], d["email"], d["organisation"]) == (NAME, EMAIL, ORG)
    assert d["bildungsbereiche"] == ["schule", "non_formale_bildung"]
    assert len(d["kanaele"]) == 1 and d["kanaele"][0].startswith("mailto://")
    assert doc["einwilligung"]["veroeffentlichung"] is False
    assert [(e["erteilt"], e["von"], e["grund"]) for e in doc["einwilligung"]["verlauf"]] == [
        (True, "koordination", "angelegt"),
        (False, NAME, "geaendert"),
    ]
    assert [(m["name"], m["rolle"]) for m in doc["mitgliedschaften"]] == [
        ("Lenkungsgruppe", "mitglied")
    ]
    assert [(a["zyklus"], a["stufe"], a["text"]) for a in doc["rueckmeldungen"]] == [
        (c, "leitbild", f"Einverstanden, {NAME}.")
    ]
    assert [(b["zyklus"], b["stimme"]) for b in doc["stimmen"]] == [(c, "ja")]
    kinds = sorted((m["art"], m["status"]) for m in doc["nachrichten"])
    assert kinds == [("abstimmung_einladung", "sent"), ("beteiligung_einladung", "sent")]
    assert all(m["betreff"] and m["gesendet"] for m in doc["nachrichten"])
    assert sorted(x["zweck"] for x in doc["links"]) == ["abstimmung", "beteiligung"]
    assert all(x["gueltig_bis"] for x in doc["links"])
    named = {(x["gegenstand"], x["aktion"]) for x in doc["protokoll"]}
    assert {
        ("akteur", "angelegt"),
        ("akteur", "geaendert"),
        ("gremium", "mitglied_gesetzt"),
    } <= named
    assert ("zyklus", "rueckmeldung") in named and ("zyklus", "stimme") in named

    everything = _everything(zoe)
    assert NAME in everything and "Lenkungsgruppe" in everything
    assert channel not in everything and "Kanal-Geheimnis-4711" not in everything
    tokens = _tokens(zoe)
    assert len(tokens) == 2
    assert not any(token in everything for token in tokens)
    with engine(sqlite_url).connect() as conn:
        salts = [r[0] for r in conn.execute(text("SELECT salt FROM member_link"))]
        hashes = [r[0] for r in conn.execute(text("SELECT token_hash FROM member_link"))]
    assert not any(s in everything for s in salts + hashes)


def test_the_other_members_auskunft_names_not_zoe(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    zoe, _, _ = _story(smtp_sink)
    other = zoe + 1
    doc = disclosure.disclosure(other, T0 + 6 * HOUR)
    assert doc["daten"]["name"] == "Akteur Zwei"
    assert TRACE not in json.dumps(doc, ensure_ascii=False).lower()
    assert [e["erteilt"] for e in doc["einwilligung"]["verlauf"]] == [False]


def _after_erasure(sink: SmtpSink) -> tuple[int, dict[str, Any], str]:
    zoe, c, _ = _story(sink)
    people.erase(zoe, by=BY, now=T0 + 6 * HOUR)
    return zoe, disclosure.disclosure(zoe, T0 + 7 * HOUR), _everything(zoe).lower()


def _nothing_personal(doc: dict[str, Any], everything: str) -> None:
    assert TRACE not in everything
    assert "zoë" not in everything and "zoe" not in everything
    assert ORG.lower() not in everything and "nordviertel" not in everything
    assert "kanal-geheimnis" not in everything
    d = doc["daten"]
    assert d["name"] == "ehemaliges Mitglied" and d["status"] == "geloescht"
    assert d["kanaele"] == [] and d["bildungsbereiche"] == [] and not d["organisation"]
    assert doc["mitgliedschaften"] == []
    # the history stays, without her name: given, withdrawn, withdrawn by the erasure
    assert [(e["erteilt"], e["von"]) for e in doc["einwilligung"]["verlauf"]] == [
        (True, "koordination"),
        (False, "ehemaliges Mitglied"),
    ]
    # what she did stays, as its audit entries do, without her name
    assert [a["text"] for a in doc["rueckmeldungen"]] == ["Einverstanden, ehemaliges Mitglied."]
    assert [b["stimme"] for b in doc["stimmen"]] == ["ja"]
    assert all(x["widerrufen"] for x in doc["links"])
    assert ("akteur", "geloescht") in {(x["gegenstand"], x["aktion"]) for x in doc["protokoll"]}


def test_after_an_erasure_nothing_personal_is_left(sqlite_url: str, smtp_sink: SmtpSink) -> None:
    zoe, doc, everything = _after_erasure(smtp_sink)
    _nothing_personal(doc, everything)


def test_after_an_erasure_nothing_personal_is_left_on_postgresql(
    pg_url: str, smtp_sink: SmtpSink
) -> None:
    zoe, doc, everything = _after_erasure(smtp_sink)
    _nothing_personal(doc, everything)
    with engine(pg_url).connect() as conn:
        kept = conn.execute(
            text("SELECT given, by FROM consent_event WHERE actor_id = :a ORDER BY id"), {"a": zoe}
        ).all()
    assert [tuple(r) for r in kept] == [(True, "koordination"), (False, "ehemaliges Mitglied")]
