"""What a personal link shows: the link and its holder, and per purpose the object as it
stands now, read through the use cases' read models; whether it still takes an answer, and
if not, why not in words.

A link is bound to one object: nothing here takes an object id from the request. It is
bound to one Kommune too: the web process serves every Kommune of the database, so a link is
looked up across them (`store.tenant.across`) and the rest of its request serves the Kommune
the link row names (`tenant.serving`), whose walls then hold for every read and write. An
app started for one Kommune (`DKBM_KOMMUNE`) looks in that one alone.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dkbm import document_queries, meeting_queries, network_queries, queries
from dkbm.cycle_consultation import own_answer
from dkbm.cycle_votes import own_ballot
from dkbm.member_links import Link, LinkGone, LinkUnknown, hashed, resolve
from dkbm.notifications import markup
from dkbm.states import links as link_policy
from dkbm.states.cycle import STAGE_NAMES, describe_state
from dkbm.states.errors import DkbmError
from dkbm.store import links as link_rows
from dkbm.store import repository as repo
from dkbm.store import tenant
from dkbm.store.db import transaction
from dkbm.web.pages import moment

Line = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Holder:
    """The Akteur a link belongs to, and her Kommune (what the request serves)."""

    id: int
    name: str
    organisation: str
    email: str
    lang: str
    kommune_id: int | None


@dataclass
class MemberView:
    """One link's page: *open* says whether it takes an answer now, *closed* why not."""

    link: Link
    holder: Holder
    kommune: str
    open: bool = True
    closed: list[Line] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def purpose(self) -> str:
        return self.link.target.purpose

    def close(self, key: str, **params: Any) -> None:
        self.open = False
        self.closed.append((key, params))


def open_link(token: str, now: datetime) -> tuple[Link, Holder]:
    """The link behind *token* and its holder, with the Kommune the link row names, found
    across Kommunen (no other Kommune is asked for: the link decides); LinkUnknown (404) or
    LinkGone (410)."""
    with _finding(), transaction() as s:
        link = resolve(s, token, now)
        kommune_id = link_rows.by_id(s, link.id).municipality_id
    a = link.holder
    return link, Holder(link.actor_id, a.name, a.organisation, a.email, a.lang, kommune_id)


def _finding() -> AbstractContextManager[None]:
    """Where a token is looked for: across every Kommune of the database, or in the one
    Kommune the process was started for (`DKBM_KOMMUNE`), whose app opens no other's link."""
    asked = tenant.asked()
    return tenant.across() if asked is None else tenant.serving(asked)


def gone_details(token: str) -> tuple[str | None, str | None]:
    """For the page that says a known link is over: its holder's language and, if it was
    revoked, why (`link_revoked_<reason>`); (None, None) for a token never issued."""
    try:
        with _finding(), transaction() as s:
            row = link_rows.by_hash(s, hashed(token))
            if row is None:
                return None, None
            return repo.actor(s, row.actor_id).lang, row.revoked_reason or None
    except DkbmError:  # the page that says "gone" must not fail on this lookup
        return None, None


def load(link: Link, holder: Holder, now: datetime) -> MemberView:
    kommune = network_queries.municipality()["name"]
    view = MemberView(link, holder, kommune)
    {
        "beteiligung": _consultation,
        "abstimmung": _vote,
        "sitzung": _meeting,
        "aufgabe": _task,
    }[link.target.purpose](view, now)
    return view


def _cycle(view: MemberView, now: datetime, step: str) -> dict[str, Any]:
    target = view.link.target
    assert target.cycle_id is not None and target.stage is not None
    doc = queries.status(target.cycle_id, now)
    lang = view.holder.lang
    view.data.update(
        cycle=doc,
        stage=target.stage,
        stage_name=STAGE_NAMES[lang].get(target.stage, target.stage),
        content=doc["inhalt"],
        item_ids={
            str(x["id"])
            for part in ("ziele", "strategien", "massnahmen")
            for x in doc["inhalt"][part]
        },
    )
    if doc["zustand"] != f"{target.stage}_{step}" or doc["runde"] != target.round:
        key = "web_closed_consultation" if step == "beteiligung" else "web_closed_vote"
        view.close(key, state=describe_state(doc["zustand"], lang))
    return doc


def _consultation(view: MemberView, now: datetime) -> None:
    target = view.link.target
    doc = _cycle(view, now, "beteiligung")
    running = doc["beteiligung"]
    deadline = running["frist"] if running and running["stufe"] == target.stage else None
    view.data["deadline"] = deadline
    if view.open and deadline is not None and datetime.fromisoformat(deadline) <= now:
        view.close("web_closed_deadline")
    assert target.cycle_id is not None
    view.data["own"] = own_answer(target.cycle_id, view.holder.id)


