"""The portal's Querschnitt is read at a glance: counts shaded by step with the number kept
as text, empty cells marked with a dash and a word for screen readers, a legend; it counts
organisations per sector and Bildungsbereich and names what no organisation covers."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from dkbm import organisations
from dkbm.portal.build import build
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.portal.conftest import Built


def _built(out: Path) -> tuple[str, str]:
    make_network()  # Akteure in Schule, their organisations without an area
    for name, sector, areas in (
        ("Gesamtschule Am Park", "bildungseinrichtungen", ["schule", "uebergang_schule_beruf"]),
        ("Grundschule Nord", "bildungseinrichtungen", ["schule"]),
        ("Förderverein Lesen", "zivilgesellschaft", ["schule", "non_formale_bildung"]),
    ):
        organisations.add(name=name, kind="sonstige", sector=sector, areas=areas, by=BY, now=T0)
    build(out, T0 + timedelta(days=1))
    return (
        (out / "abdeckung.html").read_text(encoding="utf-8"),
        (out / "en" / "abdeckung.html").read_text(encoding="utf-8"),
    )


def test_the_coverage_page_shades_counts_marks_empty_cells_and_counts_organisations(
    sqlite_url: str, tmp_path: Path
) -> None:
    de, en = _built(tmp_path / "portal")
    # Akteure per sector in Schule: 2 2 2 1 1 of at most 2, the numbers are text
    row = re.search(r'<th scope="row">Schule</th>(.*?)</tr>', de)
    assert row is not None
    assert re.findall(r'<td class="n(\d)">(\d+)</td>', row.group(1)) == [
        ("4", "2"), ("4", "2"), ("4", "2"), ("2", "1"), ("2", "1"),
    ]  # fmt: skip
    empty = '<td class="n0"><span aria-hidden="true">–</span><span class="visually-hidden">keine</span></td>'
    assert empty in de and empty.replace("keine", "none") in en
    assert '<ul class="legend">' in de
    # organisations: Schule has two of the Bildungseinrichtungen and one of the Zivilgesellschaft
    assert "Organisationen je Bildungsbereich und Sektor" in de
    orgs = de[de.index("Organisationen je Bildungsbereich und Sektor") :]
    row = re.search(r'<th scope="row">Schule</th>(.*?)</tr>', orgs)
    assert row is not None
    assert re.findall(r'<td class="n(\d)">(\d+)</td>', row.group(1)) == [
        ("4", "2"), ("2", "1"),
    ]  # fmt: skip
    assert "<td>3</td></tr>" in row.group(0)  # the area's total
    assert "Organisationen gesamt" in orgs and "<td>11</td></tr></tfoot>" in orgs
    assert "Keine Organisation im Netzwerk arbeitet im Bereich Hochschule" in de
    assert "No organisation in the network works in Higher education" in en
    assert "Keine Organisation aus" not in de  # every sector has one


def test_the_report_counts_organisations_and_marks_empty_cells(site: Built) -> None:
    from dkbm.portal import report

    text = report.markdown(1, T0 + timedelta(days=1))
    coverage = text[text.index("## Querschnitt") :]
    assert "| Maßnahmen | Organisationen |" in coverage
    assert "| Hochschule | – | – | – | – | – |" in coverage
    assert "Organisationen je Sektor: Politik 2 · Verwaltung 2" in coverage
    assert "### Organisationen fehlen" in coverage
    assert "- Keine Organisation im Netzwerk arbeitet im Bereich Hochschule" in coverage
