"""Which folder a build may write, and what that folder holds.

A build writes into an empty folder or one it built before: its manifest (`MANIFEST`, a
hidden file in the folder) lists every file it wrote, and only those are ever replaced or
removed. A folder with other files is refused unless forced (`--erzwingen`); forced, the
other files stay and no build removes them. A folder holding the portal of an earlier
version (no manifest, but that portal's signature files) is refused with the one step that
takes it over (`--uebernehmen`): the files that version's build wrote are the portal's
(`EARLIER_PAGES`, `EARLIER_FOLDERS`), every other file is foreign. Never accepted: the
root folder, the home folder or one holding it, a folder with a Git repository or a
database file anywhere in it, a symbolic link, a mount point. Nothing is followed: a link
in the folder is an entry like any other, and one where the portal writes is refused.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dkbm.states.errors import DkbmError, Reason

MANIFEST = ".dkbm-portal.json"
DATABASE = re.compile(r"\.(db|sqlite|sqlite3)(-wal|-shm|-journal)?$", re.IGNORECASE)
# what a build of an earlier version left when it stopped between writing and renaming
_PARTIAL = re.compile(r"^(?P<name>.+)\.\d+\.tmp$")
# the names a portal uses at the top of its folder: a link there is never followed
OWN_TOP = frozenset(
    {
        *("index.html", "gremien.html", "sitzungen.html", "beschluesse.html"),
        *("abdeckung.html", "wissen.html", "daten.html", "netzwerk.html"),
        *("en", "zyklus", "sitzung", "feeds", "data", "oparl", "static", "wissen"),
        MANIFEST,
    }
)
# The files dkbm wrote before the manifest (up to 19b2264): these pages at the top, and every
# file under these folders, which that build claimed whole (it removed any file there it did
# not write: `_Writer.prune`, and `_publish_files` for wissen/). Anything else is foreign.
EARLIER_PAGES = frozenset(
    {
        *("index.html", "gremien.html", "sitzungen.html", "beschluesse.html"),
        *("abdeckung.html", "wissen.html", "daten.html"),
    }
)
EARLIER_FOLDERS = frozenset(
    {"en", "zyklus", "sitzung", "feeds", "data", "oparl", "static", "wissen"}
)
# what an earlier portal is known by: files its build always wrote, with what marks them
_OPARL_SYSTEM = "https://schema.oparl.org/1.1/System"
_SIGNATURE_LIMIT = 1 << 20  # both are a few kilobytes; a bigger file is none of them


class Refused(DkbmError):
    """The folder is no place for a portal; nothing was touched."""

    exit_code = 2

    def __init__(self, folder: Path, reason: str, **params: object) -> None:
        super().__init__("portal_refused", folder=str(folder), reason=Reason(reason, **params))
        self.reason = reason


@dataclass
class Found:
    """What the folder holds, by path relative to it (with "/")."""

    ours: set[str] = field(default_factory=set)  # files its manifest lists, still as written
    built: bool = False  # it has a manifest: a build wrote it
    # a portal of an earlier version, taken over: `ours` are the files its build wrote
    taken_over: bool = False
    # entries no build wrote: files, links and other non-folders, and empty folders
    foreign: dict[str, str] = field(default_factory=dict)  # path -> "file", "link", "dir", …

    def foreign_files(self) -> list[str]:
        return sorted(p for p, kind in self.foreign.items() if kind != "dir")


def check(out: Path) -> Path:
    """The folder as an absolute path, if a portal may go there at all; what can be said
    without reading it (and before anything is created)."""
    folder = Path(os.path.abspath(out))
    if folder == Path(folder.anchor):
        raise Refused(folder, "portal_is_root")
    real = Path(os.path.realpath(folder.parent)) / folder.name
    home = _home()
    if home is not None and (real == home or home.is_relative_to(real)):
        raise Refused(folder, "portal_is_home")
    if folder.is_symlink():
        raise Refused(folder, "portal_is_link")
    if folder.exists() and not folder.is_dir():
        raise Refused(folder, "portal_is_file")
    if folder.is_dir() and os.path.ismount(folder):
        raise Refused(folder, "portal_is_mount")
    return folder


def _home() -> Path | None:
    try:
        return Path(os.path.realpath(Path.home()))
    except RuntimeError:  # no HOME and no entry in the user database
        return None


def survey(folder: Path, force: bool, take_over: bool = False) -> Found:
    """What *folder* holds, or Refused: a Git repository or a database file anywhere in it,
    a mount point or a link where the portal writes, or (unless *force*) entries of a folder
    no build wrote. A portal of an earlier version is refused, forced or not, with the step
    that takes it over; with *take_over* it is taken over (and any other folder refused).
    Reads only: nothing is touched."""
    found = Found()
    if not folder.is_dir():
        if take_over:
            raise Refused(folder, "portal_takeover_unknown")
        return found
    listed = read_manifest(folder)
    has_manifest = os.path.lexists(folder / MANIFEST)
    if listed is None and not force and has_manifest:
        raise Refused(folder, "portal_manifest_damaged", manifest=MANIFEST)
    if take_over and has_manifest:
        raise Refused(folder, "portal_takeover_built", manifest=MANIFEST)
    found.built = listed is not None
    listed = listed or set()
    files, dirs = contents(folder)
    # read only now: no link where it looks (refused above), and only without a manifest
    earlier = not has_manifest and bool(files) and holds_earlier_portal(folder)
    if take_over and not earlier:
        raise Refused(folder, "portal_takeover_unknown")
    if earlier and not take_over:
        raise Refused(folder, "portal_earlier", manifest=MANIFEST, command=_take_over(folder))
    if not found.built and (files or dirs) and not force and not take_over:
        raise Refused(folder, "portal_not_ours", manifest=MANIFEST)
    if take_over:
        found.taken_over = True
        listed = {p for p, kind in files.items() if kind == "file" and is_earlier(p)}
    for path, kind in files.items():
        if path == MANIFEST:
            continue  # the build's own, replaced by every build (a damaged one too, forced)
        if kind == "file" and path in listed:
            found.ours.add(path)
        elif not is_ours(path, listed):  # else an earlier version's partial file: left behind
            found.foreign[path] = kind
    occupied = {parent for path in files for parent in _parents(path)}
    found.foreign |= {d: "dir" for d in dirs if d not in occupied}
    return found


def contents(folder: Path) -> tuple[dict[str, str], set[str]]:
    """The files (with their kind) and the folders under *folder*, or Refused if it holds
    what no portal may: a Git repository, a database file, a mount point, a link where the
    portal writes."""
    files: dict[str, str] = {}
    dirs: set[str] = set()
    for path, kind in _entries(folder):
        name = path.rsplit("/", 1)[-1]
        if name == ".git":
            raise Refused(folder, "portal_holds_git", path=path)
        if DATABASE.search(name) and kind != "dir":
            raise Refused(folder, "portal_holds_database", path=path)
        if kind == "mount":
            raise Refused(folder, "portal_holds_mount", path=path)
        if kind == "link" and path.split("/", 1)[0] in OWN_TOP:
            raise Refused(folder, "portal_holds_link", path=path)
        if kind == "dir":
            dirs.add(path)
        else:
            files[path] = kind
    return files, dirs


def is_earlier(path: str) -> bool:
    """Whether an earlier version's build (before the manifest) wrote *path*, as far as its
    layout tells: one of its pages, or anything under one of its folders (a partial file it
    left beside one of its pages too)."""
    partial = _PARTIAL.match(path)
    top, _, rest = (partial["name"] if partial else path).partition("/")
    return top in EARLIER_FOLDERS if rest else top in EARLIER_PAGES


def holds_earlier_portal(folder: Path) -> bool:
    """Whether *folder* holds what an earlier version's build always wrote: its OParl
    System (named "dkbm – …") and its open-data metadata (the licence and the data sets)."""
    system = read_json(folder / "oparl" / "system.json")
    meta = read_json(folder / "data" / "metadaten.json")
    return (
        isinstance(system, dict)
        and system.get("type") == _OPARL_SYSTEM
        and str(system.get("name", "")).startswith("dkbm")
        and isinstance(meta, dict)
        and isinstance(meta.get("lizenz"), dict)
        and isinstance(meta.get("datensaetze"), list)
    )


def read_json(path: Path) -> object:
    """A small JSON file, never through a link at its end; None if it is none."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            data = f.read(_SIGNATURE_LIMIT + 1)
        return None if len(data) > _SIGNATURE_LIMIT else json.loads(data)
    except (OSError, ValueError):
        return None


