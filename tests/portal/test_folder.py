"""Where a build may write and what it may remove: only into an empty folder or one it
built, only the files it wrote, never through a link, and the whole portal at once (a build
stopped on the way leaves the old portal in full, and the next one tidies up). The CLI runs
as a coordinator runs it: a process of its own."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from dkbm import cycles, network
from dkbm.portal.target import MANIFEST, OWN_TOP
from tests.conftest import T0
from tests.factories import BY
from tests.portal.conftest import Built

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = {
    "data/mine.csv": b"meine;daten\n",
    "oparl/mine.json": b'{"type": "https://schema.oparl.org/1.1/Person", "id": "x"}',
    "zyklus/77.html": b"<p>meine Seite</p>",
    "wissen/99/f.pdf": b"%PDF-1.7 meins",
}


def _dkbm(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dkbm", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def _listing(folder: Path) -> dict[str, bytes | str]:
    """Everything under *folder*, links as links (never followed): what must not change."""
    found: dict[str, bytes | str] = {}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


def _plant(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def test_a_folder_of_someone_else_is_refused_and_nothing_in_it_touched(
    site: Built, tmp_path: Path
) -> None:
    theirs = tmp_path / "theirs"
    _plant(theirs, FOREIGN)
    before = _listing(theirs)
    done = _dkbm("portal", "build", str(theirs))
    assert done.returncode == 2, done
    assert done.stderr.strip().splitlines() == [
        f"Fehler: Portal nicht gebaut: {theirs} ist nicht leer und nicht von 'dkbm portal "
        f"build' gebaut (kein {MANIFEST}): einen leeren Ordner wählen oder --erzwingen "
        "(fremde Dateien bleiben); nichts verändert"
    ]
    assert _listing(theirs) == before and _siblings(theirs) == []


def test_forced_the_build_keeps_foreign_files_and_says_so_and_so_does_the_next(
    site: Built, tmp_path: Path
) -> None:
    theirs = tmp_path / "theirs"
    _plant(theirs, FOREIGN)
    done = _dkbm("portal", "build", str(theirs), "--erzwingen")
    assert done.returncode == 0, done.stderr
    kept = ", ".join(sorted(FOREIGN))
    assert f"Fremde Dateien behalten (nicht vom Portal geschrieben, nie entfernt): {kept}" in (
        done.stdout
    )
    for relative, data in FOREIGN.items():
        assert (theirs / relative).read_bytes() == data, relative
    assert (theirs / "index.html").is_file() and (theirs / "zyklus" / "1.html").is_file()
    manifest = json.loads((theirs / MANIFEST).read_text(encoding="utf-8"))
    assert not set(FOREIGN) & set(manifest["dateien"])
    # the folder is the portal's now: no --erzwingen needed, the foreign files stay again
    done = _dkbm("portal", "build", str(theirs))
    assert done.returncode == 0 and kept in done.stdout, done.stderr
    for relative, data in FOREIGN.items():
        assert (theirs / relative).read_bytes() == data, relative
    assert "oparl/mine.json" not in (theirs / "oparl" / "body" / "1" / "person.json").read_text()
    assert _siblings(theirs) == []


def test_forced_a_foreign_file_where_the_portal_writes_is_refused_not_replaced(
    site: Built, tmp_path: Path
) -> None:
    theirs = tmp_path / "theirs"
    _plant(theirs, {"index.html": b"<p>Willkommen</p>", "robots.txt": b"User-agent: *\n"})
    before = _listing(theirs)
    done = _dkbm("portal", "build", str(theirs), "--erzwingen")
    assert done.returncode == 2
    assert "enthält fremde Dateien, wo das Portal schreibt (index.html)" in done.stderr
    assert _listing(theirs) == before and _siblings(theirs) == []


@pytest.mark.parametrize(
    ("place", "reason"),
    [
        ("/", "ist das Wurzelverzeichnis"),
        ("home", "ist der persönliche Ordner (HOME) oder enthält ihn"),
        ("above-home", "ist der persönliche Ordner (HOME) oder enthält ihn"),
        ("repository", "enthält ein Git-Repository (.git)"),
        ("database", "enthält eine Datenbankdatei (demo.db)"),
        ("database-wal", "enthält eine Datenbankdatei (sicherung/dkbm.sqlite3-wal)"),
        ("file", "ist eine Datei, kein Ordner"),
        ("link", "ist ein symbolischer Link (den Ordner selbst angeben)"),
    ],
)
def test_no_place_for_a_portal_is_refused_in_one_line_and_left_as_it_was(
    place: str, reason: str, site: Built, tmp_path: Path
) -> None:
    home = tmp_path / "users" / "kim"
    _plant(home, {"notizen.txt": b"privat"})
    folder = {
        "/": Path("/"),
        "home": home,
        "above-home": home.parent,
        "repository": tmp_path / "repo",
        "database": tmp_path / "daten",
        "database-wal": tmp_path / "daten",
        "file": tmp_path / "datei.txt",
        "link": tmp_path / "verweis",
    }[place]
    if place == "repository":
        _plant(folder, {".git/config": b"[core]\n", "README.md": b"hallo"})
    elif place == "database":
        _plant(folder, {"demo.db": b"SQLite format 3\x00"})
    elif place == "database-wal":
        _plant(folder, {"sicherung/dkbm.sqlite3-wal": b"wal"})
    elif place == "file":
        folder.write_text("keine Seite")
    elif place == "link":
        folder.symlink_to(site.out)
    watched = tmp_path if place != "/" else site.out
    before = _listing(watched)
    done = _dkbm("portal", "build", str(folder), "--erzwingen", env={"HOME": str(home)})
    assert done.returncode == 2, done
    assert done.stderr.strip().splitlines() == [
        f"Fehler: Portal nicht gebaut: {folder} {reason}; nichts verändert"
    ]
    assert _listing(watched) == before


def test_the_refusal_speaks_english_when_asked(site: Built, tmp_path: Path) -> None:
    theirs = tmp_path / "repo"
    _plant(theirs, {".git/HEAD": b"ref: refs/heads/main\n"})
    done = _dkbm("--lang", "en", "portal", "build", str(theirs))
    assert done.stderr.strip() == (
        f"Error: portal not built: {theirs} holds a Git repository (.git); nothing changed"
    )


def test_a_linked_folder_is_neither_followed_nor_emptied(site: Built, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _plant(elsewhere, {"2/Konzept Übergänge.pdf": b"nicht des Portals", "wichtig.txt": b"!"})
    shutil.rmtree(site.out / "wissen")
    (site.out / "wissen").symlink_to(elsewhere)
    before = _listing(tmp_path)
    done = _dkbm("portal", "build", str(site.out))
    assert done.returncode == 2
    assert "enthält einen symbolischen Link, wo das Portal schreibt (wissen)" in done.stderr
    assert _listing(tmp_path) == before
    # a link where the portal does not write is kept as a link, and not looked into
    (site.out / "wissen").unlink()
    (site.out / "extern").symlink_to(elsewhere)
    done = _dkbm("portal", "build", str(site.out))
    assert done.returncode == 0, done.stderr
    assert os.readlink(site.out / "extern") == str(elsewhere)
    assert _listing(elsewhere) == {
        "2": "folder",
        "2/Konzept Übergänge.pdf": b"nicht des Portals",
        "wichtig.txt": b"!",
    }


def test_a_portal_has_at_its_top_only_the_names_where_a_link_is_refused(site: Built) -> None:
    assert {p.name for p in site.out.iterdir()} <= OWN_TOP


def _kommune_with_many_pages(count: int) -> None:
    """Cycles with many Maßnahmen, each with a Kennzahl: a build long enough to stop."""
    from dkbm import indicators
    from dkbm.states.indicators import ItemKind

    for n in range(count):
        c = cycles.start(title=f"Zyklus {n}", board_id=1, by=BY, now=T0).id or 0
        goal = cycles.add_goal(c, f"Ziel {n}", ["schule"], by=BY, now=T0).goals[-1].id
        strategy = cycles.add_strategy(c, goal, "Strategie", by=BY, now=T0).strategies[-1].id
        for m in range(25):
            done = cycles.save_measure(
                c,
                strategy_id=strategy,
                title=f"Maßnahme {n}.{m}",
                owner_id=1,
                indicator="Quote",
                target_value="90 %",
                deadline=None,
                by=BY,
                now=T0,
            )
            ind = indicators.add(
                c,
                item_kind=ItemKind.MASSNAHME,
                item_id=done.measures[-1].id,
                name=f"Quote {n}.{m}",
                unit="%",
                source="Statistik",
                baseline=(40.0, 2022),
                target=(80.0, 2028),
                by=BY,
                now=T0,
            )
            for year in range(2023, 2027):
                indicators.record_value(
                    ind.id or 0, year=year, value=41.0 + year % 7, by=BY, now=T0
                )


def _pages_naming(folder: Path, text: str) -> int:
    return sum(text in p.read_text(encoding="utf-8") for p in folder.rglob("*.html"))


def test_a_build_killed_midway_leaves_the_old_portal_in_full_and_the_next_one_tidies_up(
    site: Built, tmp_path: Path
) -> None:
    _kommune_with_many_pages(4)
    assert _dkbm("portal", "build", str(site.out)).returncode == 0
    before = _listing(site.out)
    pages = _pages_naming(site.out, "Kreis Test")
    network.change_municipality(name="Kreis Neuland", by=BY, now=T0 + timedelta(days=2))

    build = subprocess.Popen(
        [sys.executable, "-m", "dkbm", "portal", "build", str(site.out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:  # stopped once the new tree beside the folder has its first pages
        end = time.monotonic() + 60
        while time.monotonic() < end and build.poll() is None:
            trees = list(site.out.parent.glob(f".{site.out.name}.dkbm-neu-*"))
            if trees and (trees[0] / "index.html").exists():
                break
            time.sleep(0.002)
        build.send_signal(signal.SIGKILL)
    finally:
        build.wait()
    assert build.returncode == -signal.SIGKILL, "the build ended before it could be stopped"
    assert _listing(site.out) == before  # the old portal, every file of it
    assert _pages_naming(site.out, "Kreis Neuland") == 0
    assert len(_siblings(site.out)) == 1  # the stopped build's tree, beside the folder

    done = _dkbm("portal", "build", str(site.out))
    assert done.returncode == 0, done.stderr
    assert "Aufgeräumt: 1 Reste abgebrochener Läufe" in done.stdout
    assert _siblings(site.out) == [] and not list(site.out.rglob("*.tmp"))
    assert _pages_naming(site.out, "Kreis Neuland") == pages
    assert _pages_naming(site.out, "Kreis Test") == 0


def test_what_a_stopped_build_left_is_tidied_up_and_nothing_foreign_lost(
    site: Built, tmp_path: Path
) -> None:
    from dkbm.portal.build import build

    # a build of an earlier version stopped between writing a page and renaming it
    (site.out / "index.html.4242.tmp").write_bytes(b"")
    # a tree that was still being written
    unfinished = site.out.parent / f".{site.out.name}.dkbm-neu-4242-0a1b2c3d"
    _plant(unfinished, {".dkbm-portal-im-bau": unfinished.name.encode(), "index.html": b"x"})
    # a portal swapped out whose tidying stopped: its own files, and one of someone else
    swapped = site.out.parent / f".{site.out.name}.dkbm-neu-4343-0a1b2c3d"
    _plant(swapped, {"index.html": b"<p>alt</p>", "data/mine.csv": b"meine;daten\n"})
    (swapped / MANIFEST).write_text(json.dumps({"format": 1, "dateien": ["index.html"]}))

    report = build(site.out, T0 + timedelta(days=1))
    assert report.cleaned == 2 and report.left == []
    assert _siblings(site.out) == [] and not list(site.out.rglob("*.tmp"))
    assert (site.out / "data" / "mine.csv").read_bytes() == b"meine;daten\n"
    assert report.foreign == ["data/mine.csv"]


def test_a_full_disk_is_one_line_and_the_old_portal_stays(site: Built, tmp_path: Path) -> None:
    """A small file system of its own (tmpfs in a user and mount namespace): filled up
    after the first build, the second cannot write its tree."""
    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode
    ):
        pytest.skip("no user namespaces here (unshare -rm)")
    disk, copy = tmp_path / "disk", tmp_path / "after"
    disk.mkdir()
    script = f"""
