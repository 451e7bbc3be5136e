"""`dkbm portal serve`: a local preview of a built portal (Python's own HTTP server)."""

from __future__ import annotations

import errno
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from dkbm.states.errors import DkbmError, InvalidValue
from dkbm.states.i18n import t

TYPES = {".atom": "application/atom+xml", ".ics": "text/calendar; charset=utf-8"}


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        **TYPES,
    }

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the preview prints its address once."""

    def end_headers(self) -> None:
        if self.path.startswith("/oparl/"):  # OParl 1.1: readable by clients in a browser
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def list_directory(self, path: str) -> None:  # type: ignore[override]
        """No listings: a web server publishing the folder shows none either."""
        self.send_error(404)
        return None


def server(folder: Path, host: str, port: int) -> ThreadingHTTPServer:
    if not (folder / "index.html").is_file():
        raise InvalidValue("ORDNER", str(folder), t("expected_built_portal"))
    handler = functools.partial(_Handler, directory=str(folder))
    try:
        return ThreadingHTTPServer((host, port), handler)
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
