"""The checks of the hostile-input tests are not blind: each finds what it looks for when
it is there (a payload left unescaped, a forbidden link in a PDF, a calendar property a
line break started, a foreign address in OParl or a feed, a formula in a CSV cell)."""

from __future__ import annotations

import base64
import json
from io import BytesIO
from pathlib import Path

import markdown
import pytest
from PIL import Image

from dkbm.pdf import pdf_from_html
from dkbm.portal.datasets import SCHEMAS
from tests.security import outputs
from tests.security.payloads import TEXT_IDS, Payload, texts
from tests.security.scan import scan
from tests.security.world import World

# Dangerous elsewhere than in HTML (spreadsheets, templates, calendars, the bidi order of
# text) or only once decoded twice: their own checks are the CSV, `never` and ICS ones.
NOT_HTML = {"H29", "H32", "H33", "H34", "H35", "H36", "H37", "H38", "H39", "H40", "H43", "H49"}
NOT_HTML |= {"H53"}  # a tab ends a Markdown link: no link to begin with
NOT_HTML |= {"H61", "H63"}  # quotes that end an attribute only where a renderer forgets them
NOT_HTML |= {"H64", "H65"}  # addresses as bare text: live only where text is made a link


@pytest.mark.parametrize("payload", texts(9), ids=TEXT_IDS)
def test_the_html_check_sees_each_payload_placed_unescaped(payload: Payload) -> None:
    """Put into HTML as it is, or rendered by plain Markdown without our link policy, a
    payload is found and named by its marker."""
    seen = scan(payload.text).findings + scan(markdown.markdown(payload.text)).findings
    assert bool([f for f in seen if payload.id in f]) == (payload.id not in NOT_HTML), seen


def test_the_html_check_lets_the_portals_own_scripts_and_icon_pass() -> None:
    page = (
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="../static/portal.css">'
        '<a href="../zyklus/1.html">Z</a> <a href="mailto:b@kreis.example">B</a>'
        '<script src="../static/breite.js" defer></script>'
    )
    assert scan(page, ("../static/breite.js",), data_icon=True).findings == []
    assert scan(page).findings == [
        "link fetching <link rel='icon' href='data:,'>",
        "script <script src='../static/breite.js' defer=None>",
    ]


def _png() -> str:
    out = BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_the_pdf_check_sees_a_forbidden_link_and_an_image() -> None:
    html = (
        '<html lang="de"><head><title>x</title></head><body><p>'
        '<a href="javascript:alert(\'H08\')">H08</a> <a href="file:///etc/passwd#H13">H13</a>'
        f'</p><img src="{_png()}" alt="H16"></body></html>'
    )
    found = outputs.protocol_pdf(World("", [], Path(), protocol_pdf=pdf_from_html(html)))
    assert found.about("H08") and found.about("H13")
    assert "protokoll.pdf: page 1: 1 images" in found.findings


def test_the_calendar_check_sees_a_property_a_line_break_started() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nPRODID:x\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"SUMMARY:H49 Kreishaus\r\nURL:javascript:alert('H49')\r\nX-INJECTED:H49\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    _, problems = outputs._calendar(data, 1, outputs._PORTAL_CALENDAR)
    assert problems == ["URL \"javascript:alert('H49')\"", "property X-INJECTED:H49"]


def test_the_oparl_check_sees_a_foreign_address_and_an_unknown_field() -> None:
    strings: list[str] = []
    problems: list[str] = []
    obj = {"id": "https://bildung.kreis.example/oparl/file/1.json", "accessUrl": "data:,x"}
    outputs._walk_oparl({**obj, "extra": "y"}, None, strings, problems)
    assert problems == ["accessUrl 'data:,x'", "unknown field 'extra': 'y'"]


def test_the_feed_and_data_checks_see_script_formulas_and_foreign_addresses(
    tmp_path: Path,
) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "x.atom").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>ok</title>'
        "<summary type=\"html\">&lt;script&gt;alert('H01')&lt;/script&gt;</summary>"
        '<link href="javascript:alert(1)"/></entry></feed>'
    )
    assert outputs.atom(tmp_path).findings == [
        "feeds/x.atom: script <script >alert('H01')",
        "feeds/x.atom: link href='javascript:alert(1)'",
    ]
    data = tmp_path / "data"
    data.mkdir()
    for name in SCHEMAS:
        (data / f"{name}.csv").write_text("")
        (data / f"{name}.json").write_text("[]")
    (data / "kennzahlwerte.csv").write_text(
        "\ufeffjahr;wert;notiz\r\n2025;-3,5;=1+1 H38\r\nx;-;\r\n"
    )
    (data / "suche.json").write_text(json.dumps([{"url": "javascript:alert(1)"}]))
    found, _ = outputs.open_data(tmp_path)
    assert found.findings == [
        "data/kennzahlwerte.csv: formula in notiz: '=1+1 H38'",
        "data/kennzahlwerte.csv: number column jahr: 'x'",
        "data/kennzahlwerte.csv: number column wert: '-'",
        "data: document address 'javascript:alert(1)'",
    ]
