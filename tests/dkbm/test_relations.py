"""Relations between organisations: added, ended, removed, each audited in one transaction;
refused to itself, between unknown organisations, ending before they begin, twice at once;
moved to the kept organisation when two are merged. The network picture drawn from them:
well-formed, every typed name escaped, the same bytes for the same data, in words too."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest

from dkbm import network, network_map, organisations, relation_queries, relations
from dkbm.states.errors import InvalidValue, NotFound, Refused
from dkbm.store import reads
from tests.conftest import T0, dump
from tests.factories import BY, make_municipality

TODAY = date(2027, 1, 11)
EVIL = '<script>alert("x")</script> & Söhne'


def _orgs() -> dict[str, int]:
    make_municipality()
    made = {}
    for name, kind, sector, areas in (
        ("Stadt Test", "amt", "verwaltung", []),
        ("Kita Regenbogen", "kita", "bildungseinrichtungen", ["fruehe_bildung"]),
        ("AWO Kreisverband", "traeger", "zivilgesellschaft", ["fruehe_bildung", "schule"]),
        ("Bürgerstiftung", "stiftung", "zivilgesellschaft", ["non_formale_bildung"]),
        (EVIL, "betrieb", "wirtschaft", ["berufliche_bildung"]),
    ):
        made[name] = organisations.add(
            name=name, kind=kind, sector=sector, areas=areas, by=BY, now=T0
        ).id
    return made


def _audit(subject: str = "beziehung") -> list[tuple[int, str]]:
    with reads.reader() as r:
        rows = r.rows(
            "SELECT subject_id, action FROM audit_event WHERE subject = %(s)s ORDER BY id",
            s=subject,
        )
    return [(row.subject_id, row.action) for row in rows]


def test_add_end_and_remove_are_kept_and_audited(sqlite_url: str) -> None:
    o = _orgs()
    awo, kita, stiftung = o["AWO Kreisverband"], o["Kita Regenbogen"], o["Bürgerstiftung"]
    carried = relations.add(awo, kita, kind="Trägerschaft", valid_from=date(2020, 8, 1),
                            note="seit der Eröffnung", by=BY, now=T0)  # fmt: skip
    funded = relations.add(stiftung, kita, kind="funding", by=BY, now=T0)
    assert carried.kind.value == "traegerschaft" and funded.kind.value == "foerderung"

    ended = relations.end(funded.id, on=date(2026, 12, 31), by=BY, now=T0)  # type: ignore[arg-type]
    assert ended.valid_to == date(2026, 12, 31)
    current = relation_queries.relations(TODAY)
    assert [d["id"] for d in current] == [carried.id]
    assert current[0]["von_organisation"] == {"id": awo, "name": "AWO Kreisverband"}
    assert current[0]["von"] == "2020-08-01" and current[0]["bis"] is None
    assert current[0]["laufend"] is True and current[0]["notiz"] == "seit der Eröffnung"
    every = relation_queries.relations(TODAY, ended_too=True)
    assert [(d["id"], d["laufend"]) for d in every] == [(carried.id, True), (funded.id, False)]
    assert [d["id"] for d in relation_queries.relations(TODAY, organisation=stiftung)] == []
    assert len(relation_queries.relations(TODAY, ended_too=True, organisation=stiftung)) == 1

    # ended, the same relation may begin again
    again = relations.add(stiftung, kita, kind="foerderung", valid_from=date(2027, 1, 1),
                          by=BY, now=T0)  # fmt: skip
    relations.remove(again.id, by=BY, now=T0)  # type: ignore[arg-type]
    assert len(relation_queries.relations(TODAY, ended_too=True)) == 2
    assert _audit() == [
        (carried.id, "angelegt"),
        (funded.id, "angelegt"),
        (funded.id, "beendet"),
        (again.id, "angelegt"),
        (again.id, "entfernt"),
    ]


def test_what_is_refused_changes_nothing(sqlite_url: str) -> None:
    o = _orgs()
    awo, kita = o["AWO Kreisverband"], o["Kita Regenbogen"]
    running = relations.add(awo, kita, kind="traegerschaft", by=BY, now=T0)
    before = dump(sqlite_url)
    with pytest.raises(Refused, match="zu sich selbst"):
        relations.add(awo, awo, kind="netzwerkpartner", by=BY, now=T0)
    with pytest.raises(NotFound, match="Organisation 99 nicht gefunden"):
        relations.add(awo, 99, kind="netzwerkpartner", by=BY, now=T0)
    with pytest.raises(
        Refused, match=r"das Ende \(01.01.2026\) liegt vor dem Beginn \(01.01.2027\)"
    ):
        relations.add(awo, kita, kind="foerderung", valid_from=date(2027, 1, 1),
                      valid_to=date(2026, 1, 1), by=BY, now=T0)  # fmt: skip
    with pytest.raises(Refused, match=f"Beziehung {running.id} .* läuft noch"):
        relations.add(awo, kita, kind="traegerschaft", by=BY, now=T0)
    with pytest.raises(InvalidValue, match="art"):
        relations.add(awo, kita, kind="Freundschaft", by=BY, now=T0)
    with pytest.raises(InvalidValue, match="notiz"):
        relations.add(awo, kita, kind="foerderung", note="zwei\nZeilen", by=BY, now=T0)
    with pytest.raises(NotFound, match="Beziehung 42 nicht gefunden"):
        relations.end(42, on=TODAY, by=BY, now=T0)
    with pytest.raises(NotFound, match="Beziehung 42"):
        relations.remove(42, by=BY, now=T0)
    started = relations.add(awo, kita, kind="foerderung", valid_from=date(2027, 1, 1),
                            by=BY, now=T0)  # fmt: skip
    before = dump(sqlite_url)
    with pytest.raises(Refused, match="vor dem Beginn"):
        relations.end(started.id, on=date(2026, 6, 30), by=BY, now=T0)  # type: ignore[arg-type]
    assert dump(sqlite_url) == before


def test_a_merge_moves_relations_to_the_kept_organisation(sqlite_url: str) -> None:
    o = _orgs()
    awo, kita, stiftung = o["AWO Kreisverband"], o["Kita Regenbogen"], o["Bürgerstiftung"]
    relations.add(stiftung, kita, kind="foerderung", by=BY, now=T0)
    relations.add(awo, stiftung, kind="netzwerkpartner", by=BY, now=T0)
    relations.add(stiftung, o["Stadt Test"], kind="kooperationsvereinbarung", by=BY, now=T0)
    organisations.merge(awo, stiftung, by=BY, now=T0)
    pairs = {
        (d["von_organisation"]["id"], d["zu_organisation"]["id"], d["art"])
        for d in relation_queries.relations(TODAY, ended_too=True)
    }
    # the relation between the two went; the others now start at the kept one
    assert pairs == {(awo, kita, "foerderung"), (awo, o["Stadt Test"], "kooperationsvereinbarung")}


def test_deleting_an_organisation_removes_its_relations_audited(sqlite_url: str) -> None:
    o = _orgs()
    gone = relations.add(o["Bürgerstiftung"], o["Kita Regenbogen"], kind="foerderung", by=BY,
                         now=T0)  # fmt: skip
    kept = relations.add(o["AWO Kreisverband"], o["Kita Regenbogen"], kind="traegerschaft",
                         by=BY, now=T0)  # fmt: skip
    organisations.delete(o["Bürgerstiftung"], by=BY, now=T0)
    assert [d["id"] for d in relation_queries.relations(TODAY, ended_too=True)] == [kept.id]
    assert (gone.id, "entfernt") in _audit()


def _picture_network() -> dict[str, int]:
    o = _orgs()
    actor = network.add_actor(name="Akteurin", organisation=EVIL, email="a@example.org",
                              sector="wirtschaft", areas=[], consent=False, lang="de",
                              by=BY, now=T0)  # fmt: skip
    other = network.add_actor(name="Anderer", organisation="Kita Regenbogen",
                              email="b@example.org", sector="bildungseinrichtungen", areas=[],
                              consent=True, lang="de", by=BY, now=T0)  # fmt: skip
    board = network.add_board(name="AG <b>Übergänge</b>", kind="arbeitsgruppe",
                              quorum_percent=50, by=BY, now=T0)  # fmt: skip
    network.set_member(board_id=board.id, actor_ids=[actor.id, other.id], role="mitglied",
                       by=BY, now=T0)  # fmt: skip
    relations.add(o["AWO Kreisverband"], o["Kita Regenbogen"], kind="traegerschaft", by=BY,
                  now=T0)  # fmt: skip
    relations.add(o["Bürgerstiftung"], o[EVIL], kind="foerderung", valid_to=date(2026, 1, 1),
                  by=BY, now=T0)  # fmt: skip
    return o


def test_the_picture_is_well_formed_escaped_and_the_same_for_the_same_data(
    sqlite_url: str,
) -> None:
    o = _picture_network()
    net = network_map.read(TODAY)
    assert [h.organisations for h in net.hubs] == [(o["Kita Regenbogen"], o[EVIL])]
    assert len(net.relations) == 1  # the ended Förderung is not drawn
    drawn = network_map.svg(net, "de")
    root = ElementTree.fromstring(drawn)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Netzwerk der Organisationen: Kreis Test"  # type: ignore[union-attr]
    assert "5 Organisationen" in root.find(f"{ns}desc").text  # type: ignore[union-attr,operator]
    assert "<script" not in drawn and "<b>" not in drawn
    assert "&lt;script&gt;" in drawn and "AG &lt;b&gt;Übergänge&lt;/b&gt;" in drawn
    for forbidden in ("href", "<image", "<foreignObject", "url(", "@import", "javascript:"):
        assert forbidden not in drawn
    assert len(root.findall(f".//{ns}circle")) == 5 + 8  # organisations, then the legend
    assert network_map.svg(network_map.read(TODAY), "de") == drawn
    assert "Education area" in network_map.svg(net, "en")


def test_the_picture_in_words_names_sectors_hubs_and_relations(sqlite_url: str) -> None:
    _picture_network()
    words = network_map.text(network_map.read(TODAY), "de")
    assert "  Zivilgesellschaft (2):\n    - AWO Kreisverband (Frühe Bildung, Schule)\n" in words
    assert f"  AG <b>Übergänge</b> (Arbeitsgruppe): {EVIL}, Kita Regenbogen\n" in words
    assert "  AWO Kreisverband → Kita Regenbogen: Trägerschaft\n" in words
    assert "Bürgerstiftung →" not in words


def test_relations_on_postgresql(pg_url: str) -> None:
    o = _orgs()
    awo, kita = o["AWO Kreisverband"], o["Kita Regenbogen"]
    first = relations.add(awo, kita, kind="kooperationsvereinbarung", valid_from=date(2026, 1, 1),
                          valid_to=date(2027, 1, 10), by=BY, now=T0)  # fmt: skip
    second = relations.add(awo, kita, kind="kooperationsvereinbarung",
                           valid_from=date(2027, 1, 11), by=BY, now=T0)  # fmt: skip
    assert [d["id"] for d in relation_queries.relations(TODAY)] == [second.id]
    assert relation_queries.relations(date(2027, 1, 10))[0]["id"] == first.id
    assert relation_queries.relations(TODAY, ended_too=True)[0]["bis"] == "2027-01-10"
    ElementTree.fromstring(network_map.svg(network_map.read(TODAY), "de"))


@pytest.mark.parametrize(
    ("start", "end", "current"),
    [
        (None, None, True),
        (date(2027, 1, 11), None, True),
        (date(2027, 1, 12), None, False),  # begins tomorrow
        (None, date(2027, 1, 11), True),
        (None, date(2027, 1, 10), False),
        (date(2027, 1, 12), date(2027, 2, 1), False),
    ],
)
def test_current_is_begun_and_not_ended_in_the_rule_and_the_read(
    sqlite_url: str, start: date | None, end: date | None, current: bool
) -> None:
    o = _orgs()
    rel = relations.add(o["AWO Kreisverband"], o["Kita Regenbogen"], kind="foerderung",
                        valid_from=start, valid_to=end, by=BY, now=T0)  # fmt: skip
    assert rel.current(TODAY) is current
    assert [d["id"] for d in relation_queries.relations(TODAY)] == ([rel.id] if current else [])
    assert [d["laufend"] for d in relation_queries.relations(TODAY, ended_too=True)] == [current]
    assert len(network_map.read(TODAY).relations) == int(current)
