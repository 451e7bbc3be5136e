"""Pages: Jinja2 templates (every value escaped), rendered in one language per request.

The catalog's language is a process setting meant for the CLI; a web worker serves members
of both languages at once, so everything here passes the language explicitly, errors
included (`message`).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from dkbm.messages import span, when
from dkbm.states.errors import DkbmError, Reason, Word
from dkbm.states.i18n import LANGUAGES, t
from dkbm.store.settings import web_url

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@cache
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def base_path() -> str:
    """The path under which the public address serves the app (`DKBM_WEB_URL`), so that
    a proxy may put it below a path of a Kommune's site."""
    return urlsplit(web_url()).path.rstrip("/")


def language_of(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "de"


def moment(value: datetime | str | None, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return when(value, lang)


def period(start: datetime | str, end: datetime | str | None, lang: str) -> str:
    """A meeting's time: one date and a time range, as its messages write it."""
    if isinstance(start, str):
        start = datetime.fromisoformat(start)
    if isinstance(end, str):
        end = datetime.fromisoformat(end)
    return span(start, end, lang)


def day(value: str | None, lang: str) -> str:
    """A date (ISO text, as the read models give it) as a reader writes it."""
    if not value:
        return "–"
    d = date.fromisoformat(value[:10])
    return d.strftime("%d %b %Y") if lang == "en" else d.strftime("%d.%m.%Y")


def number(value: float | int | str | None, lang: str) -> str:
    """A figure without a trailing `.0`, with a decimal comma in German."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text.replace(".", ",") if lang == "de" and isinstance(value, float) else text


def html(
    template: str,
    lang: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    lang = language_of(lang)
    page = (
        _env()
        .get_template(template)
        .render(
            lang=lang,
            base=base_path(),
            _=lambda key, **params: t(key, lang, **params),
            when=lambda value: moment(value, lang),
            period=lambda start, end: period(start, end, lang),
            day=lambda value: day(value, lang),
            number=lambda value: number(value, lang),
            **context,
        )
    )
    return HTMLResponse(page, status_code=status, headers=headers)


def notice(
    lang: str | None,
    status: int,
    title: str,
    lines: list[str],
    *,
    both: bool = False,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A page that only says something: *title* and *lines* are catalog keys (with their
    parameters as `(key, params)`); with *both*, German first and English below, for when
    the reader's language is not known."""
    langs = ["de", "en"] if both else [language_of(lang)]
    parts = [
        {
            "lang": each,
            "title": t(title, each),
            "lines": [_line(line, each) for line in lines],
        }
        for each in langs
    ]
    return html("notice.html", langs[0], status=status, headers=headers, parts=parts)


def _line(line: str | tuple[str, dict[str, Any]], lang: str) -> str:
    if isinstance(line, tuple):
        key, params = line
        return t(key, lang, **params)
    return t(line, lang)


def message(error: DkbmError, lang: str) -> str:
    """*error* in *lang*, its reasons and words too (they would render in the process's)."""
    return t(error.key, lang, **{k: _in(v, lang) for k, v in error.params.items()})


def _in(value: Any, lang: str) -> Any:
    if isinstance(value, Reason):
        return value.render(lang)
    if isinstance(value, Word):
        return t(f"kind_{value.kind}", lang)
    items = getattr(value, "items", None)
    if isinstance(items, list):  # a listing of allowed steps
        return ", ".join(map(str, items)) if items else t("none", lang)
    return value
