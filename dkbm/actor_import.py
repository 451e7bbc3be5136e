"""Akteure and organisations imported from a CSV or Excel file, and exported to one.

Columns are named as the `add` commands name their options: Akteure `name`,
`organisation`, `email`, `sektor`, `bereiche` (comma-separated), `sprache`, `einwilligung`
(ja/nein), `funktion`; organisations `name`, `art`, `sektor`, `bereiche`, `gemeinde`,
`adresse`, `website`. The first four (three) are needed; a column left out leaves what is
stored as it is (a new record gets the `add` command's default), an empty cell means that
default (no Bildungsbereiche, no Funktion, `de`, no consent).

All or nothing: every row is checked first, by the functions the `add` use cases check
with (`network.actor_from`, `organisations.organisation_from`), and one faulty row keeps
the whole file out; each bad cell of a faulty row is named, with its column and value, one
line each (`tabular.CsvRejected`, exit code 2).

Deduplication: an Akteur is known by her e-mail address (case aside): a row naming one
that is stored changes her (her address stays as stored); a second row with the same
address in one file is a faulty row. An organisation is known by its name, case and
spaces aside (`organisation_key`): a row naming a stored one changes it (its name stays
as stored), a second row naming it in one file is a faulty row. An Akteure file may name
organisations that do not exist yet: each is created once (kind Sonstige, in the sector
of the first Akteur naming it), and spellings that differ only in case and spaces are
merged into one organisation and reported as such (`zusammengefuehrt`); a row naming a
stored organisation in another spelling is reported as recognised (`erkannt`).

One transaction for the whole import; one audit entry per record created or changed
(subject `akteur` or `organisation`, as the `add` and `aendern` commands write them, with
the file's name), and her consent's history for every Akteur created or whose consent
changed. `--pruefen` (dry run) reports the same and writes nothing. What exists is read
once and rows are written in bulk (`store.imports`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from dkbm import consent as consent_history
from dkbm import tabular
from dkbm.network import actor_from
from dkbm.organisations import organisation_from
from dkbm.states.errors import InvalidValue
from dkbm.states.i18n import t
from dkbm.states.model import organisation_key
from dkbm.store import imports as store
from dkbm.store import repository as repo
from dkbm.store.db import transaction
from dkbm.tabular import CsvRejected, RowError

ACTOR_COLUMNS = (
    "name",
    "organisation",
    "email",
    "sektor",
    "bereiche",
    "sprache",
    "einwilligung",
    "funktion",
)
ACTOR_REQUIRED = ("name", "organisation", "email", "sektor")
ORGANISATION_COLUMNS = ("name", "art", "sektor", "bereiche", "gemeinde", "adresse", "website")
ORGANISATION_REQUIRED = ("name", "art", "sektor")
ALIASES = {
    "e-mail": "email",
    "e_mail": "email",
    "mail": "email",
    "bereich": "bereiche",
    "bildungsbereich": "bereiche",
    "bildungsbereiche": "bereiche",
    "sektoren": "sektor",
    "organisationsart": "art",
    "sozialraum": "gemeinde",
}
# the field a check names -> the column of the file
_COLUMN = {"bildungsbereich": "bereiche", "kanal": "email"}
# the column -> the field the use cases and the audit log call it
_ACTOR_FIELD = {
    "name": "name",
    "organisation": "organisation",
    "email": "email",
    "sektor": "sector",
    "bereiche": "areas",
    "sprache": "lang",
    "einwilligung": "consent_publication",
    "funktion": "function",
}
_ORGANISATION_FIELD = {
    "name": "name",
    "art": "kind",
    "sektor": "sector",
    "bereiche": "areas",
    "gemeinde": "locality",
    "adresse": "address",
    "website": "website",
}
_YES, _NO = (
    ("ja", "j", "yes", "y", "x", "1", "wahr", "true"),
    ("nein", "n", "no", "0", "falsch", "false", ""),
)


@dataclass
class ImportResult:
    """What an import did (or, checked only, would do)."""

    file: str
    kind: str  # akteure | organisationen
    checked_only: bool
    created: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    new_organisations: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)  # new: spellings made one
    recognised: list[dict[str, Any]] = field(default_factory=list)  # stored: named otherwise

    def as_dict(self) -> dict[str, Any]:
        return {
            "datei": self.file,
            "art": self.kind,
            "nur_geprueft": self.checked_only,
            "neu": self.created,
            "geaendert": self.changed,
            "unveraendert": self.unchanged,
            "organisationen_neu": self.new_organisations,
            "zusammengefuehrt": self.merged,
            "erkannt": self.recognised,
        }


def table_kind(path: Path) -> str:
    """`.xlsx` or `.csv` by the file's suffix; anything else is refused."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", tabular.XLSX):
        raise InvalidValue("DATEI", str(path), t("expected_table_file"))
    return suffix


