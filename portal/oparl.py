"""A static OParl 1.1 endpoint: System, Body, Organization for each Gremium and AG, Person
(with consent only), Membership, Meeting with its AgendaItems, Paper for each cycle
decision, File for each document, and Location for meeting places.

Every object is a JSON file under `oparl/`; ids are absolute URLs built from the portal's
public address, so Ratsinformation clients can follow them from `oparl/system.json`.
Lists are OParl external lists with one page each.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from portal.public import Site
from states.cycle import STAGE_NAMES

SCHEMA = "https://schema.oparl.org/1.1/"
DEFAULT_BASE = "http://localhost:8080/"
_ORG_TYPE = {"gremium": "Gremium", "arbeitsgruppe": "Arbeitsgruppe"}
_ROLE = {
    "vorsitz": "Vorsitz",
    "mitglied": "Mitglied",
    "stellvertretung": "Stellvertretung",
    "gast": "Gast",
}
# OParl 1.1 recommends "eingeladen" from the invitation until the minutes are released,
# and "durchgeführt" only after that: a held meeting with draft minutes is "eingeladen".
_MEETING_STATE = {
    "geplant": "terminiert",
    "eingeladen": "eingeladen",
    "durchgefuehrt": "eingeladen",
    "protokoll_entwurf": "eingeladen",
    "protokoll_genehmigt": "durchgeführt",
    "abgesagt": "terminiert",
}
_RESULT = {
    "angenommen": "Beschlossen",
    "abgelehnt": "Abgelehnt",
    "nicht_beschlussfaehig": "Nicht beschlussfähig",
}


class _Urls:
    def __init__(self, base: str) -> None:
        self.root = (base or DEFAULT_BASE).rstrip("/") + "/oparl/"

    def __call__(self, path: str) -> str:
        return self.root + path


def files(site: Site, base_url: str = "") -> dict[str, Any]:
    """{relative path under oparl/: object}: every object and list of the endpoint."""
    url = _Urls(base_url)
    stamp = _moment(site.changed_at or site.built_at)
    out: dict[str, Any] = {}
    body_id = url("body/1.json")
    common = {"created": stamp, "modified": stamp}

    people: dict[int, dict[str, Any]] = {}
    memberships: dict[str, dict[str, Any]] = {}
    organizations = []
    for b in site.boards:
        org_id = url(f"organization/{b['id']}.json")
        member_ids = []
        for m in b["members"]:
            p = m["person"]
            if p is None or p.name is None or p.actor_id is None:
                continue  # without consent: no Person, hence no Membership
            person_id = url(f"person/{p.actor_id}.json")
            membership_id = url(f"membership/{b['id']}-{p.actor_id}.json")
            membership = {
                "id": membership_id,
                "type": SCHEMA + "Membership",
                "person": person_id,
                "organization": org_id,
                "role": _ROLE.get(m["role"], m["role"]),
                "votingRight": m["role"] in ("vorsitz", "mitglied"),
                **common,
            }
            memberships[f"membership/{b['id']}-{p.actor_id}.json"] = membership
            member_ids.append(membership_id)
            people.setdefault(
                p.actor_id,
                {
                    "id": person_id,
                    "type": SCHEMA + "Person",
                    "body": body_id,
                    "name": p.name,
                    "affix": p.organisation,
                    "membership": [],
                    **common,
                },
            )["membership"].append(membership)
        organization = {
            "id": org_id,
            "type": SCHEMA + "Organization",
            "body": body_id,
            "name": b["name"],
            "organizationType": _ORG_TYPE.get(b["kind"], b["kind"]),
            "classification": _ORG_TYPE.get(b["kind"], b["kind"]),
            "membership": member_ids,
            "meeting": url(f"organization/{b['id']}/meetings.json"),
            **common,
        }
        organizations.append(organization)
        out[f"organization/{b['id']}.json"] = organization
    out.update(memberships)
    for actor_id, person in people.items():
        out[f"person/{actor_id}.json"] = person

    files_: dict[str, dict[str, Any]] = {}
    meetings = []
    for m in site.meetings:
        meeting_id = url(f"meeting/{m['id']}.json")
        items = []
        for i in m["items"]:
            item_files = []
            for n, doc in enumerate(i["documents"], start=1):
                key = f"file/{m['id']}-{i['number']}-{n}.json"
                file_ = {
                    "id": url(key),
                    "type": SCHEMA + "File",
                    "name": f"{i['title']} ({n})",
                    "fileName": doc.rstrip("/").rsplit("/", 1)[-1] or "dokument",
                    "accessUrl": doc,
                    "meeting": [meeting_id],
                    **common,
                }
                files_[key] = file_
                item_files.append(file_)
            item = {
                "id": url(f"agendaitem/{m['id']}-{i['number']}.json"),
                "type": SCHEMA + "AgendaItem",
                "meeting": meeting_id,
                "number": str(i["number"]),
                "order": i["number"],
                "name": i["title"],
                "public": True,
                "auxiliaryFile": item_files,
                **common,
            }
            if i["outcome"]:
                item["result"] = _RESULT.get(i["outcome"], i["outcome"])
            items.append(item)
            out[f"agendaitem/{m['id']}-{i['number']}.json"] = item
        meeting = {
            "id": meeting_id,
            "type": SCHEMA + "Meeting",
            "name": f"Sitzung {m['board_name']}",
            "meetingState": _MEETING_STATE.get(m["state"], "terminiert"),
            "cancelled": m["state"] == "abgesagt",
            "start": _moment(m["starts_at"]),
            "end": _moment(m["ends_at"] or m["starts_at"]),
            "organization": [url(f"organization/{m['board']}.json")],
            "agendaItem": items,
            **common,
        }
        if m["place"] or m["video"]:
            location = {
                "id": url(f"location/meeting-{m['id']}.json"),
                "type": SCHEMA + "Location",
                "description": m["place"] or m["video"],
                **common,
            }
            meeting["location"] = location
            out[f"location/meeting-{m['id']}.json"] = location
        meetings.append(meeting)
        out[f"meeting/{m['id']}.json"] = meeting
    out.update(files_)
    for b in site.boards:
        key = f"organization/{b['id']}/meetings.json"
        org_id = url(f"organization/{b['id']}.json")
        out[key] = _list(url(key), [m for m in meetings if org_id in m["organization"]])

    papers = []
    for d in site.decisions:
        stage = STAGE_NAMES["de"].get(d["stage"], d["stage"])
        paper = {
            "id": url(f"paper/{d['id']}.json"),
            "type": SCHEMA + "Paper",
            "body": body_id,
            "name": f"{d['cycle_title']}: {stage}",
            "reference": f"Zyklus {d['cycle']}/{d['stage']}",
            "date": d["at"].date().isoformat(),
            "paperType": "Beschluss",
            **common,
        }
        papers.append(paper)
        out[f"paper/{d['id']}.json"] = paper

    lists = {
        "organization": organizations,
        "person": list(people.values()),
        "meeting": meetings,
        "paper": papers,
    }
    for name, objects in lists.items():
        out[f"body/1/{name}.json"] = _list(url(f"body/1/{name}.json"), objects)
    out["body/1.json"] = {
        "id": body_id,
        "type": SCHEMA + "Body",
        "system": url("system.json"),
        "name": site.kommune["name"],
        "shortName": site.kommune["name"],
        "license": "https://www.govdata.de/dl-de/by-2-0",
        "organization": url("body/1/organization.json"),
        "person": url("body/1/person.json"),
        "meeting": url("body/1/meeting.json"),
        "paper": url("body/1/paper.json"),
        "legislativeTerm": [],
        "classification": "Kommune",
        **common,
    }
    out["body.json"] = _list(url("body.json"), [out["body/1.json"]])
    out["system.json"] = {
        "id": url("system.json"),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "license": "https://www.govdata.de/dl-de/by-2-0",
        "body": url("body.json"),
        "name": f"dkbm – Bildungsmanagement {site.kommune['name']}",
        **common,
    }
    return out


def _list(self_url: str, data: list[Any]) -> dict[str, Any]:
    """An external list with a single page."""
    return {
        "data": data,
        "pagination": {
            "totalElements": len(data),
            "elementsPerPage": max(len(data), 1),
            "currentPage": 1,
            "totalPages": 1,
        },
        "links": {"first": self_url, "last": self_url},
    }


def _moment(moment: datetime | None) -> str:
    assert moment is not None
    return moment.isoformat(timespec="seconds")


def encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
