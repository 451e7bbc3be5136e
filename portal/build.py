"""`dkbm portal build OUT/`: static HTML (German at the root, English under en/), feeds and
open data; works from any web server or folder, no JavaScript required.

A rebuild after one transition reads and renders only that cycle, the rest comes from what
the last build kept (`portal.cache`); a file is written only when its bytes changed, so it
touches few files (and a web server's caches stay valid for the rest).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from dkbm import charts
from dkbm.portal import feeds, oparl, opendata, public
from dkbm.portal.cache import Cache, Kept, Stamp, current, slim
from dkbm.portal.public import Network, Site, local, published_file
from dkbm.portal.words import DATASETS_EN, STEPS, WORDS, pick
from dkbm.states.cycle import STAGE_NAMES, describe_state
from dkbm.states.documents import size_text
from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t
from dkbm.states.model import BUNDESLAENDER
from dkbm.states.vocabulary import name_of

HERE = Path(__file__).parent
NAV = [
    ("index.html", "start"),
    ("gremien.html", "boards"),
    ("sitzungen.html", "meetings"),
    ("beschluesse.html", "decisions"),
    ("abdeckung.html", "coverage_nav"),
    ("wissen.html", "knowledge"),
    ("daten.html", "opendata"),
]


@dataclass
class BuildReport:
    written: int = 0
    unchanged: int = 0
    pages: int = 0
    full: bool = True  # else a rebuild of what changed, the rest from the cache
    cycles_read: int = 0
    removed: list[str] = field(default_factory=list)  # paths under the folder, as written


@cache
def _environment(escape: bool = True) -> Environment:
    """HTML templates autoescaped; Markdown ones (the report) not: their user text goes
    through the `md` filter."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=escape,
        undefined=StrictUndefined,
        # compiled templates kept between processes: every flow run is a new process
        bytecode_cache=_bytecode_cache(escape),
    )
    env.filters["md"] = md_text
    return env


_MD_ACTIVE = re.compile(r"([\\`\[\]|])")


def md_text(value: object) -> str:
    """User text inline in Markdown: no link (`[x](javascript:…)`), no code span, no table
    cell split by `|`, one line. Raw HTML is escaped when the report becomes HTML."""
    return _MD_ACTIVE.sub(r"\\\1", " ".join(str(value).split()))


def _bytecode_cache(escape: bool) -> FileSystemBytecodeCache | None:
    """Compiled templates run as code: kept only in a folder of our own that nobody else
    can write to (another local user could have created it first). Escaping is compiled
    into the code, so escaped and unescaped compilations of one template are kept apart:
    a template compiled for the Markdown report must never render a portal page."""
    import tempfile

    path = Path(tempfile.gettempdir()) / f"dkbm-portal-templates-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    info = path.lstat()
    if not path.is_dir() or path.is_symlink() or info.st_uid != os.getuid():
        return None
    if info.st_mode & 0o022:
        return None
    return FileSystemBytecodeCache(
        str(path), f"__jinja2_{'escaped' if escape else 'plain'}_%s.cache"
    )


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

    writer = _Writer(out, report)
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


class _Writer:
    def __init__(self, out: Path, report: BuildReport) -> None:
        self.out, self.report = out, report
        self.done: set[str] = set()  # written, or found as they should be

    def same(self, relative: str, size: int, sha256: str) -> bool:
        """Whether the file is there with these bytes (a library file: no need to read it
        from the database again)."""
        target = self.out / relative
        if not target.is_file() or target.stat().st_size != size:
            return False
        with target.open("rb") as handle:
            if hashlib.file_digest(handle, "sha256").hexdigest() != sha256:
                return False
        self.report.unchanged += 1
        return True

    def write(self, relative: str, data: bytes) -> None:
        self.done.add(relative)
        target = self.out / relative
        if target.exists() and target.read_bytes() == data:
            self.report.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(target)
        self.report.written += 1

    def prune(self, kept: set[str]) -> None:
        """Remove what an earlier build wrote and this one did not write nor keep: the OParl
        Person of an Akteur who withdrew her consent, the page of a meeting made non-public."""
        for part in _PARTS:
            for path in (self.out / part).rglob("*"):
                relative = path.relative_to(self.out).as_posix()
                if path.suffix == ".tmp" or relative in self.done or relative in kept:
                    continue  # a partial file may be another build's, about to be renamed
                if path.is_file():
                    path.unlink()
                    self.report.removed.append(relative)
        self.report.removed.sort()


