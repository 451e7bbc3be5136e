"""`dkbm kommune aendern` sets the Koordination's voice (sender, signature, Reply-To,
escalation role); `kommune show` says which it uses, in German and English."""

from __future__ import annotations

import json

import pytest

from dkbm import network
from tests.cli.conftest import dkbm
from tests.factories import make_network


def test_the_voice_is_set_shown_and_reset(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    make_network(voting=1, others=0)
    code, out, _ = dkbm(capsys, "kommune", "show")
    assert code == 0
    assert "Absender: Bildungsbüro Kreis Test (Vorgabe)" in out
    assert "Antworten an: die Absendeadresse (DKBM_MAIL_URL)" in out

    code, out, err = dkbm(
        capsys,
        "kommune",
        "aendern",
        "--form",
        "zusatzaufgabe",
        "--verortung",
        "linie",
        "--absender",
        "Amt für Schule, Bildungskoordination",
        "--signatur",
        "Ihre Bildungskoordination\\nAmt für Schule",
        "--antwort-an",
        "bildung@kreis-test.de",
        "--eskalation-rolle",
        "Leitung Amt für Schule",
    )
    assert code == 0, err
    assert "-> Leitung Amt für Schule" in out
    assert "Absender: Amt für Schule, Bildungskoordination\n" in out
    assert "Signatur: Ihre Bildungskoordination / Amt für Schule\n" in out
    assert "Antworten an: bildung@kreis-test.de" in out
    m = network.current_municipality()
    assert m.signature == "Ihre Bildungskoordination\nAmt für Schule"
    assert m.escalation_role == "Leitung Amt für Schule"
    doc = json.loads(dkbm(capsys, "kommune", "show", "--json")[1])
    assert doc["absender"] == "Amt für Schule, Bildungskoordination" and doc["absender_gesetzt"]
    assert doc["antwort_an"] == "bildung@kreis-test.de"
    assert doc["eskalation_an"] == "Leitung Amt für Schule" and doc["eskalation_gesetzt"]

    # empty brings back the default, which follows the form
    code, out, _ = dkbm(
        capsys, "--lang", "en", "kommune", "aendern", "--absender", "", "--eskalation-rolle", ""
    )
    assert code == 0
    assert "Sender: Education coordination, Kreis Test (default)" in out
    assert "-> head of department" in out
    code, out, _ = dkbm(capsys, "kommune", "show")
    assert "Absender: Bildungskoordination Kreis Test (Vorgabe)" in out
    assert "Eskalation an Dezernats-/Amtsleitung" in out


def test_an_address_that_is_none_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    make_network(voting=1, others=0)
    code, _, err = dkbm(capsys, "kommune", "aendern", "--antwort-an", "bildung-at-kreis")
    assert code != 0 and "--antwort-an" in err and len(err.strip().splitlines()) == 1
    code, _, err = dkbm(capsys, "--lang", "en", "kommune", "aendern", "--absender", "x" * 101)
    assert code != 0 and "at most 100 characters" in err
    assert network.current_municipality().reply_to == ""
