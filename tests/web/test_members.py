"""A member answers through her personal link: each purpose's page shows what she answers
to and as whom, a submission goes through the CLI's use case (audited with her as the one
acting and `web` as the source), counts once however often the form is sent, can be changed
until its object closes, and the read models show it like a typed one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from dkbm import cycles, meeting_queries, message_queries, queries
from dkbm.cycle_consultation import own_answer
from dkbm.cycle_votes import own_ballot
from dkbm.states.model import StrategyCycle
from dkbm.web.members import completes_wait
from tests.conftest import dump
from tests.factories import BY
from tests.web.conftest import CONSULTATION_DUE, NOW, World, form_of, post

SAME_SITE = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}


def _history(cycle_id: int, action: str) -> list[dict]:
    return [e for e in queries.history(cycle_id) if e["aktion"] == action]


def test_the_consultation_page_shows_the_draft_and_whom_it_is_for(
    world: World, client: TestClient
) -> None:
    page = client.get(f"/m/{world.token('beteiligung')}")
    assert page.status_code == 200
    text = page.text
    assert '<html lang="de">' in text
    assert "Sie antworten als Anna Schmidt, Gymnasium Nord." in text
    assert "Beteiligung „Leitbild“ im Strategiezyklus „Bildung 2030“" in text
    for shown in (
        "Bildung für alle.",  # the Leitbild
        "Ziel 1: Übergänge gelingen",
        "Strategie 2: Übergänge begleiten",
        "Maßnahme 3: Lotsen an jeder Schule",
        "Begleitete Übergänge: Ziel 90 % bis 2029",  # its Kennzahl
        "Frist: 25.01.2027, 10:00 Uhr",
        "Wie es weitergeht",
    ):
        assert shown in text, shown
    assert page.headers["cache-control"] == "no-store"


def test_an_answer_is_kept_with_its_items_audited_as_hers_and_shown_like_a_typed_one(
    world: World, client: TestClient
) -> None:
    anna = world.actors[0]
    sent = post(
        client,
        world.token("beteiligung"),
        {"text": "Guter Entwurf.", "haltung_1": "zustimmung", "text_3": "Lotsen früher einsetzen"},
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/m/{world.token('beteiligung')}?gespeichert=antwort"
    kept = own_answer(world.consultation, anna)
    assert kept is not None and kept["text"] == "Guter Entwurf."
    assert kept["items"] == {
        "1": {"haltung": "zustimmung", "text": ""},
        "3": {"haltung": "anmerkung", "text": "Lotsen früher einsetzen"},
    }
    (entry,) = _history(world.consultation, "rueckmeldung")
    assert entry["von"] == f"akteur:{anna}"
    shown = queries.responses(world.consultation)["rueckmeldungen"]
    assert [(r["akteur"], r["text"], r["quelle"]) for r in shown] == [
        (anna, "Guter Entwurf.", "web")
    ]
    receipts = [
        o for o in message_queries.outbox(("pending",)) if o["art"] == "rueckmeldung_eingang"
    ]
    assert [o["akteur"] for o in receipts] == [anna]
    page = client.get(sent.headers["location"])
    assert "Vielen Dank, Ihre Rückmeldung ist gespeichert." in page.text
    assert ">Guter Entwurf.</textarea>" in page.text  # prefilled, to change
    assert 'value="zustimmung" checked' in page.text


def test_a_form_sent_twice_gives_one_answer(world: World, client: TestClient) -> None:
    token = world.token("beteiligung")
    fields = {**form_of(client.get(f"/m/{token}").text), "text": "Einmal"}
    first = client.post(f"/m/{token}", data=fields, headers=SAME_SITE)
    second = client.post(f"/m/{token}", data=fields, headers=SAME_SITE)
    assert first.status_code == second.status_code == 303
    assert len(_history(world.consultation, "rueckmeldung")) == 1


def test_an_answer_can_be_changed_until_the_deadline_and_not_after(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    token = world.token("beteiligung")
    assert post(client, token, {"text": "Erste Fassung"}).status_code == 303
    assert post(client, token, {"text": "Zweite Fassung"}).status_code == 303
    kept = own_answer(world.consultation, world.actors[0])
    assert kept is not None and (kept["text"], kept["replaced"]) == ("Zweite Fassung", 1)
    fields = form_of(client.get(f"/m/{token}").text)
    monkeypatch.setenv("DKBM_NOW", (CONSULTATION_DUE + timedelta(minutes=1)).isoformat())
    page = client.get(f"/m/{token}")
    assert page.status_code == 200
    assert "Die Frist dieser Beteiligung ist abgelaufen" in page.text
    assert "<textarea" not in page.text and "Zweite Fassung" in page.text
    before = dump(db_url)
    late = client.post(f"/m/{token}", data={**fields, "text": "Zu spät"}, headers=SAME_SITE)
    assert late.status_code == 409
    assert "Es wurde nichts gespeichert oder geändert." in late.text
    assert dump(db_url) == before


def test_a_ballot_is_kept_changed_and_shown(world: World, client: TestClient) -> None:
    token = world.token("abstimmung")
    page = client.get(f"/m/{token}")
    assert (
        "Abstimmung über „Leitbild“ im Strategiezyklus „Ganztag 2028“ (Lenkungsgruppe)" in page.text
    )
    assert "Ganztag für jedes Kind." in page.text  # the text to decide
    assert post(client, token, {"stimme": "ja"}).status_code == 303
    assert post(client, token, {"stimme": "nein"}).status_code == 303
    assert own_ballot(world.vote, world.actors[0]) == "nein"
    page = client.get(f"/m/{token}?gespeichert=stimme")
    assert "Vielen Dank, Ihre Stimme ist gespeichert." in page.text
    assert "Ihre Stimme ist gespeichert: Nein." in page.text
    assert 'value="nein" checked' in page.text
    assert [e["von"] for e in _history(world.vote, "stimme")] == [f"akteur:{world.actors[0]}"] * 2


def test_the_last_ballot_closes_the_written_vote(world: World, client: TestClient) -> None:
    for who in range(5):
        assert post(client, world.token("abstimmung", who), {"stimme": "ja"}).status_code == 303
    page = client.get(f"/m/{world.token('abstimmung')}")
    assert "Alle Stimmberechtigten haben abgestimmt; die Abstimmung ist geschlossen." in page.text
    assert 'name="stimme"' not in page.text


def test_a_meeting_reply_zusage_absage_and_vertretung(world: World, client: TestClient) -> None:
    page = client.get(f"/m/{world.token('sitzung')}")
    for shown in (
        "Lenkungsgruppe, 01.02.2027, 18:00 Uhr",
        "Kreishaus, Raum 3",
        "TOP 1:</span> Bericht Schulentwicklung",
        'href="https://kreis.example/bericht.pdf"',
        "Anlage zur Tagesordnung",
        "Frieda Vogt, Gymnasium Nord (Ihre Stellvertretung)",
    ):
        assert shown in page.text, shown

    def reply_of(who: int) -> dict:
        m = meeting_queries.meeting(world.meeting)
        return next(a for a in m["teilnahme"] if a["akteur"] == world.actors[who])

    assert post(client, world.token("sitzung", 1), {"antwort": "zusage"}).status_code == 303
    assert post(client, world.token("sitzung", 2), {"antwort": "absage"}).status_code == 303
    deputy = str(world.actors[5])
    assert (
        post(client, world.token("sitzung"), {"antwort": "vertretung", "vertretung": deputy})
    ).status_code == 303
    assert reply_of(1)["antwort"] == "zusage"
    assert reply_of(2)["antwort"] == "absage"
    assert (reply_of(0)["antwort"], reply_of(0)["vertreten_durch"]) == (
        "vertretung",
        world.actors[5],
    )
    page = client.get(f"/m/{world.token('sitzung')}")
    assert "Gespeichert: Frieda Vogt vertritt Sie." in page.text
    antwort = [e for e in meeting_queries.history(world.meeting) if e["aktion"] == "antwort"]
    assert {e["von"] for e in antwort} == {f"akteur:{world.actors[n]}" for n in (0, 1, 2)}


def test_the_meeting_entry_downloads_as_the_ladung_has_it(world: World, client: TestClient) -> None:
    got = client.get(f"/m/{world.token('sitzung', 1)}/termin.ics")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/calendar")
    assert "attachment" in got.headers["content-disposition"]
    (event,) = Calendar.from_ical(got.content).walk("VEVENT")
    assert str(event["uid"]) == f"dkbm-sitzung-{world.meeting}@dkbm"
    assert str(event["location"]) == "Kreishaus, Raum 3"
    assert str(event["attendee"]) == "mailto:person1@example.org"
    assert "Lenkungsgruppe" in str(event["summary"])
    assert client.get(f"/m/{world.token('aufgabe')}/termin.ics").status_code == 404


def test_a_library_file_of_the_agenda_downloads_and_nothing_else(
    world: World, client: TestClient
) -> None:
    from tests.web.conftest import LIBRARY_FILE

    token = world.token("sitzung")
    got = client.get(f"/m/{token}/unterlage/{world.library}")
    assert got.status_code == 200 and got.content == LIBRARY_FILE
    assert got.headers["content-disposition"].startswith('attachment; filename="anlage.pdf"')
    assert client.get(f"/m/{token}/unterlage/{world.library + 1}").status_code == 404
    assert client.get(f"/m/{world.token('aufgabe')}/unterlage/{world.library}").status_code == 404


def test_a_task_is_reported_done_with_a_note(world: World, client: TestClient) -> None:
    token = world.token("aufgabe")
    page = client.get(f"/m/{token}")
    assert "Raumplan abstimmen" in page.text and "TOP 1</span>" not in page.text
    assert post(client, token, {"bemerkung": "Mit dem Hausmeister geklärt."}).status_code == 303
    (task,) = [t for t in meeting_queries.tasks(owner_id=world.actors[0]) if t["id"] == world.task]
    assert (task["status"], task["bemerkung"]) == ("erledigt", "Mit dem Hausmeister geklärt.")
    page = client.get(f"/m/{token}")
    assert "Diese Aufgabe ist seit 11.01.2027, 14:00 Uhr als erledigt vermerkt." in page.text
    assert "<textarea" not in page.text


def test_a_member_reads_her_pages_in_her_language(world: World, client: TestClient) -> None:
    ben = 1  # English
    for purpose, phrase in (
        ("beteiligung", "Consultation feedback"),
        ("abstimmung", "Written vote"),
        ("sitzung", "Meeting invitation"),
    ):
        page = client.get(f"/m/{world.token(purpose, ben)}")
        assert '<html lang="en">' in page.text
        assert phrase in page.text
        assert "You are answering as Ben Carter, Volkshochschule." in page.text
    refused = post(client, world.token("abstimmung", ben), {"stimme": "vielleicht"})
    assert refused.status_code == 422
    assert "Please choose yes, no or abstention." in refused.text


def test_the_last_answer_completes_what_the_moderation_run_waits_for(world: World) -> None:
    c = cycles.record_response(
        world.consultation, world.actors[0], "ok", by=BY, now=NOW, source="web:" + "a" * 32
    )
    assert not completes_wait(c, NOW)
    for n, actor_id in enumerate(world.actors[1:], start=1):
        c = cycles.record_response(
            world.consultation, actor_id, "ok", by=BY, now=NOW, source=f"web:{n:032x}"
        )
    assert isinstance(c, StrategyCycle) and completes_wait(c, NOW)


def test_a_submission_that_wakes_no_server_is_kept_all_the_same(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last ballot makes the page wake the moderation run after answering; with the
    Prefect server unreachable that changes nothing for her."""
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    for who in range(5):
        assert post(client, world.token("abstimmung", who), {"stimme": "ja"}).status_code == 303
    assert queries.status(world.vote, NOW)["schriftliche_abstimmung"]["stimmen"] == 5
