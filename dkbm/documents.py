"""Use cases of the knowledge library (Wissensmanagement). Each is one transaction: the
document's row (with a file's bytes) and an audit event (subject "dokument").

A document is a link (http or https) or an uploaded file of at most 20 MB, kept in the
database so that a backup holds it; it is tagged by cycle, Gremium/AG and Bildungsbereiche
and is public unless the Koordination keeps it internal (`--intern`).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from dkbm.states.documents import (
    MAX_FILE_BYTES,
    Document,
    StoredFile,
    areas_of,
    filename_problem,
    size_problem,
    url_problem,
)
from dkbm.states.errors import DkbmError, InvalidValue, Reason, Refused
from dkbm.states.i18n import t
from dkbm.store import documents as store
from dkbm.store import repository as repo
from dkbm.store.db import Tx, transaction

SUBJECT = "dokument"


@dataclass
class Upload:
    """A file as it arrives: its name, its bytes and (if known) its media type."""

    name: str
    data: bytes
    media_type: str = ""


def read_upload(path: Path, trigger: str) -> Upload:
    """The regular file at *path*; one that is too large is refused before it is read, and
    no more than the limit and a byte is ever read (a device or pipe has no size)."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        if not path.is_file():
            raise InvalidValue("--datei", str(path), t("file_not_regular"))
        reason = size_problem(path.name, size)
        if reason is not None:
            raise Refused(trigger, reason)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        reason = size_problem(path.name, len(data))
        if reason is not None:
            raise Refused(trigger, reason)
        return Upload(path.name, data)
    except OSError as exc:
        raise InvalidValue("--datei", str(path), file_error(exc)) from None


def file_error(exc: OSError, writing: bool = False) -> str:
    """What went wrong with a file, in the user's words."""
    if isinstance(exc, FileNotFoundError):
        return t("folder_missing" if writing else "file_missing")
    if isinstance(exc, IsADirectoryError):
        return t("file_is_folder")
    if isinstance(exc, PermissionError):
        return t("file_no_permission")
    return exc.strerror or type(exc).__name__


def add(
    *,
    title: str,
    description: str = "",
    url: str | None = None,
    upload: Upload | None = None,
    cycle_id: int | None = None,
    board_id: int | None = None,
    areas: list[str] | tuple[str, ...] = (),
    public: bool = True,
    by: str,
    now: datetime,
) -> Document:
    """A new document: a link (*url*) or a file (*upload*), exactly one of them."""
    trigger = "wissen add"
    if (url is None) == (upload is None):
        raise Refused(trigger, Reason("reason_document_link_or_file"))
    doc = Document(
        id=None,
        title=_line(title, "titel"),
        description=_text(description),
        url=_url(url, trigger) if url is not None else None,
        file=_stored(upload, trigger) if upload is not None else None,
        cycle_id=cycle_id,
        board_id=board_id,
        areas=areas_of(areas),
        public=public,
        added_by=by,
    )
    with transaction() as s:
        _check_tags(s, cycle_id, board_id)
        store.insert_document(s, doc, upload.data if upload else None, now)
        _audit(s, doc.id or 0, doc.version, by, now, "angelegt", _payload(doc))
    return doc


# What `change` may set; cycle_id and board_id may be set to None (no longer tagged).
FIELDS = ("title", "description", "url", "upload", "cycle_id", "board_id", "areas", "public")


