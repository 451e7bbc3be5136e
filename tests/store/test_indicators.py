"""Kennzahlen through the use cases on SQLite and PostgreSQL: definitions on a cycle's Ziel
or Maßnahme, values per year, the CSV import all or nothing, and the read models the
portal uses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from dkbm import indicator_queries, indicators
from dkbm.indicator_csv import CsvRejected
from dkbm.states.errors import DkbmError, Duplicate, NotFound, Refused
from dkbm.states.indicators import Indicator, IndicatorValue, ItemKind
from dkbm.store import indicators as store
from dkbm.store import repository as repo
from dkbm.store.db import transaction
from tests.conftest import T0, dump
from tests.factories import BY, cycle_with_content

LATER = T0 + timedelta(days=30)  # 2027


def _cycle() -> tuple[int, int, int]:
    """A new cycle with a Ziel, a Strategie and a Maßnahme prepared early (the quickest
    way to content; the Kennzahlen do not depend on the cycle's stage)."""
    cycle_id = cycle_with_content()
    with transaction() as s:
        loaded = repo.cycle(s, cycle_id)
    return cycle_id, loaded.goals[0].id, loaded.measures[0].id


def _add(cycle_id: int, kind: ItemKind, item: int, **kw: object) -> Indicator:
    fields: dict[str, object] = {
        "name": "Übergangsquote",
        "unit": "%",
        "source": "IT.NRW",
        "baseline": (40.0, 2024),
        "target": (80.0, 2028),
    }
    fields.update(kw)
    return indicators.add(cycle_id, item_kind=kind, item_id=item, by=BY, now=T0, **fields)  # type: ignore[arg-type]


def _audit(db_url: str) -> list[tuple]:
    return sorted(
        (r for r in dump(db_url)["audit_event"] if r[1] == "kennzahl"), key=lambda r: r[0]
    )


def test_a_kennzahl_of_a_massnahme_and_one_of_a_ziel_with_their_audit(db_url: str) -> None:
    cycle_id, goal, measure = _cycle()
    a = _add(cycle_id, ItemKind.MASSNAHME, measure)
    b = _add(
        cycle_id,
        ItemKind.ZIEL,
        goal,
        name="Abgänge ohne Abschluss",
        baseline=(8, 2023),
        target=(5, 2029),
    )
    assert (a.id, a.version, b.id) == (1, 1, 2)
    with transaction() as s:
        stored = store.indicators(s, cycle_id=cycle_id)
    assert [(i.item_kind, i.item_id, i.name, i.target_value) for i in stored] == [
        (ItemKind.MASSNAHME, measure, "Übergangsquote", 80.0),
        (ItemKind.ZIEL, goal, "Abgänge ohne Abschluss", 5.0),
    ]
    events = _audit(db_url)
    assert [(e[2], e[3], e[6]) for e in events] == [(1, 1, "angelegt"), (2, 1, "angelegt")]


REFUSED: list[tuple[ItemKind, str | int, dict[str, object], type]] = [
    (ItemKind.MASSNAHME, "goal", {}, Refused),  # a Ziel named as Maßnahme
    (ItemKind.ZIEL, "strategy", {}, Refused),  # a Handlungsstrategie
    (ItemKind.MASSNAHME, 999, {}, Refused),  # not in this cycle: its Maßnahmen are named
    (ItemKind.MASSNAHME, "measure", {"target": (40.0, 2028)}, Refused),  # no direction
    (ItemKind.MASSNAHME, "measure", {"target": (80.0, 2024)}, Refused),  # no time
    (ItemKind.MASSNAHME, "measure", {"name": " "}, DkbmError),
    (ItemKind.MASSNAHME, "measure", {"name": "Zwei\nZeilen"}, DkbmError),
]


def test_a_kennzahl_without_a_place_or_a_path_is_refused_and_changes_nothing(
    db_url: str,
) -> None:
    cycle_id, goal, measure = _cycle()
    ids: dict[str | int, int] = {"goal": goal, "measure": measure, "strategy": goal + 1}
    before = dump(db_url)
    for kind, item, kw, error in REFUSED:  # one set-up for all cases: they change nothing
        with pytest.raises(error):
            _add(cycle_id, kind, ids.get(item, item), **kw)  # type: ignore[arg-type]
        assert dump(db_url) == before, (kind, item, kw)


def test_the_same_name_twice_in_one_cycle_is_a_duplicate(db_url: str) -> None:
    cycle_id, goal, measure = _cycle()
    _add(cycle_id, ItemKind.MASSNAHME, measure)
    with pytest.raises(Duplicate):
        _add(cycle_id, ItemKind.MASSNAHME, measure, name="übergangsquote")
    with pytest.raises(Duplicate):  # on another item of the cycle, too
        _add(cycle_id, ItemKind.ZIEL, goal, name="Übergangsquote")
    with pytest.raises(NotFound):
        _add(cycle_id + 1, ItemKind.MASSNAHME, measure)


def test_a_value_per_year_new_then_replaced_then_unchanged(db_url: str) -> None:
    cycle_id, _, measure = _cycle()
    ind = _add(cycle_id, ItemKind.MASSNAHME, measure)
    assert indicators.record_value(ind.id or 0, year=2025, value=45, by=BY, now=T0)[1] == "neu"
    got, outcome, _ = indicators.record_value(
        ind.id or 0, year=2025, value=47.5, note="korrigiert", by=BY, now=T0
    )
    assert outcome == "aktualisiert" and got.version == 3
    assert [(v.year, v.value, v.note) for v in got.values] == [(2025, 47.5, "korrigiert")]
    before = dump(db_url)
    again = indicators.record_value(
        ind.id or 0, year=2025, value=47.5, note="korrigiert", by=BY, now=LATER
    )
    assert again[1] == "unveraendert" and dump(db_url) == before
    assert [e[6] for e in _audit(db_url)] == ["angelegt", "wert_erfasst", "wert_erfasst"]
    with pytest.raises(NotFound):
        indicators.record_value(99, year=2025, value=1, by=BY, now=T0)


def test_a_stale_version_is_a_conflict(db_url: str) -> None:
    cycle_id, _, measure = _cycle()
    ind = _add(cycle_id, ItemKind.MASSNAHME, measure)
    indicators.record_value(ind.id or 0, year=2025, value=45, by=BY, now=T0)
    with pytest.raises(DkbmError) as caught, transaction() as s:
        store.bump(s, ind.id or 0, expected=1, now=T0)
    assert caught.value.key == "conflict_indicator"


GOOD = "\ufeffKennzahl;Jahr;Wert;Notiz\r\n1;2025;45,5;\r\n1;2026;50;vorläufig\r\n2;2025;7,4;\r\n"


def test_an_import_keeps_every_line_and_a_second_one_updates(db_url: str) -> None:
    cycle_id, goal, measure = _cycle()
    _add(cycle_id, ItemKind.MASSNAHME, measure)
    _add(cycle_id, ItemKind.ZIEL, goal, name="Abgänge", baseline=(8, 2023), target=(5, 2029))
    first = indicators.import_values(GOOD.encode(), file="werte.csv", by=BY, now=T0)
    assert first.as_dict() == {
        "datei": "werte.csv",
        "werte": 3,
        "neu": 3,
        "aktualisiert": 0,
        "unveraendert": 0,
        "kennzahlen": [1, 2],
        "notizen_entfernt": [],
    }
    corrected = GOOD.replace("1;2026;50;vorläufig", "1;2026;51;endgültig")
    second = indicators.import_values(corrected.encode(), file="werte.csv", by=BY, now=LATER)
    assert (second.counts["neu"], second.counts["aktualisiert"], second.counts["unveraendert"]) == (
        0,
        1,
        2,
    )
    assert second.indicators == [1, 2]
    with transaction() as s:
        one = store.indicator(s, 1)
    assert [(v.year, v.value, v.note) for v in one.values] == [
        (2025, 45.5, ""),
        (2026, 51.0, "endgültig"),
    ]
    actions = [(e[2], e[6]) for e in _audit(db_url)]
    assert (
        actions.count((1, "werte_importiert")) == 2 and actions.count((2, "werte_importiert")) == 1
    )
    without_note = corrected.replace("1;2026;51;endgültig", "1;2026;51;")
    third = indicators.import_values(without_note.encode(), file="werte.csv", by=BY, now=LATER)
    assert third.notes_removed == [{"kennzahl": 1, "jahr": 2026, "notiz": "endgültig"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kennzahl;jahr;wert\n1;2025;45\n1;2026;zwölf\n3;2026;1\n",
            [
                "werte.csv, Zeile 3, Spalte wert: 'zwölf' ist keine Zahl",
                "werte.csv, Zeile 4, Spalte kennzahl: Kennzahl 3 gibt es nicht",
            ],
        ),
        (
            "kennzahl;jahr;wert\n1;2025;45\n2;2025;7\n2;2025;8\n",
            ["werte.csv, Zeile 4, Spalte jahr: Jahr 2025 der Kennzahl 2 steht schon in Zeile 3"],
        ),
        (
            "kennzahl;jahr;wert\n9;2025;45\n",
            ["werte.csv, Zeile 2, Spalte kennzahl: Kennzahl 9 gibt es nicht"],
        ),
    ],
)
def test_a_file_with_faulty_lines_is_refused_whole_and_changes_nothing(
    db_url: str, text: str, expected: list[str]
) -> None:
    cycle_id, goal, measure = _cycle()
    _add(cycle_id, ItemKind.MASSNAHME, measure)
    _add(cycle_id, ItemKind.ZIEL, goal, name="Abgänge", baseline=(8, 2023), target=(5, 2029))
    indicators.record_value(1, year=2025, value=40, by=BY, now=T0)
    before = dump(db_url)
    with pytest.raises(CsvRejected) as caught:
        indicators.import_values(text.encode(), file="werte.csv", by=BY, now=LATER)
    assert caught.value.lines()[:-1] == expected
    assert caught.value.exit_code != 0
    assert dump(db_url) == before


