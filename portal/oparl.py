"""A static OParl 1.1 endpoint: System, Body, Organization for each Gremium and AG, Person
(with consent only), Membership, Meeting with its AgendaItems, Paper for each cycle
decision, File for each document, and Location for meeting places.

Every object is a JSON file under `oparl/`; ids are absolute URLs built from the portal's
public address, so Ratsinformation clients can follow them from `oparl/system.json`.
Lists are OParl external lists with one page each.

Among many Kommunen (`portal.many`) each Kommune's portal under DIR/<ags>/ has its objects
under DIR/<ags>/oparl/ (so their URLs carry the AGS) but no System of its own: its Body
belongs to the one System at DIR/oparl/system.json, whose body list names every Kommune's
(`system_of_many`).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from dkbm.portal.public import Site
from dkbm.states.cycle import STAGE_NAMES

SCHEMA = "https://schema.oparl.org/1.1/"
DEFAULT_BASE = "http://localhost:8080/"
# organizationType takes the values OParl 1.1 lists; what kind of body it is, classification
_ORG_TYPE = {"gremium": "Gremium", "arbeitsgruppe": "Sonstiges"}
_ORG_CLASS = {"gremium": "Gremium", "arbeitsgruppe": "Arbeitsgruppe"}
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
                    "life": p.organisation,  # a short text on the person (affix: "jun.")
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
            "classification": _ORG_CLASS.get(b["kind"], b["kind"]),
            "membership": member_ids,
            "meeting": url(f"organization/{b['id']}/meetings.json"),
            **common,
        }
        organizations.append(organization)
        out[f"organization/{b['id']}.json"] = organization
    verbund_of = _verbuende(site, url, body_id, common, out, organizations)
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
            if i.get("resolution"):
                item["resolutionText"] = i["resolution"]
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

    agenda = {  # (meeting, cycle) -> the item that put the cycle before the meeting
        (m["id"], i["cycle"]): out[f"agendaitem/{m['id']}-{i['number']}.json"]
        for m in site.meetings
        for i in m["items"]
        if i["cycle"]
    }
    public_meetings = {m["id"] for m in site.meetings}
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
            "created": _moment(d["at"]),  # a decision is published as it was taken
            # and modified when its result was corrected
            "modified": _moment(d.get("corrected_at") or d["at"]),
        }
        if d["cycle"] in verbund_of:  # run together in a Verbund: it directs it too
            paper["underDirectionOf"] = [verbund_of[d["cycle"]]]
        if d["meeting"] in public_meetings:  # decided in a public meeting: say where
            key = f"consultation/{d['id']}.json"
            consultation = {
                "id": url(key),
                "type": SCHEMA + "Consultation",
                "paper": paper["id"],
                "meeting": url(f"meeting/{d['meeting']}.json"),
                "authoritative": True,
                "role": "Beschlussfassung",
                "created": paper["created"],
                "modified": paper["modified"],
            }
            item = agenda.get((d["meeting"], d["cycle"]))
            if item is not None:
                consultation["agendaItem"] = item["id"]
                item["consultation"] = consultation["id"]
            paper["consultation"] = [consultation]
            out[key] = consultation
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
    if site.among is not None:  # one of many: its Body is in the one System's list
        out["body/1.json"]["system"] = site.among.system_url
        out["body/1.json"]["ags"] = site.among.ags
        return out
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


def system_of_many(base_url: str, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    """{path under DIR/oparl/: object}: the one System over many Kommunen and the list of
    their Bodies (as each Kommune's portal published it). Its stamps are its Bodies'."""
    url = _Urls(base_url)
    stamps = [b["modified"] for b in bodies] or [_moment(datetime.now().astimezone())]
    created = [b.get("created", b["modified"]) for b in bodies] or stamps
    return {
        "body.json": _list(url("body.json"), bodies),
        "system.json": {
            "id": url("system.json"),
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "license": "https://www.govdata.de/dl-de/by-2-0",
            "body": url("body.json"),
            "name": "dkbm – Bildungsmanagement",
            "created": min(created),
            "modified": max(stamps),
        },
    }


def _verbuende(
    site: Site,
    url: _Urls,
    body_id: str,
    common: dict[str, Any],
    out: dict[str, Any],
    organizations: list[dict[str, Any]],
) -> dict[int, str]:
    """Each regionale Verbund as an Organization (classification "Verbund", its partner
    Kommunen by name as keywords, the agreement's dates); its own Gremium becomes its
    sub-organization. Returns cycle id -> the Organization of the Verbund it runs in."""
    for v in site.verbuende:
        key = f"organization/verbund-{v['id']}.json"
        organization = {
            "id": url(key),
            "type": SCHEMA + "Organization",
            "body": body_id,
            "name": v["name"],
            "organizationType": "Sonstiges",
            "classification": "Verbund",
            "keyword": [p["name"] for p in v["partners"]],
            **common,
        }
        if v["valid_from"]:
            organization["startDate"] = v["valid_from"].isoformat()
        if v["valid_to"]:
            organization["endDate"] = v["valid_to"].isoformat()
        board = out.get(f"organization/{v['board']}.json") if v["board"] else None
        if board is not None:
            board["subOrganizationOf"] = organization["id"]
        organizations.append(organization)
        out[key] = organization
    published = {v["id"] for v in site.verbuende}
    return {  # only to a Verbund published in this build: no link that resolves nowhere
        c["id"]: url(f"organization/verbund-{c['verbund']['id']}.json")
        for c in site.cycles
        if c.get("verbund") and c["verbund"]["id"] in published
    }


# Objects embedded in others come first, so that a container embeds their final stamps.
_LEAVES = ("membership/", "agendaitem/", "file/", "location/", "consultation/")
# Objects whose stamps come from their data, not from the build
_OWN_STAMPS = ("paper/", "consultation/")


def with_history(files: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Each object's `created` and `modified` as a client syncing by `modified` needs them,
    read from what the last build published in *folder* (`oparl/` of the portal):

    - an unchanged object keeps both stamps;
    - a changed one keeps `created` and gets this build's `modified`;
    - an object published before and gone now (a Person whose consent was withdrawn, a
      meeting made non-public) stays as `{id, type, created, modified, deleted: true}`:
      OParl 1.1 forbids answering 404 for a deleted object. It holds no other field.
    """
    previous = _published(folder)
    stamp = files["body/1.json"]["modified"]  # this build's
    objects = [k for k in files if _is_object(files[k])]
    objects.sort(key=lambda k: not k.startswith(_LEAVES))
    for key in objects:
        obj, old = files[key], previous.get(key)
        if old is None or old.get("deleted"):
            continue  # new (or back again): this build's stamps
        obj["created"] = old.get("created", obj["created"])
        # an object stamped by its own data (a decision, its corrected result) keeps a
        # newer stamp of its own although its published fields are the same
        own = key.startswith(_OWN_STAMPS) and obj["modified"] > old.get("modified", "")
        if _content(old) == _content(published(obj)) and not own:
            obj["modified"] = old.get("modified", obj["modified"])
    for key, old in previous.items():
        if key not in files:
            files[key] = (
                old
                if old.get("deleted")
                else {
                    "id": old["id"],
                    "type": old["type"],
                    "created": old.get("created", stamp),
                    "modified": stamp,
                    "deleted": True,
                }
            )
    return files


def _published(folder: Path) -> dict[str, dict[str, Any]]:
    """The objects a build wrote to *folder* before (not the lists), by path, read once."""
    found = {}
    for path in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
        doc = _read(path)
        if doc is not None and _is_object(doc):
            found[path.relative_to(folder).as_posix()] = doc
    return found


def _is_object(doc: Any) -> bool:
    return isinstance(doc, dict) and "type" in doc and "id" in doc


def _read(path: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def _content(doc: Any) -> Any:
    """The object without its stamps, embedded objects' included."""
    if isinstance(doc, dict):
        return {k: _content(v) for k, v in doc.items() if k not in ("created", "modified")}
    if isinstance(doc, list):
        return [_content(v) for v in doc]
    return doc


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


# Back-references an embedded object leaves out (OParl 1.1: "wird nur ausgegeben, wenn
# das Objekt nicht als eingebettetes Objekt aufgerufen wird"): container key -> field
_EMBEDDED = {"membership": "person", "agendaItem": "meeting", "consultation": "paper"}


def published(data: Any) -> Any:
    """*data* as it is written: embedded Memberships and AgendaItems without the
    reference back to the object that embeds them."""
    if isinstance(data, list):
        return [published(v) for v in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        back = _EMBEDDED.get(key)
        if back and isinstance(value, list) and "type" in data:
            value = [
                {k: v for k, v in item.items() if k != back} if isinstance(item, dict) else item
                for item in value
            ]
        out[key] = published(value)
    return out


def encode(data: Any) -> bytes:
    return json.dumps(published(data), ensure_ascii=False, indent=1).encode("utf-8")