# --- checks: those of the add use cases, cell by cell ---------------------------------------


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.replace(";", ",").split(",") if a.strip()]


def _yes_no(cell: str) -> bool:
    word = cell.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InvalidValue("einwilligung", cell, t("expected_yes_no"))


def actor_values(row: dict[str, str]) -> dict[str, Any]:
    """The stored values a row of an Akteure file gives, by field (`organisation` her
    organisation's name), checked by `network.actor_from` as `dkbm akteur add` is; a column
    the file leaves out gives no value (and is checked with the add command's default)."""
    consent = _yes_no(row.get("einwilligung", ""))
    actor = actor_from(
        name=row["name"],
        organisation=row["organisation"],
        email=row["email"].strip(),
        sector=row["sektor"],
        areas=_split(row.get("bereiche", "")),
        consent=consent,
        lang=row.get("sprache") or "de",
        function=row.get("funktion", ""),
    )
    values: dict[str, Any] = {
        "name": actor.name,
        "organisation": actor.organisation,
        "email": actor.email,
        "sector": actor.sector.value,
        "areas": [a.value for a in actor.areas],
        "lang": actor.lang,
        "consent_publication": actor.consent_publication,
        "function": actor.function,
    }
    return {f: values[f] for column, f in _ACTOR_FIELD.items() if column in row}


def organisation_values(row: dict[str, str]) -> dict[str, Any]:
    """The stored values a row of an organisations file gives, checked by
    `organisations.organisation_from` as `dkbm organisation add` is; a column the file
    leaves out gives no value."""
    org = organisation_from(
        name=row["name"],
        kind=row["art"],
        sector=row["sektor"],
        areas=_split(row.get("bereiche", "")),
        locality=row.get("gemeinde", ""),
        address=row.get("adresse", ""),
        website=row.get("website", ""),
    )
    values: dict[str, Any] = {
        "name": org.name,
        "kind": org.kind.value,
        "sector": org.sector.value,
        "areas": [a.value for a in org.areas],
        "locality": org.locality,
        "address": org.address,
        "website": org.website,
    }
    return {f: values[f] for column, f in _ORGANISATION_FIELD.items() if column in row}


# a valid cell for each column: what a bad cell is replaced with to check the row's others
_NEUTRAL = {
    "name": "x",
    "organisation": "x",
    "email": "x@example.org",
    "sektor": "politik",
    "bereiche": "",
    "sprache": "de",
    "einwilligung": "nein",
    "funktion": "",
    "art": "sonstige",
    "gemeinde": "",
    "adresse": "",
    "website": "",
}


def _bad(line: int, exc: InvalidValue) -> RowError:
    value = exc.params.get("value")
    expected = exc.params.get("expected")
    column = _COLUMN.get(exc.field, exc.field)
    return RowError(line, "import_invalid", {"value": value, "expected": expected}, column)


def _checked(
    values_of: Any, line: int, row: dict[str, str], errors: list[RowError]
) -> dict[str, Any] | None:
    """*values_of(row)*, or None with one error per bad cell of the row in *errors*: the
    checks of the `add` use cases stop at the first bad value, so each bad cell found is
    set aside (replaced by a valid one) and the row checked again, until none is left."""
    found: list[RowError] = []
    trial = dict(row)
    while True:
        try:
            values = values_of(trial)
        except InvalidValue as exc:
            bad = _bad(line, exc)
            found.append(bad)
            column = bad.column or ""
            if column in _NEUTRAL and column in trial and trial[column] != _NEUTRAL[column]:
                trial[column] = _NEUTRAL[column]
                continue
            break  # no cell to set aside: the row's other cells stay unchecked
        if not found:
            return values
        break
    order = list(row)  # the file's columns, in its order
    found.sort(key=lambda e: order.index(e.column) if e.column in order else len(order))
    errors.extend(found)
    return None


