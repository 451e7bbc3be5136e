"""The installation's link secret: personal links are derived from it, so it lives outside the
database. `DKBM_LINK_SECRET` (at least 32 characters; the runbook writes one into dkbm.env),
else a file of its own in the user's configuration folder, created once with mode 0600."""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
from pathlib import Path

from dkbm.states.errors import InvalidValue

MIN_LENGTH = 32


def secret_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "dkbm" / "link-secret"


def link_secret() -> bytes:
    given = os.environ.get("DKBM_LINK_SECRET")
    if given is not None:
        if len(given.strip()) < MIN_LENGTH:
            raise InvalidValue("DKBM_LINK_SECRET", "…", f">= {MIN_LENGTH} Zeichen / characters")
        return given.strip().encode()
    return _from_file(secret_file())


@functools.lru_cache(maxsize=8)
def _from_file(path: Path) -> bytes:
    """Read once per process and path: every token of a Beteiligung's hundreds of links,
    and each page a member opens, derives from it."""
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # written whole under a name of its own, then linked in: a process that starts at the
    # same moment finds either no file or the complete one, never a half-written one
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_urlsafe(48).encode() + b"\n")
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: theirs counts
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return path.read_bytes().strip()
