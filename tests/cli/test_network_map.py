"""`dkbm netzwerk` as a coordinator runs it: connect, list (current by default, --alle with
ended ones, --organisation, --json), end, remove; bad input as one line with the data
unchanged; the picture as an SVG file, on the output and in words (German and English)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from dkbm import network, organisations
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_municipality


def _orgs() -> None:
    make_municipality()
    for name, kind, sector, areas in (
        ("Landkreis Test", "amt", "verwaltung", []),  # 1
        ("Kita Sonnenschein", "kita", "bildungseinrichtungen", ["fruehe_bildung"]),  # 2
        ("Caritas <Kreis>", "traeger", "zivilgesellschaft", ["fruehe_bildung"]),  # 3
        ("IHK Test", "kammer", "wirtschaft", ["berufliche_bildung"]),  # 4
    ):
        organisations.add(name=name, kind=kind, sector=sector, areas=areas, by=BY, now=T0)


def test_connect_list_end_and_remove(sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _orgs()
    code, out, _ = dkbm(capsys, "netzwerk", "verbinden", "3", "2", "--art", "Trägerschaft",
                        "--von", "01.08.2020", "--notiz", "Träger der Kita")  # fmt: skip
    assert code == 0 and out == "Beziehung 1 angelegt: 3 → 2 (Trägerschaft)\n"
    assert dkbm(capsys, "netzwerk", "verbinden", "4", "1", "--art", "kooperationsvereinbarung",
                "--bis", "2026-12-31")[0] == 0  # fmt: skip
    assert dkbm(capsys, "netzwerk", "verbinden", "1", "2", "--art", "foerderung")[0] == 0

    code, out, _ = dkbm(capsys, "netzwerk", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Nr.", "Von", "Zu", "Art", "Beginn", "Ende", "Notiz"]
    assert "3 Caritas <Kreis>" in lines[2] and "01.08.2020" in lines[2]
    assert len(lines) == 4  # the Kooperation ended before 2027-01-11
    code, out, _ = dkbm(capsys, "netzwerk", "list", "--alle", "--json")
    docs = json.loads(out)
    assert [(d["id"], d["laufend"]) for d in docs] == [(1, True), (2, False), (3, True)]
    assert docs[0] == {
        "id": 1,
        "von_organisation": {"id": 3, "name": "Caritas <Kreis>"},
        "zu_organisation": {"id": 2, "name": "Kita Sonnenschein"},
        "art": "traegerschaft",
        "von": "2020-08-01",
        "bis": None,
        "laufend": True,
        "notiz": "Träger der Kita",
    }
    code, out, _ = dkbm(capsys, "netzwerk", "list", "--organisation", "1", "--json")
    assert [d["id"] for d in json.loads(out)] == [3]

    # --bis as `verbinden` names the last day; --zum, as the guides write it, alike
    code, out, _ = dkbm(capsys, "netzwerk", "beenden", "3", "--bis", "2027-03-31")
    assert code == 0 and out == "Beziehung 3 beendet zum 31.03.2027\n"
    code, out, _ = dkbm(capsys, "netzwerk", "beenden", "1")
    assert out == "Beziehung 1 beendet zum 11.01.2027\n"
    code, out, _ = dkbm(capsys, "netzwerk", "entfernen", "2")
    assert code == 0 and out == "Beziehung 2 entfernt: 4 → 1 (Kooperationsvereinbarung)\n"
    code, out, _ = dkbm(capsys, "--lang", "en", "netzwerk", "list", "--alle")
    assert "responsible body (Trägerschaft)" in out and "2020-08-01" in out
    assert dkbm(capsys, "netzwerk", "list", "--json")[1].count('"id"') == 2 * 3


def test_bad_input_is_one_line_and_changes_nothing(sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _orgs()
    dkbm(capsys, "netzwerk", "verbinden", "1", "2", "--art", "netzwerkpartner")
    before = dump(sqlite_url)
    for args, said in (
        (("verbinden", "2", "2", "--art", "netzwerkpartner"), "zu sich selbst"),
        (("verbinden", "1", "9", "--art", "netzwerkpartner"), "Organisation 9 nicht gefunden"),
        (("verbinden", "1", "2", "--art", "Freundschaft"), "art"),
        (("verbinden", "1", "3", "--art", "foerderung", "--von", "2027-02-01", "--bis",
          "2027-01-01"), "vor dem Beginn"),
        (("verbinden", "1", "3", "--art", "foerderung", "--von", "31.02.2027"), "--von"),
        (("verbinden", "1", "2", "--art", "netzwerkpartner"), "läuft noch"),
        (("beenden", "7"), "Beziehung 7 nicht gefunden"),
        (("entfernen", "7"), "Beziehung 7 nicht gefunden"),
        (("list", "--organisation", "9"), "Organisation 9 nicht gefunden"),
    ):  # fmt: skip
        code, out, err = dkbm(capsys, "netzwerk", *args)
        assert code != 0 and out == "", args
        assert len(err.strip().splitlines()) == 1 and said in err, (args, err)
    assert dump(sqlite_url) == before


def _network() -> None:
    _orgs()
    a = network.add_actor(name="Anna", organisation="Kita Sonnenschein", email="a@example.org",
                          sector="bildungseinrichtungen", areas=[], consent=False, lang="de",
                          by=BY, now=T0)  # fmt: skip
    b = network.add_actor(name="Bernd", organisation="IHK Test", email="b@example.org",
                          sector="wirtschaft", areas=[], consent=False, lang="de", by=BY,
                          now=T0)  # fmt: skip
    board = network.add_board(name="Bildungskonferenz", kind="gremium", quorum_percent=50,
                              by=BY, now=T0)  # fmt: skip
    network.set_member(board_id=board.id, actor_ids=[a.id, b.id], role="mitglied", by=BY,
                       now=T0)  # fmt: skip


def test_the_picture_as_a_file_on_the_output_and_in_words(
    sqlite_url: str,
    capsys,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    _network()
    dkbm(capsys, "netzwerk", "verbinden", "3", "2", "--art", "traegerschaft")
    target = tmp_path / "netz.svg"
    code, out, _ = dkbm(capsys, "netzwerk", "bild", "--ausgabe", str(target))
    assert code == 0
    assert out == (
        f"Netzwerkbild geschrieben: {target} (4 Organisationen, 1 Beziehungen, 1 Gremien und AGs)\n"
    )
    drawn = target.read_text()
    ElementTree.fromstring(drawn)
    assert "Caritas &lt;Kreis&gt;" in drawn and "<Kreis>" not in drawn
    code, out, _ = dkbm(capsys, "netzwerk", "bild")
    assert out == drawn  # the same data, the same bytes
    code, out, _ = dkbm(capsys, "netzwerk", "bild", "--text")
    assert "  Bildungskonferenz (Gremium): IHK Test, Kita Sonnenschein" in out.splitlines()
    assert "  Caritas <Kreis> → Kita Sonnenschein: Trägerschaft" in out.splitlines()
    assert "Anna" not in out and "Bernd" not in out
    code, out, _ = dkbm(capsys, "--lang", "en", "netzwerk", "bild", "--text")
    assert out.startswith("Network of organisations: Kreis Test\n")
    assert "  Civil society (1):" in out.splitlines()
    code, out, _ = dkbm(capsys, "netzwerk", "bild", "--json")
    doc = json.loads(out)
    assert [g["organisationen"] for g in doc["gremien"]] == [["IHK Test", "Kita Sonnenschein"]]


def test_the_picture_on_postgresql(pg_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _network()
    assert dkbm(capsys, "netzwerk", "verbinden", "4", "1", "--art", "mitgliedschaft")[0] == 0
    code, out, _ = dkbm(capsys, "netzwerk", "bild")
    assert code == 0
    root = ElementTree.fromstring(out)
    assert root.get("role") == "img"
    assert json.loads(dkbm(capsys, "netzwerk", "list", "--json")[1])[0]["art"] == "mitgliedschaft"


def test_a_relation_that_begins_later_is_not_current_yet(sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """Current means begun and not ended (today 11.01.2027, open ends count): one from
    tomorrow is listed with --alle only, marked "ab 12.01.2027", and not in the picture."""
    _orgs()
    for a, b, since in (("3", "2", "11.01.2027"), ("4", "1", "12.01.2027")):
        assert dkbm(capsys, "netzwerk", "verbinden", a, b, "--art", "foerderung",
                    "--von", since)[0] == 0  # fmt: skip
    code, out, _ = dkbm(capsys, "netzwerk", "list")
    assert code == 0 and len(out.splitlines()) == 3  # header, rule, the one begun today
    assert "11.01.2027" in out and "IHK" not in out
    docs = json.loads(dkbm(capsys, "netzwerk", "list", "--json")[1])
    assert [d["id"] for d in docs] == [1]
    code, out, _ = dkbm(capsys, "netzwerk", "list", "--alle")
    future = next(line for line in out.splitlines() if "IHK" in line)
    assert "ab 12.01.2027" in future
    assert "ab 11.01.2027" not in out and "11.01.2027" in out
    code, out, _ = dkbm(capsys, "--lang", "en", "netzwerk", "list", "--alle")
    assert "from 2027-01-12" in out
    docs = json.loads(dkbm(capsys, "netzwerk", "list", "--alle", "--json")[1])
    assert [(d["id"], d["laufend"]) for d in docs] == [(1, True), (2, False)]
    code, out, _ = dkbm(capsys, "netzwerk", "list", "--organisation", "4")
    assert out == "Keine Beziehungen.\n"
