"""Relations between organisations: what ties a Träger to its Kita, a Stiftung to the
projects it funds, a Schule to the Betrieb it cooperates with. Pure: the kinds with their
names in German and English, the relation as a value, and what makes one valid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dkbm.states.errors import InvalidValue, Reason, Refused


class RelationKind(StrEnum):
    """Art der Beziehung."""

    KOOPERATION = "kooperationsvereinbarung"
    TRAEGERSCHAFT = "traegerschaft"
    FOERDERUNG = "foerderung"
    MITGLIEDSCHAFT = "mitgliedschaft"
    NETZWERKPARTNER = "netzwerkpartner"


# what people read for each kind, German and English
KIND_NAMES: dict[str, tuple[str, str]] = {
    "kooperationsvereinbarung": ("Kooperationsvereinbarung", "cooperation agreement"),
    "traegerschaft": ("Trägerschaft", "responsible body (Trägerschaft)"),
    "foerderung": ("Förderung", "funding"),
    "mitgliedschaft": ("Mitgliedschaft", "membership"),
    "netzwerkpartner": ("Netzwerkpartner", "network partner"),
}

_FOLD = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue"})


def _key(text: str) -> str:
    folded = text.strip().lower().translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def kind_name(kind: str, lang: str) -> str:
    """The name people read for a stored kind in *lang* (the value if unknown)."""
    names = KIND_NAMES.get(kind)
    if names is None:
        return kind
    return names[1] if lang == "en" else names[0]


def kind_of(text: str) -> RelationKind:
    """The kind *text* names: as stored or as people read it in either language
    (`Trägerschaft`, `traegerschaft`, `funding`, `responsible body`: a name without its
    German word in brackets); case, umlauts and spaces aside."""
    wanted = _key(text)
    for value, names in KIND_NAMES.items():
        spellings = {value, *names, *(n.split(" (")[0] for n in names)}
        if wanted and any(wanted == _key(n) for n in spellings):
            return RelationKind(value)
    raise InvalidValue("art", text, ", ".join(KIND_NAMES))


@dataclass(frozen=True)
class Relation:
    """A relation from one organisation to another (Träger -> Kita: Trägerschaft), valid
    from and to a day (either open)."""

    id: int | None
    from_id: int
    to_id: int
    kind: RelationKind
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""

    def current(self, today: date) -> bool:
        """Running on *today*: begun (no beginning, or one today or earlier) and not ended
        (no end, or one today or later); one that begins later is not current yet."""
        return not self.upcoming(today) and (self.valid_to is None or self.valid_to >= today)

    def upcoming(self, today: date) -> bool:
        """Begins after *today*."""
        return self.valid_from is not None and self.valid_from > today


def check(from_id: int, to_id: int, valid_from: date | None, valid_to: date | None) -> None:
    """Refuse a relation of an organisation to itself, and one that ends before it begins."""
    if from_id == to_id:
        raise Refused("verbinden", Reason("reason_relation_self", id=from_id))
    check_dates(valid_from, valid_to)


def check_dates(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise Refused(
            "verbinden",
            Reason("reason_relation_dates", start=valid_from, end=valid_to),
        )
