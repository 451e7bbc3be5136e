"""`dkbm auswahl vorschlagen` as a coordinator runs it: gaps named, the lottery reproducible,
--uebernehmen making members, never a deactivated Akteur or one without a channel, the
--json shape; the load of every kind of duty read on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dkbm import cycles, meeting_tasks, meetings, network, people
from dkbm.store import reads
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, make_municipality

# name, sector, areas
PEOPLE = [
    ("Pia Politik", "politik", ["schule", "hochschule"]),
    ("Vera Verwaltung", "verwaltung", ["hochschule"]),
    ("Bruno Bildung", "bildungseinrichtungen", ["hochschule"]),
    ("Wim Wirtschaft", "wirtschaft", ["berufliche_bildung"]),
    ("Zora Zivil", "zivilgesellschaft", ["hochschule", "weiterbildung"]),
    ("Paul Politik", "politik", ["schule"]),
    ("Viktor Verwaltung", "verwaltung", ["schule"]),
    ("Berta Bildung", "bildungseinrichtungen", ["schule"]),
]


def _network(*, away: bool = True) -> dict[str, int]:
    """The Akteure of PEOPLE, and (with *away*) one deactivated and one without a channel
    (an address in the reserved .invalid domain, no Apprise URL), both in Wirtschaft."""
    make_municipality()
    ids = {}
    for i, (name, sector, areas) in enumerate(PEOPLE):
        ids[name] = _actor(name, f"p{i}@example.org", sector, areas)
    if away:
        ids["gone"] = _actor("Gerd Gegangen", "g@example.org", "wirtschaft", ["hochschule"])
        people.set_active(ids["gone"], False, by=BY, now=T0)
        ids["mute"] = _actor("Mia Stumm", "m@schule.invalid", "wirtschaft", ["hochschule"])
    return ids


def _actor(name: str, email: str, sector: str, areas: list[str]) -> int:
    a = network.add_actor(
        name=name,
        organisation=f"Organisation {name.split()[0]}",
        email=email,
        sector=sector,
        areas=areas,
        consent=False,
        lang="de",
        by=BY,
        now=T0,
    )
    return a.id or 0


def _json(capsys: pytest.CaptureFixture[str], *args: str, short: bool = False) -> dict:
    """The selection as JSON; *short*: it fills fewer seats than asked, which exits 1."""
    code, out, err = dkbm(capsys, "auswahl", "vorschlagen", *args, "--json")
    assert code == (1 if short else 0), err
    return json.loads(out)


def test_a_selection_that_cannot_fill_a_sector_says_so(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    ids = _network()
    code, out, err = dkbm(
        capsys, "auswahl", "vorschlagen", "--sitze", "5", "--bereich", "hochschule"
    )
    assert code == 1 and err == "Fehler: nur 4 von 5 Sitzen besetzt\n"  # after what it found
    # Gerd (deactivated) and Mia (no channel) would have fitted Wirtschaft and Hochschule
    assert "kein Akteur aus Wirtschaft mit Bereich Hochschule (1 deaktiviert, 1 ohne Kanal)" in out
    assert "nur 4 geeignete Akteure für 5 Sitze" in out
    assert "1 deaktiviert, 1 ohne Kanal" in out
    for name in ("Pia Politik", "Vera Verwaltung", "Bruno Bildung", "Zora Zivil"):
        assert name in out
    assert "Wim" not in out and "Gerd" not in out and "Mia" not in out
    assert "deckt den Sektor Politik ab; Bereiche: Hochschule; keine offenen Pflichten" in out
    code, out, _ = dkbm(
        capsys, "--lang", "en", "auswahl", "vorschlagen", "--sitze", "5", "--bereich", "hochschule"
    )
    assert "no actor from Business with area Higher education" in out
    assert ids


def test_the_proposal_spreads_seats_and_spares_the_loaded(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    ids = _network(away=False)
    board = network.add_board(name="Lenkung", kind="gremium", quorum_percent=50, by=BY, now=T0)
    other = network.add_board(name="Beirat", kind="gremium", quorum_percent=50, by=BY, now=T0)
    network.set_member(
        board_id=other.id, actor_ids=[ids["Pia Politik"]], role="mitglied", by=BY, now=T0
    )
    doc = _json(capsys, "--sitze", "8", "--fuer", "gremium", str(board.id))
    picked = [p["name"] for p in doc["auswahl"]]
    # Politik: Paul, not Pia, who already sits in a Gremium
    assert picked[0] == "Paul Politik"
    assert doc["auswahl"][0]["regel"] == "sektor"
    assert len({p["sektor"] for p in doc["auswahl"]}) == 5
    pia = doc["auswahl"][-1]  # the only one with a load comes last
    assert pia["name"] == "Pia Politik" and pia["regel"] == "auffuellen"
    assert pia["last"] == {
        "gesamt": 1,
        "beteiligungen": 0,
        "abstimmungen": 0,
        "sitzungen": 0,
        "aufgaben": 0,
        "mitgliedschaften": 1,
    }
    assert "Last 1: 1 Mitgliedschaft(en)" in pia["grund"]


def test_uebernehmen_makes_members_with_an_audit_entry(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    ids = _network()
    board = network.add_board(
        name="AG Übergang", kind="arbeitsgruppe", quorum_percent=None, by=BY, now=T0
    )
    network.set_member(
        board_id=board.id, actor_ids=[ids["Paul Politik"]], role="mitglied", by=BY, now=T0
    )
    code, out, err = dkbm(
        capsys,
        "auswahl",
        "vorschlagen",
        "--sitze",
        "3",
        "--fuer",
        "ag",
        str(board.id),
        "--uebernehmen",
    )
    assert code == 0, err
    assert f"Übernommen: 3 als Mitglied in „AG Übergang“ (Nr. {board.id})" in out
    with reads.reader() as r:
        members = reads.network.board(r, board.id).members
        audit = [
            e
            for e in reads.audit.events(r, "gremium", board.id)
            if e.action == "auswahl_uebernommen"
        ]
    assert len(members) == 4 and {m.role.value for m in members} == {"mitglied"}
    assert ids["Paul Politik"] in {m.actor_id for m in members}
    (entry,) = audit
    assert entry.payload["verfahren"] == "vorschlag" and len(entry.payload["gruende"]) == 3
    assert all("deckt den Sektor" in g for g in entry.payload["gruende"].values())
    # members already in it are not proposed again
    doc = _json(capsys, "--sitze", "9", "--fuer", "ag", str(board.id), short=True)
    assert not {p["id"] for p in doc["auswahl"]} & {m.actor_id for m in members}
    assert doc["ausgeschlossen"]["schon_mitglied"] == 4


def test_bad_targets_and_options_are_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    _network()
    board = network.add_board(name="Lenkung", kind="gremium", quorum_percent=50, by=BY, now=T0)
    for args, expected in [
        (("--fuer", "ag", str(board.id)), "ist kein(e) Arbeitsgruppe"),
        (("--fuer", "verein", "1"), "gremium NR, ag NR oder beteiligung NR"),
        (("--fuer", "gremium", "99"), "99"),
        (("--uebernehmen",), "--uebernehmen braucht ein Ziel"),
        (("--seed", "4"), "--seed gilt nur mit --los"),
        (("--los", "--thema", "Kita"), "--thema gilt nicht für das Los"),
        (("--bereich", "mond"), "--bereich: 'mond'"),
    ]:
        code, out, err = dkbm(capsys, "auswahl", "vorschlagen", "--sitze", "2", *args)
        assert code != 0 and out == "", args
        assert err.count("\n") == 1 and expected in err, (args, err)
    for seats in ("0", "-1", "1001"):
        code, _, err = dkbm(capsys, "auswahl", "vorschlagen", "--sitze", seats)
        assert code == 2 and f"--sitze: {seats} liegt nicht zwischen 1 und 1000" in err, err
    with reads.reader() as r:
        assert reads.network.board(r, board.id).members == []


def test_deactivated_and_unreachable_are_never_proposed_nor_drawn(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    ids = _network()
    for args in (("--sitze", "20"), ("--sitze", "20", "--los", "--seed", "3")):
        doc = _json(capsys, *args, short=True)
        chosen = {p["id"] for p in doc["auswahl"]}
        assert ids["gone"] not in chosen and ids["mute"] not in chosen
        assert len(chosen) == len(PEOPLE)
        assert doc["ausgeschlossen"]["inaktiv"] == 1 and doc["ausgeschlossen"]["ohne_kanal"] == 1


def test_lottery_is_reproducible_from_the_printed_seed(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    _network()
    code, out, _ = dkbm(capsys, "auswahl", "vorschlagen", "--sitze", "4", "--los")
    assert code == 0
    seed = next(line.split(": ")[1] for line in out.splitlines() if line.startswith("Seed: "))
    assert f"dkbm auswahl vorschlagen --los --seed {seed} --sitze 4" in out
    first = _json(capsys, "--sitze", "4", "--los", "--seed", seed)
    again = _json(capsys, "--sitze", "4", "--los", "--seed", seed)
    assert first == again and first["seed"] == int(seed)
    assert sum(first["sitze_je_sektor"].values()) == 4
    assert [p["id"] for p in first["auswahl"]] == [
        int(line.split()[0]) for line in out.splitlines()[4 : 4 + 4]
    ]


def test_json_shape(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    _network()
    doc = _json(capsys, "--sitze", "2", "--thema", "Organisation Zora", "--bereich", "hochschule")
    assert set(doc) == {
        "verfahren",
        "sitze",
        "sektoren",
        "bereiche",
        "thema",
        "thema_woerter",
        "fuer",
        "seed",
        "sitze_je_sektor",
        "pool",
        "ausgeschlossen",
        "auswahl",
        "luecken",
        "hinweise",
        "nachvollziehen",
        "uebernommen",
    }
    assert doc["seed"] is None and doc["verfahren"] == "vorschlag"
    assert set(doc["auswahl"][0]) == {
        "id",
        "name",
        "organisation",
        "sektor",
        "bereiche",
        "last",
        "regel",
        "deckt",
        "bereiche_gefragt",
        "thema",
        "los",
        "grund",
    }
    assert doc["thema_woerter"] == ["Organisation", "Zora"]
    assert [p["thema"] for p in doc["auswahl"]] == [["Organisation"], ["Organisation"]]
    assert {g["art"] for g in doc["luecken"]} == {"sektor", "kein_sitz"}
    assert all(set(g) == {"art", "sektor", "bereich", "bereiche", "gewollt", "gefunden",
                          "ausgeschlossen", "text"}
               for g in doc["luecken"])  # fmt: skip
    assert doc["luecken"][0]["ausgeschlossen"] == {"inaktiv": 1, "ohne_kanal": 1,
                                                   "schon_mitglied": 0}  # fmt: skip


def test_for_a_consultation_the_cycles_board_takes_them_as_guests(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    ids = _network(away=False)
    board = network.add_board(name="Lenkung", kind="gremium", quorum_percent=50, by=BY, now=T0)
    network.set_member(
        board_id=board.id, actor_ids=[ids["Paul Politik"]], role="vorsitz", by=BY, now=T0
    )
    c = cycles.start(title="Bildung 2030", board_id=board.id, by=BY, now=T0).id
    code, out, err = dkbm(
        capsys,
        "auswahl",
        "vorschlagen",
        "--sitze",
        "2",
        "--fuer",
        "beteiligung",
        str(c),
        "--uebernehmen",
    )
    assert code == 0, err
    assert "gilt daher für das Gremium des Zyklus, „Lenkung“" in out
    assert "Übernommen: 2 als Gast in „Lenkung“" in out
    with reads.reader() as r:
        roles = {m.actor_id: m.role.value for m in reads.network.board(r, board.id).members}
    assert sorted(roles.values()) == ["gast", "gast", "vorsitz"]


def test_the_load_of_every_duty_on_both_databases(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    ids = _network(away=False)
    pia, paul = ids["Pia Politik"], ids["Paul Politik"]
    board = network.add_board(name="Lenkung", kind="gremium", quorum_percent=50, by=BY, now=T0)
    network.set_member(board_id=board.id, actor_ids=[pia, paul], role="mitglied", by=BY, now=T0)
    c = cycles.start(title="Bildung 2030", board_id=board.id, by=BY, now=T0).id
    cycles.set_vision(c, "Bildung", by=BY, now=T0)
    cycles.advance(
        c,
        "beteiligung_starten",
        by=BY,
        now=T0,
        deadline=T0 + timedelta(days=14),
        invited_boards=[board.id],
    )
    cycles.record_response(c, paul, "einverstanden", by=BY, now=T0)
    held = _meeting(board.id, T0 + timedelta(days=2))
    meetings.hold(held, by=BY, now=T0 + timedelta(days=2, hours=3))
    meeting_tasks.add_task(held, 1, title="Bericht", owner_id=pia, due_at=T0 + timedelta(days=30),
                           by=BY, now=T0 + timedelta(days=2, hours=3))  # fmt: skip
    _meeting(board.id, T0 + timedelta(days=20))
    voted = cycles.start(title="Kita 2030", board_id=board.id, by=BY, now=T0).id
    cycles.set_vision(voted, "Kita", by=BY, now=T0)
    cycles.advance(voted, "beteiligung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=1),
                   invited=[paul])  # fmt: skip
    cycles.record_response(voted, paul, "ja", by=BY, now=T0)
    cycles.advance(voted, "abstimmung_starten", by=BY, now=T0, deadline=T0 + timedelta(days=9))
    cycles.record_ballot(voted, paul, "ja", by=BY, now=T0)
    doc = _json(capsys, "--sitze", "8", "--sektor", "politik", short=True)
    load = {p["id"]: p["last"] for p in doc["auswahl"]}
    assert load[pia] == {
        "gesamt": 5,
        "beteiligungen": 1,
        "abstimmungen": 1,
        "sitzungen": 1,
        "aufgaben": 1,
        "mitgliedschaften": 1,
    }
    assert load[paul] == {
        "gesamt": 2,
        "beteiligungen": 0,
        "abstimmungen": 0,
        "sitzungen": 1,
        "aufgaben": 0,
        "mitgliedschaften": 1,
    }
    assert [p["id"] for p in doc["auswahl"]] == [paul, pia]  # the lower load first


def _meeting(board_id: int, starts_at) -> int:  # type: ignore[no-untyped-def]
    m = meetings.plan(board_id=board_id, starts_at=starts_at, ends_at=None, place="Kreishaus",
                      video="", public=True, by=BY, now=T0)  # fmt: skip
    meetings.add_item(m.id, title="A", public=True, documents=[], cycle_id=None, by=BY, now=T0)
    meetings.invite(m.id, urgency="dringend", by=BY, now=T0)
    return m.id or 0


def _proposal(ids: dict[str, int]) -> tuple[int, dict]:
    from dkbm import selection

    board = network.add_board(name="AG Kita", kind="arbeitsgruppe", quorum_percent=None, by=BY,
                              now=T0)  # fmt: skip
    return board.id or 0, selection.propose(3, target=("ag", board.id or 0))


def test_taking_over_commits_members_and_its_audit_entry_in_one_transaction(
    sqlite_url: str,
) -> None:
    from sqlalchemy import event

    from dkbm import selection
    from dkbm.store.db import engine

    board_id, doc = _proposal(_network(away=False))
    commits: list[int] = []
    listener = lambda _conn: commits.append(1)  # noqa: E731
    event.listen(engine(), "commit", listener)
    try:
        done = selection.take_over(doc, by=BY, now=T0)
    finally:
        event.remove(engine(), "commit", listener)
    assert done["uebernommen"] == 3 and len(commits) == 1
    with reads.reader() as r:
        actions = [e.action for e in reads.audit.events(r, "gremium", board_id)]
    assert actions[-2:] == ["mitglied_gesetzt", "auswahl_uebernommen"]


@pytest.mark.parametrize("fault", ["inaktiv", "geloescht", "kein_gremium"])
def test_a_take_over_that_cannot_add_every_pick_writes_nothing(sqlite_url: str, fault: str) -> None:
    from dkbm import selection
    from dkbm.states.errors import NotFound, Refused
    from tests.conftest import dump

    ids = _network(away=False)
    _, doc = _proposal(ids)
    last = doc["auswahl"][-1]["id"]  # changed between proposal and take-over
    if fault == "inaktiv":
        people.set_active(last, False, by=BY, now=T0)
    elif fault == "geloescht":
        people.erase(last, by=BY, now=T0)
    else:
        doc["fuer"] = {**doc["fuer"], "gremium": 99, "id": 99}
    before = dump(sqlite_url)
    with pytest.raises(NotFound if fault == "kein_gremium" else Refused):
        selection.take_over(doc, by=BY, now=T0)
    assert dump(sqlite_url) == before


def test_a_selection_short_of_seats_names_who_is_already_in_and_exits_1_both_ways(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    ids = _network(away=False)
    ag = network.add_board(name="AG Hochschule", kind="arbeitsgruppe", quorum_percent=50,
                           by=BY, now=T0)  # fmt: skip
    network.set_member(board_id=ag.id, actor_ids=[ids["Pia Politik"], ids["Vera Verwaltung"]],
                       role="mitglied", by=BY, now=T0)  # fmt: skip
    base = ("auswahl", "vorschlagen", "--sektor", "politik", "--sektor", "verwaltung",
            "--bereich", "hochschule", "--fuer", "ag", str(ag.id))  # fmt: skip
    for extra, title in [((), "Vorschlag: 3 Sitze"), (("--los", "--seed", "42"), "Los: 3 Sitze")]:
        code, out, err = dkbm(capsys, *base, "--sitze", "3", *extra)
        assert code == 1 and err == "Fehler: nur 0 von 3 Sitzen besetzt\n", (extra, err)
        assert out.startswith(title)  # what it found and the gaps come first
        assert "kein Akteur aus Politik mit Bereich Hochschule (1 schon Mitglied)" in out
        assert "kein Akteur aus Verwaltung mit Bereich Hochschule (1 schon Mitglied)" in out
        assert "nur 0 geeignete Akteure für 3 Sitze" in out
    # the lottery's method in words, and no empty list of seats
    assert "random.Random(42).sample" not in out
    assert "mit dem Zufallsgenerator von Python (random.Random) und dem Seed 42" in out
    assert out.count("Sitze: keine") == 1
    code, out, err = dkbm(capsys, "--lang", "en", *base, "--sitze", "3")
    assert code == 1 and err == "Error: only 0 of 3 seats filled\n"
    assert "no actor from Politics with area Higher education (1 already a member)" in out
    assert "no actor with area Higher education (2 already members)" in out
    doc = _json(capsys, *base[2:], "--sitze", "3", short=True)
    assert doc["auswahl"] == [] and doc["luecken"][0]["ausgeschlossen"]["schon_mitglied"] == 1
    # a full selection exits 0
    assert _json(capsys, "--sitze", "2")["auswahl"]
