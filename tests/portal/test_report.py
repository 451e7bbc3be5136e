"""The Sachstandsbericht: Markdown, HTML and a PDF whose text has the decisions and the
indicator values; people only with consent; bad input refused in one line."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.conftest import dkbm
from tests.portal.conftest import Built


def test_the_pdf_report_has_the_decisions_and_the_indicator_values(
    site: Built, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "bericht.pdf"
    code, text, err = dkbm(capsys, "bericht", "zyklus", "1", "--format", "pdf", "--datei", str(out))
    assert code == 0, err
    words = " ".join(p.extract_text() for p in PdfReader(BytesIO(out.read_bytes())).pages)
    words = " ".join(words.split())
    assert "Sachstandsbericht: Bildung 2030" in words
    assert "11.01.2027 Leitbild 4 Ja, 1 Nein, 0 Enthaltungen" in words
    assert "Übergangsquote Kita-Schule" in words and "51,5" in words
    for name in site.hidden_names:
        assert name not in words


def test_the_pdf_report_is_tagged_for_screen_readers(site: Built) -> None:
    from datetime import UTC, datetime

    from pypdf.generic import ArrayObject, DictionaryObject

    from dkbm.portal import report

    reader = PdfReader(BytesIO(report.pdf(1, datetime.now(UTC))))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "de"
    assert reader.metadata.title == "Sachstandsbericht: Bildung 2030"
    kinds: dict[str, list[object]] = {}

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, DictionaryObject):
            if "/S" in node:
                kinds.setdefault(str(node["/S"]), []).append(node.get("/Alt"))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, ArrayObject):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/TH", "/Figure"} <= set(kinds)
    assert all(alt for alt in kinds["/Figure"])


def test_markdown_and_html_and_english(site: Built, capsys: pytest.CaptureFixture[str]) -> None:
    code, md, _ = dkbm(capsys, "bericht", "zyklus", "1")
    assert code == 0 and "| 2026 | 51,5 % |" in md
    assert "Ziele und Maßnahmen dieses Zyklus; Akteure und Mitglieder" in md
    code, html, _ = dkbm(capsys, "--lang", "en", "bericht", "zyklus", "1", "--format", "html")
    assert code == 0 and "Status report: Bildung 2030" in html and 'role="img"' in html
    assert "<details open>" in html and "<details>" not in html
    assert (
        "| 2027-01-11 | Vision statement |"
        in dkbm(capsys, "--lang", "en", "bericht", "zyklus", "1")[1]
    )


def test_user_text_cannot_split_a_table_nor_become_a_link(
    site: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    from dkbm import indicators
    from tests.conftest import T0
    from tests.factories import BY

    indicators.change(1, unit="Kitas | %", name="[Quote](javascript:alert(1))", by=BY, now=T0)
    indicators.record_value(1, year=2026, value=51.5, note="a \\| b", by=BY, now=T0)
    md = dkbm(capsys, "bericht", "zyklus", "1")[1]
    assert "| 2026 | 51,5 Kitas \\| % | 60 Kitas \\| % | a \\\\\\| b |" in md
    assert "### \\[Quote\\](javascript:alert(1))" in md
    html = dkbm(capsys, "bericht", "zyklus", "1", "--format", "html")[1]
    assert 'href="javascript' not in html and "[Quote](javascript:alert(1))" in html
    assert "<td>a \\| b</td>" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bericht", "zyklus", "9"], "Zyklus 9 nicht gefunden"),
        (["bericht", "zyklus", "1", "--format", "docx"], "--format"),
        (["bericht", "zyklus", "1", "--format", "pdf"], "--datei"),
    ],
)
def test_bad_input_is_refused_in_one_line(
    site: Built, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = dkbm(capsys, *args)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