def _read(data: bytes, suffix: str, file: str, columns, required) -> tabular.Table:  # type: ignore[no-untyped-def]
    table = tabular.read(data, suffix, columns, required, ALIASES)
    if table.errors:
        raise CsvRejected(file, table.errors)
    return table


# --- Akteure ---------------------------------------------------------------------------------


_ACTOR_DEFAULTS = {"areas": [], "lang": "de", "consent_publication": False, "function": ""}


def import_actors(
    data: bytes, *, file: str, suffix: str, checked_only: bool, by: str, now: datetime
) -> ImportResult:
    """Import the Akteure of a CSV or XLSX file (all or nothing); see the module."""
    table = _read(data, suffix, file, ACTOR_COLUMNS, ACTOR_REQUIRED)
    result = ImportResult(file, "akteure", checked_only)
    with transaction() as tx:
        conn = tx.connection()
        kommune = repo.municipality(tx)
        organisations = {r.name_key: r for r in store.organisations(conn, kommune.id)}
        known: dict[str, list[Any]] = {}
        for r in store.actors(conn, kommune.id):
            known.setdefault(r.email.casefold(), []).append(r)
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        planned: list[tuple[int, dict[str, Any], Any]] = []
        for line, row in table.rows:
            values = _checked(actor_values, line, row, errors)
            if values is None:
                continue
            key = values["email"].casefold()
            if key in seen:
                twice = {"value": values["email"], "other": seen[key]}
                errors.append(RowError(line, "import_duplicate_email", twice, "email"))
                continue
            seen[key] = line
            matches = known.get(key, [])
            if len(matches) > 1:
                ids = ", ".join(str(m.id) for m in matches)
                ambiguous = {"value": values["email"], "ids": ids}
                errors.append(RowError(line, "import_email_ambiguous", ambiguous, "email"))
                continue
            planned.append((line, values, matches[0] if matches else None))
        if errors:
            raise CsvRejected(file, errors)

        # organisations: the stored one the name names, or one new one per name
        new_orgs: dict[str, dict[str, Any]] = {}
        spellings: dict[str, dict[str, Any]] = {}
        for line, values, _ in planned:
            name, key = values["organisation"], organisation_key(values["organisation"])
            stored = organisations.get(key)
            if stored is None and key not in new_orgs:
                new_orgs[key] = {
                    "name": name,
                    "name_key": key,
                    "sector": values["sector"],
                    "lines": [line],
                }
            elif stored is None:
                new_orgs[key]["lines"].append(line)
            canonical = stored.name if stored is not None else new_orgs[key]["name"]
            if name != canonical:
                merge = spellings.setdefault(
                    key, {"name": canonical, "schreibweisen": [], "zeilen": []}
                )
                if name not in merge["schreibweisen"]:
                    merge["schreibweisen"].append(name)
                merge["zeilen"].append(line)
        result.merged = [m for key, m in spellings.items() if key in new_orgs]
        result.recognised = [m for key, m in spellings.items() if key not in new_orgs]

        added: list[tuple[int, dict[str, Any]]] = []
        changes: list[tuple[int, Any, dict[str, Any], list[str]]] = []
        for line, values, stored in planned:
            key = organisation_key(values["organisation"])
            if stored is None:
                added.append((line, {**_ACTOR_DEFAULTS, **values, "org_key": key}))
                continue
            current = {f: getattr(stored, f) for f in store.ACTOR_FIELDS}
            current["areas"] = list(current["areas"] or [])
            wanted = {**current, **{k: v for k, v in values.items() if k != "organisation"}}
            wanted["email"] = stored.email  # her address is what found her: kept as stored
            org = organisations.get(key)
            wanted["organisation_id"] = org.id if org is not None else None
            changed = [f for f in store.ACTOR_FIELDS if wanted[f] != current[f]]
            if org is None and "organisation_id" not in changed:  # one this file brings
                changed.insert(1, "organisation_id")
            wanted["org_key"] = key
            if changed:
                changes.append((line, stored, wanted, changed))
            else:
                result.unchanged += 1

        if not checked_only:
            ids = store.add_organisations(
                conn,
                kommune.id,
                [
                    {
                        "name": o["name"],
                        "name_key": o["name_key"],
                        "kind": "sonstige",
                        "sector": o["sector"],
                        "areas": [],
                        "locality": "",
                        "address": "",
                        "website": "",
                    }
                    for o in new_orgs.values()
                ],
                now,
            )
            for o, new_id in zip(new_orgs.values(), ids, strict=True):
                o["id"] = new_id
        for o in new_orgs.values():
            result.new_organisations.append(
                {"id": o.get("id"), "name": o["name"], "sektor": o["sector"], "zeilen": o["lines"]}
            )

        def org_id(key: str) -> int | None:
            stored = organisations.get(key)
            return stored.id if stored is not None else new_orgs[key].get("id")

        def canonical_name(values: dict[str, Any]) -> str:
            key = values["org_key"]
            stored = organisations.get(key)
            return stored.name if stored is not None else new_orgs[key]["name"]

        rows = []
        for _, values in added:
            values["organisation_id"] = org_id(values["org_key"])
            rows.append({f: values[f] for f in store.ACTOR_FIELDS})
        new_ids = [] if checked_only else store.add_actors(conn, kommune.id, rows)
        for n, (line, values) in enumerate(added):
            result.created.append(
                {
                    "zeile": line,
                    "id": new_ids[n] if new_ids else None,
                    "name": values["name"],
                    "email": values["email"],
                    "organisation": canonical_name(values),
                }
            )
        for line, stored, wanted, changed in changes:
            wanted["organisation_id"] = org_id(wanted["org_key"])
            felder = ["organisation" if f == "organisation_id" else f for f in changed]
            result.changed.append(
                {"zeile": line, "id": stored.id, "name": wanted["name"], "felder": felder}
            )
            if "organisation" in felder:
                result.changed[-1]["organisation"] = canonical_name(wanted)
        if checked_only:
            return result
        store.change_actors(conn, [{"id": s.id, **w} for _, s, w, _ in changes])
        source = {"import": file}
        entries = [
            _entry(
                "organisation", o["id"], "angelegt", {"name": o["name"], **source}, at=now, by=by
            )
            for o in new_orgs.values()
        ]
        entries += [
            _entry("akteur", c["id"], "angelegt", source, at=now, by=by) for c in result.created
        ]
        entries += _changed_entries("akteur", result, source, at=now, by=by)
        store.audit(conn, entries)
        consent = [
            {
                "municipality_id": kommune.id,
                "actor_id": new_ids[n],
                "given": v["consent_publication"],
                "at": now,
                "by": by,
                "reason": consent_history.ADDED,
            }
            for n, (_, v) in enumerate(added)
        ]
        consent += [
            {
                "municipality_id": kommune.id,
                "actor_id": s.id,
                "given": w["consent_publication"],
                "at": now,
                "by": by,
                "reason": consent_history.CHANGED,
            }
            for _, s, w, changed in changes
            if "consent_publication" in changed
        ]
        store.consent_events(conn, consent)
    return result


