"""Routes behind a personal link, all under /m/<token>: GET shows the page of the link's
purpose, POST submits it, `termin.ics` and `unterlage/<id>` serve a meeting's calendar
entry and its public library files. Nothing here needs or knows a login.

A POST is checked in this order, each refusal changing nothing: the link (404 unknown,
410 expired or revoked), the site it came from (403), the body (413, 415, 400), the
object's state (409), the CSRF token (403, the form shown again with what she wrote), the
form's fields (422), then the use case (409 refused, 422 invalid value). Success answers
303 to the page, which then says what was saved.

The link names its Kommune: everything after the link is found runs serving it
(`tenant.serving`), so a member reads and writes her own Kommune's data alone.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from dkbm import context
from dkbm.member_links import Link, LinkGone, LinkUnknown
from dkbm.states.errors import DkbmError, InvalidValue
from dkbm.states.i18n import CATALOG, t
from dkbm.states.model import MAX_ANSWER_CHARS, StrategyCycle
from dkbm.states.moderation import WAIT_CONSULTATION, WAIT_VOTE, next_step, scope_of
from dkbm.store import tenant
from dkbm.web import member_forms, member_views
from dkbm.web.forms import FormRefused, read_form
from dkbm.web.member_forms import FormInvalid, Outcome
from dkbm.web.member_views import Holder, MemberView
from dkbm.web.pages import base_path, html, message, notice
from dkbm.web.security import csrf_token, csrf_valid, same_site

log = logging.getLogger("dkbm.web")
router = APIRouter(prefix="/m")

SAVED = {
    "antwort": "web_saved_answer",
    "stimme": "web_saved_ballot",
    "zusage": "web_saved_zusage",
    "absage": "web_saved_absage",
    "vertretung": "web_saved_vertretung",
    "erledigt": "web_saved_done",
}
_SAVED_NAME = {key: name for name, key in SAVED.items()}
TITLES = {
    "beteiligung": "web_title_consultation",
    "abstimmung": "web_title_vote",
    "sitzung": "web_title_meeting",
    "aufgabe": "web_title_task",
}


class _Refusal(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def gone(error: LinkUnknown | LinkGone, token: str) -> Response:
    """404 for a token never issued (German with English below: whose it is, is unknown),
    410 for an expired or revoked one, in its holder's language."""
    if isinstance(error, LinkUnknown):
        return notice(
            None, 404, "web_unknown_title", ["link_unknown", "web_unknown_help"], both=True
        )
    lang, revoked = member_views.gone_details(token)
    lines: list[str | tuple[str, dict[str, Any]]] = [error.key]
    if revoked and f"link_revoked_{revoked}" in CATALOG:
        lines.append(("web_gone_reason", {"reason": t(f"link_revoked_{revoked}", lang or "de")}))
    lines.append("web_gone_help")
    return notice(lang, 410, "web_gone_title", lines, both=lang is None)


def _open(token: str, now: datetime) -> tuple[Link, Holder]:
    try:
        return member_views.open_link(token, now)
    except (LinkUnknown, LinkGone) as error:
        raise _Refusal(gone(error, token)) from None


def page(
    view: MemberView,
    token: str,
    now: datetime,
    *,
    status: int = 200,
    saved: str | None = None,
    problem: str | None = None,
    posted: dict[str, Any] | None = None,
) -> Response:
    lang = view.holder.lang
    return html(
        f"{view.purpose}.html",
        lang,
        status=status,
        title=TITLES[view.purpose],
        view=view,
        data=view.data,
        holder=view.holder,
        kommune=view.kommune,
        here=f"{base_path()}/m/{token}",
        csrf=csrf_token(view.link.id, now),
        submission=secrets.token_hex(16),
        saved=saved,
        problem=problem,
        posted=posted,
        max_chars=MAX_ANSWER_CHARS,
    )


@router.get("/{token}")
def show(token: str, gespeichert: str | None = None) -> Response:
    now = context.now()
    try:
        link, holder = _open(token, now)
    except _Refusal as refusal:
        return refusal.response
    with tenant.serving(holder.kommune_id):
        view = member_views.load(link, holder, now)
        return page(view, token, now, saved=SAVED.get(gespeichert or ""))


@router.post("/{token}")
async def submit(request: Request, token: str) -> Response:
    now = context.now()
    try:
        link, holder = await run_in_threadpool(_open, token, now)
        lang = holder.lang
        if not same_site(request.headers, str(request.base_url)):
            return notice(lang, 403, "web_refused_title", ["web_cross_site"])
        try:
            form = await read_form(request)
        except FormRefused as refused:
            return notice(
                lang, refused.status, "web_refused_title", [(refused.key, refused.params)]
            )
    except _Refusal as refusal:
        return refusal.response
    return await run_in_threadpool(_submit, token, link, holder, form, now)


