"""Messages from Jinja2 templates, per recipient language: subject, plain text and HTML.

Two environments share one loader: `.txt` templates render unescaped (plain text keeps
"Müller & Söhne" as it is), `.html` templates are autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from dkbm.states import links

TEMPLATES = Path(__file__).parent / "templates"
KINDS = (
    "beteiligung_einladung",
    "abstimmung_einladung",
    "beschluss_mitteilung",
    "ueberarbeitung_mitteilung",
    "erinnerung",
    "ueberfaellig",
    "eskalation",
    "digest",
    "frist_geaendert",
    "frist_entfallen",
    "sitzung_einladung",
    "sitzung_geaendert",
    "sitzung_abgesagt",
    "sitzung_protokoll",
    "aufgabe_mitteilung",
    "aufgabe_frist_geaendert",
    "rueckmeldung_eingang",
)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _environment(html: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    # `{% if u | link %}<a href="{{ u | link }}">`: a typed address becomes a link only
    # under the link policy (data stored before the policy included)
    env.filters["link"] = links.shown
    return env


def render(kind: str, lang: str, context: dict[str, Any]) -> Rendered:
    """Render message *kind* in *lang* ("de" or "en") with *context*."""
    lang = lang if lang in ("de", "en") else "de"
    text_template = _environment(False).get_template(f"{lang}/{kind}.txt")
    ctx = text_template.new_context({**context, "lang": lang})
    subject = " ".join("".join(text_template.blocks["subject"](ctx)).split())
    text = "".join(text_template.blocks["text"](ctx)).strip() + "\n"
    shown = {**context, "lang": lang, "betreff": subject}
    if "absender" in shown:  # a signature of several lines keeps them in HTML too
        shown["absender"] = Markup("<br>").join(str(shown["absender"]).split("\n"))
    html = _environment(True).get_template(f"{lang}/{kind}.html").render(shown)
    return Rendered(subject=subject, text=text, html=html)
