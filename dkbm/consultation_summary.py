"""The summary of a Beteiligung for the Gremium (`dkbm zyklus rueckmeldungen --format md|pdf`):
who was invited and who answered when, what each said overall, per Ziel, Strategie and
Maßnahme the counts of Zustimmung, Bedenken and Anmerkung with their texts, and who is missing.

It goes to the Gremium, not to the public: names and organisations of all, no addresses.
What members typed stays plain text: escaped for Markdown, autoescaped in the HTML the PDF is
made of (which fetches nothing, see `dkbm.pdf`).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from dkbm import queries
from dkbm.queries import iso
from dkbm.states.cycle import STAGES, describe_state
from dkbm.states.errors import InvalidValue, Reason, Refused
from dkbm.states.i18n import CATALOG
from dkbm.states.model import STANCES
from dkbm.store import reads
from dkbm.store.reads import reader
from dkbm.store.settings import database_url

TEMPLATES = Path(__file__).parent / "minutes_templates"
BERLIN = ZoneInfo("Europe/Berlin")
_KINDS = (("ziele", "goal"), ("strategien", "strategy"), ("massnahmen", "measure"))

# Anywhere in a line: what Markdown reads as emphasis, code, a link or image (brackets), a
# table cell, strikethrough, raw HTML or an entity. At a line's start: a heading, a quote,
# a list item or a setext underline.
_INLINE = re.compile(r"([\\`*_\[\]|<>~&])")
_LINE_START = re.compile(r"^(\s*|\s*\d+)([#+=-]|(?<=\d)[.)])")


def responses(cycle_id: int, stage: str | None = None) -> dict[str, Any]:
    """The answers of one stage's Beteiligung, in `queries.responses`' shape with its round
    (`runde`) and whether it is over (`beendet`): the running one, or with *stage* that
    stage's latest round, kept as rows after the stage moved on (default: the running one,
    else the latest stage that had a Beteiligung). `stufe` None: there was none."""
    if stage is not None and stage not in STAGES:
        raise InvalidValue("--stufe", stage, " | ".join(STAGES))
    with reader(database_url()) as r:
        c = reads.cycles.cycle(r, cycle_id)
        con = c.consultation
        if con is not None and stage in (None, con.stage):
            running = True
            stage, round_ = con.stage, c.round
        else:
            running = False
            had = [st for st in STAGES if st in c.rounds]
            if stage is None:
                stage = had[-1] if had else None
            if stage is None:
                return {**queries.responses(cycle_id), "runde": None, "beendet": False}
            if stage not in c.rounds:
                raise Refused(
                    "rueckmeldungen",
                    Reason(
                        "summary_no_consultation_stage",
                        cycle=cycle_id,
                        stage=describe_state(stage),
                    ),
                )
            round_ = c.rounds[stage]
    if running:
        return {**queries.responses(cycle_id), "runde": round_, "beendet": False}
    return {**_kept(cycle_id, stage, round_), "runde": round_, "beendet": True}


def _kept(cycle_id: int, stage: str, round_: int) -> dict[str, Any]:
    """A finished Beteiligung from its rows: the answers kept, who was invited (whom its
    invitation went to, and whoever answered), its deadline as it last stood."""
    with reader(database_url()) as r:
        given = {a.actor_id: a for a in reads.cycles.answers(r, cycle_id, stage, round_)}
        deadline = r.one(
            "SELECT id, due_at FROM deadline WHERE cycle_id = %(c)s AND kind = 'beteiligung' "
            "AND ref = %(ref)s ORDER BY id DESC LIMIT 1",
            c=cycle_id,
            ref=f"{stage}:{round_}",
        )
        asked = (
            [
                row.recipient_id
                for row in r.rows(
                    "SELECT DISTINCT recipient_id FROM outbox WHERE deadline_id = %(d)s "
                    "AND kind = 'beteiligung_einladung' AND recipient_id IS NOT NULL "
                    "ORDER BY recipient_id",
                    d=deadline.id,
                )
            ]
            if deadline is not None
            else []
        )
        invited = sorted({*asked, *given})
        names = reads.network.actor_names(r, invited)
    return {
        "zyklus": cycle_id,
        "stufe": stage,
        "frist": iso(deadline.due_at) if deadline is not None else None,
        **queries.answered(invited, given, names),
    }


def summary(
    cycle_id: int, now: datetime, lang: str = "de", stage: str | None = None
) -> dict[str, Any]:
    """The Beteiligung of *stage* (default: the running one, else the latest) as the
    documents show it."""
    answers = responses(cycle_id, stage)
    if answers["stufe"] is None:
        raise Refused("rueckmeldungen", Reason("summary_no_consultation", cycle=cycle_id))
    status = queries.status(cycle_id, now)
    invited = [r["akteur"] for r in answers["rueckmeldungen"]] + [
        m["akteur"] for m in answers["ausstehend"]
    ]
    with reader(database_url()) as s:
        people = {a.id: a for a in reads.network.actors(s, invited)}
        kommune = reads.network.municipality(s).name

    def who(actor_id: int, fallback: str) -> dict[str, Any]:
        a = people.get(actor_id)
        return {
            "akteur": actor_id,
            "name": a.name if a else fallback,
            "organisation": a.organisation if a else "",
        }

    given = [
        {
            **who(r["akteur"], r["name"]),
            "zeit": _moment(r["zeit"], lang),
            "text": r["text"],
            "ersetzt": bool(r["ersetzt"]),
            "punkte": r["punkte"] or {},
        }
        for r in sorted(answers["rueckmeldungen"], key=lambda r: (r["zeit"], r["akteur"]))
    ]
    return {
        "zyklus": cycle_id,
        "titel": status["titel"],
        "kommune": kommune,
        "gremium": status["gremium_name"],
        "stufe": describe_state(answers["stufe"], lang),
        "runde": answers["runde"],
        "frist": _moment(answers["frist"], lang) if answers["frist"] else None,
        "stand": _moment(now, lang),
        "eingeladen": len(invited),
        "rueckmeldungen": given,
        "punkte": _per_item(status["inhalt"], given),
        "ausstehend": [who(m["akteur"], m["name"]) for m in answers["ausstehend"]],
    }


def _per_item(content: dict[str, Any], given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each Ziel, Strategie and Maßnahme someone remarked on: counts by stance and the
    remarks, in the order of the cycle's tree (Ziele, then Strategien, then Maßnahmen)."""
    items = [
        {"nummer": x["id"], "art": kind, "titel": x["titel"]}
        for key, kind in _KINDS
        for x in content[key]
    ]
    out = []
    for item in items:
        remarks = [
            {
                "name": g["name"],
                "organisation": g["organisation"],
                "haltung": g["punkte"][str(item["nummer"])]["haltung"],
                "text": g["punkte"][str(item["nummer"])]["text"],
            }
            for g in given
            if str(item["nummer"]) in g["punkte"]
        ]
        if remarks:
            counts = {s: sum(1 for r in remarks if r["haltung"] == s) for s in STANCES}
            out.append({**item, "anzahl": counts, "stimmen": remarks})
    return out