set -e
mount -t tmpfs -o size=2m tmpfs {disk}
{sys.executable} -m dkbm portal build {disk}/portal >/dev/null
cp -a {disk}/portal {copy}-before
dd if=/dev/zero of={disk}/fill bs=4k 2>/dev/null || true
{sys.executable} -m dkbm portal build {disk}/portal && exit 9 || echo "rc=$?"
cp -a {disk}/portal {copy}
ls -a {disk}
"""
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"Fehler: Portal nicht geschrieben: {disk}/portal: kein Platz mehr auf dem "
        "Datenträger; das bisherige Portal bleibt"
    ]
    assert "rc=1" in done.stdout
    assert sorted(done.stdout.split()[1:]) == [".", "..", "fill", "portal"]  # nothing beside
    assert _listing(copy) == _listing(Path(f"{copy}-before"))


def test_foreign_files_are_in_place_at_the_moment_the_new_portal_is_swapped_in(
    site: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `.htaccess` or a link of the Kommune's own is never missing for a request: it is
    in the new tree when the swap happens (watched at that moment), as the same file."""
    from dkbm.portal import folder as portal_folder
    from dkbm.portal.build import build

    theirs = tmp_path / "theirs"
    _plant(theirs, {".htaccess": b"Require all granted\n", "notizen/x.txt": b"x"})
    (theirs / "robots.txt").symlink_to("notizen/x.txt")
    inode = (theirs / ".htaccess").stat().st_ino
    seen: dict[str, bool] = {}
    swap = portal_folder._swap

    def watched(new: Path, live: Path) -> Path:
        for path in (".htaccess", "notizen/x.txt", "robots.txt"):
            seen[path] = os.path.lexists(new / path)
        return swap(new, live)

    monkeypatch.setattr(portal_folder, "_swap", watched)
    for force in (True, False):  # the forced first build, then an ordinary one
        seen.clear()
        report = build(theirs, T0, force=force)
        assert seen == {".htaccess": True, "notizen/x.txt": True, "robots.txt": True}
        assert report.foreign == [".htaccess", "notizen/x.txt", "robots.txt"]
    assert (theirs / ".htaccess").stat().st_ino == inode
    assert os.readlink(theirs / "robots.txt") == "notizen/x.txt"
    assert _siblings(theirs) == []
