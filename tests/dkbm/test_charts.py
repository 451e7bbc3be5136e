"""The chart of a Kennzahl: well-formed SVG, named for screen readers, its numbers also
as a table, user text escaped, no script and nothing fetched."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from math import nan

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dkbm.chart_text import data_table, description, number
from dkbm.charts import BAND_COLOUR, BOTTOM, HEIGHT, TOP, figure, line_chart
from dkbm.states.indicators import Indicator, IndicatorValue, ItemKind, assess

SVG = "{http://www.w3.org/2000/svg}"


def _indicator(name: str = "Anteil Kitas mit Übergangsbogen", **kw: object) -> Indicator:
    fields: dict[str, object] = {
        "id": 4,
        "cycle_id": 1,
        "item_kind": ItemKind.MASSNAHME,
        "item_id": 7,
        "name": name,
        "unit": "%",
        "source": "Jugendamt",
        "baseline_value": 20.0,
        "baseline_year": 2024,
        "target_value": 90.0,
        "target_year": 2028,
        "values": [IndicatorValue(2025, 35.0), IndicatorValue(2026, 52.5, "vorläufig")],
    }
    fields.update(kw)
    return Indicator(**fields)  # type: ignore[arg-type]


def test_the_svg_is_well_formed_and_names_itself_for_screen_readers() -> None:
    ind = _indicator()
    root = ET.fromstring(line_chart(ind, assessment=assess(ind, 2026), lang="de"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "kennzahl-4-title kennzahl-4-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "kennzahl-4-title"
    assert title.text == "Anteil Kitas mit Übergangsbogen (%)"
    assert desc is not None and desc.get("id") == "kennzahl-4-desc"
    assert desc.text == (
        "Anteil Kitas mit Übergangsbogen (in %). Ausgangswert 2024: 20 %; Ziel 2028: 90 %. "
        "Werte: 2025: 35 %; 2026: 52,5 %. Zuletzt (2026) erwartet 55 %: auf Kurs. "
        "Quelle: Jugendamt."
    )


def test_values_baseline_target_and_the_expected_path_are_drawn() -> None:
    root = ET.fromstring(line_chart(_indicator(), lang="en"))
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "baseline 2024: 20 %" in tips and "target 2028: 90 %" in tips
    assert "2026: 52.5 % (vorläufig)" in tips
    assert len(root.findall(f"{SVG}circle")) == 2
    assert root.find(f"{SVG}polyline") is not None
    assert any(line.get("stroke-dasharray") for line in root.iter(f"{SVG}line"))


def test_nothing_runs_and_nothing_is_fetched() -> None:
    svg = line_chart(_indicator())
    assert "<script" not in svg and "href" not in svg and "@import" not in svg
    assert "url(" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_user_text_is_escaped() -> None:
    evil = '</title><script>alert(1)</script> & "x"'
    ind = _indicator(evil, unit="<b>", source="a]]>b", values=[IndicatorValue(2025, 30, "<i>")])
    svg = line_chart(ind, element_id='x" onload="alert(1)')
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}script") is None and "<script>" not in svg
    assert root.find(f"{SVG}title").text == f"{evil} (<b>)"  # type: ignore[union-attr]
    assert root.get("onload") is None
    table = ET.fromstring(data_table(ind))
    assert "<script>" not in data_table(ind) and table.find("caption") is not None


def test_control_characters_xml_cannot_carry_are_dropped() -> None:
    ET.fromstring(line_chart(_indicator("Quote\x01\x0b")))


def test_without_values_the_chart_says_so() -> None:
    ind = _indicator(values=[])
    svg = line_chart(ind, lang="de")
    assert "Noch keine Werte erfasst." in svg
    ET.fromstring(svg)
    assert "Noch keine Werte erfasst." in description(ind, lang="de")


def test_counts_from_zero_keep_the_axis_at_zero_and_the_band_inside() -> None:
    ind = _indicator(unit="Beratungen/Jahr", baseline_value=0.0, target_value=400.0, values=[])
    root = ET.fromstring(line_chart(ind, lang="de"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels[0] == "0" and not any((x or "").startswith("-") for x in labels), labels
    band = next(p for p in root.iter(f"{SVG}polygon") if p.get("fill") == BAND_COLOUR)
    for point in (band.get("points") or "").split():
        assert TOP <= float(point.split(",")[1]) <= HEIGHT - BOTTOM


def test_a_falling_target_s_label_sits_above_its_band() -> None:
    ind = _indicator(baseline_value=7.8, baseline_year=2023, target_value=5.0, target_year=2029)
    root = ET.fromstring(line_chart(ind, lang="de"))
    label = next(t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("Ziel 5"))
    band = next(p for p in root.iter(f"{SVG}polygon") if p.get("fill") == BAND_COLOUR)
    corners = [tuple(map(float, p.split(","))) for p in (band.get("points") or "").split()]
    (tx, top_t), (bx, top_b) = corners[2], corners[3]  # the band's upper edge
    left = float(label.get("x", 0)) - 7 * len(label.text or "")  # where the label begins
    edge = top_b + (left - bx) / (tx - bx) * (top_t - top_b)
    assert TOP <= float(label.get("y", 0)) < edge


def test_a_falling_target_and_negative_values_fit_the_frame() -> None:
    ind = _indicator(
        baseline_value=2.0,
        target_value=-4.0,
        values=[IndicatorValue(2025, 1.0), IndicatorValue(2031, -5.5)],
    )
    root = ET.fromstring(line_chart(ind))
    for c in root.iter(f"{SVG}circle"):
        assert (
            0 <= float(c.get("cx", -1)) <= 640 and TOP <= float(c.get("cy", -1)) <= HEIGHT - BOTTOM
        )
    band = next(p for p in root.iter(f"{SVG}polygon") if p.get("fill") == BAND_COLOUR)
    for point in (band.get("points") or "").split():
        assert TOP <= float(point.split(",")[1]) <= HEIGHT - BOTTOM  # the band fits too


def test_the_data_table_is_the_text_alternative_as_html() -> None:
    table = ET.fromstring(data_table(_indicator(), lang="de"))
    assert [th.text for th in table.iter("th")][:4] == ["Jahr", "Wert", "Erwartet", "Notiz"]
    rows = [[c.text for c in tr] for tr in table.find("tbody")]  # type: ignore[union-attr]
    assert rows == [["2025", "35", "37,5", None], ["2026", "52,5", "55", "vorläufig"]]
    caption = table.find("caption")
    assert caption is not None and "Ausgangswert 2024: 20 %" in (caption.text or "")
    fig = ET.fromstring(figure(_indicator(), lang="en"))
    assert fig.tag == "figure" and fig.find(".//details/summary") is not None


@pytest.mark.parametrize(
    ("value", "de", "en"),
    [(1234.5, "1.234,5", "1,234.5"), (7.0, "7", "7"), (0.125, "0,12", "0.12"), (-0.001, "0", "0")],
)
def test_numbers_in_the_reader_s_language(value: float, de: str, en: str) -> None:
    assert (number(value, "de"), number(value, "en")) == (de, en)


def test_a_value_the_chart_cannot_draw_is_left_out_and_named() -> None:
    ind = _indicator(
        values=[IndicatorValue(2025, 35.0), IndicatorValue(2026, 1e308), IndicatorValue(2027, nan)]
    )
    root = ET.fromstring(line_chart(ind, assessment=assess(ind, 2027), lang="de"))
    assert len(root.findall(f"{SVG}circle")) == 1
    desc = root.find(f"{SVG}desc")
    assert desc is not None and (
        "Werte: 2025: 35 %. Nicht darstellbar, in der Grafik ausgelassen: "
        "Wert 2026: 1e+308 %; Wert 2027: NaN %."
    ) in (desc.text or "")
    rows = [[c.text for c in tr] for tr in ET.fromstring(data_table(ind)).find("tbody")]  # type: ignore[union-attr]
    assert [r[:2] for r in rows] == [["2025", "35"], ["2026", "1e+308"], ["2027", "NaN"]]


def test_a_path_beyond_a_float_is_left_out_and_the_values_still_drawn() -> None:
    """As `kennzahl add --ausgangswert 1e308 --zielwert -1e308` once stored it."""
    ind = _indicator(unit="", baseline_value=1e308, target_value=-1e308)
    root = ET.fromstring(line_chart(ind, assessment=assess(ind, 2026), lang="en"))
    tips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert len(root.findall(f"{SVG}circle")) == 2 and len(tips) == 3  # the chart's and two values
    assert not any(p.get("fill") == BAND_COLOUR for p in root.iter(f"{SVG}polygon"))
    desc = root.find(f"{SVG}desc")
    assert desc is not None and (
        "Cannot be drawn, left out of the chart: baseline 2024: 1e+308; target 2028: -1e+308."
    ) in (desc.text or "")


def test_one_value_alone_still_has_a_frame() -> None:
    ind = _indicator(baseline_value=1e300, target_value=nan, values=[IndicatorValue(2025, 5.0)])
    ET.fromstring(line_chart(ind))


_STORED = st.floats(allow_nan=True, allow_infinity=True)
_COORDINATES = re.compile(r'(?<![\w-])(?:x|y|x1|y1|x2|y2|cx|cy|points)="([^"]*)"')


@given(
    _STORED,
    _STORED,
    st.lists(st.tuples(st.integers(2000, 2200), _STORED), max_size=5, unique_by=lambda v: v[0]),
    st.floats(0, 1),
    st.sampled_from(["de", "en"]),
)
def test_any_stored_float_draws_a_chart(
    baseline: float, target: float, values: list[tuple[int, float]], tolerance: float, lang: str
) -> None:
    ind = _indicator(
        baseline_value=baseline,
        target_value=target,
        values=[IndicatorValue(year, value) for year, value in sorted(values)],
    )
    a = assess(ind, 2200, tolerance)
    svg = line_chart(ind, assessment=a, tolerance=tolerance, lang=lang)
    ET.fromstring(svg)
    for found in _COORDINATES.findall(svg):
        assert all(math.isfinite(float(n)) for n in re.split(r"[ ,]", found) if n), found
    ET.fromstring(figure(ind, assessment=a, tolerance=tolerance, lang=lang))
