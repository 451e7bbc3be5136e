"""What in an HTML document could run, fetch or lead somewhere it must not.

Parsed with the standard library's `html.parser` (attribute values come out with their
character references resolved, as a browser reads them). Each finding is one line naming
the element with its attributes (and a script's or style's body), so the marker of the
payload that caused it can be found in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

SCHEMES = ("https", "http", "mailto")
# attributes whose value is an address a browser follows or fetches
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "srcset",
    "ping",
    "lowsrc",
    "dynsrc",
    "codebase",
    "cite",
    "longdesc",
    "manifest",
    "icon",
    "archive",
}
# attributes that make the browser fetch what they name
FETCHING = {"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc", "codebase"}
FORBIDDEN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "portal",
    "img",
    "image",
    "video",
    "audio",
    "source",
    "track",
    "picture",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "feimage",
    "use",
    "math",
}
_LIVE_CSS = re.compile(r"url\s*\((?!\s*['\"]?#)|@import|expression\s*\(|behavior\s*:", re.I)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def scheme(url: str) -> str | None:
    """The scheme a browser reads in *url*: leading and trailing controls and spaces
    stripped, tabs and newlines anywhere removed (WHATWG URL parsing)."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE))
    found = _SCHEME.match(cleaned)
    return found.group(1).lower() if found else None


def forbidden_link(url: str) -> bool:
    """Whether *url* leads anywhere but https, http, mailto or a relative path of ours."""
    found = scheme(url)
    if found is None:
        cleaned = re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE))
        return cleaned.startswith(("//", "/\\", "\\\\", "\\/"))
    return found not in SCHEMES


def live_web_link(url: str) -> bool:
    """An absolute address a browser would fetch if an element named it."""
    return scheme(url) is not None or forbidden_link(url)


@dataclass
class Page:
    findings: list[str] = field(default_factory=list)
    text: str = ""


class _Scanner(HTMLParser):
    def __init__(self, own_scripts: tuple[str, ...], data_icon: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.own_scripts, self.data_icon = own_scripts, data_icon
        self.findings: list[str] = []
        self.texts: list[str] = []
        self._raw: tuple[str, list[tuple[str, str | None]], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._raw = (tag, attrs, [])
        self._element(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag == self._raw[0]:
            name, attrs, body = self._raw
            self._raw = None
            self._raw_element(name, attrs, "".join(body))

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw[2].append(data)
        else:
            self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.findings.append(f"comment <!--{data}-->")

    def unknown_decl(self, data: str) -> None:
        self.findings.append(f"declaration <![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.findings.append(f"processing instruction <?{data}>")

    def close(self) -> None:
        if self._raw is not None:  # the parser keeps an unclosed script's body to itself
            self._raw[2].append(self.rawdata)
            self.rawdata = ""
        super().close()
        if self._raw is not None:  # a script or style never closed
            name, attrs, body = self._raw
            self._raw = None
            self._raw_element(name, attrs, "".join(body))

    def _raw_element(self, tag: str, attrs: list[tuple[str, str | None]], body: str) -> None:
        shown = _shown(tag, attrs) + body
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if body.strip() or src not in self.own_scripts:
                self.findings.append(f"script {shown}")
        elif _LIVE_CSS.search(body) or "<" in body:
            self.findings.append(f"style fetching or holding markup {shown}")

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        shown = _shown(tag, attrs)
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"element {shown}")
        if tag == "meta" and ("http-equiv" in values or "refresh" in values.get("content", "")):
            self.findings.append(f"meta {shown}")
        if tag == "link":
            href = values.get("href", "")
            own_icon = self.data_icon and values.get("rel") == "icon" and href == "data:,"
            if not own_icon and live_web_link(href):
                self.findings.append(f"link fetching {shown}")
        for name, value in values.items():
            if name.startswith("on"):
                self.findings.append(f"event handler {name} {shown}")
            elif name == "srcdoc":
                self.findings.append(f"srcdoc {shown}")
            elif name == "style" and _LIVE_CSS.search(value):
                self.findings.append(f"style attribute {shown}")
            elif name in URL_ATTRIBUTES:
                if forbidden_link(value) and not (tag == "link" and value == "data:,"):
                    self.findings.append(f"forbidden {name} {shown}")
                elif name in FETCHING and tag != "script" and value:
                    self.findings.append(f"fetching {name} {shown}")


def _shown(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    return f"<{tag} " + " ".join(f"{n}={v!r}" for n, v in attrs) + ">"


def scan(html: str, own_scripts: tuple[str, ...] = (), data_icon: bool = False) -> Page:
    """The findings in *html* and its text as a reader sees it. *own_scripts* are the
    `src` values of the scripts the page may load; *data_icon* allows the empty
    `<link rel="icon" href="data:,">` (it stops a browser asking for /favicon.ico)."""
    scanner = _Scanner(own_scripts, data_icon)
    scanner.feed(html)
    scanner.close()
    return Page(scanner.findings, "".join(scanner.texts))
