"""Documents of the knowledge library (Wissensmanagement): a link or an uploaded file,
tagged by cycle, Gremium/AG and Bildungsbereiche. Pure: what a title, a link or a file
must be to be kept.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from dkbm.states import links
from dkbm.states.errors import InvalidValue, Reason
from dkbm.states.i18n import language
from dkbm.states.model import EducationArea
from dkbm.states.vocabulary import value_of

MAX_FILE_BYTES = 20 * 1024 * 1024  # a file is kept in the database, so backups hold it
MAX_URL = links.MAX_LENGTH
WEB = ("https", "http")  # a library link points to a page or a file, not a mailbox
MAX_FILENAME = 200
# What a library publishes: documents, tables, slides, images, archives. Not HTML, SVG,
# XML or scripts: served from the portal's own address they could run script there.
FILE_TYPES = (
    "pdf",
    "doc",
    "docx",
    "odt",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "ods",
    "csv",
    "ppt",
    "pptx",
    "odp",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "zip",
    "epub",
)


@dataclass
class StoredFile:
    """What is kept of an uploaded file besides its bytes."""

    name: str
    media_type: str
    size: int
    sha256: str


@dataclass
class Document:
    """Dokument der Wissensbibliothek: exactly one of *url* and *file*."""

    id: int | None
    title: str
    description: str = ""
    url: str | None = None
    file: StoredFile | None = None
    cycle_id: int | None = None
    board_id: int | None = None
    areas: list[EducationArea] = field(default_factory=list)
    public: bool = True
    added_at: datetime | None = None
    added_by: str = ""
    version: int = 0

    @property
    def kind(self) -> str:
        return "datei" if self.file is not None else "link"


def areas_of(values: list[str] | tuple[str, ...], field: str = "--bereich") -> list[EducationArea]:
    """Bildungsbereiche by their stored or displayed names, each once, in the order given."""
    found: list[EducationArea] = []
    names = [a.value for a in EducationArea]
    for value in values:
        named = value_of("bildungsbereich", value, names)
        if named is None:
            raise InvalidValue(field, value, ", ".join(names))
        area = EducationArea(named)
        if area not in found:
            found.append(area)
    return found


def url_problem(url: str) -> Reason | None:
    """Why *url* cannot be a library link (only http and https, with a host), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[::1": not even an address
        return Reason("reason_document_url", url=url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return Reason("reason_document_url", url=url)
    if len(url) > MAX_URL or any(ch.isspace() or not ch.isprintable() for ch in url):
        return Reason("reason_document_url_text", url=url[:80], limit=MAX_URL)
    if not links.allowed(url, WEB):
        return Reason("reason_document_url", url=url)
    return None


def filename_problem(name: str) -> Reason | None:
    """Why *name* cannot be the name a file is published under, or None: one path part,
    no control characters, not hidden (it becomes a file on the portal's web server, where
    a `.htaccess` would configure the folder)."""
    if (
        not name.strip()
        or name.startswith(".")
        or "/" in name
        or "\\" in name
        or len(name) > MAX_FILENAME
        or any(unicodedata.category(ch)[0] == "C" for ch in name)
    ):
        return Reason("reason_document_filename", name=name, limit=MAX_FILENAME)
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FILE_TYPES:
        return Reason("reason_document_type", name=name, allowed=", ".join(FILE_TYPES))
    return None


def public_name(name: str) -> str:
    """The name a file is published under: one extension only, in lower case. A web server
    may act on every extension of `bericht.php.pdf` (Apache runs the .php), so inner dots
    become hyphens: `bericht-php.pdf`."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem.replace('.', '-')}.{suffix.lower()}"


def size_problem(name: str, size: int) -> Reason | None:
    if size > MAX_FILE_BYTES:
        return Reason(
            "reason_document_too_large",
            name=name,
            size=Size(size, up=True),  # 20 MB and a byte is 20,1 MB, not 20
            limit=Size(MAX_FILE_BYTES),
        )
    return None


def size_text(size: int, lang: str, up: bool = False) -> str:
    """A file size as people read it: `350 kB`, `1,2 MB` (German decimal comma); with *up*
    rounded up to the next tenth of a MB."""
    if size < 1024:
        return f"{size} Bytes" if lang == "de" else f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} kB"
    tenths = size / 1024 / 1024 * 10
    text = f"{(math.ceil(tenths) if up else round(tenths)) / 10:.1f}".removesuffix(".0") + " MB"
    return text.replace(".", ",") if lang == "de" else text


class Size:
    """A file size in a message, rendered in the language of the moment."""

    def __init__(self, size: int, up: bool = False) -> None:
        self.size, self.up = size, up

    def __format__(self, spec: str) -> str:
        return size_text(self.size, language(), self.up)
