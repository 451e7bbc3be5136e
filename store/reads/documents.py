"""The knowledge library: documents, and a file's bytes for one of them. Lists never select
the bytes. `document_from` and `COLUMNS` serve the write side (`store.documents`) too."""

from __future__ import annotations

from typing import Any

from dkbm.states.documents import Document, StoredFile
from dkbm.states.errors import NotFound
from dkbm.states.model import EducationArea
from dkbm.store.reads.connection import Reader

COLUMNS = (
    "id",
    "title",
    "description",
    "url",
    "filename",
    "media_type",
    "size",
    "sha256",
    "cycle_id",
    "board_id",
    "areas",
    "public",
    "added_at",
    "added_by",
    "version",
)
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM document"


def document_from(row: Any) -> Document:
    stored = None
    if row.filename is not None:
        stored = StoredFile(row.filename, row.media_type or "", row.size or 0, row.sha256 or "")
    return Document(
        id=row.id,
        title=row.title,
        description=row.description,
        url=row.url,
        file=stored,
        cycle_id=row.cycle_id,
        board_id=row.board_id,
        areas=[EducationArea(a) for a in row.areas or []],
        public=bool(row.public),
        added_at=row.added_at,
        added_by=row.added_by,
        version=row.version,
    )


def documents(
    r: Reader,
    *,
    cycle_id: int | None = None,
    board_id: int | None = None,
    public_only: bool = False,
) -> list[Document]:
    """Documents in the order they were added, optionally only those of a cycle or a board,
    or only the public ones."""
    where, params = [], {}
    if cycle_id is not None:
        where.append("cycle_id = %(cycle)s")
        params["cycle"] = cycle_id
    if board_id is not None:
        where.append("board_id = %(board)s")
        params["board"] = board_id
    if public_only:
        where.append("public = %(public)s")
        params["public"] = True
    sql = _SELECT + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id"
    return [document_from(row) for row in r.rows(sql, **params)]


def document(r: Reader, document_id: int) -> Document:
    row = r.one(f"{_SELECT} WHERE id = %(id)s", id=document_id)
    if row is None:
        raise NotFound("document", document_id)
    return document_from(row)


def file_bytes(r: Reader, document_id: int, *, public_only: bool = False) -> bytes | None:
    """The bytes of a document's file (None for a link or, with *public_only*, for a
    document that is not public)."""
    sql = "SELECT content FROM document WHERE id = %(id)s"
    if public_only:
        sql += " AND public = %(public)s"
    row = r.one(sql, id=document_id, public=True)
    return None if row is None or row.content is None else bytes(row.content)
