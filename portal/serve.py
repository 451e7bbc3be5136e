"""`dkbm portal serve`: a local preview of a built portal (Python's own HTTP server).

It answers with regular files inside the folder and nothing else: no link is followed (each
step of the path is opened without following one), no path with a part starting with "."
(the manifest, `.git`) and no database file is served, no folder is listed. A path that is
no path (a NUL, `..`, an encoded slash, invalid percent-encoding) gets 400. The log is one
line per request.
"""

from __future__ import annotations

import email.utils
import errno
import functools
import os
import stat
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO, ClassVar
from urllib.parse import unquote, urlsplit

from dkbm.portal.target import DATABASE
from dkbm.states.errors import DkbmError, InvalidValue
from dkbm.states.i18n import t

TYPES = {".atom": "application/atom+xml", ".ics": "text/calendar; charset=utf-8"}
_ENCODED_SEPARATOR = ("%2f", "%5c")
_NO_PATH = HTTPStatus.BAD_REQUEST
# O_NONBLOCK: opening a FIFO must not wait for a writer (it is then refused as no file)
_WALK = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class _BadPath(Exception):
    pass


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        **TYPES,
    }

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request: who, what, the answer."""
        line = self.requestline if hasattr(self, "requestline") else ""
        shown = line.encode("unicode_escape").decode("ascii")
        status = code if isinstance(code, str) else int(code)
        sys.stderr.write(f'{self.address_string()} "{shown}" {status}\n')

    def log_error(self, format: str, *args: object) -> None:
        """Said by the request's own line (`log_request`)."""

    def log_message(self, format: str, *args: object) -> None:
        """Nothing else."""

    def end_headers(self) -> None:
        if self.path.startswith("/oparl/"):  # OParl 1.1: readable by clients in a browser
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        try:
            parts = _parts(self.path)
        except _BadPath:
            self.send_error(_NO_PATH)
            return None
        if any(p.startswith(".") or DATABASE.search(p) for p in parts):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        folder_asked = not parts or urlsplit(self.path).path.endswith("/")
        handle = _open(Path(self.directory), parts, folder_asked)
        if handle is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if handle == "folder":  # a folder named without its slash: as web servers do
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        assert not isinstance(handle, str)
        info = os.fstat(handle.fileno())
        name = parts[-1] if parts and not folder_asked else "index.html"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-type", self.guess_type(name))
        self.send_header("Content-Length", str(info.st_size))
        self.send_header("Last-Modified", email.utils.formatdate(info.st_mtime, usegmt=True))
        self.end_headers()
        return handle


def _parts(path: str) -> list[str]:
    """The steps of the request's path, decoded; _BadPath if it is no path."""
    raw = urlsplit(path).path
    if not raw.startswith("/") or any(s in raw.lower() for s in _ENCODED_SEPARATOR):
        raise _BadPath
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        raise _BadPath from None
    if any(ord(c) < 0x20 or c in "\x7f\\" for c in decoded):
        raise _BadPath
    parts = [p for p in decoded.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise _BadPath
    return parts


def _open(root: Path, parts: list[str], folder_asked: bool) -> BinaryIO | str | None:
    """The regular file at *parts* under *root* (a folder's index.html if a folder is
    asked for), opened step by step without following a link; "folder" for a folder asked
    for without its slash; None for anything else."""
    try:
        current = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    steps = [*parts, "index.html"] if folder_asked else parts
    try:
        for step in steps:
            try:
                found = os.open(step, _WALK, dir_fd=current)
            except OSError as exc:  # ELOOP: a link; ENOENT, ENOTDIR, EACCES: not there
                if exc.errno not in (errno.ELOOP, errno.ENOENT, errno.ENOTDIR, errno.EACCES):
                    raise
                return None
            os.close(current)
            current = found
        mode = os.fstat(current).st_mode
        if stat.S_ISDIR(mode):
            return None if folder_asked else "folder"
        if not stat.S_ISREG(mode):
            return None
        handle = os.fdopen(current, "rb")
        current = -1
        return handle
    finally:
        if current >= 0:
            os.close(current)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-answer: its request line was logged already."""


def server(folder: Path, host: str, port: int) -> ThreadingHTTPServer:
    index = folder / "index.html"
    if index.is_symlink() or not index.is_file():
        raise InvalidValue("ORDNER", str(folder), t("expected_built_portal"))
    handler = functools.partial(_Handler, directory=str(folder))
    try:
        return _Server((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise DkbmError("port_busy", port=port) from None
        if exc.errno == errno.EACCES:  # a port below 1024 for a user without the right
            raise InvalidValue("--port", port, t("expected_free_port")) from None
        detail = exc.strerror or str(exc)
        raise InvalidValue("--host", host, t("expected_local_address", detail=detail)) from None


def serve(folder: Path, host: str, port: int) -> None:
    httpd = server(folder, host, port)
    print(t("portal_serving", url=f"http://{host}:{httpd.server_address[1]}/"))
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
