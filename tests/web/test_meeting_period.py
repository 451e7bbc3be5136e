"""A member's meeting page shows its time as its mails do (one date and a time range), and
the entry she downloads there is organised by the Koordination."""

from __future__ import annotations

from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.conftest import T0
from tests.web.conftest import World


def test_the_meeting_page_shows_one_date_and_a_time_range(world: World, client: TestClient) -> None:
    german = client.get(f"/m/{world.token('sitzung')}").text
    assert "01.02.2027, 18:00–20:00 Uhr" in german
    assert "18:00 Uhr – 01.02.2027" not in german
    english = client.get(f"/m/{world.token('sitzung', 1)}").text  # Ben Carter reads English
    assert "01 Feb 2027, 18:00–20:00" in english


def test_the_downloaded_entry_is_organised_by_the_koordination(
    world: World, client: TestClient
) -> None:
    from dkbm import network
    from tests.factories import BY

    network.change_municipality(
        by=BY, now=T0, sender_name="Bildungskoordination Kreis", reply_to="bildung@kreis.example"
    )
    got = client.get(f"/m/{world.token('sitzung', 1)}/termin.ics")
    (event,) = Calendar.from_ical(got.content).walk("VEVENT")
    assert str(event["organizer"]) == "mailto:bildung@kreis.example"
    assert event["organizer"].params["CN"] == "Bildungskoordination Kreis"