# --- organisations ---------------------------------------------------------------------------


def import_organisations(
    data: bytes, *, file: str, suffix: str, checked_only: bool, by: str, now: datetime
) -> ImportResult:
    """Import the organisations of a CSV or XLSX file (all or nothing); see the module."""
    table = _read(data, suffix, file, ORGANISATION_COLUMNS, ORGANISATION_REQUIRED)
    result = ImportResult(file, "organisationen", checked_only)
    with transaction() as tx:
        conn = tx.connection()
        kommune = repo.municipality(tx)
        stored_by_key = {r.name_key: r for r in store.organisations(conn, kommune.id)}
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        planned: list[tuple[int, dict[str, Any]]] = []
        for line, row in table.rows:
            values = _checked(organisation_values, line, row, errors)
            if values is None:
                continue
            key = organisation_key(values["name"])
            if key in seen:
                twice = {"value": values["name"], "other": seen[key]}
                errors.append(RowError(line, "import_duplicate_name", twice, "name"))
                continue
            seen[key] = line
            planned.append((line, values))
        if errors:
            raise CsvRejected(file, errors)
        fields = [f for f in store.ORGANISATION_FIELDS if f != "name"]
        added, changes = [], []
        for line, values in planned:
            key = organisation_key(values["name"])
            stored = stored_by_key.get(key)
            if stored is None:
                new = {
                    "name": values["name"],
                    "name_key": key,
                    "areas": [],
                    "locality": "",
                    "address": "",
                    "website": "",
                } | values
                added.append((line, new))
                continue
            current = {f: getattr(stored, f) for f in fields}
            current["areas"] = list(current["areas"] or [])
            wanted = current | {k: v for k, v in values.items() if k != "name"}
            changed = [f for f in fields if wanted[f] != current[f]]
            if stored.name != values["name"]:  # found by its name, spelt otherwise
                result.recognised.append(
                    {"name": stored.name, "schreibweisen": [values["name"]], "zeilen": [line]}
                )
            if changed:
                changes.append((line, stored, wanted, changed))
            else:
                result.unchanged += 1
        ids = (
            []
            if checked_only
            else store.add_organisations(conn, kommune.id, [v for _, v in added], now)
        )
        for n, (line, values) in enumerate(added):
            result.created.append(
                {"zeile": line, "id": ids[n] if ids else None, "name": values["name"]}
            )
        for line, stored, _, changed in changes:
            result.changed.append(
                {"zeile": line, "id": stored.id, "name": stored.name, "felder": changed}
            )
        if checked_only:
            return result
        store.change_organisations(conn, [{"id": s.id, **w} for _, s, w, _ in changes], now)
        source = {"import": file}
        entries = [
            _entry(
                "organisation", c["id"], "angelegt", {"name": c["name"], **source}, at=now, by=by
            )
            for c in result.created
        ]
        entries += _changed_entries("organisation", result, source, at=now, by=by)
        store.audit(conn, entries)
    return result


