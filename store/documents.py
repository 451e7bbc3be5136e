"""Writes of the knowledge library (Core statements); reads map rows with
`store.reads.documents.document_from`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from dkbm.states.documents import Document
from dkbm.states.errors import DkbmError, NotFound
from dkbm.store.db import Tx
from dkbm.store.reads.documents import COLUMNS, document_from
from dkbm.store.tables import DocumentRow

_DOC = DocumentRow.__table__  # type: ignore[attr-defined]
_SELECT = select(*(_DOC.c[name] for name in COLUMNS))


def columns_of(doc: Document) -> dict[str, Any]:
    """The columns a document's fields set (not its bytes)."""
    f = doc.file
    return {
        "title": doc.title,
        "description": doc.description,
        "url": doc.url,
        "filename": f.name if f else None,
        "media_type": f.media_type if f else None,
        "size": f.size if f else None,
        "sha256": f.sha256 if f else None,
        "cycle_id": doc.cycle_id,
        "board_id": doc.board_id,
        "areas": [a.value for a in doc.areas],
        "public": doc.public,
    }


def insert_document(s: Tx, doc: Document, content: bytes | None, now: datetime) -> Document:
    doc.version, doc.added_at = 1, now
    values = {
        **columns_of(doc),
        "added_at": now,
        "added_by": doc.added_by,
        "updated_at": now,
        "version": 1,
        "content": content,
    }
    doc.id = s.connection().execute(insert(_DOC).returning(_DOC.c.id), values).scalar_one()
    return doc


def document(s: Tx, document_id: int) -> Document:
    row = s.connection().execute(_SELECT.where(_DOC.c.id == document_id)).first()
    if row is None:
        raise NotFound("document", document_id)
    return document_from(row)


def bump(s: Tx, document_id: int, expected: int, now: datetime, **columns: Any) -> int:
    """The next version of a document (with changed *columns*, `content` among them) if
    nobody changed it since *expected*."""
    changed = (
        s.connection()
        .execute(
            update(_DOC)
            .where(_DOC.c.id == document_id, _DOC.c.version == expected)
            .values(version=expected + 1, updated_at=now, **columns)
        )
        .rowcount
    )
    if changed != 1:
        raise DkbmError("conflict_document", id=document_id)
    return expected + 1


def delete_document(s: Tx, document_id: int, expected: int) -> None:
    """Forget a document and its bytes if nobody changed it since *expected*."""
    query = delete(_DOC).where(_DOC.c.id == document_id, _DOC.c.version == expected)
    if s.connection().execute(query).rowcount != 1:
        raise DkbmError("conflict_document", id=document_id)