def test_the_read_models_the_portal_uses(db_url: str) -> None:
    cycle_id, goal, measure = _cycle()
    _add(cycle_id, ItemKind.MASSNAHME, measure)  # 40 (2024) -> 80 (2028)
    _add(cycle_id, ItemKind.ZIEL, goal, name="Abgänge", baseline=(8, 2023), target=(5, 2029))
    indicators.import_values(
        b"kennzahl;jahr;wert\n1;2025;42\n1;2026;44\n2;2025;7\n", file="w.csv", by=BY, now=T0
    )
    docs = indicator_queries.indicators(cycle_id, now=LATER, with_svg=True)
    assert [d["id"] for d in docs] == [1, 2]
    first = docs[0]
    assert first["bezug"] == {
        "art": "massnahme",
        "id": measure,
        "titel": first["bezug"]["titel"],
        "vorhanden": True,
    }
    assert first["werte"] == [
        {"jahr": 2025, "wert": 42.0, "erwartet": 50.0, "notiz": ""},
        {"jahr": 2026, "wert": 44.0, "erwartet": 60.0, "notiz": ""},
    ]
    assert first["bewertung"]["status"] == "nicht_auf_kurs"
    assert first["bewertung"]["rueckstand_anteil"] == 0.4
    assert docs[1]["bewertung"]["status"] == "auf_kurs" and docs[1]["richtung"] == "fallend"
    ET.fromstring(first["svg"])
    assert indicator_queries.indicators(now=LATER) == [
        {k: v for k, v in d.items() if k != "svg"} for d in docs
    ]
    assert ET.fromstring(indicator_queries.chart_svg(2, now=LATER)).get("role") == "img"
    one = indicator_queries.indicator(1, now=LATER)
    assert [h["aktion"] for h in one["verlauf"]] == ["angelegt", "werte_importiert"]