def change(
    document_id: int,
    *,
    by: str,
    now: datetime,
    expected_version: int | None = None,
    **changes: Any,
) -> tuple[Document, dict[str, list[Any]]]:
    """Change any of `FIELDS` (a link or a file replaces what the document was). Returns
    the document and what changed (payload name -> [old, new]); nothing different changes
    nothing. With *expected_version*, a document changed since is a conflict."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise InvalidValue("feld", sorted(unknown)[0], ", ".join(FIELDS))
    trigger = "wissen aendern"
    if changes.get("url") is not None and changes.get("upload") is not None:
        raise Refused(trigger, Reason("reason_document_link_or_file"))
    upload: Upload | None = changes.get("upload")
    with transaction() as s:
        old = store.document(s, document_id)
        if expected_version is not None and expected_version != old.version:
            raise DkbmError("conflict_document", id=document_id)
        new = _changed(old, changes, trigger)
        _check_tags(
            s,
            new.cycle_id if new.cycle_id != old.cycle_id else None,
            new.board_id if new.board_id != old.board_id else None,
        )
        before, after = _payload(old), _payload(new)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if not changed:
            return old, {}
        kept = store.columns_of(old)
        columns = {k: v for k, v in store.columns_of(new).items() if kept[k] != v}
        if upload is not None and new.file != old.file:
            columns["content"] = upload.data
        elif new.url is not None and old.file is not None:
            columns["content"] = None
        new.version = store.bump(s, document_id, old.version, now, **columns)
        _audit(s, document_id, new.version, by, now, "geaendert", {"felder": changed})
    return new, changed


def remove(document_id: int, *, by: str, now: datetime) -> Document:
    """Forget a document and its file; its history stays in the audit log."""
    with transaction() as s:
        doc = store.document(s, document_id)
        store.delete_document(s, document_id, doc.version)
        payload = {"titel": doc.title, "art": doc.kind, "oeffentlich": doc.public}
        _audit(s, document_id, doc.version + 1, by, now, "entfernt", payload)
    return doc


def _changed(old: Document, changes: dict[str, Any], trigger: str) -> Document:
    new = replace(old, areas=list(old.areas))
    if changes.get("title") is not None:
        new.title = _line(changes["title"], "titel")
    if changes.get("description") is not None:
        new.description = _text(changes["description"])
    if changes.get("url") is not None:
        new.url, new.file = _url(changes["url"], trigger), None
    if changes.get("upload") is not None:
        new.url, new.file = None, _stored(changes["upload"], trigger)
    for name in ("cycle_id", "board_id"):
        if name in changes:
            setattr(new, name, changes[name])
    if changes.get("areas") is not None:
        new.areas = areas_of(changes["areas"])
    if changes.get("public") is not None:
        new.public = bool(changes["public"])
    return new


def _check_tags(s: Tx, cycle_id: int | None, board_id: int | None) -> None:
    """The cycle and the Gremium a document is tagged with exist (NotFound otherwise)."""
    if cycle_id is not None:
        repo.cycle(s, cycle_id)
    if board_id is not None:
        repo.board(s, board_id)


def _stored(upload: Upload, trigger: str) -> StoredFile:
    name = upload.name.strip()
    reason = filename_problem(name) or size_problem(name, len(upload.data))
    if reason is not None:
        raise Refused(trigger, reason)
    media_type = upload.media_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return StoredFile(name, media_type, len(upload.data), hashlib.sha256(upload.data).hexdigest())


def _url(url: str, trigger: str) -> str:
    url = url.strip()
    reason = url_problem(url)
    if reason is not None:
        raise Refused(trigger, reason)
    return url


def _line(text: str, field_name: str) -> str:
    """A title: one line, not empty."""
    if "\n" in text or "\r" in text:
        raise InvalidValue(field_name, text, t("expected_one_line"))
    if not text.strip():
        raise InvalidValue(field_name, text, t("expected_not_empty"))
    return text.strip()


def _text(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _payload(doc: Document) -> dict[str, Any]:
    """A document in the audit log (and what `change` compares)."""
    return {
        "titel": doc.title,
        "beschreibung": doc.description,
        "url": doc.url,
        "datei": (
            {"name": doc.file.name, "groesse": doc.file.size, "sha256": doc.file.sha256}
            if doc.file
            else None
        ),
        "zyklus": doc.cycle_id,
        "gremium": doc.board_id,
        "bereiche": [a.value for a in doc.areas],
        "oeffentlich": doc.public,
    }


def _audit(
    s: Tx, document_id: int, version: int, by: str, now: datetime, action: str, payload: Any
) -> None:
    repo.append_change(
        s, SUBJECT, document_id, version, by=by, at=now, action=action, payload=payload
    )
