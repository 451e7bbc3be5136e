"""The preview (`dkbm portal serve`) answers with the portal's regular files and nothing
else: no link is followed out of the folder, no dotfile, database or manifest is served, a
path that is no path gets 400, and the log is one line per request."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portal.conftest import Built

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(site: Built, tmp_path: Path) -> Path:
    """The built portal, and what a careless hand put into it since."""
    out = site.out
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "geheim.txt").write_text("geheim")
    (out / "leak.txt").symlink_to("/etc/passwd")
    (out / "verlinkt").symlink_to(elsewhere)
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[remote]\n")
    (out / "demo.db").write_bytes(b"SQLite format 3\x00")
    (out / "data" / "kopie.sqlite3-wal").write_bytes(b"wal")
    os.mkfifo(out / "fifo.html")  # opening it for reading would wait for a writer forever
    return out


@pytest.fixture
def address(folder: Path) -> Iterator[tuple[str, int]]:
    from dkbm.portal.serve import server

    httpd = server(folder, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield "127.0.0.1", httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def _get(address: tuple[str, int], path: str) -> tuple[int, bytes, http.client.HTTPMessage]:
    """GET *path* exactly as written (no client-side normalising)."""
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read(), answer.headers
    finally:
        connection.close()


def test_the_portal_files_are_served(address: tuple[str, int], site: Built) -> None:
    status, body, _ = _get(address, "/")
    assert status == 200 and b"<html" in body
    status, body, _ = _get(address, "/wissen/2/Konzept%20%C3%9Cberg%C3%A4nge.pdf")
    assert (status, body) == (200, site.public_file)
    status, _, headers = _get(address, "/oparl/system.json")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, _, headers = _get(address, "/zyklus")
    assert (status, headers["Location"]) == (301, "/zyklus/")
    assert _get(address, "/zyklus/")[0] == 404  # no listing


@pytest.mark.parametrize(
    "path",
    [
        "/leak.txt",
        "/verlinkt/geheim.txt",
        "/verlinkt/",
        "/.git/config",
        "/.dkbm-portal.json",
        "/demo.db",
        "/data/kopie.sqlite3-wal",
        "/fifo.html",
        "/nicht-da.html",
    ],
)
def test_links_dotfiles_databases_and_the_manifest_are_not_found(
    address: tuple[str, int], path: str
) -> None:
    status, body, _ = _get(address, path)
    assert status == 404
    assert b"root:" not in body and b"geheim" not in body and b"remote" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/%00",
        "/index.html%00.txt",
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/zyklus%2F1.html",
        "/zyklus%5c1.html",
        "/%ff",
    ],
)
def test_a_path_that_is_no_path_is_a_bad_request(address: tuple[str, int], path: str) -> None:
    assert _get(address, path)[0] == 400


def test_the_log_is_one_line_per_request(folder: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "dkbm", "portal", "serve", str(folder), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    paths = ["/index.html", "/%00", "/leak.txt", "/..%2fx", "/.git/config", "/nicht-da"]
    try:
        end = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < end and process.poll() is None, "no server"
                time.sleep(0.1)
        statuses = [_get(("127.0.0.1", port), path)[0] for path in paths]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert statuses == [200, 400, 404, 400, 404, 404]
    lines = err.strip().splitlines()
    assert len(lines) == len(paths), err
    for line, path, status in zip(lines, paths, statuses, strict=True):
        assert re.fullmatch(rf'127\.0\.0\.1 "GET {re.escape(path)} HTTP/1\.1" {status}', line)
    assert out.startswith(f"Portal: http://127.0.0.1:{port}/")
