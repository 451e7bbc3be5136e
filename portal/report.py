"""Sachstandsbericht for the Stadtrat or Kreistag: a cycle's stage, its decisions with dates
and results, its Maßnahmen with owners and Kennzahlen with charts, and the coverage.

Built from the same public view as the portal (`portal.public`): it is attached to a
Vorlage, so people are named only with their consent. Markdown for editing, HTML and an
A4 PDF (WeasyPrint, tagged PDF/UA-1) with the charts for the Vorlage.
"""

from __future__ import annotations

import html as html_lib
from datetime import datetime
from typing import Any

from dkbm.notifications import markup
from dkbm.portal.build import coverage_context, page_context, render
from dkbm.portal.public import Site, collect
from dkbm.states.errors import InvalidValue, NotFound

FORMATS = ("md", "html", "pdf")


def markdown(cycle_id: int, now: datetime, lang: str = "de", value_tables: bool = True) -> str:
    """The report as Markdown; without *value_tables* (for HTML, where each chart brings
    its own table) the Kennzahlen's values are left to the charts."""
    return _markdown(collect(now), cycle_id, lang, value_tables)


def _markdown(site: Site, cycle_id: int, lang: str, value_tables: bool) -> str:
    c = _cycle(site, cycle_id)
    decisions = [d for d in site.decisions if d["cycle"] == cycle_id]
    context = page_context(
        site,
        lang,
        c=c,
        decisions=sorted(decisions, key=lambda d: d["at"]),
        value_tables=value_tables,
        **_own_coverage(site, c, lang),
    )
    return _with_verbund(render("bericht.md", context, escape=False), c, lang)


def _with_verbund(text: str, c: dict[str, Any], lang: str) -> str:
    """The report names the Verbund the cycle runs in, and the Maßnahmen run in one, below
    the line with its stage and Gremium."""
    from dkbm.portal.pages import md_text
    from dkbm.states.i18n import t

    lines = []
    if v := c.get("verbund"):
        key = "verbund_line" if v["partners"] else "verbund_line_alone"
        lines.append(
            t(key, lang, name=md_text(v["name"]), id=v["id"],
              partners=", ".join(md_text(p) for p in v["partners"]))
        )  # fmt: skip
    shared = [m for m in c["measures"] if m.get("verbund")]
    if shared:
        measures = "; ".join(
            f"{md_text(m['title'])} ({md_text(m['verbund']['name'])})" for m in shared
        )
        lines.append(t("verbund_measures_line", lang, measures=measures))
    anchor = f"\n{c['state_' + lang]} · "
    at = text.find(anchor)
    end = text.find("\n", at + 1) if at >= 0 else -1
    if not lines or end < 0:
        return text
    return text[:end] + "\n\n" + "\n\n".join(lines) + text[end:]


def _own_coverage(site: Site, c: dict[str, Any], lang: str) -> dict[str, Any]:
    """The Querschnitt of this cycle's goals and measures (not those of other cycles)."""
    own = site.coverage.with_cycles([(c["id"], c["title"], site.cycle_coverage[c["id"]])])
    return coverage_context(own, lang)


def _cycle(site: Site, cycle_id: int) -> dict[str, Any]:
    c = next((c for c in site.cycles if c["id"] == cycle_id), None)
    if c is None:
        raise NotFound("cycle", cycle_id)
    return c


def html(cycle_id: int, now: datetime, lang: str = "de") -> str:
    """The report as a standalone HTML document; Kennzahlen get their charts."""
    site = collect(now)
    text = _markdown(site, cycle_id, lang, value_tables=False)
    body = markup.to_html(text)
    c = _cycle(site, cycle_id)
    context = page_context(site, lang, c=c)
    for entry in c["indicators"]:
        heading = f"<h3>{_escape(entry['indicator'].name)}"
        at = body.find(heading)
        end = body.find("</p>", at) if at >= 0 else -1
        if end >= 0:
            end += len("</p>")
            # a document shows the values, on paper and in a browser alike: the fold open
            chart = context["chart"](entry["indicator"]).replace("<details>", "<details open>", 1)
            body = body[:end] + chart + body[end:]
    return render("bericht.html", {**context, "body": body}, escape=True)


def pdf(cycle_id: int, now: datetime, lang: str = "de") -> bytes:
    from dkbm.pdf import pdf_from_html

    return pdf_from_html(html(cycle_id, now, lang))


def produce(cycle_id: int, fmt: str, now: datetime, lang: str = "de") -> bytes:
    if fmt not in FORMATS:
        raise InvalidValue("--format", fmt, " | ".join(FORMATS))
    if fmt == "md":
        return markdown(cycle_id, now, lang).encode("utf-8")
    if fmt == "html":
        return html(cycle_id, now, lang).encode("utf-8")
    return pdf(cycle_id, now, lang)


def _escape(text: str) -> str:
    """A name as the Markdown renderer escapes it (to find its heading in the HTML)."""
    return html_lib.escape(text, quote=False)