def test_the_wirkungspruefung_flags_what_is_off_track_and_suggests_the_stage(db_url: str) -> None:
    cycle_id, goal, measure = _cycle()
    _add(cycle_id, ItemKind.MASSNAHME, measure)
    indicators.record_value(1, year=2026, value=44, by=BY, now=T0)  # expected 60: off track
    review = indicator_queries.review(cycle_id, now=LATER)[0]
    assert review["nicht_auf_kurs"] == [
        {
            "art": "massnahme",
            "id": measure,
            "titel": review["nicht_auf_kurs"][0]["titel"],
            "kennzahlen": [1],
            "stufe": "massnahmen",
            "befehl": f"dkbm zyklus weiter {cycle_id} wiedereroeffnen --stufe massnahmen",
        }
    ]
    assert review["vorschlag"] == {
        "stufe": "massnahmen",
        "befehl": f"dkbm zyklus weiter {cycle_id} wiedereroeffnen --stufe massnahmen",
        "jetzt_moeglich": False,
        "stufe_offen": True,  # this cycle has not decided its Maßnahmen yet
    }
    # a Ziel off track too: the earlier stage is the one to reopen
    _add(cycle_id, ItemKind.ZIEL, goal, name="Abgänge", baseline=(8, 2023), target=(5, 2029))
    indicators.record_value(2, year=2026, value=8, by=BY, now=T0)
    review = indicator_queries.review(cycle_id, now=LATER)[0]
    assert [f["stufe"] for f in review["nicht_auf_kurs"]] == ["ziele", "massnahmen"]
    assert review["vorschlag"]["stufe"] == "ziele"
    # a generous tolerance: nothing to reopen
    calm = indicator_queries.review(cycle_id, tolerance=0.9, now=LATER)[0]
    assert calm["nicht_auf_kurs"] == [] and calm["vorschlag"] is None
    assert indicator_queries.review(now=LATER)[0]["zyklus"] == cycle_id


