"""The Querschnitt counts organisations per sector and Bildungsbereich, with a total per
sector and per area, and names each sector and area without any organisation."""

from __future__ import annotations

from dkbm.states.coverage import AREAS, SECTORS, Coverage


def _network() -> Coverage:
    found = Coverage()
    found.add_organisation("bildungseinrichtungen", ["schule", "uebergang_schule_beruf"])
    found.add_organisation("bildungseinrichtungen", ["schule", "schule"])  # counted once
    found.add_organisation("zivilgesellschaft", ["non_formale_bildung", "schule"])
    found.add_organisation("verwaltung", [])  # no area: its sector only
    return found


def test_organisations_are_counted_per_cell_and_in_totals() -> None:
    found = _network()
    cells = found.organisation_cells()
    assert cells[("schule", "bildungseinrichtungen")] == 2
    assert cells[("schule", "zivilgesellschaft")] == 1
    assert cells[("uebergang_schule_beruf", "bildungseinrichtungen")] == 1
    assert sum(cells.values()) == 5
    assert found.organisations_in_area("schule") == 3
    assert found.organisations_in_area("hochschule") == 0
    assert found.organisations_in_sector("bildungseinrichtungen") == 2
    assert found.organisations_in_sector("verwaltung") == 1
    assert found.organisations_without_area() == 1
    assert found.area_total("schule")["organisationen"] == 3


def test_sectors_and_areas_without_organisation_are_gaps() -> None:
    gaps = _network().gaps()
    sectors = {v for k, v in gaps if k == "sektor_ohne_organisation"}
    areas = {v for k, v in gaps if k == "bereich_ohne_organisation"}
    assert sectors == {"politik", "wirtschaft"}
    assert areas == set(AREAS) - {"schule", "uebergang_schule_beruf", "non_formale_bildung"}


def test_an_empty_network_misses_organisations_everywhere() -> None:
    gaps = Coverage().organisation_gaps()
    assert len(gaps) == len(SECTORS) + len(AREAS)


def test_counting_cycles_keeps_the_organisations() -> None:
    found = _network()
    assert found.with_cycles([]).organisations == found.organisations
