"""Issue 18, point 1: a PDF export fetches nothing but our packaged assets.

Text typed by people (a Protokoll, a TOP title, a Leitbild, a Kennzahl) names files and
addresses in every form WeasyPrint would follow: Markdown images and links, raw `<img>`,
`<link>`, CSS `url()` and `@import`, attachments. A listener on 127.0.0.1 must hear
nothing, a secret file's content must not reach the PDF, `/dev/zero` must not be read, and
the PDF is written all the same, the refused resources left out.
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.util import find_spec
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from dkbm.notifications.sender import drain
from dkbm.pdf import DATA_URL_LIMIT, AssetFetcher, RefusedURL, asset_url, pdf_from_html
from tests.cli.conftest import dkbm
from tests.conftest import T0
from tests.factories import BY, make_network
from tests.peers import SmtpSink

SECRET = "GEHEIM-7f3a9c"


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(out, format="PNG")
    return out.getvalue()


@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that records every connection and answers it with a PNG,
    so that a fetch, had it happened, would put an image into the PDF."""

    connections: list[tuple[str, int]] = field(default_factory=list)
    server: socketserver.ThreadingTCPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def start(self) -> Listener:
        listener, png = self, _png()

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                listener.connections.append(self.client_address)
                self.request.recv(65536)
                self.request.sendall(
                    b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n"
                    + f"Content-Length: {len(png)}\r\n\r\n".encode()
                    + png
                )

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    peer = Listener().start()
    yield peer
    peer.stop()


@dataclass
class Secrets:
    """Files outside every packaged folder: text, a stylesheet that would print the
    text, and an image."""

    text: Path
    css: Path
    png: Path


@pytest.fixture
def secrets(tmp_path: Path) -> Secrets:
    found = Secrets(tmp_path / "secret.txt", tmp_path / "secret.css", tmp_path / "secret.png")
    found.text.write_text(SECRET)
    found.css.write_text(f'body::before {{ content: "{SECRET}" }}')
    found.png.write_bytes(_png())
    return found


def _one_liners(listener: Listener, secrets: Secrets) -> list[str]:
    """Markdown that names a file or an address on one line (for titles)."""
    web = f"http://127.0.0.1:{listener.port}"
    return [
        "![passwort](file:///etc/passwd)",
        f"![geheim]({secrets.text.as_uri()})",
        f"![bild]({secrets.png.as_uri()})",
        "![null](file:///dev/zero)",
        f"![web]({web}/bild.png)",
        f"![metadaten](http://169.254.169.254/latest/meta-data/) [link]({web}/link) <{web}/auto>",
        f"![datenbank](http://127.0.0.1:5432/) ![port]({web}:5432/x.png)",
    ]


def _hostile(listener: Listener, secrets: Secrets) -> str:
    """The one-liners, then the same as raw HTML and CSS."""
    web = f"http://127.0.0.1:{listener.port}"
    raw = f"""<style>@import url({secrets.css.as_uri()}); @import url({web}/import.css);
body {{ background: url({web}/hintergrund.png) }}
@font-face {{ font-family: Fremd; src: url({web}/schrift.woff) }} p {{ font-family: Fremd }}</style>
<link rel="stylesheet" href="{secrets.css.as_uri()}"><link rel="stylesheet" href="{web}/stil.css">
<img src="{web}/roh.png" alt="roh"> <img src="{secrets.png.as_uri()}" alt="lokal">
<img src="file:///dev/zero" alt="null"> <object data="{web}/objekt"></object>
<p style="background: url(file:///dev/zero)">Absatz</p>
<a rel="attachment" href="{secrets.text.as_uri()}">Anhang</a>
<svg width="10" height="10"><image href="{secrets.png.as_uri()}" width="10" height="10"/></svg>
<svg width="10" height="10"><image href="{web}/svg.png" width="10" height="10"/></svg>"""
    return "\n\n".join([*_one_liners(listener, secrets), raw])


def _assert_nothing_fetched(pdf: bytes, listener: Listener, *expected: str) -> None:
    assert listener.connections == []
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf))
    words = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert all(e in words for e in expected), words
    assert SECRET not in words and SECRET.encode() not in pdf
    assert all(len(p.images) == 0 for p in reader.pages)
    assert reader.attachments == {}
    annotations = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    assert not [a for a in annotations if a.get("/Subtype") == "/FileAttachment"]


def test_html_naming_files_and_addresses_becomes_a_pdf_without_them(
    listener: Listener, secrets: Secrets
) -> None:
    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Probe</title>'
        f"</head><body><h1>Probe</h1>{_hostile(listener, secrets)}<p>Ende</p></body></html>"
    )
    _assert_nothing_fetched(pdf_from_html(html), listener, "Probe", "Absatz", "Ende")


