"""`dkbm portal build DIR --alle`: the portals of many Kommunen in one folder.

Every Kommune with an AGS that publishes (`public.publishes`: a cycle, a public meeting or
a public library document) gets its portal under DIR/<ags>/, built as a single Kommune's
is (its own manifest, swapped in whole, only what changed written) while the build serves
that Kommune (`tenant.serving`), so it reads that Kommune's rows alone. Its URLs carry the
AGS, its Atom ids too (`feeds._id`), and its OParl Body belongs to the one System at
DIR/oparl/system.json, whose body list names every Kommune's Body.

Beside them, at the top of DIR: an index of the Kommunen (index.html, en/index.html), the
assets it needs (static/), the System and its body list (oparl/). These files are listed
in a manifest of their own (`MANIFEST`, with the Kommunen built), replaced only where their
bytes changed; a file at the top that no build of many wrote is foreign: it stays, and a
folder holding such files is refused unless forced, as for a single portal. A Kommune that
published before and does not now (or is gone) has its portal withdrawn: the files its
builds wrote are removed, foreign ones stay. The build runs as the database's owner (who
sees every Kommune), holding the lock on DIR's parent; each Kommune's build holds DIR's.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from dkbm.portal import oparl, target
from dkbm.portal.build import build, exclusive, public_address
from dkbm.portal.folder import BuildReport, NotWritten, clean_leftovers
from dkbm.portal.pages import HERE, index_of_many
from dkbm.portal.public import Among, publishes
from dkbm.portal.target import Refused
from dkbm.states.errors import DkbmError

MANIFEST = ".dkbm-portale.json"
_AGS = re.compile(r"^\d{8}$")
_SUB_TREE = re.compile(r"^\.\d{8}\.dkbm-")  # a Kommune's build beside its folder
_PARTIAL = re.compile(r"^(?P<name>.+)\.\d+\.tmp$")


@dataclass
class ManyReport:
    """What a build of many did: each Kommune's build by AGS, and the top's files."""

    built: dict[str, BuildReport] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)  # a rebuild: nothing of theirs moved
    withdrawn: dict[str, list[str]] = field(default_factory=dict)  # AGS -> files removed
    failed: dict[str, str] = field(default_factory=dict)  # AGS -> the refusal's one line
    top: BuildReport = field(default_factory=BuildReport)
    listed: list[str] = field(default_factory=list)  # AGS of the Kommunen in the index


def holds_many(out: Path) -> bool:
    """Whether *out* holds the portals of many Kommunen (a build of many wrote it)."""
    return os.path.lexists(out / MANIFEST)


def build_all(
    out: Path,
    now: datetime,
    base_url: str = "",
    only_cycles: set[int] | None = None,
    force: bool = False,
) -> ManyReport:
    """Every publishing Kommune's portal under *out*/<ags>/, the index and the System.

    *only_cycles* (after transitions): a rebuild, where a Kommune whose data did not move
    since its last build (its portal's cache says so, and none of these cycles is its) is
    left as it is; the others are rebuilt as `build` rebuilds. *force*: as for `build`,
    foreign files at the top or in a Kommune's folder stay."""
    base_url = public_address(base_url)
    folder = target.check(out)
    report = ManyReport()
    try:
        with exclusive(folder):
            before = _survey(folder, force)
            kommunen = _kommunen()
            bodies = []
            for k in kommunen:
                body = _one(folder, k, now, base_url, only_cycles, force, before, report)
                if body is not None:
                    bodies.append(body)
                    report.listed.append(k["ags"])
            for ags in sorted(set(before.kommunen) - set(report.listed) - set(report.failed)):
                report.withdrawn[ags] = _withdraw(folder / ags)
            listed = [k for k in kommunen if k["ags"] in report.listed]
            _write_top(folder, before, listed, bodies, now, base_url, report)
    except OSError as exc:
        raise NotWritten(folder, exc) from None
    return report


def _kommunen() -> list[dict[str, Any]]:
    """Every Kommune with an AGS, by AGS, as the database's owner sees them."""
    from dkbm import kommunen
    from dkbm.store import tenant

    with tenant.across():
        found = kommunen.listed()
    return sorted((k for k in found if k["ags"]), key=lambda k: k["ags"])


def _one(
    folder: Path,
    k: dict[str, Any],
    now: datetime,
    base_url: str,
    only_cycles: set[int] | None,
    force: bool,
    before: _Top,
    report: ManyReport,
) -> dict[str, Any] | None:
    """Build Kommune *k*'s portal if it publishes; its Body as published, else None."""
    from dkbm.portal.cache import Cache, current
    from dkbm.store import tenant

    ags, sub = k["ags"], folder / k["ags"]
    with tenant.serving(k["id"]):
        if not publishes():
            return None
        among = Among(ags=ags, system_url=f"{base_url}oparl/system.json")
        built = ags in before.kommunen and os.path.lexists(sub / target.MANIFEST)
        if only_cycles is not None and built:
            stamp = current()
            if not Cache(sub).outdated(stamp) and not only_cycles & set(stamp.cycles):
                report.unchanged.append(ags)
                return _body(sub)
        try:
            report.built[ags] = build(
                sub, now, f"{base_url}{ags}/", only_cycles, force, among=among
            )
        except DkbmError as exc:  # one Kommune's folder refused: the others are built
            report.failed[ags] = str(exc)
            return _body(sub) if built else None
    return _body(sub)


def _body(sub: Path) -> dict[str, Any] | None:
    """The Body a Kommune's portal published (None if it has none to show)."""
    doc = target.read_json(sub / "oparl" / "body" / "1.json")
    return doc if isinstance(doc, dict) and not doc.get("deleted") else None


@dataclass
class _Top:
    """What the last build of many wrote at the top of DIR, and the foreign files there."""

    files: set[str] = field(default_factory=set)
    kommunen: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


def _survey(folder: Path, force: bool) -> _Top:
    """The top of *folder* as the last build of many left it; refused as `target.survey`
    refuses (a Git repository, a database file, a mount, a link where the portal writes;
    foreign files unless forced or built before), with nothing touched."""
    top = _Top()
    if not folder.is_dir():
        return top
    listed = _read_manifest(folder)
    if listed is None and os.path.lexists(folder / MANIFEST) and not force:
        raise Refused(folder, "portal_manifest_damaged", manifest=MANIFEST)
    top.files, top.kommunen = listed or (set(), [])
    files, _ = target.contents(folder)
    for path in files:
        head = path.split("/", 1)[0]
        partial = _PARTIAL.match(path)
        if path == MANIFEST or path in top.files or (partial and partial["name"] in _OWN):
            continue
        if (_AGS.match(head) and "/" in path) or _SUB_TREE.match(head):
            continue  # a Kommune's portal (or its build's tree): its own build judges it
        top.foreign.append(path)
    if top.foreign and listed is None and not force:
        raise Refused(folder, "portal_not_ours", manifest=MANIFEST)
    return top


def _read_manifest(folder: Path) -> tuple[set[str], list[str]] | None:
    doc = target.read_json(folder / MANIFEST)
    if not isinstance(doc, dict) or doc.get("format") != 1:
        return None
    files, kommunen = doc.get("dateien"), doc.get("kommunen")
    if not isinstance(files, list) or not isinstance(kommunen, list):
        return None
    if not all(isinstance(p, str) for p in files):
        return None
    return set(files), [a for a in kommunen if isinstance(a, str) and _AGS.match(a)]


# what a build of many writes at the top of DIR
_STATIC = tuple(sorted(f"static/{p.name}" for p in (HERE / "static").iterdir()))
_OWN = frozenset({"index.html", "en/index.html", "oparl/system.json", "oparl/body.json", *_STATIC})


def _write_top(
    folder: Path,
    before: _Top,
    listed: list[dict[str, Any]],
    bodies: list[dict[str, Any]],
    now: datetime,
    base_url: str,
    report: ManyReport,
) -> None:
    """The index, its assets and the System, each replaced only if its bytes changed;
    what the last build of many wrote and this one does not is removed; the manifest last."""
    clashes = sorted(
        p for p in before.foreign if p in _OWN or any(p.startswith(f"{o}/") for o in _OWN)
    )
    if clashes:
        raise Refused(folder, "portal_collision", paths=", ".join(clashes[:3]))
    files: dict[str, bytes] = {
        "index.html": index_of_many(listed, "de", now).encode("utf-8"),
        "en/index.html": index_of_many(listed, "en", now).encode("utf-8"),
    }
    for path in _STATIC:
        files[path] = (HERE / path).read_bytes()
    for name, obj in oparl.system_of_many(base_url, bodies).items():
        files[f"oparl/{name}"] = oparl.encode(obj)
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        if _put(folder, path, data):
            report.top.written += 1
        else:
            report.top.unchanged += 1
    report.top.pages = 2
    report.top.removed = sorted(before.files - set(files))
    for path in report.top.removed:
        if path in _OWN:  # never anything else, whatever a manifest says
            (folder / path).unlink(missing_ok=True)
    report.top.foreign = sorted(before.foreign)
    manifest = {
        "format": 1,
        "erzeugt_von": "dkbm portal build --alle",
        "dateien": sorted(files),
        "kommunen": [k["ags"] for k in listed],
    }
    _put(folder, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=0).encode("utf-8"))