def _take_over(folder: Path) -> str:
    return f"dkbm portal build {shlex.quote(str(folder))} --uebernehmen"


def _parents(path: str) -> Iterator[str]:
    parts = path.split("/")
    for n in range(1, len(parts)):
        yield "/".join(parts[:n])


def _entries(root: Path) -> Iterator[tuple[str, str]]:
    """Every entry under *root* with its kind ("file", "dir", "link", "mount", "other"),
    parents first; links are entries, never followed."""
    device = root.lstat().st_dev
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(root / relative if relative else root) as listing:
            for entry in listing:
                path = f"{relative}/{entry.name}" if relative else entry.name
                mode = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(mode.st_mode):
                    yield path, "link"
                elif stat.S_ISDIR(mode.st_mode):
                    if mode.st_dev != device:
                        yield path, "mount"
                        continue
                    yield path, "dir"
                    pending.append(path)
                else:
                    yield path, "file" if stat.S_ISREG(mode.st_mode) else "other"


def read_manifest(folder: Path) -> set[str] | None:
    """The files a build wrote into *folder*, as its manifest lists them; None without a
    readable one (a link is not read)."""
    try:
        handle = os.open(folder / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as f:
            data = json.loads(f.read())
        files = data["dateien"]
        if data.get("format") != 1 or not all(isinstance(p, str) for p in files):
            return None
        return set(files)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def manifest_bytes(files: set[str]) -> bytes:
    return json.dumps(
        {"format": 1, "erzeugt_von": "dkbm portal build", "dateien": sorted(files)},
        ensure_ascii=False,
        indent=0,
    ).encode("utf-8")


def is_ours(path: str, listed: set[str]) -> bool:
    """Whether a build wrote *path* (its manifest lists it), or it is the manifest, or a
    partial file left beside one of them (by an earlier version, or by a takeover)."""
    if path in listed or path == MANIFEST:
        return True
    partial = _PARTIAL.match(path)
    return bool(partial and (partial["name"] in listed or partial["name"] == MANIFEST))
