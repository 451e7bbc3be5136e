"""Read models of the network: the Kommune, Akteure and Gremien, in the stable `--json` shapes."""

from __future__ import annotations

from typing import Any

from dkbm.states.i18n import language
from dkbm.states.meeting import quorum_needed
from dkbm.states.model import Actor, Board
from dkbm.store import reads
from dkbm.store.reads import reader
from dkbm.store.settings import database_url


def actor_doc(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "organisation": a.organisation,
        "organisation_id": a.organisation_id,
        "funktion": a.function,
        "email": a.email,
        "sektor": a.sector.value,
        "bildungsbereiche": [x.value for x in a.areas],
        "einwilligung_veroeffentlichung": a.consent_publication,
        "sprache": a.lang,
        "status": a.status,
    }


def board_doc(b: Board) -> dict[str, Any]:
    return {
        "id": b.id,
        "name": b.name,
        "art": b.kind.value,
        "quorum_prozent": b.quorum_percent,
        "stimmberechtigt": b.voting_members,
        # None: an Arbeitsgruppe without a quorum rule decides with whoever comes
        "beschlussfaehig_ab": quorum_needed(b),
        "ladungsfrist_tage": b.notice_days,
        "ladungsfrist_arbeitstage": b.notice_working_days,
        "mitglieder": [
            {"akteur": m.actor_id, "rolle": m.role.value, "vertritt": m.deputy_for}
            for m in b.members
        ],
    }


def municipality() -> dict[str, Any]:
    with reader(database_url()) as s:
        m = reads.network.municipality(s)
    return {
        "id": m.id,
        "ags": m.ags,
        "name": m.name,
        "bundesland": m.bundesland,
        "form": m.form.value,
        "verortung": m.placement.value,
        "eskalation_an": m.escalation_role,
        "kontakt": m.contact_name,
        "kontakt_email": m.contact_email,
        "absender": m.sender(language()),
        "absender_gesetzt": bool(m.sender_name),
        "signatur": m.closing(language()),
        "signatur_gesetzt": bool(m.signature),
        "antwort_an": m.reply_to,
        "eskalation_gesetzt": bool(m.escalation_title),
        "mail_route": m.mail_route or None,
        "absendeadresse": m.sender_address or None,
    }


def actors() -> list[dict[str, Any]]:
    with reader(database_url()) as s:
        return [actor_doc(a) for a in reads.network.actors(s)]


def actor(actor_id: int) -> dict[str, Any]:
    from dkbm.notifications.channels import masked

    with reader(database_url()) as s:
        a = reads.network.actor(s, actor_id)
        doc = actor_doc(a)
        doc["zustellung"] = a.delivery
        doc["kanaele"] = [masked(url) for url in a.channels]
        doc["gremien"] = [
            {"id": b.id, "name": b.name, "rolle": m.role.value}
            for b in reads.network.boards(s)
            for m in b.members
            if m.actor_id == actor_id
        ]
    return doc


def board(board_id: int) -> dict[str, Any]:
    with reader(database_url()) as s:
        b = reads.network.board(s, board_id)
        people = {a.id: a for a in reads.network.actors(s)}
    doc = board_doc(b)
    for m in doc["mitglieder"]:
        person = people[m["akteur"]]
        m.update(name=person.name, organisation=person.organisation, sektor=person.sector.value)
    return doc


def boards() -> list[dict[str, Any]]:
    with reader(database_url()) as s:
        return [board_doc(b) for b in reads.network.boards(s)]