def _put(folder: Path, path: str, data: bytes) -> bool:
    """*data* at *path* under *folder*, written whole (beside it, then renamed) unless the
    file holds these bytes already; False if it did. No link is followed."""
    target_path = folder / path
    target_path.parent.mkdir(parents=True, exist_ok=True)
    if _existing(target_path) == data:
        return False
    partial = target_path.with_name(f"{target_path.name}.{os.getpid()}.tmp")
    try:
        with partial.open("xb") as handle:
            handle.write(data)
        os.replace(partial, target_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return True


def _existing(path: Path) -> bytes | None:
    """The bytes of the file at *path*, never through a link at its end; None if none."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as f:
        return f.read() if stat.S_ISREG(os.fstat(f.fileno()).st_mode) else None


def _withdraw(sub: Path) -> list[str]:
    """Remove the portal in *sub* (a Kommune that no longer publishes): the files its
    builds wrote, under the lock its builds hold; foreign files stay. Returns those removed."""
    if not sub.is_dir() or sub.is_symlink():
        return []
    with exclusive(sub):
        clean_leftovers(sub)
        found = target.survey(sub, force=True)
        for path in sorted(found.ours):
            (sub / path).unlink(missing_ok=True)
        (sub / target.MANIFEST).unlink(missing_ok=True)
        for here, _, _ in sorted(os.walk(sub), key=lambda e: -len(e[0])):
            with contextlib.suppress(OSError):  # only empty folders: foreign files keep theirs
                os.rmdir(here)
    return sorted(found.ours)
