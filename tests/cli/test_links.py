"""`dkbm link zeigen|erneuern|widerrufen` and `dkbm kommune aendern --link-nachfrist`: the
coordinator passes a link on, replaces a lost one, ends one; German and English."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from dkbm import cycles, member_links
from dkbm.member_links import LinkGone
from dkbm.store.db import transaction
from tests.cli.conftest import dkbm
from tests.conftest import T0, dump
from tests.factories import BY, make_network

DEADLINE = T0 + timedelta(days=14)  # 25.01.2027, 10:00 in Berlin
TOKEN = re.compile(r"http://127\.0\.0\.1:8300/m/([A-Za-z0-9_-]{32})")


def _consultation() -> list[int]:
    net = make_network(voting=2, others=0)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    return net.actors


def _opens(token: str) -> bool:
    try:
        with transaction() as s:
            member_links.resolve(s, token, T0)
    except LinkGone:
        return False
    return True


def test_zeigen_lists_an_akteurs_open_links_as_a_table_and_as_json(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    anna, _ = _consultation()
    code, out, _ = dkbm(capsys, "link", "zeigen", str(anna))
    assert code == 0
    header, rule, row = out.splitlines()
    assert header.split() == ["Nr.", "Zweck", "Objekt", "gültig", "bis", "URL"]
    assert "Rückmeldung" in row
    assert "Beteiligung „Leitbild“, Runde 1, Zyklus 1 „Bildung 2030“" in row
    assert "08.02.2027 10:00" in row  # deadline plus 14 days' grace
    (token,) = TOKEN.findall(row)
    assert _opens(token)
    code, out, _ = dkbm(capsys, "link", "zeigen", str(anna), "--json")
    (doc,) = json.loads(out)
    assert doc["zweck"] == "beteiligung" and doc["akteur"] == anna
    assert doc["objekt"] == {"cycle_id": 1, "stage": "leitbild", "round": 1}
    assert doc["url"].endswith(token) and doc["gueltig_bis"].startswith("2027-02-08")
    code, out, _ = dkbm(capsys, "--lang", "en", "link", "zeigen", str(anna))
    assert out.splitlines()[0].split() == ["No.", "Purpose", "Object", "valid", "until", "URL"]
    assert 'consultation "Vision statement", round 1, cycle 1 "Bildung 2030"' in out
    assert "2027-02-08 10:00" in out and "08.02.2027" not in out  # the reader's dates


def test_erneuern_replaces_the_token_and_widerrufen_ends_it(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    anna, berta = _consultation()
    _, out, _ = dkbm(capsys, "link", "zeigen", str(anna), "--json")
    (old,) = json.loads(out)
    old_token = old["url"].rsplit("/", 1)[1]
    code, out, _ = dkbm(capsys, "link", "erneuern", str(old["id"]))
    assert code == 0
    first, second = out.splitlines()
    assert first.startswith(f"Link {old['id']} erneuert als ")
    (new_token,) = TOKEN.findall(second)
    assert new_token != old_token and _opens(new_token) and not _opens(old_token)
    _, out, _ = dkbm(capsys, "link", "zeigen", str(anna), "--json")
    (renewed,) = json.loads(out)
    assert renewed["url"].endswith(new_token)
    code, out, _ = dkbm(capsys, "link", "widerrufen", str(renewed["id"]))
    assert (code, out) == (0, f"Link {renewed['id']} widerrufen.\n")
    assert not _opens(new_token)
    code, out, _ = dkbm(capsys, "link", "zeigen", str(anna))
    assert out == f"Akteur {anna} hat keinen offenen Link.\n"
    _, out, _ = dkbm(capsys, "link", "zeigen", str(berta), "--json")
    assert len(json.loads(out)) == 1  # her link is untouched


def test_a_link_no_longer_open_is_neither_renewed_nor_withdrawn_and_nothing_changes(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    anna, _ = _consultation()
    _, out, _ = dkbm(capsys, "link", "zeigen", str(anna), "--json")
    (doc,) = json.loads(out)
    assert dkbm(capsys, "link", "widerrufen", str(doc["id"]))[0] == 0
    before = dump(db_url)
    for command in ("erneuern", "widerrufen"):
        code, out, err = dkbm(capsys, "link", command, str(doc["id"]))
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1
        assert f"Link {doc['id']} gilt nicht mehr (widerrufen)" in err
    code, _, err = dkbm(capsys, "link", "erneuern", "999")
    assert code == 1 and len(err.strip().splitlines()) == 1
    code, _, err = dkbm(capsys, "link", "zeigen", "999")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert dump(db_url) == before


def test_english_words_for_renewing_and_withdrawing(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    anna, _ = _consultation()
    _, out, _ = dkbm(capsys, "link", "zeigen", str(anna), "--json")
    (doc,) = json.loads(out)
    code, out, _ = dkbm(capsys, "--lang", "en", "link", "erneuern", str(doc["id"]))
    assert code == 0 and out.startswith(f"Link {doc['id']} renewed as ")
    assert "valid until 2027-02-08 10:00" in out
    code, _, err = dkbm(capsys, "--lang", "en", "link", "widerrufen", str(doc["id"]))
    assert code == 1 and "is no longer valid (renewed)" in err
    code, out, _ = dkbm(capsys, "--lang", "en", "link", "--help")
    assert "show, renew, withdraw" in out


def test_the_grace_period_is_the_kommunes_setting(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    make_network(voting=1, others=0)
    code, out, _ = dkbm(capsys, "kommune", "aendern", "--link-nachfrist", "30")
    assert code == 0
    assert "Persönliche Links gelten 30 Tage über ihre Frist hinaus." in out
    code, out, _ = dkbm(capsys, "kommune", "aendern", "--link-nachfrist", "30")
    assert out == "Nichts geändert.\n"
    before = dump(db_url)
    for bad in ("-1", "366"):
        code, _, err = dkbm(capsys, "kommune", "aendern", "--link-nachfrist", bad)
        assert code == 2 and len(err.strip().splitlines()) == 1
        assert f"--link-nachfrist: {bad} liegt nicht zwischen 0 und 365" in err
    assert dump(db_url) == before
    c = cycles.start(title="Z", board_id=1, by=BY, now=T0)
    cycles.set_vision(c.id, "V", by=BY, now=T0)
    cycles.advance(c.id, "beteiligung_starten", by=BY, now=T0, deadline=DEADLINE)
    _, out, _ = dkbm(capsys, "link", "zeigen", "1", "--json")
    (doc,) = json.loads(out)
    assert doc["gueltig_bis"].startswith((DEADLINE + timedelta(days=30)).date().isoformat())
    code, out, _ = dkbm(capsys, "--lang", "en", "kommune", "aendern", "--link-nachfrist", "0")
    assert "Personal links stay open 0 days after their deadline." in out
