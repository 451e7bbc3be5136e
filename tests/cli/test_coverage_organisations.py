"""`dkbm bericht abdeckung` counts organisations per sector and Bildungsbereich, marks empty
cells with a dash and warns about a sector or area without any organisation, in German and
in English; its --json keeps the earlier keys and adds the organisations."""

from __future__ import annotations

import json

import pytest

from dkbm import organisations
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, make_network


def _organisations() -> None:
    make_network()  # eight Akteure, each with an organisation of her sector, no area yet
    for name, sector, areas in (
        ("Gesamtschule Am Park", "bildungseinrichtungen", ["schule", "uebergang_schule_beruf"]),
        ("Volkshochschule", "bildungseinrichtungen", ["weiterbildung"]),
        ("Kita Sonnenschein", "zivilgesellschaft", ["fruehe_bildung"]),
    ):
        organisations.add(name=name, kind="sonstige", sector=sector, areas=areas, by=BY, now=T0)


def test_the_report_counts_organisations_and_warns_in_german(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    _organisations()
    code, out, err = dkbm(capsys, "bericht", "abdeckung")
    assert (code, err) == (0, "")
    assert "Organisationen je Bildungsbereich und Sektor:" in out
    akteure, orgs = [line.split() for line in out.splitlines() if line.startswith("Schule ")]
    assert akteure == ["Schule", "8", "5", "–", "–", "2", "2", "2", "1", "1"]
    # one organisation of the Bildungseinrichtungen works in Schule, none of another sector
    assert orgs == ["Schule", "–", "–", "1", "–", "–", "1"]
    total = next(line for line in out.splitlines() if line.startswith("Organisationen gesamt"))
    # 8 from the Akteure (2 Politik, 2 Verwaltung, 2 Bildungseinrichtungen, 1 Wirtschaft,
    # 1 Zivilgesellschaft) and 3 added
    assert total.split()[2:] == ["2", "2", "4", "1", "2", "11"]
    assert "8 Organisation(en) ohne Bildungsbereich" in out
    assert "Warnung: Keine Organisation im Netzwerk arbeitet im Bereich Hochschule" in out
    assert "Keine Organisation aus" not in out  # every sector has one


def test_a_sector_without_organisation_is_warned_about_in_english(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    from tests.factories import make_municipality

    make_municipality()
    organisations.add(
        name="Handwerkskammer", kind="kammer", sector="wirtschaft",
        areas=["berufliche_bildung"], by=BY, now=T0,
    )  # fmt: skip
    code, out, _ = dkbm(capsys, "--lang", "en", "bericht", "abdeckung")
    assert code == 0
    assert "Warning: No organisation from Civil society in the network" in out
    assert "Warning: No organisation in the network works in Higher education" in out
    assert "No organisation from Business" not in out
    code, out, _ = dkbm(capsys, "bericht", "abdeckung")
    assert "Warnung: Keine Organisation aus Wirtschaft im Netzwerk" not in out
    assert "Warnung: Keine Organisation aus Politik im Netzwerk" in out


def test_the_json_keeps_its_keys_and_adds_the_organisations(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    _organisations()
    doc = json.loads(dkbm(capsys, "bericht", "abdeckung", "--json")[1])
    assert {"form", "zyklen", "bereiche", "luecken", "schwerpunkt", "warnung"} <= doc.keys()
    schule = next(b for b in doc["bereiche"] if b["bereich"] == "schule")
    assert schule["akteure"] == 8 and schule["akteure_je_sektor"]["politik"] == 2
    assert schule["organisationen"] == 1
    assert schule["organisationen_je_sektor"]["bildungseinrichtungen"] == 1
    assert doc["organisationen"]["gesamt"] == 11 and doc["organisationen"]["ohne_bereich"] == 8
    assert doc["organisationen"]["je_sektor"]["wirtschaft"] == 1
    assert {"art": "bereich_ohne_organisation", "wert": "hochschule"} in doc["luecken"]
    assert not any(g["art"] == "sektor_ohne_organisation" for g in doc["luecken"])
