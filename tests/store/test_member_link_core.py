"""Personal links: what a token opens, for how long, and what a copy of the database opens."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from dkbm import cycles, member_links, people
from dkbm.member_links import LinkGone, LinkUnknown, Target
from dkbm.states.errors import InvalidValue, NotFound
from dkbm.store.db import transaction
from dkbm.store.link_secret import link_secret
from tests.conftest import T0, dump
from tests.factories import BY, make_network

DEADLINE = T0 + timedelta(days=14)


@pytest.fixture
def secret_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DKBM_LINK_SECRET", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "dkbm" / "link-secret"


def _setup() -> tuple[int, int, Target]:
    net = make_network(voting=1, others=2)
    cycle = cycles.start(title="Zyklus", board_id=net.board, by=BY, now=T0)
    return net.actors[1], net.actors[2], Target("beteiligung", cycle.id, "leitbild", 1)


def _issue(actor: int, target: Target, deadline=DEADLINE, now=T0) -> str:
    with transaction() as s:
        return member_links.issue(s, actor, target, deadline, now)


def _resolve(url: str, now=T0) -> member_links.Link:
    with transaction() as s:
        return member_links.resolve(s, url.rsplit("/", 1)[1], now)


def test_a_link_opens_its_object_for_its_akteur_until_deadline_plus_grace(db_url, secret_home):
    anna, _, target = _setup()
    url = _issue(anna, target)
    assert url.startswith("http://127.0.0.1:8300/m/")
    link = _resolve(url)
    assert (link.actor_id, link.target) == (anna, target)
    assert link.expires_at == DEADLINE + timedelta(days=14)
    _resolve(url, now=DEADLINE + timedelta(days=13))
    with pytest.raises(LinkGone) as gone:
        _resolve(url, now=DEADLINE + timedelta(days=14))
    assert gone.value.why == "expired"


def test_only_the_tokens_hash_is_kept_and_the_token_has_192_bits(db_url, secret_home):
    anna, _, target = _setup()
    token = _issue(anna, target).rsplit("/", 1)[1]
    assert len(token) == 32
    rows = dump(db_url)["member_link"]
    assert token not in repr(rows)
    assert hashlib.sha256(token.encode()).hexdigest() in repr(rows)


def test_the_same_object_gives_the_same_link_and_a_new_deadline_moves_it(db_url, secret_home):
    anna, berta, target = _setup()
    first = _issue(anna, target)
    later = DEADLINE + timedelta(days=7)
    assert _issue(anna, target, deadline=later) == first
    assert _resolve(first).expires_at == later + timedelta(days=14)
    assert _issue(berta, target) != first


def test_unknown_and_tampered_tokens_open_nothing(db_url, secret_home):
    anna, _, target = _setup()
    token = _issue(anna, target).rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, token[:-1], token + "x", "", "../../etc/passwd", "ä" * 32):
        with transaction() as s, pytest.raises(LinkUnknown):
            member_links.resolve(s, bad, T0)


def test_another_secret_opens_nothing_stored_under_the_first(db_url, secret_home, monkeypatch):
    anna, _, target = _setup()
    url = _issue(anna, target)
    monkeypatch.setenv("DKBM_LINK_SECRET", "x" * 48)
    with pytest.raises(LinkUnknown):
        _resolve(url)


def test_a_new_round_overtakes_the_links_of_the_earlier_one(db_url, secret_home):
    anna, _, target = _setup()
    url = _issue(anna, target)
    with transaction() as s:
        assert member_links.revoke_round(s, target.cycle_id, 2, T0) == 1
    with pytest.raises(LinkGone) as gone:
        _resolve(url)
    assert gone.value.why == "revoked"


def test_a_deactivated_akteur_holds_no_open_link(db_url, secret_home):
    anna, _, target = _setup()
    url = _issue(anna, target)
    people.set_active(anna, False, by=BY, now=T0)
    with pytest.raises(LinkGone):
        _resolve(url)


def test_renew_replaces_the_token_and_withdraw_ends_it(db_url, secret_home):
    anna, _, target = _setup()
    old = _issue(anna, target)
    [shown] = member_links.listing(anna, T0)
    assert shown["url"] == old and shown["zweck"] == "beteiligung"
    renewed = member_links.renew(shown["id"], by=BY, now=T0)
    assert renewed["url"] != old
    with pytest.raises(LinkGone):
        _resolve(old)
    assert _resolve(renewed["url"]).target == target
    member_links.withdraw(renewed["id"], by=BY, now=T0)
    assert member_links.listing(anna, T0) == []
    with pytest.raises(NotFound):
        member_links.withdraw(9999, by=BY, now=T0)


def test_the_secret_file_is_made_once_private(db_url, secret_home):
    first = link_secret()
    assert stat.S_IMODE(os.stat(secret_home).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(secret_home.parent).st_mode) == 0o700
    assert link_secret() == first and len(first) >= 32


def test_a_short_secret_from_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("DKBM_LINK_SECRET", "kurz")
    with pytest.raises(InvalidValue, match="DKBM_LINK_SECRET"):
        link_secret()


def test_processes_starting_together_agree_on_one_secret(secret_home, tmp_path):
    import subprocess
    import sys

    code = "from dkbm.store.link_secret import link_secret; print(link_secret().decode())"
    env = {k: v for k, v in os.environ.items() if k != "DKBM_LINK_SECRET"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    seen = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(seen) == 1 and len(seen.pop()) >= 32
    assert [p.name for p in secret_home.parent.iterdir()] == ["link-secret"]
