"""`dkbm verbund …`: a Verbund with partner Kommunen added, listed, shown and changed in text
and JSON; an Akteur of a partner Kommune; `zyklus status` names the Verbund; bad input is
one line naming what and where, with nothing changed."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import dkbm
from tests.conftest import dump
from tests.factories import cycle_with_content


def _ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = dkbm(capsys, *args)
    assert (code, err) == (0, ""), (args, out, err)
    return out


def test_verbund_commands_in_text_and_json(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    cycle = cycle_with_content()  # Gremium 1, Akteur 1, Maßnahme 3
    assert _ok(
        capsys, "verbund", "add", "Bildungsregion Nord", "--vereinbarung",
        "Kooperationsvereinbarung", "--link", "https://kreis.example/v.pdf",
        "--von", "2027-01-01",
    ) == "Verbund angelegt: Nr. 1 Bildungsregion Nord\n"  # fmt: skip
    assert _ok(
        capsys, "verbund", "partner", "1", "Stadt Nachbarhausen", "--ags", "05562014",
        "--kontakt", "Frau Kontakt", "--kontakt-email", "kontakt@nachbarhausen.example",
    ) == "Partnerkommune hinzugefügt: Nr. 1 Stadt Nachbarhausen (Verbund 1)\n"  # fmt: skip
    _ok(capsys, "verbund", "partner", "1", "Gemeinde Waldau")
    assert _ok(capsys, "verbund", "gremium", "1", "1") == "Gremium des Verbunds: 1 → 1\n"
    out = _ok(
        capsys, "akteur", "add", "Nina Nachbar", "--organisation", "Schulamt Nachbarhausen",
        "--email", "nn@nachbarhausen.example", "--sektor", "verwaltung", "--partner", "1",
    )  # fmt: skip
    assert out.endswith("Partnerkommune: 1 Stadt Nachbarhausen\n")
    _ok(capsys, "gremium", "mitglied", "1", "2", "--rolle", "mitglied")
    assert _ok(capsys, "verbund", "zyklus", "1", str(cycle)) == f"Zyklus im Verbund: {cycle} → 1\n"
    assert _ok(capsys, "verbund", "massnahme", "1", str(cycle), "3") == (
        f"Maßnahme im Verbund: {cycle}/3 → 1\n"
    )

    listed = json.loads(_ok(capsys, "verbund", "list", "--json"))
    assert [(v["id"], v["name"], v["von"], v["bis"], v["gremium"]) for v in listed] == [
        (1, "Bildungsregion Nord", "2027-01-01", None, {"id": 1, "name": "Lenkungsgruppe"})
    ]
    shown = json.loads(_ok(capsys, "verbund", "show", "1", "--json"))
    assert sorted(shown) == sorted([
        "id", "name", "vereinbarung", "link", "von", "bis", "gremium", "partner",
        "mitglieder", "akteure", "zyklen", "massnahmen",
    ])  # fmt: skip
    assert shown["akteure"] == [{"id": 2, "name": "Nina Nachbar", "status": "aktiv", "partner": 1}]
    text_ = _ok(capsys, "verbund", "show", "1")
    assert "Laufzeit: 01.01.2027 – …" in text_
    assert (
        "1 Stadt Nachbarhausen, AGS 05562014 – Frau Kontakt, kontakt@nachbarhausen.example" in text_
    )
    assert "2 Nina Nachbar (Mitglied, Stadt Nachbarhausen)" in text_
    table = _ok(capsys, "verbund", "list")
    assert "Stadt Nachbarhausen, Gemeinde Waldau" in table

    status = _ok(capsys, "zyklus", "status", str(cycle))
    assert (
        "  Verbund: Bildungsregion Nord (Nr. 1) mit Stadt Nachbarhausen, Gemeinde Waldau\n"
        in status
    )
    assert "  Maßnahmen im Verbund: 3 → Bildungsregion Nord\n" in status
    english = _ok(capsys, "--lang", "en", "zyklus", "status", str(cycle))
    assert "Regional alliance: Bildungsregion Nord (no. 1) with" in english

    assert _ok(capsys, "verbund", "aendern", "1", "--bis", "2029-12-31") == (
        "Verbund geändert: 1 (--bis)\n"
    )
    assert _ok(capsys, "verbund", "beenden", "1", "--zum", "2028-06-30") == (
        "Verbund beendet: 1 Bildungsregion Nord (bis 30.06.2028)\n"
    )
    assert _ok(capsys, "verbund", "akteur", "2", "--entfernen") == (
        "Akteur der eigenen Kommune: 2\n"
    )
    assert _ok(capsys, "verbund", "partner-entfernen", "2") == (
        "Partnerkommune entfernt: 2 Gemeinde Waldau (Verbund 1)\n"
    )
    assert _ok(capsys, "verbund", "zyklus", "1", str(cycle), "--entfernen") == (
        f"Zyklus nicht mehr im Verbund: {cycle}\n"
    )


def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    cycle_with_content()
    _ok(capsys, "verbund", "add", "Nord", "--von", "2027-01-01")
    _ok(capsys, "verbund", "partner", "1", "Nachbarhausen")
    _ok(capsys, "verbund", "akteur", "1", "--partner", "1")
    before = dump(sqlite_url)
    for args, words in [
        (("verbund", "add", "Nord"), "Verbund 'Nord' gibt es schon"),
        (("verbund", "add", "X", "--von", "2027-02-01", "--bis", "2027-01-01"), "bis:"),
        (("verbund", "add", "X", "--link", "javascript:alert(1)"), "link"),
        (("verbund", "partner", "1", "Y", "--ags", "12"), "ags"),
        (("verbund", "partner", "1", "Y", "--kontakt-email", "kein"), "kontakt-email"),
        (("verbund", "partner", "9", "Y"), "Verbund 9 nicht gefunden"),
        (("verbund", "partner-entfernen", "1"), "gehören noch 1 Akteur(e)"),
        (("verbund", "gremium", "1"), "GREMIUM"),
        (("verbund", "gremium", "1", "7"), "Gremium 7 nicht gefunden"),
        (("verbund", "massnahme", "1", "1", "8"), "nicht gefunden"),
        (("verbund", "show", "5"), "Verbund 5 nicht gefunden"),
        (("verbund", "aendern", "1"), "mindestens eine Angabe"),
        (("akteur", "add", "Z", "--organisation", "O", "--email", "z@example.org",
          "--sektor", "politik", "--partner", "9"), "Partnerkommune 9 nicht gefunden"),
    ]:  # fmt: skip
        code, out, err = dkbm(capsys, *args)
        assert code != 0 and out == "", args
        assert err.startswith("Fehler: ") and err.count("\n") == 1 and words in err, (args, err)
    assert dump(sqlite_url) == before
