"""What a Frist is about, in words (`fristen list`'s Bezug): never a stored key."""

from __future__ import annotations

import pytest

from dkbm.message_queries import ref_text


@pytest.mark.parametrize(
    ("kind", "ref", "de", "en"),
    [
        ("beteiligung", "leitbild:1", "Beteiligung Leitbild", "Consultation Vision statement"),
        ("beteiligung", "massnahmen:2", "Beteiligung Maßnahmenentscheidung, Runde 2",
         "Consultation Decision on measures, round 2"),
        ("abstimmung", "ziele:1", "Abstimmung Strategische Ziele", "Vote Strategic goals"),
        ("massnahme_bericht", "massnahme:8", "Maßnahme 8", "Measure 8"),
        ("sitzung", "sitzung:2", "Sitzung 2", "Meeting 2"),
        ("protokoll", "protokoll:2", "Protokoll der Sitzung 2", "Minutes of meeting 2"),
        ("aufgabe", "aufgabe:3", "Aufgabe 3", "Task 3"),
        ("neu", "etwas:anderes", "etwas:anderes", "etwas:anderes"),
    ],
)  # fmt: skip
def test_the_bezug_reads_in_words(kind: str, ref: str, de: str, en: str) -> None:
    assert ref_text(kind, ref, "de") == de
    assert ref_text(kind, ref, "en") == en
