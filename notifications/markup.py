"""People's Markdown as HTML that can neither run nor fetch anything.

Raw HTML typed into the Markdown is escaped before rendering (shown as text, never run).
Links are kept only where the link policy (`states.links`) allows them, and then open with
`rel="nofollow noopener noreferrer"`; any other link becomes its plain text. Images become
their alt text: a page, a mail or a PDF of ours never loads what a person pointed it to.
The same rendering serves the Protokoll (HTML, PDF, mail) and the Sachstandsbericht.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

from dkbm.states.links import shown

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    import markdown

# What Markdown would read as a link or an image (brackets), emphasis, code or a table
# cell. Typed HTML needs nothing here: it is escaped before rendering.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def escaped(text: str) -> str:
    """Plain text (a title, a name) placed into Markdown so that it stays plain text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_html(markdown_text: str) -> str:
    """*markdown_text* (tables allowed) as an HTML fragment under the link policy."""
    import markdown

    renderer = markdown.Markdown(extensions=["tables", _link_policy()])
    return renderer.convert(html.escape(markdown_text, quote=False))


@functools.cache
def _policy_extension() -> type:
    """The extension's classes, built on first use: Markdown is imported only by what renders."""
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class Policy(Treeprocessor):
        def run(self, root: ET.Element) -> None:
            for element in root.iter():
                if element.tag == "a":
                    href = shown(element.get("href"))
                    title = element.get("title")
                    element.attrib.clear()
                    if href is None:
                        element.tag = "span"  # its text and children stay, the link goes
                    else:
                        element.attrib.update(href=href, rel="nofollow noopener noreferrer")
                        if title:
                            element.set("title", title)
                elif element.tag == "img":
                    alt = element.get("alt") or ""
                    element.attrib.clear()
                    element.tag = "span"
                    element.text = alt

    class LinkPolicy(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            # after the inline patterns made the links (20), before placeholders are undone (0)
            md.treeprocessors.register(Policy(md), "dkbm_link_policy", 5)

    return LinkPolicy


def _link_policy() -> object:
    return _policy_extension()()
