"""Kommunen as tenants of one installation: the Amtlicher Gemeindeschlüssel (AGS) that keys
each, the Land its first two digits name, and the database role that walls it off."""

from __future__ import annotations

import hashlib
import re

from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t

# The first two digits of an AGS are the Land (Statistisches Bundesamt, Gemeindeverzeichnis).
LAND_OF_AGS = {
    "01": "SH",
    "02": "HH",
    "03": "NI",
    "04": "HB",
    "05": "NW",
    "06": "HE",
    "07": "RP",
    "08": "BW",
    "09": "BY",
    "10": "SL",
    "11": "BE",
    "12": "BB",
    "13": "MV",
    "14": "SN",
    "15": "ST",
    "16": "TH",
}
_AGS = re.compile(r"[0-9]{8}")
_ROLE_LIMIT = 63  # PostgreSQL's NAMEDATALEN - 1


def checked_ags(value: str, where: str = "--ags") -> str:
    """An AGS of a Kommune that dkbm serves: 8 digits, the first two a Land."""
    ags = value.strip().replace(" ", "")
    if not _AGS.fullmatch(ags) or ags[:2] not in LAND_OF_AGS:
        raise InvalidValue(where, value, t("expected_tenant_ags"))
    return ags


def land_of(ags: str) -> str:
    return LAND_OF_AGS[ags[:2]]


def checked_land(ags: str, bundesland: str, where: str = "--bundesland") -> None:
    """An AGS whose Land differs from the one given is a typing error in one of them; *where*
    names the one the user typed now (`--ags` for a Kommune whose Land is recorded)."""
    if land_of(ags) == bundesland.upper():
        return
    if where == "--ags":
        raise InvalidValue("--ags", ags, t("expected_ags_of_land", land=bundesland.upper()))
    raise InvalidValue(where, bundesland, t("expected_land_of_ags", ags=ags, land=land_of(ags)))


def role_name(database: str, ags: str) -> str:
    """The database role of the Kommune *ags* in *database*: roles belong to the whole
    PostgreSQL cluster, so the database's name is part of it (two installations, or two
    test runs, on one server never share a role)."""
    name = f"{database}_{ags}".lower()
    if len(name) <= _ROLE_LIMIT:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:8]
    return f"{database[: _ROLE_LIMIT - len(ags) - 10]}_{digest}_{ags}".lower()


def group_name(database: str) -> str:
    """The role every Kommune role is a member of: the privileges on the tables, granted once."""
    return role_name(database, "kommunen")
