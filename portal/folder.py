"""The published folder, swapped whole.

A build writes a new tree beside the live folder (hidden: `.<name>.dkbm-neu-<pid>-<token>`):
files whose bytes changed are written, the others hard-linked from the live folder (same
inode and time: nothing is copied, and a web server's caches stay valid), and a manifest
lists them all (`portal.target`). Then one rename swaps the two folders, so a reader sees
the old portal or the new one, never a mix; the old tree is retired: the files a build
wrote are removed, anything else in it (files the portal did not write) is moved into the
live folder. A build stopped on the way leaves its tree beside the folder, which the next
build removes (or retires, if the swap had happened). A folder of an earlier version taken
over gets a manifest of what that version wrote just before the swap, so it is retired as
any other. Nothing here follows a link.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import secrets
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO

from dkbm.portal.target import MANIFEST, Found, Refused, is_ours, manifest_bytes, read_manifest
from dkbm.states.errors import DkbmError
from dkbm.states.i18n import t

_UNFINISHED = ".dkbm-portal-im-bau"  # in a tree being written: all of it is the build's own
_RENAME_NOREPLACE, _RENAME_EXCHANGE, _AT_FDCWD = 1, 2, -100
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}
_NO_LINK = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.EOPNOTSUPP, errno.ENOTSUP}


@dataclass
class BuildReport:
    written: int = 0
    unchanged: int = 0
    pages: int = 0
    full: bool = True  # else a rebuild of what changed, the rest from the cache
    cycles_read: int = 0
    removed: list[str] = field(default_factory=list)  # files an earlier build wrote, gone now
    foreign: list[str] = field(default_factory=list)  # files no build wrote: kept, never removed
    cleaned: int = 0  # trees of builds that stopped on the way, removed
    left: list[str] = field(default_factory=list)  # beside the folder: could not be moved back
    taken_over: bool = False  # a portal of an earlier version, its manifest written now


class NotWritten(DkbmError):
    """Writing the new portal failed (disk full, no permission); the live one is as it was."""

    def __init__(self, folder: Path, exc: OSError) -> None:
        causes = {
            errno.ENOSPC: "portal_cause_disk_full",
            errno.EDQUOT: "portal_cause_quota",
            errno.EROFS: "portal_cause_read_only",
            errno.EACCES: "file_no_permission",
            errno.EPERM: "file_no_permission",
        }
        key = causes.get(exc.errno or 0)
        detail = t(key) if key else exc.strerror or type(exc).__name__
        super().__init__("portal_not_written", folder=str(folder), detail=detail)


class Tree:
    """The new portal, written beside the live folder *live* until `publish` swaps it in."""

    def __init__(self, live: Path, found: Found, report: BuildReport) -> None:
        self.live, self.found, self.report = live, found, report
        self.root = _sibling(live, "neu")
        self.root.mkdir()
        try:
            (self.root / _UNFINISHED).write_text(self.root.name)
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        self.done: set[str] = set()  # written or linked: what the manifest lists
        self._made = {""}
        self._swapped = False

    def write(self, relative: str, data: bytes) -> None:
        target = self._place(relative)
        if relative in self.done:  # never opened for writing: it may be the live file's inode
            target.unlink()
        self.done.add(relative)
        if self._live_bytes(relative) == data and self._link(relative):
            self.report.unchanged += 1
            return
        with target.open("xb") as handle:
            handle.write(data)
        self.report.written += 1

    def same(self, relative: str, size: int, sha256: str) -> bool:
        """Whether the live folder has this file with these bytes (a library file: no need to
        read it from the database again); if so, it is taken over."""
        handle = self._open_live(relative)
        if handle is None:
            return False
        with handle:
            if os.fstat(handle.fileno()).st_size != size:
                return False
            if hashlib.file_digest(handle, "sha256").hexdigest() != sha256:
                return False
        if not self._link(relative):
            return False
        self.done.add(relative)
        self.report.unchanged += 1
        return True

    def keep(self, relative: str) -> None:
        """Take over a live file this build did not render (a rebuild's pages of other
        cycles and of meetings)."""
        if relative in self.found.ours and self._link(relative):
            self.done.add(relative)

    def finish(self, kept: set[str]) -> None:
        for relative in sorted(kept):
            self.keep(relative)
        self.report.removed = sorted(self.found.ours - self.done)
        self.report.foreign = self.found.foreign_files()
        (self.root / MANIFEST).write_bytes(manifest_bytes(self.done))

    def publish(self) -> list[str]:
        """Swap the tree in for the live folder; returns the foreign files that could not be
        moved over (they stay beside it). Refused, with nothing touched, when a file no
        build wrote is where this one writes."""
        clashes = _collisions(self.found, self.done)
        if clashes:
            shown = ", ".join(clashes[:3]) + (f" (+{len(clashes) - 3})" if len(clashes) > 3 else "")
            raise Refused(self.live, "portal_collision", paths=shown)
        if os.path.lexists(self.live):
            _inherit(self.live, self.root)
        if self.found.taken_over:
            _claim(self.live, self.found.ours)
            self.report.taken_over = True
        _carry_foreign(self.live, self.root, self.found.foreign)
        os.unlink(self.root / _UNFINISHED)
        if not os.path.lexists(self.live):
            os.rename(self.root, self.live)
            self._swapped = True
            return []
        old = _swap(self.root, self.live)
        self._swapped = True
        return retire(old, self.live)

    def discard(self) -> None:
        """Remove the tree unless it was swapped in (its name then holds the old portal)."""
        if not self._swapped:
            shutil.rmtree(self.root, ignore_errors=True)

    def _place(self, relative: str) -> Path:
        parent = relative.rpartition("/")[0]
        if parent not in self._made:
            (self.root / parent).mkdir(parents=True, exist_ok=True)
            parts = parent.split("/")
            self._made.update("/".join(parts[: n + 1]) for n in range(len(parts)))
        return self.root / relative

    def _open_live(self, relative: str) -> BinaryIO | None:
        if relative not in self.found.ours:
            return None
        try:
            return os.fdopen(os.open(self.live / relative, os.O_RDONLY | os.O_NOFOLLOW), "rb")
        except OSError:
            return None

    def _live_bytes(self, relative: str) -> bytes | None:
        handle = self._open_live(relative)
        if handle is None:
            return None
        with handle:
            return handle.read()

    def _link(self, relative: str) -> bool:
        """The live file, as it is, into the tree: a hard link (a copy with its time where
        the file system has none); False if it is no longer a regular file."""
        source, target = self.live / relative, self._place(relative)
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in _NO_LINK:
                raise
            return self._copy(relative)
        if stat.S_ISREG(os.lstat(target).st_mode):
            return True
        target.unlink()  # replaced by something else since the survey: not taken over
        return False

    def _copy(self, relative: str) -> bool:
        handle = self._open_live(relative)
        if handle is None:
            return False
        with handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return False
            with self._place(relative).open("xb") as copy:
                shutil.copyfileobj(handle, copy)
        os.utime(self.root / relative, ns=(info.st_atime_ns, info.st_mtime_ns))
        return True


def _sibling(live: Path, kind: str) -> Path:
    return live.parent / f".{live.name}.dkbm-{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _collisions(found: Found, written: set[str]) -> list[str]:
    """Foreign entries where the new tree has a file, or a folder where it has a file."""
    folders = {"/".join(p.split("/")[:n]) for p in written for n in range(1, p.count("/") + 1)}
    clashes = []
    for path, kind in found.foreign.items():
        parts = path.split("/")
        above = ("/".join(parts[:n]) for n in range(1, len(parts)))
        # a file where one is written, or above one; anything but a folder where one is made
        if (
            path in written
            or any(p in written for p in above)
            or (kind != "dir" and path in folders)
        ):
            clashes.append(path)
    return sorted(clashes)


def _claim(live: Path, ours: set[str]) -> None:
    """A manifest for an earlier version's portal, listing what it wrote: swapped out, the
    folder is retired as any build's (those files removed, the others moved over), even by
    the next build if this one stops. Written whole or not at all."""
    partial = live / f"{MANIFEST}.{os.getpid()}.tmp"
    try:
        with partial.open("xb") as handle:
            handle.write(manifest_bytes(ours))
        os.rename(partial, live / MANIFEST)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _carry_foreign(live: Path, root: Path, foreign: dict[str, str]) -> None:
    """Foreign entries are in the new tree the moment it is swapped in (a `.htaccess` is
    never missing for a request): files hard-linked (the same file, not a copy), links
    made again, empty folders made. What cannot be carried is moved over after the swap."""
    for path, kind in sorted(foreign.items()):
        source, target = live / path, root / path
        with contextlib.suppress(OSError):  # e.g. another user's file: moved after the swap
            target.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                os.link(source, target, follow_symlinks=False)
            elif kind == "link":
                os.symlink(os.readlink(source), target)
            elif kind == "dir":
                target.mkdir(exist_ok=True)


def _same_entry(a: Path, b: Path) -> bool:
    """Whether *a* and *b* are one file (hard links) or equal links: a carried entry."""
    try:
        first, second = os.lstat(a), os.lstat(b)
        if stat.S_ISLNK(first.st_mode) and stat.S_ISLNK(second.st_mode):
            return os.readlink(a) == os.readlink(b)
        return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)
    except OSError:
        return False


def _inherit(live: Path, root: Path) -> None:
    """The new folder takes the live one's permissions (and group, where allowed): a web
    server that could read the old one reads the new one."""
    info = os.lstat(live)
    os.chmod(root, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(OSError):  # not a member of that group
        os.chown(root, -1, info.st_gid)


def _swap(new: Path, live: Path) -> Path:
    """*new* in place of *live* in one step (Linux: renameat2 with RENAME_EXCHANGE); where
    the file system cannot exchange, two renames: the folder is missing for a moment, but
    never mixed. Returns where the old tree is now."""
    try:
        _rename(new, live, _RENAME_EXCHANGE)
        return new
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
    aside = _sibling(live, "alt")
    os.rename(live, aside)
    try:
        os.rename(new, live)
    except BaseException:
        os.rename(aside, live)
        raise
    return aside


@cache
def _renameat2() -> Callable[..., int] | None:
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not glibc 2.28 or newer
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def _rename(source: Path, target: Path, flags: int) -> None:
    call = _renameat2()
    if call is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(target))
    if call(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(target))


def _move(source: Path, target: Path) -> bool:
    """*source* to *target* unless something is there; False if something is."""
    try:
        _rename(source, target, _RENAME_NOREPLACE)
        return True
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            return False
        if exc.errno not in _UNSUPPORTED:
            raise
    if os.path.lexists(target):
        return False
    os.rename(source, target)
    return True


def retire(old: Path, live: Path) -> list[str]:
    """Empty *old*, a portal swapped out (or left by a build that stopped): what its
    manifest lists is removed, anything else moved into *live* where nothing is in its way.
    Returns what had to stay in *old* (which then stays too)."""
    listed = read_manifest(old) or set()
    holding = {"/".join(p.split("/")[:n]) for p in listed for n in range(1, p.count("/") + 1)}
    left: list[str] = []

    def visit(relative: str) -> None:
        with os.scandir(old / relative if relative else old) as listing:
            entries = list(listing)
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                if path in holding or not _move_into(live, old, path):
                    visit(path)
                    _remove_empty(old / path)
            elif is_ours(path, listed):
                os.unlink(old / path)
            elif _same_entry(old / path, live / path):
                os.unlink(old / path)  # carried into the new tree before the swap
            elif not _move_into(live, old, path):
                left.append(path)

    visit("")
    _remove_empty(old)
    return left


def _move_into(live: Path, old: Path, path: str) -> bool:
    """Move a foreign entry of *old* to the same place in *live* (creating the folders it
    needs there, none through a link); False where that is not possible."""
    try:
        parts = path.split("/")
        for n in range(1, len(parts)):
            folder = live.joinpath(*parts[:n])
            if not os.path.lexists(folder):
                folder.mkdir()
            elif not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
        return _move(old / path, live / path)
    except OSError:
        return False


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty: something had to stay
        folder.rmdir()


def _unfinished(tree: Path) -> bool:
    """Whether *tree* is one a build was still writing (all of it the build's own): its
    marker names the tree itself, which no file copied from elsewhere does."""
    try:
        handle = os.open(tree / _UNFINISHED, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    with os.fdopen(handle, "rb") as marker:
        return marker.read(256) == os.fsencode(tree.name)


def clean_leftovers(live: Path) -> tuple[int, list[str]]:
    """Trees of builds of *live* that stopped on the way: one still being written is
    removed; one swapped out is retired. Returns how many, and what had to stay."""
    prefix, left = f".{live.name}.dkbm-", []
    with os.scandir(live.parent) as listing:
        trees = sorted(
            Path(e.path)
            for e in listing
            if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False)
        )
    finished = [tree for tree in trees if not _unfinished(tree)]
    if finished and not os.path.lexists(live):
        # stopped between the two renames of a swap without exchange: the new one goes in
        newest = max(finished, key=lambda tree: ("-neu-" in tree.name, tree.stat().st_mtime))
        os.rename(newest, live)
        trees.remove(newest)
    for tree in trees:
        if _unfinished(tree):
            shutil.rmtree(tree)
        else:
            left += [f"{tree.name}/{p}" for p in retire(tree, live)]
    return len(trees), left
