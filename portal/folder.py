"""The published folder: files written only when their bytes changed (each through a
partial file renamed into place), what an earlier build wrote and this one no longer
writes removed."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dkbm.portal.pages import NAV


@dataclass
class BuildReport:
    written: int = 0
    unchanged: int = 0
    pages: int = 0
    full: bool = True  # else a rebuild of what changed, the rest from the cache
    cycles_read: int = 0
    removed: list[str] = field(default_factory=list)  # paths under the folder, as written


class Writer:
    def __init__(self, out: Path, report: BuildReport) -> None:
        self.out, self.report = out, report
        self.done: set[str] = set()  # written, or found as they should be

    def same(self, relative: str, size: int, sha256: str) -> bool:
        """Whether the file is there with these bytes (a library file: no need to read it
        from the database again)."""
        target = self.out / relative
        if not target.is_file() or target.stat().st_size != size:
            return False
        with target.open("rb") as handle:
            if hashlib.file_digest(handle, "sha256").hexdigest() != sha256:
                return False
        self.report.unchanged += 1
        return True

    def write(self, relative: str, data: bytes) -> None:
        self.done.add(relative)
        target = self.out / relative
        if target.exists() and target.read_bytes() == data:
            self.report.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(target)
        self.report.written += 1

    def prune(self, kept: set[str]) -> None:
        """Remove what an earlier build wrote and this one did not write nor keep: the OParl
        Person of an Akteur who withdrew her consent, the page of a meeting made non-public."""
        for part in _PARTS:
            for path in (self.out / part).rglob("*"):
                relative = path.relative_to(self.out).as_posix()
                if path.suffix == ".tmp" or relative in self.done or relative in kept:
                    continue  # a partial file may be another build's, about to be renamed
                if path.is_file():
                    path.unlink()
                    self.report.removed.append(relative)
        self.report.removed.sort()


# what a build writes through `Writer` (wissen/ has its files and its own tidying)
_PARTS = ("en", "zyklus", "sitzung", "feeds", "data", "oparl", "static")


def clean(out: Path) -> None:
    """Remove a previous build (only what a build writes)."""
    for part in (*_PARTS, "wissen"):
        shutil.rmtree(out / part, ignore_errors=True)
    for page, _ in NAV:
        (out / page).unlink(missing_ok=True)
