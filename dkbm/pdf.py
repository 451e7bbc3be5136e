"""PDF documents (the Sachstandsbericht, the Protokoll) as tagged PDF/UA-1.

They go to a Stadtrat's Vorlage or to members who may use a screen reader (BITV): the
structure tree, the document language, the title and the charts' text alternatives come
from the HTML they are made of (`<html lang>`, `<title>`, `aria-label`).

WeasyPrint fetches every URL it meets: an image, a stylesheet, a font, an attachment. A
Protokoll is typed by people, so `![x](file:///etc/passwd)` or an internal address would
make an export open that file or connect there, and the PDF then goes to every member.
Every PDF is therefore made by `pdf_from_html`, whose fetcher serves only our own packaged
assets and refuses everything else before opening or connecting; WeasyPrint leaves a
refused resource out and writes the rest of the document.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request, url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_SCHEME = "dkbm-asset"
"""`dkbm-asset:portal/static/breite.js`: a file in one of the folders of `_ASSET_FOLDERS`."""

# (package, folder inside it): the packaged folders a document may take assets from
_ASSET_FOLDERS = (
    ("dkbm", "minutes_templates"),
    ("dkbm.portal", "templates"),
    ("dkbm.portal", "static"),
    ("dkbm.notifications", "templates"),
)
DATA_URL_LIMIT = 64 * 1024
"""A `data:` URL is served up to this length (a small inline icon); longer ones are refused."""
ASSET_LIMIT = 20 * 1024 * 1024


class RefusedURL(ValueError):
    """A URL the PDF renderer will not fetch; WeasyPrint leaves the resource out."""


def pdf_from_html(html: str) -> bytes:
    """The document as tagged PDF/UA-1, with nothing fetched but our packaged assets."""
    return HTML(string=html, url_fetcher=AssetFetcher()).write_pdf(pdf_variant="pdf/ua-1")


def asset_url(folder: str, name: str) -> str:
    """The URL of a packaged asset, e.g. `asset_url("portal/static", "breite.js")`."""
    if folder not in asset_roots():
        raise KeyError(folder)
    return f"{ASSET_SCHEME}:{folder}/{name}"


@cache
def asset_roots() -> dict[str, Path]:
    """The packaged asset folders by name (`minutes_templates`, `portal/static`, …), resolved.

    Located by the import system's spec of each package, which does not run the package.
    """
    roots = {}
    for package, folder in _ASSET_FOLDERS:
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        prefix = package.removeprefix("dkbm").lstrip(".")
        name = f"{prefix}/{folder}" if prefix else folder
        roots[name] = (Path(next(iter(spec.submodule_search_locations))) / folder).resolve()
    return roots


class AssetFetcher(URLFetcher):
    """Serves packaged assets (by `dkbm-asset:` or by a `file:` URL whose resolved path lies
    inside a packaged folder) and small `data:` URLs; refuses every other URL unopened."""

    def __init__(self, roots: dict[str, Path] | None = None) -> None:
        super().__init__()
        self._roots = {
            k: v.resolve() for k, v in (asset_roots() if roots is None else roots).items()
        }

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return self._data(url)
        path = self._path(url, scheme)
        root = next((r for r in self._roots.values() if path and path.is_relative_to(r)), None)
        if path is None or root is None:
            raise RefusedURL(f"not a packaged asset: {url}")
        # The checks so far touched nothing; resolving follows symlinks, so a link inside
        # a packaged folder that points out of it lands outside and is refused.
        try:
            resolved = path.resolve(strict=True)
        except OSError as exc:
            raise RefusedURL(f"no such packaged asset: {url}") from exc
        if not resolved.is_relative_to(root):
            raise RefusedURL(f"not a packaged asset: {url}")
        fd = os.open(resolved, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > ASSET_LIMIT:
                raise RefusedURL(f"not a packaged file: {url}")
            body = f.read()
        kind = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        return URLFetcherResponse(resolved.as_uri(), body, {"Content-Type": kind})

    def _path(self, url: str, scheme: str) -> Path | None:
        """Where a `dkbm-asset:` or local `file:` URL points, normalised but not resolved."""
        parts = urlsplit(url)
        if scheme == ASSET_SCHEME:
            rel = unquote(parts.path)
            key = next((k for k in self._roots if rel.startswith(f"{k}/")), None)
            if key is None:
                return None
            return Path(os.path.normpath(self._roots[key] / rel[len(key) + 1 :]))
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(os.path.normpath(url2pathname(parts.path)))
            return path if path.is_absolute() else None
        return None

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > DATA_URL_LIMIT:
            raise RefusedURL(f"data: URL longer than {DATA_URL_LIMIT} characters")
        try:
            response = DataHandler().data_open(Request(url))
        except ValueError as exc:
            raise RefusedURL(f"malformed data: URL: {exc}") from exc
        return URLFetcherResponse(url, response.read(), dict(response.headers))
