"""`dkbm portal build OUT/`: static HTML (German at the root, English under en/), feeds and
open data; works from any web server or folder, no JavaScript required.

A rebuild after one transition reads and renders only that cycle, the rest comes from what
the last build kept (`portal.cache`); a file is written only when its bytes changed, so it
touches few files (and a web server's caches stay valid for the rest).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from dkbm.portal import feeds, oparl, opendata, public
from dkbm.portal.cache import Cache, Kept, Stamp, current, slim
from dkbm.portal.folder import BuildReport, Writer
from dkbm.portal.pages import HERE, pages

# portal.report renders through these (they live in portal.pages)
from dkbm.portal.pages import coverage_context as coverage_context
from dkbm.portal.pages import page_context as page_context
from dkbm.portal.pages import render as render
from dkbm.portal.public import Network, Site, published_file
from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t


def build(
    out: Path, now: datetime, base_url: str = "", only_cycles: set[int] | None = None
) -> BuildReport:
    """Write the portal to *out*; *base_url* (e.g. https://bildung.kreis.example/) is the
    public address that feeds and OParl need.

    With *only_cycles* (after transitions of those cycles) a rebuild: only what changed
    since the last build is read and rendered (those cycles, and any other whose version
    moved), the rest comes from the cache (`portal.cache`), and the pages of other cycles
    and of the meetings are kept as they are, if they exist. A change of anything else (an
    Akteur, a Gremium, the Kommune, a meeting, a Kennzahl, a library document) or a
    missing cache makes it a full build. Either way the files are those a full build
    writes, but for the moment of building on the pages kept.

    Builds of the same folder take turns (the nightly one and a rebuild after a
    transition may start together): each holds a lock on the folder while it runs."""
    base_url = public_address(base_url)
    with _exclusive(out):
        return _build(out, now, base_url, only_cycles)


def public_address(base_url: str) -> str:
    """The portal's public address, ending in "/": feeds and OParl need absolute links.
    Without one, the preview's address (`dkbm portal serve`)."""
    if not base_url:
        return oparl.DEFAULT_BASE
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in base_url:
        raise InvalidValue("--basis-url", base_url, t("expected_base_url"))
    return base_url if base_url.endswith("/") else base_url + "/"


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    handle = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _build(out: Path, now: datetime, base_url: str, only_cycles: set[int] | None) -> BuildReport:
    kept_cache = Cache(out)
    stamp = current()  # before reading anything: what is read is at least as new
    found = kept_cache.load(stamp) if only_cycles is not None else None
    report = BuildReport(full=found is None)
    network, cycles, read = _gather(out, stamp, found, only_cycles or set())
    report.cycles_read = len(read)
    site = public.assemble(network, [c.part for c in cycles.values()], now)
    site.changed_at = stamp.changed_at or now
    site.meetings_changed_at = stamp.meetings_changed_at or site.changed_at
    rendered = {path for cycle_id in read for path in _cycle_pages(cycle_id)}
    unchanged: set[str] = set()  # pages and feeds kept as they are

    def wanted(path: str) -> bool:
        if report.full or path in rendered or not (out / path).exists():
            return True
        unchanged.add(path)
        return False

    writer = Writer(out, report)
    for lang in ("de", "en"):
        for path, html in pages(site, lang, wanted):
            writer.write(path, html.encode("utf-8"))
            report.pages += 1
    for lang, name in feeds.FEED_FILE.items():
        writer.write(f"feeds/{name}", feeds.decisions_atom(site, base_url, lang))
    # feeds carry the portal's address: written every time (unchanged bytes stay as they are)
    writer.write(
        "feeds/sitzungen.ics",
        feeds.meetings_ics(site.meetings, site.meetings_changed_at, site.kommune["name"], base_url),
    )
    for m in site.meetings:
        writer.write(
            f"feeds/sitzung-{m['id']}.ics",
            feeds.meetings_ics([m], site.meetings_changed_at, site.kommune["name"], base_url),
        )
    for name, data in opendata.files(site, [c.data for c in cycles.values()]).items():
        writer.write(f"data/{name}", data)
    writer.write("data/suche.json", _search_index(site))
    _publish_files(out, site, writer)
    for path, obj in oparl.with_history(oparl.files(site, base_url), out / "oparl").items():
        writer.write(f"oparl/{path}", oparl.encode(obj))
    for asset in (HERE / "static").iterdir():
        writer.write(f"static/{asset.name}", asset.read_bytes())
    writer.prune(unchanged)
    kept_cache.save(
        stamp,
        network if report.full else None,
        {i: Kept(slim(c.part), c.data) for i, c in cycles.items() if i in read},
    )
    return report


def _gather(
    out: Path, stamp: Stamp, found: tuple[Network, dict[int, Kept]] | None, only: set[int]
) -> tuple[Network, dict[int, Kept], set[int]]:
    """The network and every cycle (by id) with its open data records, and the cycles read:
    all of them without what the last build kept (*found*), else those named in *only*,
    changed since, or missing a page."""
    if found is None:
        network, people = public.read_network()
        fresh = public.read_cycles(None, network.board_names, people)
        kept: dict[int, Kept] = {}
    else:
        network, kept = found
        stale = [
            cycle_id
            for cycle_id in stamp.cycles
            if cycle_id not in kept
            or cycle_id in only
            or not all((out / path).exists() for path in _cycle_pages(cycle_id))
        ]
        fresh = public.read_cycles(stale, network.board_names)
    cycles = {p.cycle["id"]: Kept(p, opendata.encode_cycle(p.cycle)) for p in fresh}
    read = set(cycles)
    cycles |= {cycle_id: k for cycle_id, k in kept.items() if cycle_id not in read}
    return network, dict(sorted(cycles.items())), read


def _cycle_pages(cycle_id: int) -> tuple[str, str]:
    return f"zyklus/{cycle_id}.html", f"en/zyklus/{cycle_id}.html"


def _search_index(site: Site) -> bytes:
    """Every document of the knowledge section with its tags; a file's `url` is its path
    from the portal's root."""
    import json

    return json.dumps(
        [
            {
                "url": d["url"] or d["path"],
                "titel": d["title"],
                "beschreibung": d["description"],
                "art": d["kind"],
                "quelle": d["source"],
                "zyklus": d["cycle"],
                "zyklus_titel": d["cycle_title"] or None,
                "gremium": d["board_name"] or None,
                "bereiche": d["areas"],
                "datum": d["date"].isoformat(),
            }
            for d in site.documents
        ],
        ensure_ascii=False,
    ).encode("utf-8")


def _publish_files(out: Path, site: Site, writer: Writer) -> None:
    """The files of the public library documents under wissen/<id>/<name>; anything else
    there (a removed document, one made internal, a replaced file) is deleted."""
    wanted = {d["path"]: d for d in site.documents if d["path"]}
    for path, d in wanted.items():
        if writer.same(path, d["file"]["size"], d["file"]["sha256"]):
            continue
        data = published_file(d["id"])
        if data is not None:  # None: made internal or removed since the site was read
            writer.write(path, data)
    folder = out / "wissen"
    if not folder.is_dir():
        return
    for found in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if found.is_dir() and not found.is_symlink():
            if not any(found.iterdir()):
                found.rmdir()
        elif found.relative_to(out).as_posix() not in wanted:
            found.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()
