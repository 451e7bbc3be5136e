"""A meeting's calendar entry for download from its link: the entry of the Ladung (same UID
and SEQUENCE, so it updates the one a member may have), published rather than requested."""

from __future__ import annotations

from datetime import datetime

from dkbm import meeting_queries, network_queries
from dkbm.messages import served_identifier_ags
from dkbm.notifications.ics import meeting_event, meeting_uid
from dkbm.notifications.outbox import sending_address
from dkbm.states import links as link_policy
from dkbm.states.i18n import t
from dkbm.web.member_views import Holder
from dkbm.web.pages import moment


def meeting_entry(meeting_id: int, holder: Holder, now: datetime) -> bytes:
    m = meeting_queries.meeting(meeting_id)
    kommune = network_queries.municipality()
    starts = datetime.fromisoformat(m["beginn"])
    ends = datetime.fromisoformat(m["ende"]) if m["ende"] else starts
    return meeting_event(
        uid=meeting_uid(meeting_id, served_identifier_ags()),
        sequence=m["kalender_sequenz"],
        starts_at=starts,
        ends_at=ends,
        summary=t(
            "web_ics_summary", holder.lang, board=m["gremium_name"], at=moment(starts, holder.lang)
        ),
        description="\n".join(f"TOP {x['top']}: {x['titel']}" for x in m["tagesordnung"]),
        location=m["ort"] or m["video"],
        url=link_policy.shown(m["video"]) or "",
        # the Koordination, as in its mails: its Reply-To, else the address mail goes out from
        organizer=kommune["antwort_an"] or sending_address() or kommune["kontakt_email"],
        organizer_name=kommune["absender"],
        attendee=holder.email,
        stamp=now,
        method="CANCEL" if m["zustand"] == "abgesagt" else "PUBLISH",
    )
