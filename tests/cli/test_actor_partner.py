"""An Akteur of a partner Kommune (issue 22, point 3): `akteur add --partner` adds her and
marks her in one transaction; `akteur aendern --partner N | --kein-partner` moves her
through the use case `verbund akteur` uses; bad input changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dkbm import network
from dkbm.states.errors import NotFound
from dkbm.store.db import engine
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network


def _ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = dkbm(capsys, *args)
    assert (code, err) == (0, ""), (args, out, err)
    return out


def _partner_and_audit(url: str, actor_id: int) -> tuple[int | None, list[str]]:
    with engine(url).connect() as conn:
        partner = conn.execute(
            text("SELECT partner_id FROM actor WHERE id = :a"), {"a": actor_id}
        ).scalar_one()
        actions = [
            r.action
            for r in conn.execute(
                text(
                    "SELECT action FROM audit_event WHERE subject = 'akteur' AND subject_id = :a "
                    "ORDER BY id"
                ),
                {"a": actor_id},
            )
        ]
    return partner, actions


def _verbund(capsys: pytest.CaptureFixture[str]) -> None:
    _ok(capsys, "verbund", "add", "Bildungsregion Nord")
    _ok(capsys, "verbund", "partner", "1", "Stadt Nachbarhausen")
    _ok(capsys, "verbund", "partner", "1", "Gemeinde Waldau")


def test_add_marks_the_partner_in_the_same_transaction(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    net = make_network(voting=1, others=0)
    _verbund(capsys)
    before = dump(sqlite_url)
    with pytest.raises(NotFound):  # an unknown partner: not even the organisation is made
        network.enrol_actor(
            name="Zora",
            organisation="Neue Schule",
            email="z@example.org",
            sector="verwaltung",
            areas=[],
            consent=False,
            lang="de",
            partner_id=9,
            by=BY,
            now=T0,
        )
    assert dump(sqlite_url) == before
    out = _ok(
        capsys, "akteur", "add", "Nina Nachbar", "--organisation", "Schulamt Nachbarhausen",
        "--email", "nn@nachbarhausen.example", "--sektor", "verwaltung", "--partner", "2",
    )  # fmt: skip
    actor = net.actors[-1] + 1
    assert out.startswith(f"Akteur angelegt: Nr. {actor} Nina Nachbar\n")
    assert out.endswith("Partnerkommune: 2 Gemeinde Waldau\n")
    assert _partner_and_audit(sqlite_url, actor) == (2, ["angelegt", "partnerkommune_gesetzt"])


def test_change_moves_an_actor_between_partner_kommunen(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    net = make_network(voting=1, others=0)
    actor = str(net.actors[0])
    _verbund(capsys)
    assert _ok(capsys, "akteur", "aendern", actor, "--partner", "1") == (
        f"Akteur {actor} geändert: --partner\nPartnerkommune: 1 Stadt Nachbarhausen\n"
    )
    assert _ok(capsys, "akteur", "aendern", actor, "--partner", "1") == "Nichts geändert.\n"
    out = _ok(capsys, "akteur", "aendern", actor, "--partner", "2", "--funktion", "Leitung")
    assert out == (
        f"Akteur {actor} geändert: --funktion, --partner\nPartnerkommune: 2 Gemeinde Waldau\n"
    )
    assert _ok(capsys, "--lang", "en", "akteur", "aendern", actor, "--kein-partner") == (
        f"Actor {actor} changed: --kein-partner\nPartner municipality: none (own municipality)\n"
    )
    assert _ok(capsys, "akteur", "aendern", actor, "--kein-partner") == "Nichts geändert.\n"
    partner, actions = _partner_and_audit(sqlite_url, int(actor))
    assert partner is None
    assert actions.count("partnerkommune_gesetzt") == 3

    before = dump(sqlite_url)
    for args, words in [
        (("--partner", "9"), "Partnerkommune 9 nicht gefunden"),
        (("--partner", "9", "--funktion", "X"), "Partnerkommune 9 nicht gefunden"),
        (("--partner", "1", "--kein-partner"), "--partner oder --kein-partner"),
    ]:
        code, out, err = dkbm(capsys, "akteur", "aendern", actor, *args)
        assert code != 0 and out == "", args
        assert err.startswith("Fehler: ") and err.count("\n") == 1 and words in err, (args, err)
    code, out, err = dkbm(capsys, "akteur", "aendern", "77", "--partner", "1")
    assert code != 0 and "Akteur 77 nicht gefunden" in err
    assert dump(sqlite_url) == before