def _moment(moment: datetime | str, lang: str) -> str:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    shape = "%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M"
    return moment.astimezone(BERLIN).strftime(shape)


def words(lang: str) -> dict[str, str]:
    """The documents' headings and words from the catalog (`states/texts/summary.py`)."""
    return {
        k.removeprefix("summary_"): v[lang] for k, v in CATALOG.items() if k.startswith("summary_")
    }


class Markdown(str):
    """Text that is Markdown already (made here) and goes into the document as it is."""


def md(text: str) -> str:
    """Plain text (a member's answer, many lines) as Markdown lines, so that it stays plain."""
    return "\n".join(_LINE_START.sub(r"\1\\\2", inline(line)) for line in text.splitlines())


def inline(text: str) -> str:
    """Plain text (a name, a title) inside a Markdown line, so that it stays plain."""
    return _INLINE.sub(r"\\\1", _printable(" ".join(text.splitlines())))


def _printable(line: str) -> str:
    """Control characters (a terminal's escape sequences) shown as escapes, never executed."""
    return "".join(
        ch if ch.isprintable() or ch == "\t" else ch.encode("unicode_escape").decode()
        for ch in line
    )


def _quoted(text: str, indent: int = 0) -> Markdown:
    """A member's text as a Markdown block quote (inside a list item: indented), line by
    line, escaped."""
    lines = text.strip().splitlines() or [""]
    return Markdown("\n".join(" " * indent + f"> {md(line)}".rstrip() for line in lines))


def _plain(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Markdown):
        return inline(value)
    return value


@cache
def environment(autoescape: bool, quote_indent: int = 0) -> Environment:
    """The Jinja2 environment of the documents in TEMPLATES (Markdown unescaped but with
    every plain string escaped, HTML autoescaped); `| quoted` indents by *quote_indent*
    unless the template gives its own."""

    def quoted(text: str, indent: int = quote_indent) -> Markdown:
        return _quoted(text, indent)

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=None if autoescape else _plain,
    )
    env.filters["quoted"] = quoted
    return env


def markdown(cycle_id: int, now: datetime, lang: str = "de", stage: str | None = None) -> str:
    doc = summary(cycle_id, now, lang, stage)
    template = environment(False).get_template("rueckmeldungen.md")
    return template.render(d=doc, w=words(lang), stances=STANCES)


def html(cycle_id: int, now: datetime, lang: str = "de", stage: str | None = None) -> str:
    doc = summary(cycle_id, now, lang, stage)
    template = environment(True).get_template("rueckmeldungen.html")
    return template.render(d=doc, w=words(lang), stances=STANCES, lang=lang)


def pdf(cycle_id: int, now: datetime, lang: str = "de", stage: str | None = None) -> bytes:
    from dkbm.pdf import pdf_from_html

    return pdf_from_html(html(cycle_id, now, lang, stage))


def document(
    cycle_id: int, now: datetime, form: str, lang: str = "de", stage: str | None = None
) -> tuple[str, bytes]:
    """The summary as a library document takes it: its title and the file's bytes (*form*
    "md" or "pdf")."""
    status = queries.status(cycle_id, now)
    answers = responses(cycle_id, stage)
    if answers["stufe"] is None:
        raise Refused("rueckmeldungen", Reason("summary_no_consultation", cycle=cycle_id))
    stage, named = answers["stufe"], describe_state(answers["stufe"], lang)
    if lang == "en":
        title = f"Consultation answers: {status['titel']} ({named}, round {answers['runde']})"
    else:
        title = (
            f"Rückmeldungen der Beteiligung: {status['titel']} ({named}, Runde {answers['runde']})"
        )
    data = (
        pdf(cycle_id, now, lang, stage)
        if form == "pdf"
        else markdown(cycle_id, now, lang, stage).encode()
    )
    return " ".join(title.split()), data
