"""Issue 9 from the command line: a meeting from planning to approved minutes, in German
and English, with bad input refused in one line and nothing changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from dkbm.notifications.sender import drain
from tests.cli.conftest import dkbm
from tests.conftest import dump
from tests.factories import make_network
from tests.peers import SmtpSink


def _at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("DKBM_NOW", moment)


def test_a_meeting_from_planning_to_minutes_as_a_coordinator_runs_it(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    smtp_sink: SmtpSink,
) -> None:
    net = make_network(voting=5, others=1)
    code, out, _ = dkbm(
        capsys,
        "sitzung",
        "planen",
        "--gremium",
        "1",
        "--beginn",
        "01.02.2027 17:00",
        "--ort",
        "Kreishaus",
    )
    assert code == 0 and "Ladung spätestens 25.01.2027 08:00" in out
    assert dkbm(capsys, "sitzung", "top", "1", "--titel", "Bericht")[0] == 0
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    assert dkbm(capsys, "sitzung", "antworten", "1", str(net.actors[1]), "Absage")[0] == 0
    _at(monkeypatch, "2027-02-01T18:00:00+01:00")
    present = ",".join(str(a) for a in net.actors[2:5]) + f",{net.actors[0]}"
    code, out, err = dkbm(
        capsys,
        "sitzung",
        "anwesenheit",
        "1",
        "--anwesend",
        present,
        "--entschuldigt",
        str(net.actors[1]),
    )
    assert code == 0, err
    assert dkbm(capsys, "sitzung", "durchfuehren", "1")[0] == 0
    code, out, _ = dkbm(capsys, "sitzung", "abstimmen", "1", "1", "--ja", "3", "--nein", "1")
    assert (code, out.strip()) == (0, "TOP 1: angenommen (3 Ja, 1 Nein, 0 Enthaltungen)")
    code, out, _ = dkbm(
        capsys,
        "sitzung",
        "aufgabe",
        "1",
        "1",
        "--titel",
        "Daten anfragen",
        "--akteur",
        str(net.actors[2]),
        "--frist",
        "15.02.2027",
    )
    assert code == 0
    assert dkbm(capsys, "sitzung", "protokoll", "1", "--entwerfen")[0] == 0
    draft = dkbm(capsys, "sitzung", "protokoll", "1")[1]
    assert "Entschuldigt: Akteur 1" in draft and "Daten anfragen" in draft
    edited = tmp_path / "protokoll.md"
    edited.write_text(draft.replace("Protokoll: koordination", "Protokoll: Frau Beispiel"))
    assert dkbm(capsys, "sitzung", "protokoll", "1", "--datei", str(edited))[0] == 0
    pdf = tmp_path / "protokoll.pdf"
    assert dkbm(capsys, "sitzung", "protokoll", "1", "--export", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    tagged = PdfReader(pdf).trailer["/Root"]
    assert "/StructTreeRoot" in tagged and tagged["/Lang"] == "de"  # PDF/UA-1
    assert dkbm(capsys, "sitzung", "protokoll", "1", "--versenden")[0] == 0
    drain(datetime(2027, 2, 1, 18, tzinfo=UTC))
    (mail,) = smtp_sink.to("a0@example.org")[-1:]
    assert mail["Subject"].startswith("Protokollentwurf: Sitzung „Lenkungsgruppe“")
    assert "Frau Beispiel" in mail.get_body(("plain",)).get_content()
    (pdf_part,) = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdf_part.get_content().startswith(b"%PDF")
    doc = json.loads(dkbm(capsys, "sitzung", "show", "1", "--json")[1])
    assert doc["zustand"] == "protokoll_entwurf"
    assert doc["tagesordnung"][0]["ergebnis"]["ergebnis"] == "angenommen"
    assert [t["titel"] for t in doc["aufgaben"]] == ["Daten anfragen"]
    history = json.loads(dkbm(capsys, "sitzung", "verlauf", "1", "--json")[1])
    steps = [d["schritt"] for d in history if d["schritt"]]
    assert steps[-2:] == ["durchfuehren", "protokoll_entwerfen"]
    code, out, _ = dkbm(capsys, "--lang", "en", "sitzung", "list", "--alle")
    assert code == 0 and "minutes drafted" in out
    tasks = json.loads(dkbm(capsys, "aufgabe", "list", "--offen", "--json")[1])
    assert dkbm(capsys, "aufgabe", "erledigt", str(tasks[0]["id"]))[0] == 0
    assert json.loads(dkbm(capsys, "aufgabe", "list", "--offen", "--json")[1]) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sitzung", "planen", "--gremium", "1", "--beginn", "01.01.2020 10:00", "--ort", "X"],
            "Termin liegt nicht in der Zukunft",
        ),
        (
            ["sitzung", "planen", "--gremium", "1", "--beginn", "01.02.2027 10:00"],
            "bitte einen Ort (--ort) oder einen Videolink (--video) angeben",
        ),
        (
            ["sitzung", "planen", "--gremium", "9", "--beginn", "01.02.2027 10:00", "--ort", "X"],
            "Gremium 9 nicht gefunden",
        ),
        (["sitzung", "einladen", "1"], "die Tagesordnung ist leer"),
        (["sitzung", "absagen", "1"], "bitte einen Grund für die Absage angeben"),
        (["sitzung", "anwesenheit", "1", "--anwesend", "1,x"], "--anwesend"),
        (["sitzung", "abstimmen", "1", "1", "--ja", "2"], "nicht als durchgeführt erfasst"),
        (["sitzung", "show", "7"], "Sitzung 7 nicht gefunden"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], message: str
) -> None:
    make_network(voting=3, others=0)
    dkbm(
        capsys, "sitzung", "planen", "--gremium", "1", "--beginn", "01.02.2027 17:00", "--ort", "K"
    )
    before = dump(sqlite_url)
    code, out, err = dkbm(capsys, *args)
    assert code != 0
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert dump(sqlite_url) == before


def test_english_words_for_a_late_invitation(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    make_network(voting=3, others=0)
    dkbm(
        capsys, "sitzung", "planen", "--gremium", "1", "--beginn", "13.01.2027 17:00", "--ort", "K"
    )
    dkbm(capsys, "sitzung", "top", "1", "--titel", "Haushalt")
    code, _, err = dkbm(capsys, "--lang", "en", "sitzung", "einladen", "1")
    assert code == 1
    assert "the notice period (7 days) has passed, the invitation was due by 2027-01-06" in err
    code, out, _ = dkbm(capsys, "--lang", "en", "sitzung", "einladen", "1", "--dringlich", "Frist")
    assert code == 0 and "Urgent: Frist" in out


def test_a_changed_ladungsfrist_moves_the_last_invitation_day_of_planned_meetings(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    make_network(voting=3, others=0)
    dkbm(
        capsys, "sitzung", "planen", "--gremium", "1", "--beginn", "01.06.2027 17:00", "--ort", "K"
    )
    code, out, _ = dkbm(capsys, "gremium", "ladungsfrist", "1", "3", "--arbeitstage")
    assert code == 0 and "Ladungsfrist 3 Arbeitstage" in out
    # Fronleichnam (27.05.2027, NW) is no working day: Mon 31.05, Fri 28.05, Wed 26.05
    doc = json.loads(dkbm(capsys, "sitzung", "show", "1", "--json")[1])
    assert doc["ladung_bis"].startswith("2027-05-26T08:00")
    code, _, err = dkbm(capsys, "gremium", "ladungsfrist", "1", "120")
    assert code == 2 and "ladungsfrist" in err
