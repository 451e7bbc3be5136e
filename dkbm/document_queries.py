"""Read models of the knowledge library with the stable `--json` shapes (through the
drivers, like the other read commands):

- `documents(cycle_id=None, board_id=None, area=None)`: the documents, oldest first;
- `document(document_id)`: one of them, with its history;
- `stored_file(document_id)`: a file's name and bytes, to write it out.
"""

from __future__ import annotations

from typing import Any

from dkbm.queries import history_docs
from dkbm.states.documents import Document, StoredFile, areas_of
from dkbm.states.errors import Reason, Refused
from dkbm.store import reads
from dkbm.store.mapping import aware
from dkbm.store.reads import Reader, reader
from dkbm.store.settings import database_url


def document_doc(d: Document, cycles: dict[int, str], boards: dict[int, str]) -> dict[str, Any]:
    """One document in the `wissen show --json` shape (without history)."""
    f = d.file
    return {
        "id": d.id,
        "titel": d.title,
        "beschreibung": d.description,
        "art": d.kind,
        "url": d.url,
        "datei": (
            {"name": f.name, "medientyp": f.media_type, "groesse": f.size, "sha256": f.sha256}
            if f
            else None
        ),
        "zyklus": d.cycle_id,
        "zyklus_titel": cycles.get(d.cycle_id) if d.cycle_id else None,
        "gremium": d.board_id,
        "gremium_name": boards.get(d.board_id) if d.board_id else None,
        "bereiche": [a.value for a in d.areas],
        "oeffentlich": d.public,
        "hinzugefuegt": aware(d.added_at).isoformat() if d.added_at else None,
        "von": d.added_by,
        "version": d.version,
    }


def _names(r: Reader, table: str, column: str, ids: set[int]) -> dict[int, str]:
    """*column* of the rows of *table* (cycle or board) with the given ids."""
    if not ids:
        return {}
    marks = ", ".join(f"%(i{n})s" for n in range(len(ids)))
    params = {f"i{n}": v for n, v in enumerate(sorted(ids))}
    rows = r.rows(f"SELECT id, {column} AS name FROM {table} WHERE id IN ({marks})", **params)
    return {row.id: row.name for row in rows}


def _docs(r: Reader, found: list[Document]) -> list[dict[str, Any]]:
    cycles = _names(r, "cycle", "title", {d.cycle_id for d in found if d.cycle_id})
    boards = _names(r, "board", "name", {d.board_id for d in found if d.board_id})
    return [document_doc(d, cycles, boards) for d in found]


def documents(
    cycle_id: int | None = None, board_id: int | None = None, area: str | None = None
) -> list[dict[str, Any]]:
    """Every document, or those tagged with the cycle, the Gremium and the Bildungsbereich
    named (an unknown cycle or Gremium is NotFound, an unknown Bereich an InvalidValue)."""
    wanted = areas_of([area])[0] if area is not None else None
    with reader(database_url()) as r:
        if cycle_id is not None:
            reads.cycles.cycle(r, cycle_id)
        if board_id is not None:
            reads.network.board(r, board_id)
        found = reads.documents.documents(r, cycle_id=cycle_id, board_id=board_id)
        found = [d for d in found if wanted is None or wanted in d.areas]
        return _docs(r, found)


def document(document_id: int) -> dict[str, Any]:
    """One document (`document_doc`) with its history (`verlauf`: who changed what when)."""
    with reader(database_url()) as r:
        d = reads.documents.document(r, document_id)
        doc = _docs(r, [d])[0]
        doc["verlauf"] = history_docs(reads.audit.events(r, "dokument", document_id))
    return doc


def stored_file(document_id: int) -> tuple[StoredFile, bytes]:
    """A document's file and its bytes; a link is refused."""
    with reader(database_url()) as r:
        d = reads.documents.document(r, document_id)
        if d.file is None:
            reason = Reason("reason_document_is_link", id=document_id, url=d.url)
            raise Refused("wissen datei", reason)
        return d.file, reads.documents.file_bytes(r, document_id) or b""