def _entry(
    subject: str, subject_id: int, action: str, payload: dict[str, Any], *, at: datetime, by: str
) -> dict[str, Any]:
    """One audit entry of an import."""
    return {
        "subject": subject,
        "subject_id": subject_id,
        "at": at,
        "by": by,
        "action": action,
        "payload": payload,
    }


def _changed_entries(
    subject: str, result: ImportResult, source: dict[str, Any], *, at: datetime, by: str
) -> list[dict[str, Any]]:
    """The audit entries of the rows an import changed: which fields, from which file."""
    return [
        _entry(subject, c["id"], "geaendert", {"felder": c["felder"], **source}, at=at, by=by)
        for c in result.changed
    ]


# --- export ----------------------------------------------------------------------------------


def actor_table() -> tuple[tuple[str, ...], list[list[str]]]:
    """Every Akteur whose data are kept (active or not), in the import's columns: e-mail
    addresses included, for the Koordination (never her channels)."""
    with transaction() as tx:
        conn = tx.connection()
        kommune = repo.municipality(tx)
        names = {r.id: r.name for r in store.organisations(conn, kommune.id)}
        rows = [
            [
                a.name,
                names.get(a.organisation_id, ""),
                a.email,
                a.sector,
                ", ".join(a.areas or []),
                a.lang,
                "ja" if a.consent_publication else "nein",
                a.function or "",
            ]
            for a in store.actors(conn, kommune.id)
        ]
    return ACTOR_COLUMNS, rows


def organisation_table() -> tuple[tuple[str, ...], list[list[str]]]:
    """Every organisation, in the import's columns."""
    with transaction() as tx:
        kommune = repo.municipality(tx)
        rows = [
            [
                o.name,
                o.kind,
                o.sector,
                ", ".join(o.areas or []),
                o.locality or "",
                o.address or "",
                o.website or "",
            ]
            for o in store.organisations(tx.connection(), kommune.id)
        ]
    return ORGANISATION_COLUMNS, rows


def export(target: Path, kind: str) -> int:
    """Write the Akteure (*kind* `akteure`) or organisations to *target*, CSV or XLSX by
    its suffix, atomically and never through a symbolic link; returns how many rows."""
    from dkbm.file_output import PRIVATE, write_replacing

    suffix = table_kind(target)
    columns, rows = actor_table() if kind == "akteure" else organisation_table()
    if suffix == tabular.XLSX:
        title = "Akteure" if kind == "akteure" else "Organisationen"
        data = tabular.xlsx_bytes(columns, rows, title)
    else:
        data = tabular.csv_bytes(columns, rows)
    # the Akteure's e-mail addresses are personal data: the file is for its owner alone
    write_replacing(target, data, "DATEI", mode=PRIVATE if kind == "akteure" else None)
    return len(rows)
