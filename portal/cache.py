"""What a build leaves for the next one: the network part and each cycle's part (slimmed to
what the shared pages use) with its open data records, each stored with where the database
stood when it was read (`Stamp`). A rebuild after a transition then reads, encodes and
renders only the cycles whose stamp moved.

The cache is not for the web server: it lives under DKBM_PORTAL_CACHE or the system's
temporary folder, one folder per output folder and database, writable only by its owner
(it holds pickles). Losing it costs one full build; any doubt about it (another owner,
another version of the code, a change beyond the cycles) makes the build a full one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dkbm.portal.opendata import Encoded
from dkbm.portal.public import CyclePart, Network
from dkbm.store import reads
from dkbm.store.reads import reader
from dkbm.store.settings import database_url, sqlite_path

_FORMAT = 2
_LOG = logging.getLogger("dkbm.portal")
# what only a cycle's own page shows; the shared pages and feeds need the rest
_PAGE_ONLY = ("measures", "tree", "timeline", "indicators")


@dataclass(frozen=True)
class Stamp:
    """Where the database stands for the portal, and the code that renders it."""

    others: tuple[Any, ...]  # the code, and the newest audit entry of every other subject
    cycles: dict[int, tuple[Any, ...]]  # by id (ascending): version, when written
    changed_at: Any = None  # the newest audit entry's time: the data's "Stand"
    meetings_changed_at: Any = None  # the same for meetings (their calendar entries)


@dataclass
class Kept:
    """A cycle as the next build reuses it when the cycle did not change."""

    part: CyclePart
    data: dict[str, Encoded]


def current() -> Stamp:
    """Where the database stands now."""
    with reader(database_url()) as r:
        others = tuple(sorted(reads.portal.audit_stamps(r).items()))
        changed, meetings = reads.portal.data_moments(r)
        return Stamp(
            others=(_FORMAT, _CODE, others),
            cycles=reads.portal.cycle_marks(r),
            changed_at=changed,
            meetings_changed_at=meetings,
        )


def slim(part: CyclePart) -> CyclePart:
    cycle = {k: v for k, v in part.cycle.items() if k not in _PAGE_ONLY}
    return replace(part, cycle=cycle, indicators=[])


class Cache:
    def __init__(self, out: Path) -> None:
        self.folder = _folder(out)

    def load(self, now: Stamp) -> tuple[Network, dict[int, Kept]] | None:
        """The network and the cycles unchanged since they were stored, if the network and
        the code are unchanged too (else None: a full build)."""
        if self.folder is None:
            return None
        network = self._read("network", (now.others,))
        if network is None:
            return None
        kept = {}
        for cycle_id, mark in now.cycles.items():
            found = self._read(f"zyklus-{cycle_id}", (now.others, mark))
            if found is not None:
                kept[cycle_id] = found
        return network, kept

    def save(self, now: Stamp, network: Network | None, cycles: dict[int, Kept]) -> None:
        """Store what this build read: written after its files, so a build that stopped
        halfway leaves its cycles to be read again."""
        if self.folder is None:
            return
        try:
            for partial in self.folder.glob("*.tmp"):  # of a stopped build (builds take turns)
                partial.unlink(missing_ok=True)
            for cycle_id, kept in cycles.items():
                if cycle_id in now.cycles:
                    self._write(f"zyklus-{cycle_id}", (now.others, now.cycles[cycle_id]), kept)
            if network is not None:
                self._write("network", (now.others,), network)
            self._write("stamp", (), now)
        except OSError as exc:  # the portal is written; the next build reads more, that is all
            _LOG.warning("portal cache not saved (%s): the next build reads anew", exc.strerror)

    def outdated(self, now: Stamp) -> bool:
        """Whether the database (or the code) moved since the last build stored its stamp;
        without a place for the cache: never (builds then follow the relayed events)."""
        return self.folder is not None and self._read("stamp", ()) != now

    def _read(self, name: str, key: tuple[Any, ...]) -> Any:
        try:
            with (self.folder / f"{name}.pickle").open("rb") as f:  # type: ignore[operator]
                if pickle.load(f) != key:  # the key first: no unpickling of stale parts
                    return None
                return pickle.load(f)
        except Exception:  # missing, damaged, written by other code: read it anew
            return None

    def _write(self, name: str, key: tuple[Any, ...], value: Any) -> None:
        target = self.folder / f"{name}.pickle"  # type: ignore[operator]
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            with partial.open("wb") as f:
                pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(target)
        except OSError:
            partial.unlink(missing_ok=True)
            raise


def _folder(out: Path) -> Path | None:
    """This output's and database's folder, or None when the place is not ours alone."""
    url = database_url()
    database = str(Path(sqlite_path(url)).resolve()) if url.startswith("sqlite:///") else url
    name = hashlib.blake2b(f"{out.resolve()}\n{database}".encode(), digest_size=10).hexdigest()
    root = os.environ.get("DKBM_PORTAL_CACHE", "").strip()
    base = Path(root) if root else Path(tempfile.gettempdir()) / f"dkbm-portal-{os.getuid()}"
    folder = base / name
    if Path(os.path.realpath(base)).is_relative_to(out.resolve()):
        _LOG.warning("portal cache %s is inside the published folder: not used", base)
        return None
    try:
        # one level at a time: with parents=True the umask, not 0o700, would apply to base
        base.mkdir(mode=0o700, parents=bool(root), exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        for place in (base, folder):
            info = place.lstat()
            if place.is_symlink() or info.st_uid != os.getuid() or info.st_mode & 0o022:
                _LOG.warning(
                    "portal cache %s is not ours alone (owner, mode or link): every build "
                    "is a full one; set DKBM_PORTAL_CACHE to a folder only this user can write",
                    place,
                )
                return None
    except OSError as exc:
        _LOG.warning("portal cache unusable (%s): every build is a full one", exc.strerror)
        return None
    return folder


def _code() -> str:
    """The code that turns data into parts and pages, by its files' contents, taken when it
    is imported: another version never reuses this one's parts (file times would not do:
    reproducible builds fix them)."""
    import dkbm
    from dkbm import notifications, states, store

    folders = [Path(m.__file__).resolve().parent for m in (dkbm, states, store, notifications)]
    folders.append(Path(__file__).resolve().parent)
    files = {
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in (".py", ".html", ".md", ".txt") and "__pycache__" not in path.parts
    }
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_CODE = _code()
