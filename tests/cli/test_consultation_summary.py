"""Issue 21, point 7: the Beteiligung summarised for the Gremium as Markdown or PDF."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from dkbm import consultation_summary, cycles
from dkbm.cli import main
from tests.conftest import T0
from tests.factories import BY, fill_stage, make_network

HOSTILE = "<script>alert(1)</script> [klick](javascript:alert(1)) **bold**\n# Kein Titel"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def dkbm(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return out


@pytest.fixture
def consulted(db_url: str) -> int:
    """A Leitbild Beteiligung with Ziel 1, Strategie 2, Maßnahme 3 prepared; four invited,
    Akteur 0 and 1 answered (per item too), Akteur 2 and 3 did not."""
    net = make_network(voting=3, others=1)
    c = cycles.start(title="Bildungsstrategie", board_id=net.board, by=BY, now=T0).id
    assert c is not None
    for stage in ("leitbild", "ziele", "strategien", "massnahmen"):
        fill_stage(c, stage, net, T0)
    cycles.advance(c, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=7))
    first, second = net.actors[0], net.actors[1]
    cycles.record_response(
        c,
        first,
        f"Gut so.\n{HOSTILE}",
        items={
            2: {"haltung": "zustimmung", "text": "passt"},
            3: {"haltung": "bedenken", "text": "zu teuer"},
        },
        by=BY,
        now=T0 + timedelta(hours=1),
    )
    cycles.record_response(
        c,
        second,
        "",
        items={
            1: {"haltung": "anmerkung", "text": "1. zuerst die Kitas"},
            3: {"haltung": "bedenken", "text": ""},
        },
        by=BY,
        now=T0 + timedelta(hours=2),
    )
    return c


def test_markdown_names_who_answered_when_what_per_item_and_who_is_missing(
    capsys: pytest.CaptureFixture[str], consulted: int
) -> None:
    out = dkbm(capsys, "zyklus", "rueckmeldungen", str(consulted), "--format", "md")
    assert out.startswith("# Rückmeldungen zur Beteiligung: Bildungsstrategie\n")
    assert "- Eingeladen: 4 · Geantwortet: 2 · Ohne Rückmeldung: 2" in out
    assert "- Frist: 18.01.2027 10:00" in out
    assert "### Akteur 0 (Organisation 0)\n\neingegangen 11.01.2027 11:00\n\n> Gut so." in out
    assert "### Akteur 1 (Organisation 1)\n\neingegangen 11.01.2027 12:00\n\n(ohne Text)" in out
    assert "### Ziel 1: Ziel A\n\nZustimmung: 0 · Bedenken: 0 · Anmerkung: 1" in out
    assert "### Strategie 2: Strategie zu 1\n\nZustimmung: 1 · Bedenken: 0 · Anmerkung: 0" in out
    assert "### Maßnahme 3: Maßnahme zu 2\n\nZustimmung: 0 · Bedenken: 2 · Anmerkung: 0" in out
    assert "- **Bedenken**, Akteur 0 (Organisation 0):\n  > zu teuer" in out
    assert "- **Anmerkung**, Akteur 1 (Organisation 1):\n  > 1\\. zuerst die Kitas" in out
    missing = out[out.index("## Ohne Rückmeldung (2)") :]
    assert "- Akteur 2 (Organisation 2)\n- Akteur 3 (Organisation 3)" in missing
    assert "@" not in out  # internal, yet no addresses


def test_member_text_stays_literal_in_markdown_and_in_the_pdf_html(
    capsys: pytest.CaptureFixture[str], consulted: int
) -> None:
    out = dkbm(capsys, "zyklus", "rueckmeldungen", str(consulted), "--format", "md")
    for renderer in (
        MarkdownIt("commonmark"),
        MarkdownIt("commonmark").enable(["table", "strikethrough"]),
    ):
        rendered = renderer.render(out)
        assert "<script" not in rendered
        assert "<a " not in rendered
        assert "<strong>bold</strong>" not in rendered and "**bold**" in rendered
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
        assert "[klick](javascript:alert(1))" in rendered
        assert "<h1>Kein Titel</h1>" not in rendered and "# Kein Titel" in rendered
        assert "<ol" not in rendered  # "1. zuerst" stays a sentence, not a list
    page = consultation_summary.html(consulted, T0 + timedelta(days=1))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "**bold**" in page and "<a " not in page


def test_pdf_is_written_to_the_file_and_holds_the_summary(
    capsys: pytest.CaptureFixture[str], consulted: int, tmp_path: Path
) -> None:
    target = tmp_path / "rueckmeldungen.pdf"
    out = dkbm(
        capsys,
        "zyklus",
        "rueckmeldungen",
        str(consulted),
        "--format",
        "pdf",
        "--ausgabe",
        str(target),
    )
    assert out.startswith(f"Geschrieben: {target} (")
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Rückmeldungen zur Beteiligung: Bildungsstrategie" in text
    assert "Zustimmung: 0 · Bedenken: 2 · Anmerkung: 0" in text
    assert "<script>alert(1)</script> [klick](javascript:alert(1)) **bold**" in text
    assert "Akteur 3 (Organisation 3)" in text
    assert "@" not in text


def test_english_headings_words_and_dates(
    capsys: pytest.CaptureFixture[str], consulted: int
) -> None:
    out = dkbm(capsys, "--lang", "en", "zyklus", "rueckmeldungen", str(consulted), "--format", "md")
    assert out.startswith("# Answers to the consultation: Bildungsstrategie\n")
    assert "- Invited: 4 · Answered: 2 · No answer: 2" in out
    assert "- Stage: Vision statement, Round 1" in out
    assert "received 2027-01-11 11:00" in out
    assert "### Measure 3: Maßnahme zu 2\n\nAgreement: 0 · Concerns: 2 · Remark: 0" in out
    assert "## Answers per item" in out and "## No answer (2)" in out
    assert "Rückmeldung" not in out and "Zustimmung" not in out


def test_markdown_to_a_file_replaces_it_whole(
    capsys: pytest.CaptureFixture[str], consulted: int, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "summary.md"
    target.write_text("alt")
    dkbm(
        capsys,
        "zyklus",
        "rueckmeldungen",
        str(consulted),
        "--format",
        "md",
        "--ausgabe",
        str(target),
    )
    assert target.read_text().startswith("# Rückmeldungen zur Beteiligung")
    assert [p.name for p in folder.iterdir()] == ["summary.md"]  # no draft left behind


def test_refusals_in_one_line(
    capsys: pytest.CaptureFixture[str], consulted: int, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "zyklus", "rueckmeldungen", str(consulted), "--format", "pdf")
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "--ausgabe DATEI" in err

    code, _, err = run(capsys, "zyklus", "rueckmeldungen", str(consulted), "--format", "docx")
    assert code != 0 and "md oder pdf" in err and err.strip().count("\n") == 0

    folder = tmp_path / "out"
    folder.mkdir()
    victim = folder / "victim.txt"
    victim.write_text("unverändert")
    link = folder / "link.pdf"
    link.symlink_to(victim)
    for form in ("pdf", "md"):
        code, _, err = run(
            capsys,
            "zyklus",
            "rueckmeldungen",
            str(consulted),
            "--format",
            form,
            "--ausgabe",
            str(link),
        )
        assert code != 0 and "symbolischer Link" in err and err.strip().count("\n") == 0
    assert victim.read_text() == "unverändert" and link.is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["link.pdf", "victim.txt"]


def test_a_cycle_without_consultation_is_refused(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=1, others=0)
    c = cycles.start(title="Z", board_id=net.board, by=BY, now=T0).id
    code, _, err = run(capsys, "zyklus", "rueckmeldungen", str(c), "--format", "md")
    assert code != 0 and f"In Zyklus {c} gab es noch keine Beteiligung" in err


def test_the_table_and_json_stay(capsys: pytest.CaptureFixture[str], consulted: int) -> None:
    out = dkbm(capsys, "zyklus", "rueckmeldungen", str(consulted))
    assert "Akteur 0" in out and "Ausstehend (2)" in out
    assert '"punkte"' in dkbm(capsys, "zyklus", "rueckmeldungen", str(consulted), "--json")


def test_write_replacing_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    from dkbm.file_output import write_replacing

    target = tmp_path / "x.md"
    target.write_text("alt")
    target.chmod(0o600)
    write_replacing(target, b"neu")
    assert target.read_bytes() == b"neu" and (os.stat(target).st_mode & 0o777) == 0o600


def test_json_and_a_document_at_once_are_refused(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    from tests.cli.conftest import dkbm as run

    code, _, err = run(capsys, "zyklus", "rueckmeldungen", "1", "--json", "--format", "md")
    assert code != 0 and "--json" in err and len(err.strip().splitlines()) == 1


def test_a_finished_stage_keeps_its_summary(
    capsys: pytest.CaptureFixture[str], consulted: int
) -> None:
    c = consulted
    cycles.advance(c, "abstimmung_starten", by=BY, now=T0 + timedelta(days=8))
    cycles.record_vote(c, present=3, yes=3, no=0, abstain=0, by=BY, now=T0 + timedelta(days=8))
    cycles.advance(c, "beschliessen", by=BY, now=T0 + timedelta(days=8))
    cycles.advance(c, "naechste_stufe", by=BY, now=T0 + timedelta(days=8))
    # the stage moved on: the latest stage that had a Beteiligung is shown, and said so
    out = dkbm(capsys, "zyklus", "rueckmeldungen", str(c))
    assert out.startswith("Beteiligung „Leitbild“, Runde 1, beendet")
    assert "Akteur 0" in out and "Ausstehend (2)" in out
    doc = json.loads(dkbm(capsys, "zyklus", "rueckmeldungen", str(c), "--json"))
    assert (doc["stufe"], doc["runde"], doc["beendet"]) == ("leitbild", 1, True)
    assert len(doc["rueckmeldungen"]) == 2 and len(doc["ausstehend"]) == 2
    assert doc["frist"].startswith((T0 + timedelta(days=7)).date().isoformat())
    text = dkbm(capsys, "zyklus", "rueckmeldungen", str(c), "--format", "md", "--stufe", "Leitbild")
    assert "Stufe: Leitbild, Runde 1" in text and "zu teuer" in text
    # a stage without a Beteiligung yet is refused in one line
    code, _, err = run(capsys, "zyklus", "rueckmeldungen", str(c), "--stufe", "ziele")
    assert code == 1 and "zu „Strategische Ziele“ keine Beteiligung" in err
    code, _, err = run(capsys, "zyklus", "rueckmeldungen", str(c), "--stufe", "umsetzung")
    assert code != 0 and "--stufe" in err and err.count("\n") == 1
    # the next stage's Beteiligung is the one shown while it runs
    cycles.add_goal(c, "Ziel B", ["schule"], by=BY, now=T0 + timedelta(days=9))
    cycles.advance(
        c,
        "beteiligung_starten",
        by=BY,
        now=T0 + timedelta(days=9),
        deadline=T0 + timedelta(days=16),
    )
    out = dkbm(capsys, "zyklus", "rueckmeldungen", str(c))
    assert out.startswith("Beteiligung „Strategische Ziele“, Runde 1\n")
    out = dkbm(capsys, "zyklus", "rueckmeldungen", str(c), "--stufe", "leitbild")
    assert out.startswith("Beteiligung „Leitbild“, Runde 1, beendet") and "Akteur 0" in out
