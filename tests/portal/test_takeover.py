"""An upgrade from a dkbm that wrote its portal without a manifest: the folder is refused
with the one step that takes it over (`--uebernehmen`); taken over, what that version wrote
is the portal's (replaced, or removed if no longer published), every other file stays. The
earlier portal is simulated by today's build without its manifest: the layout is the same."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from dkbm import documents
from dkbm.portal.target import MANIFEST
from tests.conftest import T0
from tests.factories import BY
from tests.portal.conftest import Built
from tests.portal.test_folder import FOREIGN, _dkbm, _listing, _plant, _siblings

MINE = b"Notizen des Bildungsbueros\n"
# A Person the earlier version published, whose consent is gone since.
WITHDRAWN_PERSON = {
    "id": "http://localhost:8080/oparl/person/99.json",
    "type": "https://schema.oparl.org/1.1/Person",
    "name": "Ehemalige Vorsitzende",
    "created": "2026-01-01T00:00:00+00:00",
    "modified": "2026-01-01T00:00:00+00:00",
}


def _earlier_portal(site: Built) -> Path:
    """The site's portal as an earlier version left it: no manifest, a page of a meeting
    removed since, a Person published before, and files of the Kommune's own beside it."""
    (site.out / MANIFEST).unlink()
    (site.out / "netzwerk.html").unlink()  # a page that version did not have
    _plant(
        site.out,
        {
            "notizen/mine.txt": MINE,
            "robots.txt": b"User-agent: *\n",
            "zyklus/77.html": b"<p>Zyklus 77, inzwischen entfernt</p>",
            "oparl/person/99.json": json.dumps(WITHDRAWN_PERSON).encode(),
            # The earlier build claimed data/ whole: it removed every file there it had not
            # written (`_Writer.prune` over its folders), so no file of anyone else could stay
            # there. data/mine.csv is that version's own, and removed like any withdrawn file.
            "data/mine.csv": b"meine;daten\n",
        },
    )
    return site.out


def _refusal(folder: Path) -> str:
    return (
        f"Fehler: Portal nicht gebaut: {folder} enthält das Portal einer früheren "
        f"dkbm-Version (ohne {MANIFEST}): einmal 'dkbm portal build {folder} --uebernehmen' "
        "übernimmt es (fremde Dateien bleiben); nichts verändert"
    )


@pytest.mark.parametrize("forced", [False, True])
def test_a_portal_of_an_earlier_version_is_refused_in_one_line_naming_the_takeover(
    forced: bool, site: Built
) -> None:
    folder = _earlier_portal(site)
    before = _listing(folder)
    done = _dkbm("portal", "build", str(folder), *(["--erzwingen"] if forced else []))
    assert done.returncode == 2, done
    assert done.stderr.strip().splitlines() == [_refusal(folder)]
    assert _listing(folder) == before and _siblings(folder) == []


def test_the_refusal_names_the_takeover_in_english_too(site: Built) -> None:
    folder = _earlier_portal(site)
    done = _dkbm("--lang", "en", "portal", "build", str(folder))
    assert done.stderr.strip().splitlines() == [
        f"Error: portal not built: {folder} holds the portal of an earlier dkbm version "
        f"(no {MANIFEST}): 'dkbm portal build {folder} --uebernehmen' takes it over, once "
        "(foreign files stay); nothing changed"
    ]


def test_taken_over_what_the_earlier_version_wrote_is_the_portals_and_the_rest_stays(
    site: Built,
) -> None:
    folder = _earlier_portal(site)
    library = sorted(p.relative_to(folder).as_posix() for p in (folder / "wissen").rglob("*.*"))
    assert len(library) == 1  # the public file; made internal since the earlier build
    documents.change(2, public=False, by=BY, now=T0 + timedelta(hours=2))

    done = _dkbm("portal", "build", str(folder), "--uebernehmen")
    assert done.returncode == 0, done.stderr
    withdrawn = ["data/mine.csv", *library, "zyklus/77.html"]
    assert (
        "Übernommen: das Portal der früheren Version; was sie geschrieben hat, ersetzt oder "
        "entfernt dieser Bau, ab jetzt genügt 'dkbm portal build'"
    ) in done.stdout
    assert f"Entfernt: {', '.join(withdrawn)}" in done.stdout
    assert (
        "Fremde Dateien behalten (nicht vom Portal geschrieben, nie entfernt): "
        "notizen/mine.txt, robots.txt"
    ) in done.stdout
    for relative in withdrawn:
        assert not (folder / relative).exists(), relative
    assert (folder / "notizen" / "mine.txt").read_bytes() == MINE
    assert (folder / "robots.txt").read_bytes() == b"User-agent: *\n"
    # the Person stays an OParl object (never a 404), with nothing of her left in it
    person = json.loads((folder / "oparl" / "person" / "99.json").read_text(encoding="utf-8"))
    assert person["deleted"] is True and "name" not in person
    manifest = set(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["dateien"])
    assert "index.html" in manifest and "oparl/person/99.json" in manifest
    assert not manifest & {"notizen/mine.txt", "robots.txt", *withdrawn}
    assert _siblings(folder) == []

    # from now on an ordinary build, as the nightly flow runs it
    done = _dkbm("portal", "build", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Übernommen" not in done.stdout and "Entfernt" not in done.stdout
    assert (folder / "notizen" / "mine.txt").read_bytes() == MINE
    assert _siblings(folder) == []


@pytest.mark.parametrize(
    ("holds", "reason"),
    [
        (
            "foreign",
            "enthält kein Portal einer früheren dkbm-Version (oparl/system.json und "
            "data/metadaten.json von dkbm fehlen): --uebernehmen gilt nur dafür",
        ),
        (
            "nothing",
            "enthält kein Portal einer früheren dkbm-Version (oparl/system.json und "
            "data/metadaten.json von dkbm fehlen): --uebernehmen gilt nur dafür",
        ),
        (
            "built",
            f"ist schon vom Portal gebaut ({MANIFEST} vorhanden): ohne --uebernehmen bauen",
        ),
    ],
)
def test_taking_over_a_folder_without_an_earlier_portal_is_refused_and_touches_nothing(
    holds: str, reason: str, site: Built, tmp_path: Path
) -> None:
    folder = {"foreign": tmp_path / "theirs", "nothing": tmp_path / "leer", "built": site.out}[
        holds
    ]
    if holds == "foreign":
        # what an earlier portal has, but not written by dkbm
        _plant(folder, {**FOREIGN, "oparl/system.json": b'{"name": "Ratsinfo"}'})
    elif holds == "nothing":
        folder.mkdir()
    before = _listing(tmp_path)
    done = _dkbm("portal", "build", str(folder), "--uebernehmen")
    assert done.returncode == 2, done
    assert done.stderr.strip().splitlines() == [
        f"Fehler: Portal nicht gebaut: {folder} {reason}; nichts verändert"
    ]
    assert _listing(tmp_path) == before
