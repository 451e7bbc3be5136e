"""Many Kommunen in one database, one portal folder (`dkbm portal build DIR --alle`): each
publishing Kommune's portal under DIR/<ags>/ shows its own data alone, with ids no other
Kommune's portal shares; an index lists them, one OParl System names each one's Body."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

import pytest

from dkbm import cycles, documents, kommunen, meetings, network
from dkbm.portal.many import MANIFEST, build_all
from dkbm.portal.target import Refused
from dkbm.store import tenant
from tests.conftest import T0
from tests.factories import BY, Network, decide_stage, make_network

BASE = "https://bildung.example/"
KLEVE, MUENCHEN, PASSAU = "05154000", "09162000", "09262000"
# Passau's name as someone might type it: text on every page, never markup or a formula
HOSTILE = 'Passau <script>alert(1)</script> "x" & =HYPERLINK("http://e.example")'
BUILT = T0 + timedelta(days=1)


@dataclass
class Kommunen:
    out: Path
    a_markers: list[str]  # what only Kommune A's portal may show
    b_markers: list[str]
    document: int  # Passau's only public thing


def _second_network(prefix: str) -> Network:
    ids = [
        network.add_actor(
            name=f"{prefix} {i}",
            organisation=f"{prefix} Schulamt",
            email=f"{prefix.lower()}{i}@example.org",
            sector="verwaltung",
            areas=["schule"],
            consent=True,
            lang="de",
            by=BY,
            now=T0,
        ).id
        for i in range(5)
    ]
    board = network.add_board(
        name=f"Lenkung {prefix}", kind="gremium", quorum_percent=50, by=BY, now=T0
    )
    network.set_member(board_id=board.id, actor_ids=ids, role="mitglied", by=BY, now=T0)
    return Network(actors=ids, board=board.id)


def _public_meeting(net: Network, title: str) -> None:
    m = meetings.plan(
        board_id=net.board,
        starts_at=T0 + timedelta(days=20),
        ends_at=None,
        place=f"Saal {title}",
        video="",
        public=True,
        by=BY,
        now=T0,
    )
    meetings.add_item(m.id, title=title, public=True, documents=[], cycle_id=None, by=BY, now=T0)


@pytest.fixture
def many(pg_url: str, tmp_path: Path) -> Kommunen:
    """Kleve (the first Kommune, given an AGS) and München, each with a decided stage and a
    public meeting; Passau with one public document; Regen with nothing public."""
    net_a = make_network(voting=5, others=0)
    network.change_municipality(by=BY, now=T0, ags=KLEVE)
    a = cycles.start(title="Kleve Übergänge", board_id=net_a.board, by=BY, now=T0)
    decide_stage(a.id, net_a, T0)
    _public_meeting(net_a, "Kleve Schulbericht")
    for ags, name in ((MUENCHEN, "München"), (PASSAU, HOSTILE), ("09276000", "Regen")):
        kommunen.add(
            by=BY,
            now=T0,
            ags=ags,
            name=name,
            form="bildungsbuero",
            placement="stabsstelle",
            contact_name="-",
            contact_email=f"k{ags}@example.org",
        )
    with tenant.serving(MUENCHEN):
        net_b = _second_network("Münchner")
        b = cycles.start(title="München Ganztag", board_id=net_b.board, by=BY, now=T0)
        decide_stage(b.id, net_b, T0)
        _public_meeting(net_b, "München Raumplanung")
    with tenant.serving(PASSAU):
        doc = documents.add(
            title="Passauer Bildungsbericht", url="https://passau.example/b.pdf", by=BY, now=T0
        )
    return Kommunen(
        out=tmp_path / "portale",
        a_markers=["Kreis Test", "Akteur 0", "Organisation 0", "Lenkungsgruppe", "Kleve"],
        b_markers=["München", "Münchner", "Lenkung Münchner"],
        document=doc.id or 0,
    )


def _texts(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".csv", ".atom", ".ics")
    }


def _oparl_ids(folder: Path) -> set[str]:
    found = set()
    for p in (folder / "oparl").rglob("*.json"):
        found |= set(re.findall(r'"id": "([^"]+)"', p.read_text("utf-8")))
    return found


def _atom_ids(folder: Path) -> set[str]:
    found = set()
    for p in (folder / "feeds").glob("*.atom"):
        found |= set(re.findall(r"<id>([^<]+)</id>", p.read_text("utf-8")))
    return found


def test_each_kommune_shows_its_own_alone_under_its_ags(many: Kommunen) -> None:
    report = build_all(many.out, BUILT, BASE)
    assert sorted(report.built) == [KLEVE, MUENCHEN, PASSAU]  # Regen publishes nothing
    assert report.listed == [KLEVE, MUENCHEN, PASSAU] and not report.failed
    a, b = many.out / KLEVE, many.out / MUENCHEN
    assert not (many.out / "09276000").exists()
    for folder in (a, b):
        for page in ("index.html", "en/index.html", "daten.html", "data/zyklen.json"):
            assert (folder / page).is_file(), page
        assert (folder / "feeds" / "beschluesse.atom").is_file()
        assert (folder / "oparl" / "body" / "1.json").is_file()
        assert not (folder / "oparl" / "system.json").exists()  # one System, at the top

    b_texts, a_texts = _texts(b), _texts(a)
    assert any("München Ganztag" in text for text in b_texts.values())
    for path, text in b_texts.items():
        for marker in many.a_markers:
            assert marker not in text, (path, marker)
    for path, text in a_texts.items():
        for marker in many.b_markers:
            assert marker not in text, (path, marker)
    a_oparl, b_oparl = _oparl_ids(a), _oparl_ids(b)
    assert a_oparl and b_oparl and not a_oparl & b_oparl
    assert all(i.startswith(f"{BASE}{MUENCHEN}/oparl/") for i in b_oparl)
    for text in b_texts.values():
        assert f"{BASE}{KLEVE}/" not in text
    a_atom, b_atom = _atom_ids(a), _atom_ids(b)
    assert len(a_atom) > 2 and not a_atom & b_atom
    feed = uuid5(NAMESPACE_URL, f"dkbm:ags-{MUENCHEN}:beschluesse").urn
    assert feed in b_atom
    for text in b_texts.values():
        assert not any(i in text for i in a_atom)

    index = (many.out / "index.html").read_text("utf-8")
    shown = "Passau &lt;script&gt;alert(1)&lt;/script&gt; &#34;x&#34; &amp; =HYPERLINK"
    for ags, name in ((KLEVE, "Kreis Test"), (MUENCHEN, "München"), (PASSAU, shown)):
        assert f'href="{ags}/index.html">{name}' in index
    assert "<script>" not in index
    for path, page in _texts(many.out / PASSAU).items():
        if path.endswith((".html", ".atom")):
            assert "<script>" not in page, path
        if path.endswith(".csv"):
            assert not any(cell.startswith(("=", '"=')) for cell in re.split(r"[,\n]", page))
    assert "Regen" not in index and "Nordrhein-Westfalen" in index and "Bayern" in index
    english = (many.out / "en" / "index.html").read_text("utf-8")
    assert f'href="../{MUENCHEN}/en/index.html"' in english and 'lang="en"' in english
    # each Kommune's pages lead up to the index
    assert 'href="../index.html">Alle Kommunen</a>' in (b / "index.html").read_text("utf-8")
    assert 'href="{{' not in (b / "daten.html").read_text("utf-8")
    assert 'href="../oparl/system.json"' in (b / "daten.html").read_text("utf-8")

    system = json.loads((many.out / "oparl" / "system.json").read_text("utf-8"))
    assert system["id"] == f"{BASE}oparl/system.json"
    assert system["body"] == f"{BASE}oparl/body.json"
    bodies = json.loads((many.out / "oparl" / "body.json").read_text("utf-8"))["data"]
    assert [x["id"] for x in bodies] == [f"{BASE}{ags}/oparl/body/1.json" for ags in report.listed]
    assert {x["system"] for x in bodies} == {system["id"]}
    assert [x["ags"] for x in bodies] == report.listed
    assert bodies[1]["name"] == "München" and bodies[2]["name"] == HOSTILE  # JSON: as typed
    assert bodies[1] == json.loads((b / "oparl" / "body" / "1.json").read_text("utf-8"))


def test_again_changes_nothing_and_a_kommune_that_stops_publishing_is_withdrawn(
    many: Kommunen,
) -> None:
    build_all(many.out, BUILT, BASE)
    foreign = many.out / PASSAU / "notiz.txt"
    foreign.write_text("von Hand")
    again = build_all(many.out, BUILT, BASE)
    assert all(r.written == 0 for r in again.built.values()) and again.top.written == 0

    with tenant.serving(PASSAU):
        documents.change(many.document, public=False, by=BY, now=T0 + timedelta(hours=2))
    rebuilt = build_all(many.out, BUILT, BASE, only_cycles=set())
    assert sorted(rebuilt.unchanged) == [KLEVE, MUENCHEN]  # their data did not move
    assert rebuilt.listed == [KLEVE, MUENCHEN] and PASSAU in rebuilt.withdrawn
    assert sorted(p.name for p in (many.out / PASSAU).iterdir()) == ["notiz.txt"]
    assert "Passau" not in (many.out / "index.html").read_text("utf-8")
    bodies = json.loads((many.out / "oparl" / "body.json").read_text("utf-8"))["data"]
    assert len(bodies) == 2
    assert json.loads((many.out / MANIFEST).read_text("utf-8"))["kommunen"] == [KLEVE, MUENCHEN]


def test_a_single_kommunes_portal_is_no_place_for_many(many: Kommunen) -> None:
    from dkbm.portal.build import build

    with tenant.serving(KLEVE):
        build(many.out, BUILT, BASE)
    with pytest.raises(Refused) as refused:
        build_all(many.out, BUILT, BASE)
    assert refused.value.reason == "portal_not_ours"
    with pytest.raises(Refused) as forced:
        build_all(many.out, BUILT, BASE, force=True)
    assert forced.value.reason == "portal_collision"


def test_the_flow_builds_many_when_the_database_holds_many(
    many: Kommunen, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dkbm.flows import portal

    monkeypatch.setenv("DKBM_PORTAL_DIR", str(many.out))
    monkeypatch.delenv("DKBM_KOMMUNE", raising=False)
    monkeypatch.setenv("DKBM_PORTAL_URL", BASE)
    artifacts: list[dict[str, str]] = []
    monkeypatch.setattr(portal, "create_link_artifact", lambda **kw: artifacts.append(kw))
    assert portal.many(many.out) and portal.outdated()
    done = portal.build_portal.fn()
    assert done["pages"] > 0 and (many.out / MUENCHEN / "index.html").is_file()
    assert artifacts[0]["link"] == BASE
    assert (
        f"3 Kommunen im Portal; neu gebaut: {KLEVE}, {MUENCHEN}, {PASSAU}"
        in (artifacts[0]["description"])
    )
    assert not portal.outdated()
    assert portal.build_portal.fn([])["written"] == 0  # a rebuild: nothing moved
    assert "neu gebaut: –" in artifacts[1]["description"]
    monkeypatch.setenv("DKBM_KOMMUNE", KLEVE)
    assert portal.many(many.out)  # the folder holds many: it stays so
    assert not portal.many(many.out.parent / "andere")


def test_the_command_builds_all_and_names_each_folder(
    many: Kommunen, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli.conftest import dkbm

    code, out, err = dkbm(capsys, "portal", "build", str(many.out), "--alle", "--basis-url", BASE)
    assert code == 0, err
    for ags in (KLEVE, MUENCHEN, PASSAU):
        assert f"Portal geschrieben: {many.out / ags} (" in out
    assert f"Portal geschrieben: {many.out} (2 Seiten" in out
    code, _, err = dkbm(capsys, "portal", "build", str(many.out))  # several, none asked
    assert code != 0 and not (many.out / "zyklus").exists()


def test_the_index_passes_axe_and_leads_to_each_portal(many: Kommunen) -> None:
    import threading

    from dkbm.portal.serve import server
    from tests.portal.test_browser import AXE, CHROMIUM, _need

    _need(CHROMIUM, "Chromium")
    _need(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    build_all(many.out, BUILT, BASE)
    httpd = server(many.out, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    served = f"http://127.0.0.1:{httpd.server_address[1]}/"
    problems: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on(
                "response",
                lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
            )
            for path in ("index.html", "en/index.html"):
                page.goto(served + path)
                assert page.locator("h1").count() == 1, path
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run(document)")
                problems += [
                    f"{path}: {v['id']} ({v['impact']}): {v['help']}"
                    for v in result["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
            page.goto(served + "en/index.html")
            page.get_by_role("link", name="München").click()
            assert page.url == f"{served}{MUENCHEN}/en/index.html"
            page.get_by_role("link", name="All municipalities").click()
            assert page.url == f"{served}en/index.html"
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert problems == []
