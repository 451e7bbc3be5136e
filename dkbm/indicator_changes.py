"""How a Kennzahl changes: what every use case on Kennzahlen shares, the audit event
(subject "kennzahl") written in its transaction and the one-line texts it records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t
from dkbm.store import repository as repo
from dkbm.store.db import Tx

SUBJECT = "kennzahl"


def one_line(text: str, field_name: str, *, empty: bool = False) -> str:
    """One line of text, as names, units and notes are shown in tables."""
    if "\n" in text or "\r" in text:
        raise InvalidValue(field_name, text, t("expected_one_line"))
    if not empty and not text.strip():
        raise InvalidValue(field_name, text, t("expected_not_empty"))
    return text.strip()


def audit(
    s: Tx,
    indicator_id: int,
    version: int,
    by: str,
    now: datetime,
    action: str,
    payload: Any,
    reason: str = "",
) -> None:
    repo.append_change(
        s,
        SUBJECT,
        indicator_id,
        version,
        by=by,
        at=now,
        action=action,
        payload=payload,
        reason=reason,
    )