def test_a_massnahme_measured_by_a_kennzahl_cannot_be_removed(db_url: str) -> None:
    from dkbm import cycles

    cycle_id = cycle_with_content()  # Maßnahme 3, editable: its stage lies ahead
    _add(cycle_id, ItemKind.MASSNAHME, 3)
    before = dump(db_url)
    with pytest.raises(Refused) as refused:
        cycles.remove_item(cycle_id, 3, by=BY, now=T0)
    assert "Kennzahl 1" in str(refused.value)
    assert dump(db_url) == before


def test_a_mistyped_definition_is_corrected_and_the_history_says_what_changed(
    db_url: str,
) -> None:
    cycle_id, goal, measure = _cycle()
    ind = _add(cycle_id, ItemKind.MASSNAHME, measure)  # 40 (2024) -> 80 (2028)
    indicators.record_value(1, year=2026, value=44, by=BY, now=T0)
    got, changed = indicators.change(
        1, target_value=60.0, source="IT.NRW, Schulstatistik", by=BY, now=LATER
    )
    assert changed == {"source": ["IT.NRW", "IT.NRW, Schulstatistik"], "target_value": [80.0, 60.0]}
    assert (got.target_value, got.version, [v.value for v in got.values]) == (60.0, 3, [44.0])
    before = dump(db_url)
    assert indicators.change(1, target_value=60.0, name=None, by=BY, now=LATER)[1] == {}
    with pytest.raises(Refused):  # no direction left
        indicators.change(1, target_value=40.0, by=BY, now=LATER)
    with pytest.raises(Refused):  # the target year before the baseline year
        indicators.change(1, baseline_year=2029, by=BY, now=LATER)
    assert dump(db_url) == before  # a change to nothing and refusals keep everything
    _add(cycle_id, ItemKind.MASSNAHME, measure, name="Zweite")
    before = dump(db_url)
    with pytest.raises(Duplicate):
        indicators.change(ind.id or 0, name="zweite", by=BY, now=LATER)
    assert dump(db_url) == before
    assert indicators.change(ind.id or 0, name="Übergangsquote", by=BY, now=LATER)[1] == {}
    last = indicator_queries.indicator(1, now=LATER)["verlauf"][-1]
    assert last["aktion"] == "geaendert" and last["details"]["felder"]["zielwert"] == [
        80.0,
        60.0,
    ]


