"""`dkbm akteur import` of 10,000 Akteure naming 2,000 organisations (none stored yet: all
made by the import) from one CSV file, against a raw `executemany` of the same rows
(organisations, then Akteure) into an equal database in the same run (aim: under 10 s).
`python -m dkbm.bench.imports` alone."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

ACTORS = 10_000
ORGANISATIONS = 2_000


def _csv() -> bytes:
    from dkbm.states.model import EducationArea, Sector

    sectors, areas = list(Sector), list(EducationArea)
    lines = ["name;organisation;email;sektor;bereiche;sprache;einwilligung;funktion"]
    for i in range(ACTORS):
        bereiche = ", ".join(areas[(i + k) % len(areas)].value for k in range(1 + i % 3))
        lines.append(
            f"Akteur {i};Organisation {i % ORGANISATIONS};a{i}@example.org;"
            f"{sectors[i % 5].value};{bereiche};de;{'ja' if i % 2 else 'nein'};Leitung"
        )
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _fresh(url: str) -> None:
    os.environ["DKBM_DATABASE_URL"] = url
    from dkbm.bench.fixtures import T0, kommune

    kommune(T0, actors=0)


def measure(urls: tuple[str, str]) -> tuple[float, float]:
    """(the import, the raw executemany), seconds, each into a fresh database."""
    from dkbm import actor_import
    from dkbm.bench.fixtures import BY, T0

    data = _csv()
    _fresh(urls[0])
    start = time.perf_counter()
    result = actor_import.import_actors(
        data, file="bench.csv", suffix=".csv", checked_only=False, by=BY, now=T0
    )
    imported = time.perf_counter() - start
    assert len(result.created) == ACTORS and len(result.new_organisations) == ORGANISATIONS
    _fresh(urls[1])
    return imported, _raw(urls[1], data)


def _raw(url: str, data: bytes) -> float:
    """The same rows as plain INSERTs through the DBAPI connection: no checks, no audit."""
    import csv
    import io
    import json

    from dkbm.store.db import engine

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    start = time.perf_counter()
    names = list(dict.fromkeys(r["organisation"] for r in rows))
    with engine(url).begin() as conn:
        raw = conn.connection.dbapi_connection
        cursor = raw.cursor()  # type: ignore[union-attr]
        mark = "%s" if url.startswith("postgresql") else "?"
        now = "2027-01-11 09:00:00+00:00"
        cursor.executemany(
            "INSERT INTO organisation (municipality_id, name, name_key, kind, sector, areas, "
            "locality, address, website, created_at, updated_at) VALUES "
            f"({', '.join([mark] * 11)})",
            [(1, n, n.casefold().replace(" ", ""), "sonstige", "politik", "[]", "", "", "",
              now, now) for n in names],
        )  # fmt: skip
        cursor.execute("SELECT id, name FROM organisation")
        ids = {name: id_ for id_, name in cursor.fetchall()}
        cursor.executemany(
            "INSERT INTO actor (municipality_id, name, organisation_id, function, email, "
            "sector, areas, consent_publication, lang, channels, delivery, status) VALUES "
            f"({', '.join([mark] * 12)})",
            [(1, r["name"], ids[r["organisation"]], r["funktion"], r["email"], r["sektor"],
              json.dumps(r["bereiche"].split(", ")), r["einwilligung"] == "ja", r["sprache"],
              "[]", "sofort", "aktiv") for r in rows],
        )  # fmt: skip
    return time.perf_counter() - start


def rows() -> list[tuple[str, str, str, str]]:
    from dkbm.bench.fixtures import with_postgres

    found = []
    with tempfile.TemporaryDirectory() as d:
        urls = (f"sqlite:///{Path(d) / 'import.db'}", f"sqlite:///{Path(d) / 'raw.db'}")
        found.append(("SQLite", measure(urls)))
    pg = with_postgres(lambda one: with_postgres(lambda two: measure((one, two))))
    found.append(("PostgreSQL", pg))
    out = []
    for backend, figures in found:
        label = (
            f"`akteur import` {ACTORS:,} Akteure, {ORGANISATIONS:,} new organisations, {backend}"
        )
        if figures is None:
            out.append((label, "unreachable", "-", "-"))
            continue
        imported, raw = figures
        out.append(
            (
                label,
                f"{imported:.3f} s",
                f"raw executemany of the rows {raw:.3f} s",
                f"{imported / raw:.1f}x (aim < 10 s)",
            )
        )
    return out


if __name__ == "__main__":
    for row in rows():
        print("  ".join(row))