def test_a_protokoll_naming_files_and_addresses_is_exported_and_sent_without_them(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    smtp_sink: SmtpSink,
    listener: Listener,
    secrets: Secrets,
) -> None:
    net = make_network(voting=3, others=0)
    planned = ["sitzung", "planen", "--gremium", "1", "--beginn", "01.02.2027 17:00"]
    assert dkbm(capsys, *planned, "--ort", "Kreishaus")[0] == 0
    for title in _one_liners(listener, secrets):
        assert dkbm(capsys, "sitzung", "top", "1", "--titel", title)[0] == 0
    assert dkbm(capsys, "sitzung", "einladen", "1")[0] == 0
    monkeypatch.setenv("DKBM_NOW", "2027-02-01T18:00:00+01:00")
    present = ",".join(map(str, net.actors))
    assert dkbm(capsys, "sitzung", "anwesenheit", "1", "--anwesend", present)[0] == 0
    assert dkbm(capsys, "sitzung", "durchfuehren", "1")[0] == 0
    assert dkbm(capsys, "sitzung", "protokoll", "1", "--entwerfen")[0] == 0
    draft = dkbm(capsys, "sitzung", "protokoll", "1")[1]
    edited = tmp_path / "protokoll.md"
    edited.write_text(f"{draft}\n## Sonstiges\n\n{_hostile(listener, secrets)}\n\nSchluss\n")
    assert dkbm(capsys, "sitzung", "protokoll", "1", "--datei", str(edited))[0] == 0

    pdf = tmp_path / "protokoll.pdf"
    code, _, err = dkbm(capsys, "sitzung", "protokoll", "1", "--export", str(pdf))
    assert code == 0, err
    _assert_nothing_fetched(pdf.read_bytes(), listener, "Anwesenheit", "Sonstiges", "Schluss")

    assert dkbm(capsys, "sitzung", "protokoll", "1", "--versenden")[0] == 0
    drain(datetime(2027, 2, 1, 18, tzinfo=UTC))
    (mail,) = smtp_sink.to("a0@example.org")[-1:]
    (sent,) = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    _assert_nothing_fetched(sent.get_content(), listener, "Sonstiges", "Schluss")


def test_a_sachstandsbericht_naming_files_and_addresses_is_written_without_them(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    tmp_path: Path,
    listener: Listener,
    secrets: Secrets,
) -> None:
    from dkbm import cycles, indicators
    from dkbm.states.indicators import ItemKind

    net = make_network(voting=3, others=0)
    c = cycles.start(title="Bildung 2030", board_id=net.board, by=BY, now=T0)
    cycles.set_vision(c.id, _hostile(listener, secrets), by=BY, now=T0)
    for line in _one_liners(listener, secrets):
        c = cycles.add_goal(c.id, line, ["schule"], by=BY, now=T0)
    indicator = indicators.add(
        c.id,
        item_kind=ItemKind.ZIEL,
        item_id=c.goals[0].id,
        name=f"![kennzahl](http://127.0.0.1:{listener.port}/kennzahl.png)",
        unit="%",
        source=f"<img src='{secrets.png.as_uri()}'>",
        baseline=(40.0, 2024),
        target=(80.0, 2028),
        by=BY,
        now=T0,
    )
    indicators.record_value(
        indicator.id or 0, year=2026, value=51.5, note="![n](file:///dev/zero)", by=BY, now=T0
    )

    out = tmp_path / "bericht.pdf"
    code, _, err = dkbm(capsys, "bericht", "zyklus", "1", "--format", "pdf", "--datei", str(out))
    assert code == 0, err
    _assert_nothing_fetched(out.read_bytes(), listener, "Sachstandsbericht: Bildung 2030", "51,5")


def test_a_packaged_asset_is_served_by_its_own_scheme() -> None:
    shipped = find_spec("dkbm.portal")
    assert shipped is not None and shipped.submodule_search_locations
    script = Path(next(iter(shipped.submodule_search_locations))) / "static" / "breite.js"
    html = (
        '<html lang="de"><head><title>Anlage</title></head><body><p>Anlage</p>'
        f'<a rel="attachment" href="{asset_url("portal/static", "breite.js")}">Skript</a>'
        "</body></html>"
    )
    reader = PdfReader(BytesIO(pdf_from_html(html)))
    (annotation,) = [a.get_object() for a in reader.pages[0]["/Annots"]]
    embedded = annotation["/FS"].get_object()["/EF"]["/F"].get_object().get_data()
    assert embedded == script.read_bytes()


def test_the_fetcher_serves_files_inside_its_folders_and_refuses_everything_else(
    tmp_path: Path, secrets: Secrets
) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "logo.png").write_bytes(_png())
    (static / "ausweg.png").symlink_to(secrets.png)
    (static / "unterordner").symlink_to(tmp_path)
    fetcher = AssetFetcher({"static": static})

    assert fetcher.fetch("dkbm-asset:static/logo.png").read() == _png()
    assert fetcher.fetch((static / "logo.png").as_uri()).content_type == "image/png"
    assert fetcher.fetch("data:text/plain;base64,SGFsbG8=").read() == b"Hallo"
    refused = [
        "dkbm-asset:static/ausweg.png",
        "dkbm-asset:static/unterordner/secret.txt",
        "dkbm-asset:static/../secret.txt",
        "dkbm-asset:anderswo/logo.png",
        (static / "ausweg.png").as_uri(),
        (static / "unterordner" / "secret.txt").as_uri(),
        f"{static.as_uri()}/../secret.txt",
        secrets.text.as_uri(),
        "file:///dev/zero",
        f"file://example.org{static / 'logo.png'}",
        "http://127.0.0.1:9/logo.png",
        "https://example.org/logo.png",
        "ftp://example.org/logo.png",
        "data:text/plain," + "x" * DATA_URL_LIMIT,
        "javascript:alert(1)",
    ]
    for url in refused:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_no_module_but_the_pdf_helper_renders_with_weasyprint() -> None:
    """A later PDF cannot bypass the fetcher by calling WeasyPrint itself."""
    packages = ["dkbm", *(f"dkbm.{p}" for p in ("states", "store", "notifications"))]
    packages += [f"dkbm.{p}" for p in ("flows", "portal", "cli", "bench")]
    users = []
    for package in packages:
        spec = find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        for folder in spec.submodule_search_locations:
            for source in Path(folder).rglob("*.py"):
                if "weasyprint" in source.read_text(encoding="utf-8"):
                    users.append(source)
    shipped = find_spec("dkbm.pdf")
    assert shipped is not None and shipped.origin is not None
    assert users == [Path(shipped.origin)]
