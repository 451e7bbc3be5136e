"""Issue 22, point 6: `dkbm akteur auskunft N [--format md|json|pdf] [--ausgabe DATEI]`, and
the consent's history in `dkbm akteur show`."""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from dkbm import network, people
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_municipality

NAME = "Zoë <b>Auskunft</b> *Test*"
CHANNEL = "json://hooks.example.org/Geheimer-Pfad-4711"


@pytest.fixture
def zoe(sqlite_url: str) -> int:
    """An Akteur with a channel of her own, consent given and later withdrawn, in a Gremium."""
    make_municipality()
    actor = network.add_actor(
        name=NAME,
        organisation="Stadtbibliothek",
        email="zoe@example.org",
        sector="zivilgesellschaft",
        areas=["schule"],
        consent=True,
        lang="de",
        channels=[CHANNEL],
        by="koordination",
        now=T0,
    ).id
    board = network.add_board(
        name="Lenkungsgruppe", kind="gremium", quorum_percent=50, by=BY, now=T0
    ).id
    network.set_member(board_id=board, actor_ids=[actor], role="vorsitz", by=BY, now=T0)
    people.change_actor(actor, consent=False, by="sachbearbeitung", now=T0 + timedelta(days=1))
    assert actor is not None
    return actor


def test_the_summary_reads_as_german_or_english(
    capsys: pytest.CaptureFixture[str], zoe: int
) -> None:
    code, out, err = dkbm(capsys, "akteur", "auskunft", str(zoe))
    assert code == 0, err
    assert out.startswith("# Auskunft nach Art. 15 DSGVO")
    assert "Zoë \\<b\\>Auskunft\\</b\\> \\*Test\\*" in out  # plain text, not Markdown
    assert "Lenkungsgruppe (Gremium): Vorsitz" in out
    assert "11.01.2027 10:00: erteilt, erfasst von koordination (beim Anlegen)" in out
    assert "12.01.2027 10:00: nicht erteilt, erfasst von sachbearbeitung (geändert)" in out
    assert "Zivilgesellschaft" in out and "json://hooks.example.org/…#" in out
    assert "Geheimer-Pfad" not in out
    assert "- Sprache: Deutsch\n" in out  # the language by its name, not `de`

    code, out, err = dkbm(capsys, "--lang", "en", "akteur", "auskunft", str(zoe))
    assert code == 0, err
    assert out.startswith("# Access to personal data (Art. 15 GDPR)")
    assert "Lenkungsgruppe (board): Chair" in out and "Civil society" in out
    assert "- Language: German\n" in out


def test_json_has_the_stable_shape(capsys: pytest.CaptureFixture[str], zoe: int) -> None:
    code, out, err = dkbm(capsys, "akteur", "auskunft", str(zoe), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == [
        "akteur", "kommune", "stand", "daten", "einwilligung", "mitgliedschaften",
        "vertreten_durch", "rueckmeldungen", "stimmen", "sitzungen", "aufgaben", "massnahmen",
        "nachrichten", "links", "protokoll",
    ]  # fmt: skip
    assert doc["akteur"] == zoe and doc["kommune"] == "Kreis Test"
    assert doc["daten"]["kanaele"][0].startswith("json://hooks.example.org/…#")
    assert doc["einwilligung"] == {
        "veroeffentlichung": False,
        "verlauf": [
            {"erteilt": True, "zeit": T0.isoformat(), "von": "koordination", "grund": "angelegt"},
            {
                "erteilt": False,
                "zeit": (T0 + timedelta(days=1)).isoformat(),
                "von": "sachbearbeitung",
                "grund": "geaendert",
            },
        ],
    }
    assert "Geheimer-Pfad" not in out


def test_pdf_is_written_to_a_file(
    capsys: pytest.CaptureFixture[str], zoe: int, tmp_path: Path
) -> None:
    target = tmp_path / "auskunft.pdf"
    code, out, err = dkbm(
        capsys, "akteur", "auskunft", str(zoe), "--format", "pdf", "--ausgabe", str(target)
    )
    assert code == 0, err
    assert "Auskunft geschrieben" in out and str(target) in out
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Auskunft nach Art. 15 DSGVO" in words and "Lenkungsgruppe" in words
    assert "Geheimer-Pfad" not in words


def test_json_and_markdown_go_to_a_file_too(
    capsys: pytest.CaptureFixture[str], zoe: int, tmp_path: Path
) -> None:
    for form, name in (("json", "a.json"), ("md", "a.md")):
        target = tmp_path / name
        code, _, err = dkbm(
            capsys, "akteur", "auskunft", str(zoe), "--format", form, "--ausgabe", str(target)
        )
        assert code == 0, err
    assert json.loads((tmp_path / "a.json").read_text())["akteur"] == zoe
    assert (tmp_path / "a.md").read_text().startswith("# Auskunft")


def test_the_auskunft_file_is_for_its_owner_alone(
    capsys: pytest.CaptureFixture[str], zoe: int, tmp_path: Path
) -> None:
    old = os.umask(0)  # would hide a file created too open
    try:
        for form in ("md", "json", "pdf"):
            target = tmp_path / f"auskunft.{form}"
            code, _, err = dkbm(
                capsys, "akteur", "auskunft", str(zoe), "--format", form, "--ausgabe", str(target)
            )
            assert code == 0, err
            assert stat.S_IMODE(os.stat(target).st_mode) == 0o600, form
    finally:
        os.umask(old)


def test_refusals_in_one_line_and_nothing_written(
    capsys: pytest.CaptureFixture[str], zoe: int, sqlite_url: str, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("unverändert")
    link = tmp_path / "link.pdf"
    link.symlink_to(victim)
    before = dump(sqlite_url)
    cases = [
        (["--format", "pdf", "--ausgabe", str(link)], "symbolischer Link"),
        (["--format", "pdf"], "--ausgabe DATEI"),
        (["--format", "xml"], "md, json oder pdf"),
    ]
    for args, words in cases:
        code, out, err = dkbm(capsys, "akteur", "auskunft", str(zoe), *args)
        assert code != 0 and out == ""
        if args == ["--format", "pdf"]:  # a usage error, as an invalid value
            assert code == 2 and err.startswith("Fehler: ein PDF"), err
        assert err.strip().count("\n") == 0 and words in err, err
    code, _, err = dkbm(capsys, "akteur", "auskunft", "99")
    assert code != 0 and "99" in err and err.strip().count("\n") == 0
    assert victim.read_text() == "unverändert" and link.is_symlink()
    assert dump(sqlite_url) == before


def test_show_has_the_consent_history(capsys: pytest.CaptureFixture[str], zoe: int) -> None:
    code, out, err = dkbm(capsys, "akteur", "show", str(zoe))
    assert code == 0, err
    assert "Einwilligung, Verlauf:" in out
    assert "11.01.2027 10:00 erteilt (koordination)" in out
    assert "12.01.2027 10:00 nicht erteilt (sachbearbeitung)" in out
    code, out, err = dkbm(capsys, "akteur", "show", str(zoe), "--json")
    assert [e["erteilt"] for e in json.loads(out)["einwilligung_verlauf"]] == [True, False]
