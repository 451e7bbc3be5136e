"""The Protokoll: drafted from the meeting's data (Jinja2, Markdown), edited by the
coordinator, rendered as an A4 HTML document and a PDF (WeasyPrint)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from dkbm.notifications import markup
from dkbm.states import meeting as rules
from dkbm.states.meeting import Meeting
from dkbm.states.model import Board
from dkbm.states.vocabulary import name_of
from dkbm.store import meetings as store
from dkbm.store import repository as repo
from dkbm.store.db import transaction

TEMPLATES = Path(__file__).parent / "minutes_templates"
_STATUS = {
    "de": {
        rules.DRAFT: "Entwurf",
        rules.APPROVED: "genehmigt",
        rules.HELD: "noch nicht entworfen",
    },
    "en": {rules.DRAFT: "draft", rules.APPROVED: "approved", rules.HELD: "not drafted yet"},
}


@cache
def _environment(autoescape: bool) -> Environment:
    """The HTML document escapes HTML; the Markdown draft escapes Markdown in every value
    (names, titles, places, links typed elsewhere stay plain text), except a TOP's own
    discussion text, which is Markdown the coordinator wrote."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        finalize=None if autoescape else _plain,
    )


class MarkdownText(str):
    """Text that is Markdown already and goes into the draft as it is."""


def _plain(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, MarkdownText):
        return markup.escaped(value)
    return value


def draft(meeting_id: int, *, by: str, lang: str = "de") -> str:
    """The first draft of the Protokoll as Markdown, from attendance, votes and tasks."""
    with transaction() as s:
        m = store.meeting(s, meeting_id)
        board = repo.board(s, m.board_id)
        names = {a.id: a.name for a in repo.actors(s)}
        tasks = store.task_rows(s, meeting_id=meeting_id)
        earlier = {i.minutes_of: store.meeting(s, i.minutes_of) for i in m.items if i.minutes_of}
    return (
        _environment(False)
        .get_template(f"protokoll.{lang}.md")
        .render(_context(m, board, names, tasks, earlier, by, lang))
    )


def item_title(item: rules.AgendaItem, earlier: Meeting | None, lang: str) -> str:
    if item.minutes_of is None or earlier is None:
        return item.title
    day = earlier.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y")
    if lang == "en":
        return f"Approval of the minutes of the meeting of {day}"
    return f"Genehmigung des Protokolls der Sitzung vom {day}"


def _context(
    m: Meeting,
    board: Board,
    names: dict[int | None, str],
    tasks: list[Any],
    earlier: dict[int, Meeting],
    by: str,
    lang: str,
) -> dict[str, Any]:
    local = m.starts_at.astimezone(rules.BERLIN)
    end = (m.ends_at or m.starts_at).astimezone(rules.BERLIN)
    roles = {x.actor_id: name_of("rolle", x.role.value, lang) for x in board.members}
    by_presence: dict[str, list[dict[str, Any]]] = {p: [] for p in rules.PRESENCE}
    for a in m.attendance.values():
        if a.presence:
            by_presence[a.presence].append(
                {
                    "name": names.get(a.actor_id, f"#{a.actor_id}"),
                    "rolle": roles.get(a.actor_id, ""),
                    "durch": names.get(a.deputy_id, "–") if a.deputy_id else "–",
                }
            )
    quorum = rules.quorum_needed(board)
    tops = []
    for item in m.items:
        vote = vars(item.vote) if item.vote else None
        tops.append(
            {
                "nummer": item.number,
                "titel": item_title(item, earlier.get(item.minutes_of or 0), lang),
                "oeffentlich": item.public,
                "unterlagen": item.documents,
                "diskussion": MarkdownText(item.discussion),
                "beschluss": MarkdownText(resolution_block(item.resolution, lang)),
                "befangen": [names.get(a, f"#{a}") for a in item.conflicted],
                "ergebnis": vote,
                "ergebnis_wort": name_of("ergebnis", item.vote.outcome, lang) if item.vote else "",
                "aufgaben": [
                    {
                        "titel": t.title,
                        "verantwortlich": names.get(t.owner_id, f"#{t.owner_id}"),
                        "frist": t.due_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y"),
                    }
                    for t in tasks
                    if t.item == item.number
                ],
            }
        )
    return {
        "gremium": board.name,
        "datum": local.strftime("%d.%m.%Y"),
        "beginn": local.strftime("%H:%M"),
        "ende": end.strftime("%H:%M"),
        "ort": m.place,
        "video": m.video,
        "oeffentlich": m.public,
        "anwesend": by_presence["anwesend"],
        "vertreten": by_presence["vertreten"],
        "entschuldigt": by_presence["entschuldigt"],
        "abwesend": by_presence["abwesend"],
        "stimmberechtigt": board.voting_members,
        "quorum": quorum,
        "sitze": rules.voting_seats(board, m),
        "tops": tops,
        "protokollfuehrung": by,
    }


