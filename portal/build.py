"""`dkbm portal build OUT/`: static HTML (German at the root, English under en/), feeds and
open data; works from any web server or folder, no JavaScript required.

A rebuild after one transition reads and renders only that cycle, the rest comes from what
the last build kept (`portal.cache`); a file is written only when its bytes changed, the
others are taken over as they are (a web server's caches stay valid for them). Every build
is swapped in whole (`portal.folder`), into a folder that may take it (`portal.target`).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from dkbm.portal import feeds, oparl, opendata, public, target
from dkbm.portal.cache import Cache, Kept, Stamp, current, slim
from dkbm.portal.folder import BuildReport, NotWritten, Tree, clean_leftovers
from dkbm.portal.pages import HERE, pages

# portal.report renders through these (they live in portal.pages)
from dkbm.portal.pages import coverage_context as coverage_context
from dkbm.portal.pages import page_context as page_context
from dkbm.portal.pages import render as render
from dkbm.portal.public import Among, Network, Site, published_file
from dkbm.portal.target import Found
from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t


def build(
    out: Path,
    now: datetime,
    base_url: str = "",
    only_cycles: set[int] | None = None,
    force: bool = False,
    take_over: bool = False,
    among: Among | None = None,
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

    Only a folder a build wrote, or an empty one, is accepted (`portal.target`; *force*:
    one with other files too, which stay; *take_over*: one holding the portal of an
    earlier version, whose files become this one's); the new portal is written beside it and swapped
    in whole (`portal.folder`). Builds of the same folder take turns (the nightly one and
    a rebuild after a transition may start together): each holds a lock while it runs.

    *among*: built as one of many Kommunen's portals, under DIR/<ags>/ (`portal.many`)."""
    base_url = public_address(base_url)
    folder = target.check(out)
    try:
        with exclusive(folder):
            found = target.survey(folder, force, take_over)
            cleaned, left = clean_leftovers(folder)
            if cleaned:  # a stopped build's foreign files may have moved back
                found = target.survey(folder, force, take_over)
            report = _build(folder, found, now, base_url, only_cycles, among)
    except OSError as exc:
        raise NotWritten(folder, exc) from None
    report.cleaned, report.left = cleaned, left + report.left
    return report


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
def exclusive(folder: Path) -> Iterator[None]:
    """A lock on the folder's parent: the folder itself is swapped by every build (builds of
    many Kommunen hold DIR's parent, and each Kommune's build DIR)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _build(
    out: Path,
    found: Found,
    now: datetime,
    base_url: str,
    only_cycles: set[int] | None,
    among: Among | None = None,
) -> BuildReport:
    kept_cache = Cache(out)
    stamp = current()  # before reading anything: what is read is at least as new
    kept = kept_cache.load(stamp) if only_cycles is not None else None
    report = BuildReport(full=kept is None)
    network, cycles, read = _gather(found, stamp, kept, only_cycles or set())
    report.cycles_read = len(read)
    site = public.assemble(network, [c.part for c in cycles.values()], now)
    site.changed_at = stamp.changed_at or now
    site.among = among
    site.meetings_changed_at = stamp.meetings_changed_at or site.changed_at
    rendered = {path for cycle_id in read for path in _cycle_pages(cycle_id)}
    unchanged: set[str] = set()  # pages kept as they are

    def wanted(path: str) -> bool:
        if report.full or path in rendered or path not in found.ours:
            return True
        unchanged.add(path)
        return False

    tree = Tree(out, found, report)
    try:
        _write(tree, site, [c.data for c in cycles.values()], base_url, wanted)
        tree.finish(unchanged)
        report.left = tree.publish()
    except BaseException:
        tree.discard()
        raise
    kept_cache.save(
        stamp,
        network if report.full else None,
        {i: Kept(slim(c.part), c.data) for i, c in cycles.items() if i in read},
    )
    return report


def _write(
    tree: Tree,
    site: Site,
    data: list[dict[str, opendata.Encoded]],
    base_url: str,
    wanted: Callable[[str], bool],
) -> None:
    """Every file of the portal into *tree* (of a cycle's or a meeting's page only those
    *wanted*)."""
    for lang in ("de", "en"):
        for path, html in pages(site, lang, wanted):
            tree.write(path, html.encode("utf-8"))
            tree.report.pages += 1
    for lang, name in feeds.FEED_FILE.items():
        tree.write(f"feeds/{name}", feeds.decisions_atom(site, base_url, lang))
    # feeds carry the portal's address: written every time (unchanged bytes stay as they are)
    kommune = site.kommune["name"]
    from dkbm.messages import served_identifier_ags

    ags = served_identifier_ags()
    tree.write(
        "feeds/sitzungen.ics",
        feeds.meetings_ics(site.meetings, site.meetings_changed_at, kommune, base_url, ags),
    )
    for m in site.meetings:
        tree.write(
            f"feeds/sitzung-{m['id']}.ics",
            feeds.meetings_ics([m], site.meetings_changed_at, kommune, base_url, ags),
        )
    for name, encoded in opendata.files(site, data).items():
        tree.write(f"data/{name}", encoded)
    tree.write("data/suche.json", _search_index(site))
    _publish_files(site, tree)
    objects = oparl.files(site, base_url)
    current_objects = set(objects)
    for path, obj in oparl.with_history(objects, tree.live / "oparl").items():
        # the history only of what a build published: a foreign file there is no object
        if path in current_objects or f"oparl/{path}" in tree.found.ours:
            tree.write(f"oparl/{path}", oparl.encode(obj))
    for asset in (HERE / "static").iterdir():
        tree.write(f"static/{asset.name}", asset.read_bytes())


def _gather(
    found: Found, stamp: Stamp, kept: tuple[Network, dict[int, Kept]] | None, only: set[int]
) -> tuple[Network, dict[int, Kept], set[int]]:
    """The network and every cycle (by id) with its open data records, and the cycles read:
    all of them without what the last build kept (*kept*), else those named in *only*,
    changed since, or missing a page in the folder (*found*)."""
    if kept is None:
        network, people = public.read_network()
        fresh = public.read_cycles(None, network.board_names, people)
        parts: dict[int, Kept] = {}
    else:
        network, parts = kept
        stale = [
            cycle_id
            for cycle_id in stamp.cycles
            if cycle_id not in parts
            or cycle_id in only
            or not all(path in found.ours for path in _cycle_pages(cycle_id))
        ]
        fresh = public.read_cycles(stale, network.board_names)
    cycles = {p.cycle["id"]: Kept(p, opendata.encode_cycle(p.cycle)) for p in fresh}
    read = set(cycles)
    cycles |= {cycle_id: k for cycle_id, k in parts.items() if cycle_id not in read}
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


def _publish_files(site: Site, tree: Tree) -> None:
    """The files of the public library documents under wissen/<id>/<name> (what was there
    before and is not now, a document removed or made internal, is not in the new tree)."""
    for d in site.documents:
        if not d["path"] or tree.same(d["path"], d["file"]["size"], d["file"]["sha256"]):
            continue
        data = published_file(d["id"])
        if data is not None:  # None: made internal or removed since the site was read
            tree.write(d["path"], data)