def _vote(view: MemberView, now: datetime) -> None:
    target = view.link.target
    doc = _cycle(view, now, "abstimmung")
    written = doc["schriftliche_abstimmung"]
    deadline = written["frist"] if written else None
    view.data["deadline"] = deadline
    if view.open and written is None:
        view.close("web_closed_vote_in_meeting")
    elif view.open and deadline is not None and datetime.fromisoformat(deadline) <= now:
        view.close("web_closed_vote_deadline")
    elif view.open and written is not None and not written["ausstehend"]:
        view.close("web_closed_all_voted")
    assert target.cycle_id is not None
    view.data["own"] = own_ballot(target.cycle_id, view.holder.id)


def _meeting(view: MemberView, now: datetime) -> None:
    meeting_id = view.link.target.meeting_id
    assert meeting_id is not None
    m = meeting_queries.meeting(meeting_id)
    board = network_queries.board(m["gremium"])
    mine = next((a for a in m["teilnahme"] if a["akteur"] == view.holder.id), None)
    deputies = [x for x in board["mitglieder"] if x["rolle"] == "stellvertretung"]
    linked = next((x["akteur"] for x in deputies if x["vertritt"] == view.holder.id), None)
    names = {x["akteur"]: x["name"] for x in board["mitglieder"]}
    attached = meeting_attachments(meeting_id) if mine is not None else {}
    view.data.update(
        meeting=m,
        board=board,
        mine=mine,
        deputies=deputies,
        linked_deputy=linked,
        deputy_name=names.get(mine["vertreten_durch"], "–") if mine else "–",
        video=link_policy.shown(m["video"]) if m["video"] else None,
        agenda=[
            {
                **top,
                "links": [u for u in top["unterlagen"] if link_policy.shown(u)],
                "anlagen": attached.get(top["top"], []),
                # the wording proposed for the vote: typed Markdown, no raw HTML, linked
                # only under the link policy
                "vorschlag": markup.to_html(top["beschlusstext"])
                if top["beschlusstext"] and top["ergebnis"] is None
                else None,
            }
            for top in m["tagesordnung"]
        ],
        library=meeting_library(m),
    )
    if m["zustand"] == "abgesagt":
        view.close("web_closed_cancelled", reason=m["absagegrund"] or "–")
    elif m["zustand"] not in ("geplant", "eingeladen"):
        view.close("web_closed_meeting_held")
    elif datetime.fromisoformat(m["beginn"]) <= now:
        view.close("web_closed_meeting_begun")
    elif mine is None:
        view.close("web_closed_not_member")


def meeting_attachments(meeting_id: int) -> dict[int, list[dict[str, Any]]]:
    """Library documents attached to the meeting's TOPs (by TOP number), public or not:
    shown and served to the Gremium's members through their links to this meeting only."""
    from dkbm.meeting_agenda import attachments

    return {
        number: [
            {
                "id": d.id,
                "titel": d.title,
                "datei": {"name": d.file.name} if d.file else None,
                "url": link_policy.shown(d.url) if d.url else None,
            }
            for d in docs
        ]
        for number, docs in attachments(meeting_id).items()
    }


def is_member(meeting: dict[str, Any], actor_id: int) -> bool:
    """Whether *actor_id* belongs to the meeting's Gremium (each member has a row there)."""
    return any(a["akteur"] == actor_id for a in meeting["teilnahme"])


def meeting_library(m: dict[str, Any]) -> list[dict[str, Any]]:
    """The public library documents of the meeting's Gremium and of the cycles its TOPs
    decide on: what the agenda links to besides the TOPs' own Unterlagen."""
    found: dict[int, dict[str, Any]] = {}
    cycles = sorted({top["zyklus"] for top in m["tagesordnung"] if top["zyklus"]})
    for d in document_queries.documents(board_id=m["gremium"]) + [
        d for c in cycles for d in document_queries.documents(cycle_id=c)
    ]:
        if d["oeffentlich"] and (d["datei"] or link_policy.shown(d["url"])):
            found.setdefault(d["id"], d)
    return sorted(found.values(), key=lambda d: d["id"])


def _task(view: MemberView, now: datetime) -> None:
    task_id = view.link.target.task_id
    task = next(
        (x for x in meeting_queries.tasks(owner_id=view.holder.id) if x["id"] == task_id), None
    )
    view.data["task"] = task
    if task is None:
        view.close("web_closed_task_elsewhere")
        return
    m = meeting_queries.meeting(task["sitzung"])
    top = next((x for x in m["tagesordnung"] if x["top"] == task["top"]), None)
    view.data.update(meeting=m, top=top)
    if task["status"] != "offen":
        view.close("web_closed_task_done", at=moment(task["erledigt_am"], view.holder.lang))


__all__ = [
    "Holder",
    "LinkGone",
    "LinkUnknown",
    "MemberView",
    "gone_details",
    "load",
    "open_link",
]
