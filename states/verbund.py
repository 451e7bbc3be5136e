"""Regionale Verbünde: this Kommune with neighbouring Kommunen under an agreement.

A Verbund has partner Kommunen (records of their own: name, AGS, a contact; not tenants
of this installation), an agreement with its dates, and may have its own Gremium or AG,
whose members may be Akteure of the partner Kommunen. Cycles and Maßnahmen are marked as
run together in it. Pure: what a Verbund is and what counts as a valid one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t

_AGS = re.compile(r"[0-9]{8}")


@dataclass
class Partner:
    """A partner Kommune of a Verbund. Its contact is personal data: never published."""

    id: int | None
    verbund_id: int
    name: str
    ags: str = ""  # Amtlicher Gemeindeschlüssel, 8 digits, or empty
    contact_name: str = ""
    contact_email: str = ""


@dataclass
class Verbund:
    id: int | None
    municipality_id: int
    name: str
    agreement: str = ""  # title or text of the Kooperationsvereinbarung
    agreement_url: str = ""  # a link under the link policy, or empty
    valid_from: date | None = None
    valid_to: date | None = None
    board_id: int | None = None  # its own Gremium or AG
    partners: list[Partner] = field(default_factory=list)

    def active_on(self, day: date) -> bool:
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or day <= self.valid_to)


def checked_ags(value: str) -> str:
    """An AGS (Amtlicher Gemeindeschlüssel): 8 digits, or empty for none."""
    ags = value.strip().replace(" ", "")
    if ags and not _AGS.fullmatch(ags):
        raise InvalidValue("ags", value, t("expected_ags"))
    return ags


def checked_period(valid_from: date | None, valid_to: date | None) -> None:
    """The agreement may not end before it begins."""
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise InvalidValue("bis", valid_to.isoformat(), t("expected_verbund_end", start=valid_from))
