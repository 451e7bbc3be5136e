"""The knowledge library through the use cases on SQLite and PostgreSQL: links and files
with their tags, changes with their version, removal, refusals that change nothing, and
the read models."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import text

from dkbm import document_queries, documents
from dkbm.documents import Upload
from dkbm.states.documents import MAX_FILE_BYTES, public_name
from dkbm.states.errors import DkbmError, InvalidValue, NotFound, Refused
from dkbm.states.model import EducationArea
from dkbm.store.db import engine
from tests.conftest import T0, dump
from tests.factories import BY, make_network

LATER = T0 + timedelta(days=3)
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40  # binary, as real files are


@pytest.fixture
def tags(db_url: str) -> tuple[int, int]:
    """A cycle and its Gremium to tag documents with."""
    from dkbm import cycles

    net = make_network(voting=1, others=0)
    return cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0).id or 0, net.board


def _audit(db_url: str) -> list[tuple]:
    return sorted((r for r in dump(db_url)["audit_event"] if r[1] == "dokument"), key=repr)


def test_a_link_and_a_file_with_their_tags_and_audit(db_url: str, tags: tuple[int, int]) -> None:
    cycle_id, board_id = tags
    link = documents.add(
        title="Bildungsbericht 2025",
        description="Zweiter Bildungsbericht des Kreises",
        url="https://kreis.example/bildungsbericht-2025.pdf",
        cycle_id=cycle_id,
        areas=["schule", "fruehe_bildung", "schule"],
        by=BY,
        now=T0,
    )
    upload = Upload("Protokoll AG Übergang.pdf", PDF)
    file = documents.add(
        title="Ergebnisse der AG", upload=upload, board_id=board_id, public=False, by=BY, now=LATER
    )
    assert (link.id, link.version, link.kind, file.id, file.kind) == (1, 1, "link", 2, "datei")
    assert link.areas == [EducationArea.SCHULE, EducationArea.FRUEHE_BILDUNG]
    assert file.file is not None and file.file.media_type == "application/pdf"
    assert file.file.sha256 == hashlib.sha256(PDF).hexdigest() and file.file.size == len(PDF)

    listed = document_queries.documents()
    assert [(d["id"], d["art"], d["oeffentlich"]) for d in listed] == [
        (1, "link", True),
        (2, "datei", False),
    ]
    assert listed[0]["zyklus_titel"] == "Bildung 2030" and listed[1]["gremium_name"] == (
        "Lenkungsgruppe"
    )
    assert listed[0]["hinzugefuegt"] == T0.isoformat() and listed[1]["von"] == BY
    assert [d["id"] for d in document_queries.documents(cycle_id=cycle_id)] == [1]
    assert [d["id"] for d in document_queries.documents(board_id=board_id)] == [2]
    assert [d["id"] for d in document_queries.documents(area="fruehe_bildung")] == [1]
    stored, data = document_queries.stored_file(2)
    assert (stored.name, data) == ("Protokoll AG Übergang.pdf", PDF)
    events = _audit(db_url)
    assert [(e[2], e[3], e[6]) for e in events] == [(1, 1, "angelegt"), (2, 1, "angelegt")]
    history = document_queries.document(2)["verlauf"]
    assert history[0]["von"] == BY and history[0]["details"]["titel"] == "Ergebnisse der AG"


def _refused_cases(cycle_id: int, board_id: int) -> list[tuple[dict[str, object], type]]:
    link = "https://kreis.example/a.pdf"
    return [
        ({"title": "Ohne"}, Refused),  # neither a link nor a file
        ({"title": "Beides", "url": link, "upload": Upload("a.pdf", b"x")}, Refused),
        ({"title": "Skript", "url": "javascript:alert(1)"}, Refused),
        ({"title": "Lokal", "url": "file:///etc/passwd"}, Refused),
        ({"title": "Ohne Host", "url": "https://"}, Refused),
        ({"title": "Zu groß", "upload": Upload("gross.pdf", b"0" * (MAX_FILE_BYTES + 1))}, Refused),
        ({"title": "Pfad", "upload": Upload("../a.pdf", b"x")}, Refused),
        ({"title": "Versteckt", "upload": Upload(".htaccess", b"x")}, Refused),
        ({"title": "Seite", "upload": Upload("seite.html", b"<script>x</script>")}, Refused),
        ({"title": "Grafik", "upload": Upload("bild.SVG", b"<svg onload=x/>")}, Refused),
        ({"title": "Ohne Endung", "upload": Upload("README", b"x")}, Refused),
        ({"title": "Notiz", "upload": Upload("notiz.md", b"<script>x</script>")}, Refused),
        ({"title": " ", "url": link}, InvalidValue),
        ({"title": "Zwei\nZeilen", "url": link}, InvalidValue),
        ({"title": "Bereich", "url": link, "areas": ["mond"]}, InvalidValue),
        ({"title": "Zyklus", "url": link, "cycle_id": cycle_id + 9}, NotFound),
        ({"title": "Gremium", "url": link, "board_id": board_id + 9}, NotFound),
    ]


def test_bad_documents_are_refused_and_change_nothing(db_url: str, tags: tuple[int, int]) -> None:
    before = dump(db_url)
    for kw, error in _refused_cases(*tags):
        with pytest.raises(error):
            documents.add(by=BY, now=T0, **kw)  # type: ignore[arg-type]
        assert dump(db_url) == before, kw


def test_the_file_too_large_names_its_size_and_the_limit(db_url: str) -> None:
    with pytest.raises(Refused) as caught:
        documents.add(
            title="x", upload=Upload("gross.pdf", b"0" * (25 * 1024 * 1024)), by=BY, now=T0
        )
    assert str(caught.value) == (
        "'wissen add' abgelehnt: die Datei gross.pdf ist 25 MB groß; erlaubt sind höchstens 20 MB"
    )


def test_a_change_bumps_the_version_and_says_what_changed(
    db_url: str, tags: tuple[int, int]
) -> None:
    cycle_id, board_id = tags
    doc = documents.add(title="Bericht", url="https://kreis.example/a", by=BY, now=T0)
    same, changed = documents.change(
        doc.id or 0, title="Bericht", url="https://kreis.example/a", by=BY, now=LATER
    )
    assert changed == {} and same.version == 1
    new, changed = documents.change(
        doc.id or 0,
        title="Bildungsbericht",
        cycle_id=cycle_id,
        board_id=board_id,
        areas=["hochschule"],
        public=False,
        by=BY,
        now=LATER,
    )
    assert new.version == 2
    assert sorted(changed) == ["bereiche", "gremium", "oeffentlich", "titel", "zyklus"]
    assert changed["titel"] == ["Bericht", "Bildungsbericht"]
    # a link becomes a file and back; the bytes go with the file
    new, changed = documents.change(
        doc.id or 0, upload=Upload("bericht.pdf", PDF), cycle_id=None, by=BY, now=LATER
    )
    assert (new.kind, new.cycle_id, sorted(changed)) == ("datei", None, ["datei", "url", "zyklus"])
    assert document_queries.stored_file(doc.id or 0)[1] == PDF
    new, _ = documents.change(doc.id or 0, url="https://kreis.example/b", by=BY, now=LATER)
    assert new.kind == "link" and new.version == 4
    with pytest.raises(Refused):
        document_queries.stored_file(doc.id or 0)
    with engine(db_url).connect() as conn:  # no bytes left behind
        assert conn.execute(text("SELECT content FROM document")).scalar_one() is None
    shown = document_queries.document(doc.id or 0)
    assert [e["aktion"] for e in shown["verlauf"]] == ["angelegt"] + ["geaendert"] * 3
    assert shown["version"] == 4 and shown["oeffentlich"] is False


def test_a_change_from_an_old_version_is_a_conflict_and_changes_nothing(db_url: str) -> None:
    doc = documents.add(title="Bericht", url="https://kreis.example/a", by=BY, now=T0)
    documents.change(doc.id or 0, title="Neu", by=BY, now=T0)
    before = dump(db_url)
    with pytest.raises(DkbmError, match="wurde inzwischen geändert"):
        documents.change(doc.id or 0, title="Alt", expected_version=1, by=BY, now=T0)
    for bad in ({"url": "ftp://x"}, {"cycle_id": 42}, {"areas": ["mond"]}, {"farbe": "rot"}):
        with pytest.raises(DkbmError):
            documents.change(doc.id or 0, by=BY, now=T0, **bad)
    with pytest.raises(NotFound):
        documents.change(99, title="x", by=BY, now=T0)
    assert dump(db_url) == before


def test_removing_forgets_the_file_and_keeps_the_history(db_url: str) -> None:
    doc = documents.add(title="Alt", upload=Upload("alt.txt", b"alt"), by=BY, now=T0)
    documents.remove(doc.id or 0, by=BY, now=LATER)
    assert dump(db_url)["document"] == []
    assert [(e[3], e[6]) for e in _audit(db_url)] == [(1, "angelegt"), (2, "entfernt")]
    with pytest.raises(NotFound):
        document_queries.document(doc.id or 0)
    with pytest.raises(NotFound):
        documents.remove(doc.id or 0, by=BY, now=LATER)


def test_reads_of_unknown_tags_are_not_found(db_url: str) -> None:
    make_network(voting=1, others=0)
    with pytest.raises(NotFound):
        document_queries.documents(cycle_id=5)
    with pytest.raises(NotFound):
        document_queries.documents(board_id=5)
    with pytest.raises(InvalidValue):
        document_queries.documents(area="mond")
    assert document_queries.documents() == []


def test_a_file_is_published_under_one_extension_only() -> None:
    """A web server may act on every extension (Apache runs `bericht.php.pdf` as PHP)."""
    assert public_name("bericht.php.pdf") == "bericht-php.pdf"
    assert public_name("Verbleib 2026.CSV") == "Verbleib 2026.csv"
    assert public_name("v1.2-final.docx") == "v1-2-final.docx"
