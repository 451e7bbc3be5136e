"""The portal's pages: Jinja2 templates rendered in German and English, with the words,
days, numbers and charts every template may use (`page_context`); the Sachstandsbericht
(`portal.report`) renders through the same context."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from dkbm import chart_text, charts
from dkbm.notifications import markup
from dkbm.portal.datasets import SCHEMAS
from dkbm.portal.public import Site, local
from dkbm.portal.words import DATASETS_EN, STEPS, WORDS, pick
from dkbm.states.cycle import STAGE_NAMES, describe_state
from dkbm.states.documents import size_text
from dkbm.states.model import BUNDESLAENDER
from dkbm.states.vocabulary import name_of

HERE = Path(__file__).parent
NAV = [
    ("index.html", "start"),
    ("gremien.html", "boards"),
    ("netzwerk.html", "network"),
    ("sitzungen.html", "meetings"),
    ("beschluesse.html", "decisions"),
    ("abdeckung.html", "coverage_nav"),
    ("wissen.html", "knowledge"),
    ("daten.html", "opendata"),
]


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
        (
            f"{prefix}netzwerk.html",
            _page("netzwerk.html", site, lang, 0, "network", **network_context(site, lang)),
        ),
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


def index_of_many(kommunen: list[dict[str, Any]], lang: str, built: datetime) -> str:
    """The index of many Kommunen's portals (`portal.many`): each Kommune (name, AGS,
    bundesland) with its Land and a link to its portal, in the base layout without a
    Kommune's navigation."""
    words = WORDS[lang]
    root = "../" if lang == "en" else ""
    return render(
        "kommunen.html",
        {
            "lang": lang,
            "w": lambda key: words[key],
            "title": words["kommunen"],
            "root": root,
            "home": root + ("en/" if lang == "en" else ""),
            "other_lang": "de" if lang == "en" else "en",
            "other_url": "../index.html" if lang == "en" else "en/index.html",
            "built": local(built).strftime(_day_format(lang)),
            "among": False,
            "kommunen": [
                k | {"land": BUNDESLAENDER.get(k["bundesland"], k["bundesland"])} for k in kommunen
            ],
        },
    )


def network_context(site: Site, lang: str) -> dict[str, Any]:
    """The network page: the picture (SVG inline) and its text alternative, and every
    organisation with what the public may know of it (public.py decided)."""
    from dkbm import network_map
    from dkbm.states.model import EducationArea, Organisation, OrganisationKind, Sector
    from dkbm.states.relations import Relation, RelationKind
    from dkbm.store.reads.relations import Hub

    today = local(site.built_at or datetime.now()).date()
    net = network_map.Network(
        kommune=site.kommune["name"],
        organisations=[
            Organisation(
                id=o["id"],
                name=o["name"],
                kind=OrganisationKind(o["kind"]),
                sector=Sector(o["sector"]),
                areas=[EducationArea(a) for a in o["areas"]],
            )
            for o in site.organisations
        ],
        relations=[
            Relation(
                r["id"],
                r["from"],
                r["to"],
                RelationKind(r["kind"]),
                r["valid_from"],
                r["valid_to"],
            )
            for r in site.relations
            if r["valid_to"] is None or r["valid_to"] >= today
        ],
        hubs=[Hub(h["id"], h["name"], h["kind"], tuple(h["organisations"])) for h in site.hubs],
    )
    return {
        "network_svg": Markup(network_map.svg(net, lang)),
        "network_words": network_map.in_words(net, lang),
        "organisations": sorted(site.organisations, key=lambda o: (o["name"].casefold(), o["id"])),
    }


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
        for name, schema in SCHEMAS.items()
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
        "indicator_status": lambda ind: chart_text.status_word(_assess(ind, site).status, lang),
        "number": lambda value: chart_text.number(value, lang),
        "size": lambda value: size_text(value, lang),
        # a person's Markdown (a TOP's Beschlusstext): typed HTML shown, links by the policy
        "markdown": lambda text: Markup(markup.to_html(text)),
        # one of many Kommunen's portals: a link up to the index of them all
        "among": site.among is not None,
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