def test_a_value_entered_for_the_wrong_year_is_taken_back(db_url: str) -> None:
    cycle_id, _, measure = _cycle()
    _add(cycle_id, ItemKind.MASSNAHME, measure)
    indicators.record_value(1, year=2026, value=44, by=BY, now=T0)
    indicators.record_value(1, year=2027, value=46, by=BY, now=T0)  # meant 2026
    assert indicator_queries.indicator(1, now=LATER)["bewertung"]["jahr"] == 2027
    got = indicators.remove_value(1, year=2027, by=BY, now=LATER)
    assert [v.year for v in got.values] == [2026] and got.version == 4
    before = dump(db_url)
    with pytest.raises(Refused):
        indicators.remove_value(1, year=2027, by=BY, now=LATER)
    assert dump(db_url) == before
    assert indicator_queries.indicator(1, now=LATER)["verlauf"][-1]["aktion"] == "wert_entfernt"


def test_a_new_unit_or_path_must_fit_the_values_kept(db_url: str) -> None:
    cycle_id, _, measure = _cycle()
    k = _add(cycle_id, ItemKind.MASSNAHME, measure, unit="%-Punkte", baseline=(2.0, 2024))
    indicators.record_value(k.id or 0, year=2025, value=-1.5, by=BY, now=T0)
    before = dump(db_url)
    with pytest.raises(Refused) as refused:
        indicators.change(k.id or 0, unit="%", by=BY, now=T0)
    assert "der gespeicherte Wert von 2025 passt nicht dazu" in str(refused.value)
    with pytest.raises(Refused):  # a plain unit: negative values only on a negative path
        indicators.change(k.id or 0, unit="Schulen", by=BY, now=T0)
    assert dump(db_url) == before
    assert indicators.change(k.id or 0, unit="Prozentpunkte", by=BY, now=T0)[1]
    assert indicators.change(k.id or 0, name="Quote neu", by=BY, now=T0)[1]  # no check asked


@pytest.mark.parametrize(
    ("state", "open_"),
    [
        ("ziele_entwurf", True),  # before the Maßnahmen: they are still to be decided
        ("massnahmen_beteiligung", True),
        ("massnahmen_beschlossen", False),  # decided: only reopening changes them
        ("umsetzung", False),
        ("wirkungspruefung", False),
    ],
)
def test_the_suggestion_names_an_open_stage_instead_of_reopening_it(
    state: str, open_: bool
) -> None:
    from dkbm.states.model import Measure, StrategyCycle

    c = StrategyCycle(1, 1, "Z", 1, state=state, measures=[Measure(3, 2, "M")])
    values = [IndicatorValue(2026, 41.0)]  # 60 expected: off track
    off = Indicator(1, 1, ItemKind.MASSNAHME, 3, "Q", "%", "", 40.0, 2024, 80.0, 2028, 0, values)
    review = indicator_queries._cycle_review(c, [off], 2027, 0.1)
    assert review["vorschlag"]["stufe_offen"] is open_