_JOINTS = ("einrichtungen", "gesellschaft", "waltung", "schaft")


def _soft_hyphens(word: str) -> Markup:
    """Long German compounds in narrow table headings break at their joints, not anywhere;
    `Erwachsenen-/Weiterbildung` may break after its slash (`<wbr>`: nothing invisible
    gets into copied text)."""
    for joint in _JOINTS:
        if joint in word and "\u00ad" not in word:
            word = word.replace(joint, "\u00ad" + joint, 1)
    return Markup("/<wbr>").join(escape(part) for part in word.split("/"))


def pages(
    site: Site, lang: str, wanted: Callable[[str], bool] = lambda path: True
) -> list[tuple[str, str]]:
    """(path, html) of every page in *lang* (of a cycle or a meeting only if *wanted*)."""
    prefix = "en/" if lang == "en" else ""
    now = site.built_at or datetime.now()
    upcoming = [m for m in site.meetings if m["starts_at"] >= now and m["state"] != "abgesagt"]
    past = [m for m in site.meetings if m not in upcoming]
    common = {"upcoming": upcoming, "past": list(reversed(past))}
    out = [
        (f"{prefix}index.html", _page("index.html", site, lang, 0, "start", **common)),
        (f"{prefix}gremien.html", _page("gremien.html", site, lang, 0, "boards")),
        (f"{prefix}sitzungen.html", _page("sitzungen.html", site, lang, 0, "meetings", **common)),
        (f"{prefix}beschluesse.html", _page("beschluesse.html", site, lang, 0, "decisions")),
        (f"{prefix}wissen.html", _page("wissen.html", site, lang, 0, "knowledge")),
        (
            f"{prefix}abdeckung.html",
            _page(
                "abdeckung.html",
                site,
                lang,
                0,
                "coverage_nav",
                page_title=WORDS[lang]["coverage"],
            ),
        ),
        (
            f"{prefix}daten.html",
            _page("daten.html", site, lang, 0, "opendata", datasets=_data_sets(lang)),
        ),
    ]
    for c in site.cycles:
        path = f"{prefix}zyklus/{c['id']}.html"
        if wanted(path):
            out.append(
                (path, _page("zyklus.html", site, lang, 1, None, c=c, page_title=c["title"]))
            )
    for m in site.meetings:
        path = f"{prefix}sitzung/{m['id']}.html"
        if not wanted(path):
            continue
        day = local(m["starts_at"]).strftime(_day_format(lang))
        title = f"{WORDS[lang]['meeting']} {m['board_name']}, {day}"
        out.append((path, _page("sitzung.html", site, lang, 1, None, m=m, page_title=title)))
    return out


def coverage_context(found: Any, lang: str) -> dict[str, Any]:
    """The Querschnitt for a template: *found* is a states.coverage.Coverage."""
    from dkbm import coverage
    from dkbm.states.coverage import SECTORS

    doc = coverage.document(found, lang)
    return {
        "coverage": doc,
        "sectors": SECTORS,
        "gaps": [coverage.gap_text(g["art"], g["wert"], lang) for g in doc["luecken"]],
        "coverage_warning": coverage.warning_text(found, lang) if doc["warnung"] else "",
    }


def _data_sets(lang: str) -> list[dict[str, str]]:
    """One row per data set: what it holds, in the reader's language, and its files."""
    return [
        {
            "name": name,
            "title": DATASETS_EN.get(name, schema["title"]) if lang == "en" else schema["title"],
        }
        for name, schema in opendata.SCHEMAS.items()
    ]