_RESOLUTION_LABEL = {"de": "Beschluss", "en": "Resolution"}
_VOTE_LABEL = {"de": "**Abstimmung:**", "en": "**Vote:**"}
_HEADING = {"de": "TOP", "en": "Item"}


def resolution_block(text: str, lang: str) -> str:
    """A TOP's Beschlusstext in the Protokoll: labelled, its Markdown as typed (rendered
    under the link policy like the rest of the Protokoll); "" without one."""
    if not text.strip():
        return ""
    return f"**{_RESOLUTION_LABEL.get(lang, 'Beschluss')}:**\n\n{text.strip()}\n"


def reword(minutes: str, number: int, before: str, after: str) -> str | None:
    """The drafted Protokoll *minutes* with TOP *number*'s Beschlusstext *after* in place of
    *before*: where the earlier wording stands, or (if it had none) just before the TOP's
    result line or at the TOP's end. None when the draft no longer shows where it belongs
    (edited by hand)."""
    for lang in ("de", "en"):
        old = resolution_block(before, lang)
        new = resolution_block(after, lang)
        if old and minutes.count(old) == 1:
            if new:
                return minutes.replace(old, new, 1)
            return minutes.replace(old + "\n" if old + "\n" in minutes else old, "", 1)
        heading = re.search(rf"^### {_HEADING[lang]} {number}:.*$", minutes, flags=re.MULTILINE)
        if old or heading is None:
            continue
        end = minutes.find("\n### ", heading.end())
        section = minutes[heading.end() : end if end >= 0 else len(minutes)]
        at = section.find("\n" + _VOTE_LABEL[lang])
        if at < 0:  # no result: at the end of the TOP, before the next one or the signature
            at = section.rfind("\n\n")
        if at < 0:
            return None
        at += heading.end() + 1
        return minutes[:at] + new + "\n" + minutes[at:]
    return None


def body_html(markdown_text: str) -> str:
    """The Protokoll's Markdown as HTML: typed HTML is shown, not run; links only under the
    link policy; images as their alt text (nothing is fetched)."""
    return markup.to_html(markdown_text)


def document(meeting_id: int, lang: str = "de", text: str | None = None) -> str:
    """The Protokoll (or *text* in its place) as a standalone A4 HTML document."""
    with transaction() as s:
        m = store.meeting(s, meeting_id)
        board = repo.board(s, m.board_id)
        kommune = repo.municipality(s)
    day = m.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y")
    return (
        _environment(True)
        .get_template("protokoll.html")
        .render(
            lang=lang,
            titel=("Minutes" if lang == "en" else "Protokoll") + f" {board.name} {day}",
            seite="Page" if lang == "en" else "Seite",
            kommune=kommune.name,
            gremium=board.name,
            status=_STATUS[lang].get(m.state, m.state),
            inhalt=body_html(m.minutes if text is None else text),
        )
    )


def pdf(meeting_id: int, lang: str = "de", text: str | None = None) -> bytes:
    from dkbm.pdf import pdf_from_html

    return pdf_from_html(document(meeting_id, lang, text))