def test_a_value_beyond_a_trillion_is_refused_by_every_use_case_and_changes_nothing(
    db_url: str,
) -> None:
    cycle_id, _, measure = _cycle()
    k = _add(cycle_id, ItemKind.MASSNAHME, measure, unit="Euro", baseline=(0.0, 2024))
    before = dump(db_url)
    with pytest.raises(Refused) as refused:
        indicators.record_value(k.id or 0, year=2025, value=1e13, by=BY, now=T0)
    assert str(refused.value) == (
        "'kennzahl wert' abgelehnt: Wert 10.000.000.000.000 liegt nicht zwischen "
        "-1.000.000.000.000 und 1.000.000.000.000"
    )
    with pytest.raises(DkbmError):
        indicators.record_value(k.id or 0, year=2025, value=float("nan"), by=BY, now=T0)
    with pytest.raises(Refused, match="Zielwert -1e\\+308 liegt nicht zwischen"):
        indicators.change(k.id or 0, target_value=-1e308, by=BY, now=T0)
    with pytest.raises(Refused, match="Ausgangswert 1e\\+308 liegt nicht zwischen"):
        _add(cycle_id, ItemKind.MASSNAHME, measure, name="b", baseline=(1e308, 2024), unit="")
    with pytest.raises(CsvRejected):
        indicators.import_values(
            b"jahr;wert\n2025;2e12\n", file="w.csv", indicator_id=1, by=BY, now=T0
        )
    assert dump(db_url) == before
    assert indicators.record_value(k.id or 0, year=2025, value=1e12, by=BY, now=T0).outcome == "neu"


def _stored_beyond_bounds(db_url: str, indicator_id: int, value: float) -> None:
    """What `kennzahl add --ausgangswert 1e308 --zielwert -1e308` once kept."""
    from sqlalchemy import text

    from dkbm.store.db import engine

    with engine(db_url).begin() as conn:
        conn.execute(
            text("UPDATE indicator SET baseline_value = :b, target_value = :t WHERE id = :i"),
            {"b": 1e308, "t": -1e308, "i": indicator_id},
        )
        conn.execute(
            text("UPDATE indicator_value SET value = :v WHERE indicator_id = :i"),
            {"v": value, "i": indicator_id},
        )


def test_values_kept_before_the_bound_are_read_charted_and_judged(db_url: str) -> None:
    cycle_id, _, measure = _cycle()
    k = _add(cycle_id, ItemKind.MASSNAHME, measure, unit="")
    indicators.record_value(k.id or 0, year=2026, value=50, by=BY, now=T0)
    _stored_beyond_bounds(db_url, k.id or 0, 1.7e308)
    doc = indicator_queries.indicator(k.id or 0, now=LATER)
    assert doc["bewertung"]["erwartet"] == 0 and doc["bewertung"]["rueckstand_anteil"] == 0.85
    assert doc["werte"][0]["erwartet"] == 0
    svg = indicator_queries.chart_svg(k.id or 0, now=LATER)
    assert "Nicht darstellbar, in der Grafik ausgelassen: Ausgangswert 2024: 1e+308" in svg
    page = indicator_queries.chart_figure(k.id or 0, now=LATER)
    assert "<td>1,7e+308</td>" in page and "Wert 2026: 1,7e+308" in page
    before = dump(db_url)
    with pytest.raises(Refused, match="der gespeicherte Wert von 2026 passt nicht dazu"):
        indicators.change(k.id or 0, baseline_value=1.0, target_value=2.0, by=BY, now=T0)
    assert dump(db_url) == before


@pytest.mark.parametrize("tolerance", [-0.1, 1.5, float("nan")])
def test_the_read_models_refuse_a_tolerance_outside_0_to_100_percent(
    db_url: str, tolerance: float
) -> None:
    cycle_id, _, measure = _cycle()
    _add(cycle_id, ItemKind.MASSNAHME, measure)
    for read in (indicator_queries.indicators, indicator_queries.review):
        with pytest.raises(Refused, match="Toleranz muss zwischen 0 und 100 %"):
            read(cycle_id, tolerance=tolerance, now=LATER)
    for one in (indicator_queries.indicator, indicator_queries.chart_svg):
        with pytest.raises(Refused):
            one(1, tolerance=tolerance, now=LATER)
