"""Writing a document the CLI made (a summary, a PDF, an export) to a file the user named.

The file is written whole under a name of its own next to the target and then renamed onto
it: a reader finds the old file or the new one, never half of one. A symbolic link as the
target is refused rather than followed (or silently replaced): whoever named it meant the
file behind it, and writing there would go wherever the link points.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from dkbm.documents import file_error
from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t

PUBLIC = 0o644  # a summary, a map, a list of organisations: as any file the user writes
PRIVATE = 0o600  # personal data (e-mail addresses, an Auskunft): for its owner alone


def write_replacing(
    target: Path, data: bytes, field: str = "--ausgabe", mode: int | None = None
) -> None:
    """Write *data* to *target*, replacing a regular file there atomically. A new file gets
    *mode* (default `PUBLIC`), a replaced one keeps its own; with *mode* given, never more
    than *mode* allows (`PRIVATE` takes group and others off a file that had them). The file
    is created with that mode, so it is never readable by more, not even for a moment."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InvalidValue(field, str(target), file_error(exc, writing=True)) from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise InvalidValue(field, str(target), t("summary_target_is_link"))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InvalidValue(field, str(target), t("summary_target_not_file"))
    draft = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}")
    kept = stat.S_IMODE(info.st_mode) if info is not None else PUBLIC
    allowed = kept if mode is None else (kept & mode if info is not None else mode)
    try:
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, allowed)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(draft, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                draft.unlink()
    except OSError as exc:
        raise InvalidValue(field, str(target), file_error(exc, writing=True)) from None
