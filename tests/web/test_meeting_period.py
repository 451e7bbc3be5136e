"""A member's meeting page shows its time as its mails do: one date and a time range."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import World


def test_the_meeting_page_shows_one_date_and_a_time_range(world: World, client: TestClient) -> None:
    german = client.get(f"/m/{world.token('sitzung')}").text
    assert "01.02.2027, 18:00–20:00 Uhr" in german
    assert "18:00 Uhr – 01.02.2027" not in german
    english = client.get(f"/m/{world.token('sitzung', 1)}").text  # Ben Carter reads English
    assert "01 Feb 2027, 18:00–20:00" in english