def _submit(
    token: str, link: Link, holder: Holder, form: dict[str, str], now: datetime
) -> Response:
    with tenant.serving(holder.kommune_id):
        return _submitted(token, link, holder, form, now)


def _submitted(
    token: str, link: Link, holder: Holder, form: dict[str, str], now: datetime
) -> Response:
    view = member_views.load(link, holder, now)
    lang = holder.lang
    posted = member_forms.values(form)
    if not view.open:  # nothing can change: said first, whatever else is wrong
        return page(view, token, now, status=409, posted=posted)
    if not csrf_valid(form.get("csrf"), link.id, now):
        problem = _text(lang, "web_csrf")
        return page(view, token, now, status=403, problem=problem, posted=posted)
    try:
        outcome = member_forms.submit(view, form, now)
    except FormInvalid as invalid:
        problem = _text(lang, invalid.key, **invalid.params)
        return page(view, token, now, status=422, problem=problem, posted=posted)
    except DkbmError as error:
        status = 422 if isinstance(error, InvalidValue) else 409
        again = member_views.load(link, holder, now)
        return page(again, token, now, status=status, problem=message(error, lang), posted=posted)
    return RedirectResponse(
        f"{base_path()}/m/{token}?gespeichert={_SAVED_NAME[outcome.saved]}",
        status_code=303,
        background=_wake_task(outcome, now, holder.kommune_id),
    )


def _text(lang: str, key: str, **params: Any) -> str:
    return t(key, lang, **params)


def _wake_task(outcome: Outcome, now: datetime, kommune_id: int | None) -> BackgroundTask | None:
    """A waiting moderation run is woken at once when this submission completed what it
    waits for (the last answer, the last vote); after the response, so nobody waits."""
    c = outcome.cycle
    if c is None or c.id is None or not completes_wait(c, now):
        return None
    return BackgroundTask(wake, c.id, kommune_id)


def wake(cycle_id: int, kommune_id: int | None = None) -> None:
    try:
        from dkbm.flows.runs import served_kommune
        from dkbm.flows.runs import wake as wake_run

        with tenant.serving(kommune_id):  # the run of this cycle of the link's Kommune
            outcome, _ = wake_run(cycle_id, served_kommune())
        log.info("moderation run of cycle %s: %s", cycle_id, outcome)
    except Exception:  # stored already; abgleich wakes the run within a minute
        log.exception("waking the moderation run of cycle %s failed", cycle_id)


def completes_wait(c: StrategyCycle, now: datetime) -> bool:
    """Whether the moderation run of *c*'s stage and round has nothing left to wait for."""
    scope = scope_of(c)
    return scope is not None and next_step(c, scope, now).action not in (
        WAIT_CONSULTATION,
        WAIT_VOTE,
    )


@router.get("/{token}/termin.ics")
def calendar(token: str) -> Response:
    from dkbm.web.member_calendar import meeting_entry

    now = context.now()
    try:
        link, holder = _open(token, now)
    except _Refusal as refusal:
        return refusal.response
    if link.target.purpose != "sitzung" or link.target.meeting_id is None:
        return notice(holder.lang, 404, "web_not_here_title", ["web_not_here"])
    with tenant.serving(holder.kommune_id):
        body = meeting_entry(link.target.meeting_id, holder, now)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="sitzung-{link.target.meeting_id}.ics"'
        },
    )


@router.get("/{token}/unterlage/{document_id}")
def document(token: str, document_id: int) -> Response:
    now = context.now()
    try:
        link, holder = _open(token, now)
    except _Refusal as refusal:
        return refusal.response
    meeting_id = link.target.meeting_id
    if link.target.purpose != "sitzung" or meeting_id is None:
        return notice(holder.lang, 404, "web_not_here_title", ["web_not_here"])
    with tenant.serving(holder.kommune_id):
        return _document(holder, meeting_id, document_id)


def _document(holder: Holder, meeting_id: int, document_id: int) -> Response:
    from dkbm import document_queries, meeting_queries

    m = meeting_queries.meeting(meeting_id)
    listed = member_views.meeting_library(m)
    if member_views.is_member(m, holder.id):  # and what is attached to its TOPs, if internal
        listed += [
            d for docs in member_views.meeting_attachments(meeting_id).values() for d in docs
        ]
    if not any(d["id"] == document_id and d["datei"] for d in listed):
        return notice(holder.lang, 404, "web_not_here_title", ["web_not_here"])
    stored, content = document_queries.stored_file(document_id)
    return Response(
        content,
        media_type=stored.media_type or "application/octet-stream",
        headers={"content-disposition": _attachment(stored.name)},
    )


def _attachment(name: str) -> str:
    from urllib.parse import quote

    plain = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in name
    )
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