def _page(
    template: str,
    site: Site,
    lang: str,
    depth: int,
    nav_key: str | None,
    page_title: str | None = None,
    **extra: Any,
) -> str:
    words = WORDS[lang]
    root = "../" * (depth + (1 if lang == "en" else 0))
    current = next((page for page, key in NAV if key == nav_key), "")
    name = f"{'zyklus' if 'c' in extra else 'sitzung'}/" if depth else ""
    page_name = current or (
        f"{name}{extra['c']['id']}.html" if "c" in extra else f"{name}{extra['m']['id']}.html"
    )
    context = page_context(
        site,
        lang,
        title=page_title or words[nav_key or "start"],
        nav=NAV,
        current=current,
        root=root,
        home=root + ("en/" if lang == "en" else ""),
        other_lang="de" if lang == "en" else "en",
        other_url=_other(lang, depth, page_name),
        **extra,
    )
    return render(template, context)


def _day_format(lang: str) -> str:
    """A day as pages and reports give it: ISO in English (as `iso_day`), German otherwise."""
    return "%Y-%m-%d" if lang == "en" else "%d.%m.%Y"


def page_context(site: Site, lang: str, **extra: Any) -> dict[str, Any]:
    """What every template may use: the site's data and its words in *lang*."""
    words = WORDS[lang]
    coverage = coverage_context(site.coverage, lang)
    day_format = _day_format(lang)
    return {
        "lang": lang,
        "w": lambda key: words[key],
        "kommune": site.kommune,
        "bundesland": BUNDESLAENDER.get(site.kommune["bundesland"], site.kommune["bundesland"]),
        "cycles": site.cycles,
        "boards": site.boards,
        "decisions": site.decisions,
        "documents": site.documents,
        # the day only: a page rebuilt later that day without a change stays the same file
        "built": local(site.built_at).strftime(day_format) if site.built_at else "",
        "day": lambda moment: local(moment).strftime(day_format),
        "soft": _soft_hyphens,
        "clock": lambda moment: local(moment).strftime("%H:%M"),
        "iso_day": lambda text: _iso_day(text, lang),
        "stage_name": lambda stage: STAGE_NAMES[lang].get(stage, stage),
        "describe": lambda state: describe_state(state or "", lang) if state else "–",
        "step": lambda trigger: pick(STEPS, trigger, lang),
        "meeting_state": lambda state: name_of("sitzung", state, lang),
        "outcome": lambda value: name_of("ergebnis", value, lang),
        "name_of": lambda kind, value: name_of(kind, value, lang),
        "areas": lambda values: ", ".join(name_of("bildungsbereich", v, lang) for v in values),
        "chart": lambda ind: charts.figure(ind, assessment=_assess(ind, site), lang=lang),
        "indicator_status": lambda ind: charts.status_word(_assess(ind, site).status, lang),
        "number": lambda value: charts.number(value, lang),
        "size": lambda value: size_text(value, lang),
        **coverage,
        **extra,
    }


def _iso_day(text: str | None, lang: str) -> str:
    if not text:
        return "–"
    if lang == "en":
        return text
    year, month, day = text.split("-")
    return f"{day}.{month}.{year}"


def render(template: str, context: dict[str, Any], escape: bool = True) -> str:
    return _environment(escape).get_template(template).render(context)


def _assess(ind: Any, site: Site) -> Any:
    from dkbm.states.indicators import assess

    return assess(ind, local(site.built_at or datetime.now()).year)


def _other(lang: str, depth: int, page_name: str) -> str:
    """The same page in the other language, relative to this one."""
    if lang == "de":
        return "../" * depth + "en/" + page_name
    return "../" * (depth + 1) + page_name


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


def _publish_files(out: Path, site: Site, writer: _Writer) -> None:
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


# what a build writes through `_Writer` (wissen/ has its files and its own tidying)
_PARTS = ("en", "zyklus", "sitzung", "feeds", "data", "oparl", "static")


def clean(out: Path) -> None:
    """Remove a previous build (only what a build writes)."""
    for part in (*_PARTS, "wissen"):
        shutil.rmtree(out / part, ignore_errors=True)
    for page, _ in NAV:
        (out / page).unlink(missing_ok=True)
