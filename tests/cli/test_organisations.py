"""`dkbm organisation …` and an Akteur's organisation as a record: add, list, show, change,
merge keeping every membership, delete refused while Akteure belong to it; `akteur add` and
`akteur aendern --organisation` link by name, case and spaces aside, and say what is new."""

from __future__ import annotations

import json

import pytest

from dkbm import network
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_municipality, make_network


def _add_actor(name: str, organisation: str, email: str, sector: str = "verwaltung") -> int:
    return network.add_actor(
        name=name,
        organisation=organisation,
        email=email,
        sector=sector,
        areas=[],
        consent=False,
        lang="de",
        by=BY,
        now=T0,
    ).id  # type: ignore[return-value]


def test_add_list_show_change_in_text_and_json(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_municipality()
    code, out, err = dkbm(
        capsys, "organisation", "add", "Gesamtschule Am Park", "--art", "Schule",
        "--sektor", "bildungseinrichtungen", "--bereich", "schule", "--bereich",
        "Übergang Schule–Beruf", "--gemeinde", "Südstadt", "--website", "https://gs-park.example",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "Organisation angelegt: Nr. 1 Gesamtschule Am Park (Schule)\n"
    code, out, _ = dkbm(
        capsys, "akteur", "add", "Stefan Krüger", "--organisation", "gesamtschule  am park",
        "--email", "sk@example.org", "--sektor", "bildungseinrichtungen",
        "--funktion", "Schulleiter",
    )  # fmt: skip
    assert code == 0 and out == "Akteur angelegt: Nr. 1 Stefan Krüger\n"  # no new organisation

    listed = json.loads(dkbm(capsys, "organisation", "list", "--json")[1])
    assert listed == [
        {
            "id": 1,
            "name": "Gesamtschule Am Park",
            "art": "schule",
            "sektor": "bildungseinrichtungen",
            "bildungsbereiche": ["schule", "uebergang_schule_beruf"],
            "gemeinde": "Südstadt",
            "adresse": "",
            "website": "https://gs-park.example",
            "akteure": 1,
        }
    ]
    shown = json.loads(dkbm(capsys, "organisation", "show", "1", "--json")[1])
    assert shown["akteure"] == [
        {"id": 1, "name": "Stefan Krüger", "funktion": "Schulleiter", "status": "aktiv"}
    ]
    code, out, _ = dkbm(capsys, "organisation", "show", "1")
    assert code == 0
    assert "1: Gesamtschule Am Park (Schule)" in out and "Stefan Krüger" in out
    assert "Schulleiter" in out and "Übergang Schule–Beruf" in out
    code, out, _ = dkbm(capsys, "organisation", "list")
    assert code == 0 and "Gesamtschule Am Park" in out and "Südstadt" in out

    actor = json.loads(dkbm(capsys, "akteur", "show", "1", "--json")[1])
    assert (actor["organisation"], actor["organisation_id"], actor["funktion"]) == (
        "Gesamtschule Am Park",
        1,
        "Schulleiter",
    )

    code, out, _ = dkbm(
        capsys, "organisation", "aendern", "1", "--name", "Gesamtschule am Park",
        "--art", "traeger", "--adresse", "Parkweg 1",
    )  # fmt: skip
    assert code == 0
    assert out == "Organisation 1 geändert: --name, --art, --adresse\n"
    # every reader takes the record's name: the Akteur shows the new one
    assert json.loads(dkbm(capsys, "akteur", "list", "--json")[1])[0]["organisation"] == (
        "Gesamtschule am Park"
    )
    assert dkbm(capsys, "organisation", "aendern", "1", "--art", "Träger")[1] == (
        "Nichts geändert.\n"
    )


def test_akteur_add_and_aendern_create_a_new_organisation_and_say_so(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_municipality()
    code, out, _ = dkbm(
        capsys, "akteur", "add", "Birgit Fuchs", "--organisation", "  IHK   Musterland ",
        "--email", "bf@example.org", "--sektor", "wirtschaft",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "Akteur angelegt: Nr. 1 Birgit Fuchs",
        "Organisation neu angelegt: Nr. 1 IHK Musterland (Art Sonstige; ergänzen mit "
        "'dkbm organisation aendern 1 --art …')",
    ]
    org = json.loads(dkbm(capsys, "organisation", "show", "1", "--json")[1])
    assert (org["name"], org["art"], org["sektor"]) == ("IHK Musterland", "sonstige", "wirtschaft")

    code, out, _ = dkbm(
        capsys, "akteur", "aendern", "1", "--organisation", "Kreishandwerkerschaft",
        "--funktion", "Geschäftsführerin",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "Organisation neu angelegt: Nr. 2 Kreishandwerkerschaft (Art Sonstige; ergänzen mit "
        "'dkbm organisation aendern 2 --art …')",
        "Akteur 1 geändert: --organisation, --funktion",
    ]
    # back to the first, spelled otherwise: linked, nothing new
    code, out, _ = dkbm(capsys, "akteur", "aendern", "1", "--organisation", "ihk musterland")
    assert (code, out) == (0, "Akteur 1 geändert: --organisation\n")
    assert dkbm(capsys, "akteur", "aendern", "1", "--organisation", "IHK Musterland")[1] == (
        "Nichts geändert.\n"
    )
    audit = json.loads(dkbm(capsys, "organisation", "list", "--json")[1])
    assert [(o["name"], o["akteure"]) for o in audit] == [
        ("IHK Musterland", 1),
        ("Kreishandwerkerschaft", 0),
    ]


def test_merge_moves_every_actor_and_keeps_every_membership(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    net = make_network(voting=3, others=0)  # Organisation 0, 1, 2; all three in the board
    _add_actor("Zweite", "organisation 1", "z@example.org")
    code, out, _ = dkbm(capsys, "organisation", "aendern", "3", "--gemeinde", "Nordheim")
    assert code == 0
    board_before = json.loads(dkbm(capsys, "gremium", "show", str(net.board), "--json")[1])

    code, out, err = dkbm(capsys, "organisation", "zusammenfuehren", "1", "3")
    assert (code, err) == (0, "")
    assert out == "Organisation 3 (Organisation 2) in 1 überführt: 1 Akteur übernommen\n"
    code, out, _ = dkbm(capsys, "organisation", "zusammenfuehren", "1", "2")
    assert out == "Organisation 2 (Organisation 1) in 1 überführt: 2 Akteure übernommen\n"

    orgs = json.loads(dkbm(capsys, "organisation", "list", "--json")[1])
    assert [(o["id"], o["name"], o["akteure"], o["gemeinde"]) for o in orgs] == [
        (1, "Organisation 0", 4, "Nordheim")
    ]
    members = json.loads(dkbm(capsys, "organisation", "show", "1", "--json")[1])["akteure"]
    assert [a["name"] for a in members] == ["Akteur 0", "Akteur 1", "Akteur 2", "Zweite"]
    board = json.loads(dkbm(capsys, "gremium", "show", str(net.board), "--json")[1])
    assert board["mitglieder"] == [
        {**m, "organisation": "Organisation 0"} for m in board_before["mitglieder"]
    ]
    assert dkbm(capsys, "organisation", "show", "2")[2] == (
        "Fehler: Organisation 2 nicht gefunden\n"
    )


def test_delete_is_refused_while_actors_belong_to_it(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_municipality()
    _add_actor("Eine", "Jugendamt", "e@example.org")
    _add_actor("Andere", "JUGENDAMT", "a@example.org")
    before = dump(db_url)
    code, out, err = dkbm(capsys, "organisation", "loeschen", "1")
    assert code == 1 and out == ""
    assert err.startswith("Fehler: ") and err.count("\n") == 1
    assert "2 Akteur(e)" in err and "zusammenfuehren" in err and "--organisation" in err
    assert dump(db_url) == before

    dkbm(capsys, "organisation", "add", "Sozialamt", "--art", "amt", "--sektor", "verwaltung")
    code, out, _ = dkbm(capsys, "organisation", "zusammenfuehren", "2", "1")
    assert code == 0
    assert dkbm(capsys, "organisation", "loeschen", "2")[2].count("2 Akteur(e)") == 1
    dkbm(capsys, "organisation", "add", "Leer", "--art", "sonstige", "--sektor", "politik")
    assert dkbm(capsys, "organisation", "loeschen", "3") == (
        0,
        "Organisation 3 (Leer) gelöscht\n",
        "",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "X", "--art", "burg", "--sektor", "politik"], "ungültiger Wert für art"),
        (["add", "X", "--art", "amt", "--sektor", "adel"], "ungültiger Wert für sektor"),
        (["add", " ", "--art", "amt", "--sektor", "politik"], "ungültiger Wert für name"),
        (["add", "X", "--art", "amt", "--sektor", "politik", "--website",
          "javascript:alert(1)"], "ungültiger Wert für website"),
        (["add", "X", "--art", "amt", "--sektor", "politik", "--bereich", "mond"],
         "ungültiger Wert für bildungsbereich"),
        (["add", "jugendamt ", "--art", "amt", "--sektor", "politik"],
         "Organisation 'Jugendamt' gibt es schon (Nr. 1)"),
        (["aendern", "2", "--name", "JugendAmt"],
         "Organisation 'Jugendamt' gibt es schon (Nr. 1)"),
        (["aendern", "9", "--art", "amt"], "Organisation 9 nicht gefunden"),
        (["zusammenfuehren", "1", "1"], "nicht mit sich selbst"),
        (["zusammenfuehren", "1", "9"], "Organisation 9 nicht gefunden"),
        (["loeschen", "9"], "Organisation 9 nicht gefunden"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], message: str
) -> None:
    make_municipality()
    _add_actor("Eine", "Jugendamt", "e@example.org")
    _add_actor("Andere", "Sozialamt", "a@example.org")
    before = dump(sqlite_url)
    code, out, err = dkbm(capsys, "organisation", *args)
    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1, err
    assert dump(sqlite_url) == before


def test_english(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    make_municipality()
    code, out, _ = dkbm(
        capsys, "--lang", "en", "organisation", "add", "VHS", "--art", "provider",
        "--sektor", "Education institutions",
    )  # fmt: skip
    assert (code, out) == (0, "Organisation added: no. 1 VHS (provider)\n")
    code, _, err = dkbm(capsys, "--lang", "en", "organisation", "loeschen", "7")
    assert err == "Error: organisation 7 not found\n"
