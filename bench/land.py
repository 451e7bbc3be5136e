"""A Land in one database: 400 Kommunen, each with its database role, 120,000 Akteure, 2,000
cycles, 400,000 open Maßnahmen deadlines of which 40,000 are due. `DKBM_BENCH_LAND_KOMMUNEN`
sets another count (say 40, to profile); everything per Kommune stays as it is.

Rows `land …`: one Kommune's `zyklus status` and portal rebuild against the same on a
database holding only that Kommune (the same rows, ids and all), the sweep of every
Kommune's due deadlines against a raw writer of the same rendered rows, the sender's mails
spread over the Kommunen against email.message + smtplib; each with its process's peak RSS.
The fixture is written as rows (COPY) and not measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# DKBM_BENCH_LAND_KOMMUNEN: a smaller Land for profiling (every rate is per Kommune alike)
KOMMUNEN = int(os.environ.get("DKBM_BENCH_LAND_KOMMUNEN", "400"))
ACTORS, CYCLES, MEASURES = 300, 5, 250  # per Kommune: 4 cycles in Umsetzung
DUE_EVERY = 10  # one Maßnahme in ten has a reminder due
TARGET = KOMMUNEN // 2  # the Kommune whose status and portal are measured (0-based)
MAILS_PER_KOMMUNE = 50
BASELINE_MAILS = 5_000  # smtplib's rate does not change with the count; a quarter saves a minute
NOW = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
DUE_AT = datetime(2027, 6, 1, 21, 59, tzinfo=UTC)
ADMIN = "host=127.0.0.1 user=postgres dbname=postgres"
ROOT = Path(__file__).resolve().parent.parent


def ags(k: int) -> str:
    """The AGS of Kommune *k*: Bayern, 400 Gemeinden over 40 Landkreise."""
    return f"091{k // 10:02d}{k % 10 + 1:03d}"


def url(name: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def cycle_id(k: int, c: int) -> int:
    return k * CYCLES + c + 1


# --- fixture -------------------------------------------------------------------------------


def _content_template() -> dict[str, Any]:
    from dkbm.states.model import Goal, Measure, Strategy, StrategyCycle
    from dkbm.store import mapping

    c = StrategyCycle(
        id=1,
        municipality_id=1,
        title="-",
        board_id=1,
        state="umsetzung",
        vision="Faire Bildungschancen für alle",
        goals=[Goal(1, "Ziel", ["schule"])],
        strategies=[Strategy(2, 1, "Strategie")],
        measures=[
            Measure(
                10 + m,
                2,
                f"Maßnahme {m + 1}",
                owner_id=0,
                indicator="Quote",
                target_value="90 %",
                deadline=date(2027, 12, 31),
            )
            for m in range(MEASURES)
        ],
    )
    return mapping.content(c)


def _kommune_rows(k: int, template: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every row of Kommune *k* (0-based; its id is k + 1), per table, ids fixed: the same
    rows whichever database they go to."""
    from dkbm.states.model import StrategyCycle
    from dkbm.store import items, mapping

    kid, first_actor = k + 1, k * ACTORS + 1
    out: dict[str, list[dict[str, Any]]] = {
        "actor": [
            {
                "id": first_actor + i,
                "municipality_id": kid,
                "name": f"Akteur {k}.{i}",
                "email": f"a{k}.{i}@example.org",
                "sector": "verwaltung",
                "areas": [],
                "consent_publication": False,
                "lang": "de",
                "channels": [],
                "delivery": "sofort",
                "status": "aktiv",
                "function": "",
            }
            for i in range(ACTORS)
        ],
        "board": [
            {
                "id": kid,
                "municipality_id": kid,
                "name": "Lenkungsgruppe",
                "kind": "gremium",
                "quorum_percent": 50,
                "channels": [],
            }
        ],
        "cycle": [],
        "deadline": [],
    }
    decided = StrategyCycle(
        id=None,
        municipality_id=kid,
        title="-",
        board_id=kid,
        state="leitbild_beschlossen",
        vision="Bildung",
        decided={"leitbild": NOW},
    )
    for c in range(CYCLES):
        cid = cycle_id(k, c)
        if c == CYCLES - 1:  # the one moved on by `zyklus weiter`
            state, content = "leitbild_beschlossen", mapping.content(decided)
        else:
            state = "umsetzung"
            content = {
                **template,
                "measures": [
                    {**m, "owner_id": first_actor + (c * MEASURES + n) % ACTORS}
                    for n, m in enumerate(template["measures"])
                ],
            }
        out["cycle"].append(
            {
                "id": cid,
                "municipality_id": kid,
                "board_id": kid,
                "title": f"Bildungsstrategie {k}.{c + 1}",
                "state": state,
                "version": 1,
                "round": 1,
                "content": content,
                "items_digest": items.digest(content),
                "updated_at": NOW,
            }
        )
        for table, values in items.rows(cid, content).items():
            out.setdefault(table.name, []).extend({**v, "municipality_id": kid} for v in values)
        if state != "umsetzung":
            continue
        for n in range(MEASURES):
            due = n % DUE_EVERY == 0
            out["deadline"].append(
                {
                    "id": k * (CYCLES - 1) * MEASURES + c * MEASURES + n + 1,
                    "municipality_id": kid,
                    "cycle_id": cid,
                    "kind": "massnahme_bericht",
                    "ref": f"massnahme:{10 + n}",
                    "due_at": DUE_AT if due else DUE_AT + timedelta(days=60),
                    "revision": 1,
                    "status": "offen",
                    "next_check_at": NOW - timedelta(hours=4) if due else NOW + timedelta(days=40),
                }
            )
    return out


def _municipality(k: int) -> dict[str, Any]:
    return {
        "id": k + 1,
        "ags": ags(k),
        "name": f"Gemeinde {ags(k)}",
        "bundesland": "BY",
        "form": "bildungsbuero",
        "placement": "stabsstelle",
        "contact_name": "Koordination",
        "contact_email": f"bb{k}@example.org",
    }


def _copy(cur: Any, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [json.dumps(v) if isinstance(v, list | dict) else v for v in row.values()]
            )


_ORDER = ("actor", "board", "cycle", "goal", "strategy", "measure", "deadline")


def _write(name: str, kommunen: list[int], template: dict[str, Any]) -> None:
    """COPY the rows of *kommunen* into database *name*, a few Kommunen at a time."""
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={name}") as conn:
        cur = conn.cursor()
        for first in range(0, len(kommunen), 50):
            tables: dict[str, list[dict[str, Any]]] = {}
            for k in kommunen[first : first + 50]:
                for table, rows in _kommune_rows(k, template).items():
                    tables.setdefault(table, []).extend(rows)
            for table in (*_ORDER, *(t for t in tables if t not in _ORDER)):
                _copy(cur, table, tables.get(table, []))
        for table in ("municipality", "actor", "board", "cycle", "deadline"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cur.execute("ANALYZE")


def build_land(name: str) -> None:
    """The Land: two Kommunen through `kommunen.add`, the others as rows, then their roles."""
    os.environ["DKBM_DATABASE_URL"] = url(name)
    import psycopg

    from dkbm import kommunen
    from dkbm.store import tenant, tenant_roles
    from dkbm.store.db import engine
    from dkbm.store.migrate import upgrade

    upgrade()
    for k in range(2):
        m = _municipality(k)
        kommunen.add(
            by="bench",
            now=NOW,
            ags=m["ags"],
            name=m["name"],
            form=m["form"],
            placement=m["placement"],
            contact_name=m["contact_name"],
            contact_email=m["contact_email"],
        )
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={name}") as conn:
        _copy(conn.cursor(), "municipality", [_municipality(k) for k in range(2, KOMMUNEN)])
    with tenant.across(), engine().begin() as conn:
        tenant_roles.ensure(conn)
    engine().dispose()
    _write(name, list(range(KOMMUNEN)), _content_template())


def build_single(name: str) -> None:
    """A database holding only the Kommune TARGET, with the same rows as in the Land."""
    os.environ["DKBM_DATABASE_URL"] = url(name)
    import psycopg

    from dkbm.store.db import engine
    from dkbm.store.migrate import upgrade

    upgrade()
    engine().dispose()
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={name}") as conn:
        _copy(conn.cursor(), "municipality", [_municipality(TARGET)])
    _write(name, [TARGET], _content_template())


@contextmanager
def databases() -> Iterator[tuple[Any, str]]:
    """An admin connection and a prefix for this run's databases; at the end every database
    and every role named by the prefix is dropped."""
    import psycopg

    admin = psycopg.connect(ADMIN, autocommit=True)
    prefix = f"dkbm_land_{uuid.uuid4().hex[:6]}"
    try:
        yield admin, prefix
    finally:
        from dkbm.store.db import engine

        names = [
            r[0]
            for r in admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)
            )
        ]
        for db in names:
            engine(url(db)).dispose()
            admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        roles = [
            r[0]
            for r in admin.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolname DESC",
                (prefix + "%",),
            )
        ]
        for role in roles:  # the Kommunen's roles first, their group (…_kommunen) last
            if not role.endswith("_kommunen"):
                admin.execute(f'DROP OWNED BY "{role}"')
                admin.execute(f'DROP ROLE "{role}"')
        for role in roles:
            if role.endswith("_kommunen"):
                admin.execute(f'DROP OWNED BY "{role}"')
                admin.execute(f'DROP ROLE "{role}"')
        admin.close()


# --- measured, each in a process of its own (its peak RSS) ----------------------------------

_PEAK = """
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
"""

_STATUS = (
    _PEAK
    + """
import contextlib, io, json, statistics, sys, time
from dkbm.cli import main
args = ["--kommune", sys.argv[1], "zyklus", "status", sys.argv[2], "--json"]
def once():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) in (0, None)
    return out.getvalue()
doc = json.loads(once())
times = []
for _ in range(7):
    start = time.perf_counter()
    once()
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": statistics.median(times), "peak_mb": peak_mb(),
                  "measures": len(doc["inhalt"]["massnahmen"])}))
"""
)

_PORTAL_FIRST = """
import contextlib, io, json, sys
from pathlib import Path
from dkbm.cli import main
from dkbm.portal.build import build
from dkbm.context import now
with contextlib.redirect_stdout(io.StringIO()):
    build(Path(sys.argv[1]), now())
    code = main(["--kommune", sys.argv[2], "zyklus", "weiter", sys.argv[3], "naechste_stufe"])
print(json.dumps({"weiter": code}))
"""

_PORTAL_REBUILD = (
    _PEAK
    + """
import json, sys, time
from pathlib import Path
from dkbm.portal.build import build
from dkbm.context import now
import dkbm.store.db, dkbm.store.tables, psycopg  # imported already in the flow's worker
start = time.perf_counter()
report = build(Path(sys.argv[1]), now(), only_cycles={int(sys.argv[2])})
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": peak_mb(),
                  "full": bool(report.full), "pages": report.pages}))
"""
)

# The product's sweep when it serves the Kommunen in turn itself (`due_kommunen`), else each
# Kommune in turn as its role here.
_SWEEP = (
    _PEAK
    + """
import json, sys, time
from datetime import datetime
from sqlalchemy import text
from dkbm import deadlines
from dkbm.store import tenant
from dkbm.store.db import session
now = datetime.fromisoformat(sys.argv[1])
start = time.perf_counter()
with tenant.across(), session() as s:
    ids = list(s.connection().execute(text("SELECT id FROM municipality ORDER BY id")).scalars())
fair = hasattr(deadlines, "due_kommunen")
if fair:
    report = deadlines.sweep(now, batch_size=500)
    queued, batches = report.queued, report.batches
else:
    queued = batches = 0
    for kommune_id in ids:
        with tenant.serving(kommune_id):
            report = deadlines.sweep(now, batch_size=500)
        queued += report.queued
        batches += report.batches
print(json.dumps({"seconds": time.perf_counter() - start, "queued": queued, "fair": fair,
                  "batches": batches, "kommunen": len(ids), "peak_mb": peak_mb()}))
"""
)

# The raw writer of dkbm.bench.notifications, on PostgreSQL and over every Kommune (as the
# database's owner): the same query of due rows, the same template, the rows written in
# transactions of 500. Each row as the product writes it: the same rendered text, its
# calendar entry, Message-ID, cycle and recipient (whose foreign keys are checked too).
_RAW_WRITER = (
    _PEAK
    + """
import hashlib, json, sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
import orjson, psycopg
from dkbm.notifications.render import render
db = psycopg.connect(sys.argv[1])
now = sys.argv[2]
berlin = ZoneInfo("Europe/Berlin")
start = time.perf_counter()
rows = db.execute(
    "SELECT d.id, d.municipality_id, d.revision, d.due_at, d.cycle_id, c.title, ms.title, "
    "a.id, a.name, m.name, m.identifier_ags, m.contact_email FROM deadline d "
    "JOIN cycle c ON c.id = d.cycle_id "
    "JOIN measure ms ON ms.cycle_id = d.cycle_id AND ms.item_id = split_part(d.ref, ':', 2)::int "
    "JOIN actor a ON a.id = ms.owner_id JOIN municipality m ON m.id = d.municipality_id "
    "WHERE d.status = 'offen' AND d.next_check_at <= %s ORDER BY d.next_check_at, d.id",
    (now,),
).fetchall()
shown = {}
for first in range(0, len(rows), 500):
    outbox, checks = [], []
    for (deadline_id, kommune, revision, due_at, cycle, title, measure, owner, name,
         kommune_name, ags, contact) in rows[first:first + 500]:
        if due_at not in shown:
            shown[due_at] = due_at.astimezone(berlin).strftime("%d.%m.%Y, %H:%M Uhr")
        sender = "Bildungsbüro " + kommune_name
        m = render("erinnerung", "de", {
            "kommune": kommune_name, "absender": sender,
            "empfaenger": name, "zyklus": title, "stufe": "Umsetzung",
            "rolle": "Verwaltungsspitze", "tage": 0, "gegenstand": measure,
            "frist": shown[due_at], "fristart": "massnahme_bericht",
            "aufgabe": "den Fortschrittsbericht zur Maßnahme „" + measure + "“", "link": "",
        })
        key = f"frist:{deadline_id}:r{revision}:T0:erinnerung:actor:{owner}"
        payload = orjson.dumps({
            "target": {"type": "actor", "id": owner}, "lang": "de", "stage": "umsetzung",
            "subject": m.subject, "text": m.text, "html": m.html, "cycle_title": title,
            "ics": {
                "uid": f"dkbm-frist-{deadline_id}@{ags + '.dkbm' if ags else 'dkbm'}",
                "sequence": revision, "due_at": due_at.isoformat(), "summary": m.subject,
                "description": title + ": Umsetzung", "stamp": now, "method": "PUBLISH",
                "organizer": contact, "organizer_name": sender,
            },
        }).decode()
        domain = ags + ".dkbm.local" if ags else "dkbm.local"
        message_id = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
        outbox.append((kommune, key, "erinnerung", cycle, owner, payload, now, now,
                       "pending", 0, message_id, deadline_id))
        checks.append(("2027-06-02 07:00:00+00", deadline_id))
    with db.cursor() as cur:
        cur.executemany(
            "INSERT INTO outbox (municipality_id, key, kind, cycle_id, recipient_id, payload, "
            "created_at, due_at, status, attempts, message_id, deadline_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", outbox)
        cur.executemany("UPDATE deadline SET next_check_at = %s WHERE id = %s", checks)
    db.commit()
print(json.dumps({"seconds": time.perf_counter() - start, "written": len(rows),
                  "peak_mb": peak_mb()}))
"""
)

# The product's drain when it serves the Kommunen in turn itself (`due_kommunen`): one round
# of a batch each; else one batch per Kommune as its role here.
_SENDER = (
    _PEAK
    + """
import json, sys, time
from datetime import datetime
from sqlalchemy import text
from dkbm.notifications import sender
from dkbm.store import tenant
from dkbm.store.db import session
now, per = datetime.fromisoformat(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
with tenant.across(), session() as s:
    ids = list(s.connection().execute(text("SELECT id FROM municipality ORDER BY id")).scalars())
fair = hasattr(sender, "due_kommunen")
if fair:
    report = sender.drain(now, batch_size=per, max_batches=len(ids))
    sent, failed = report.sent, report.failed
else:
    sent = failed = 0
    for kommune_id in ids:
        with tenant.serving(kommune_id):
            report = sender.send_batch(now, batch_size=per)
        sent += report.sent
        failed += report.failed
print(json.dumps({"seconds": time.perf_counter() - start, "sent": sent, "failed": failed,
                  "fair": fair, "peak_mb": peak_mb()}))
"""
)

# email.message + smtplib, one connection per batch, the same count of the same kind of
# mails (read and rendered beforehand, not timed), to the same sink.
_SMTPLIB = (
    _PEAK
    + """
import json, smtplib, sys, time
from dkbm.bench.notifications import _as_smtplib_messages, _smtplib_message
from dkbm.store import tenant
port, n, per = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
with tenant.across():
    mails = _as_smtplib_messages(n)
start = time.perf_counter()
for first in range(0, len(mails), per):
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for mail in mails[first:first + per]:
            smtp.send_message(_smtplib_message(*mail))
print(json.dumps({"seconds": time.perf_counter() - start, "sent": len(mails),
                  "peak_mb": peak_mb()}))
"""
)


def _run(code: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _env(name: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DKBM_KOMMUNE"}
    return {**env, "DKBM_DATABASE_URL": url(name), "DKBM_NOW": NOW.isoformat(), **extra}


def _portal(name: str, work: Path) -> dict[str, Any]:
    env = _env(name, DKBM_KOMMUNE=ags(TARGET), DKBM_PORTAL_CACHE=str(work / f"{name}-cache"))
    site, moved = work / f"{name}-site", cycle_id(TARGET, CYCLES - 1)
    if _run(_PORTAL_FIRST, str(site), ags(TARGET), str(moved), env=env)["weiter"]:
        raise SystemExit("land portal: zyklus weiter refused")
    return _run(_PORTAL_REBUILD, str(site), str(moved), env=env)


def measure(work: Path) -> dict[str, Any]:
    from dkbm.bench.notifications import _smtp_sink

    with databases() as (admin, prefix):
        land, single, copy = f"{prefix}_land", f"{prefix}_one", f"{prefix}_copy"
        for db in (land, single):
            admin.execute(f'CREATE DATABASE "{db}"')
        start = time.perf_counter()
        build_land(land)
        build_single(single)
        setup = time.perf_counter() - start
        from dkbm.store.db import engine

        for db in (land, single):
            engine(url(db)).dispose()
        status_args = (ags(TARGET), str(cycle_id(TARGET, 0)))
        result: dict[str, Any] = {"setup": setup}
        result["status"] = _run(_STATUS, *status_args, env=_env(land))
        result["status_one"] = _run(_STATUS, *status_args, env=_env(single))
        result["portal"] = _portal(land, work)
        result["portal_one"] = _portal(single, work)
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{land}"')
        result["sweep"] = _run(_SWEEP, NOW.isoformat(), env=_env(land))
        result["writer"] = _run(
            _RAW_WRITER,
            f"host=127.0.0.1 user=postgres dbname={copy}",
            NOW.isoformat(),
            env=_env(copy),
        )
        with _smtp_sink() as sink:
            mail = {"DKBM_MAIL_URL": f"mailto://127.0.0.1:{sink.port}?from=bb@example.org"}
            result["sender"] = _run(
                _SENDER, NOW.isoformat(), str(MAILS_PER_KOMMUNE), env=_env(land, **mail)
            )
            received = sink.count
            n = result["sender"]["sent"]
            result["smtplib"] = _run(
                _SMTPLIB,
                str(sink.port),
                str(min(n, BASELINE_MAILS)),
                str(MAILS_PER_KOMMUNE),
                env=_env(land),
            )
        if received != n or n != KOMMUNEN * MAILS_PER_KOMMUNE:
            raise SystemExit(f"land sender: {n} sent, {received} received")
    return result


def _reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(ADMIN, connect_timeout=3).close()
    except Exception:
        return False
    return True


def rows() -> list[tuple[str, str, str, str]]:
    if not _reachable():
        return [("land (PostgreSQL)", "unreachable", "-", "-")]
    with tempfile.TemporaryDirectory() as d:
        m = measure(Path(d))
    scale = f"{KOMMUNEN} Kommunen"
    st, st1 = m["status"], m["status_one"]
    po, po1 = m["portal"], m["portal_one"]
    sw, wr = m["sweep"], m["writer"]
    se, sm = m["sender"], m["smtplib"]
    n = se["sent"]
    return [
        (
            f"land fixture: {scale}, {KOMMUNEN * ACTORS:,} Akteure, {KOMMUNEN * CYCLES:,} "
            f"cycles, {KOMMUNEN * (CYCLES - 1) * MEASURES:,} open deadlines",
            f"{m['setup']:.0f} s",
            "-",
            "not measured",
        ),
        (
            f"land zyklus status --json ({st['measures']} Maßnahmen), 1 of {scale}",
            f"{st['seconds']:.3f} s, peak {st['peak_mb']:.0f} MB",
            f"same Kommune alone in its database {st1['seconds']:.3f} s",
            f"{st['seconds'] / st1['seconds']:.2f}x (aim < 0.3 s, < 500 MB)",
        ),
        (
            f"land portal rebuild after zyklus weiter, 1 of {scale}",
            f"{po['seconds']:.2f} s, peak {po['peak_mb']:.0f} MB",
            f"same Kommune alone in its database {po1['seconds']:.2f} s",
            f"{po['seconds'] / po1['seconds']:.2f}x (aim < 0.5 s, < 500 MB)",
        ),
        (
            f"land sweep: {sw['queued']:,} due over {sw['kommunen']} Kommunen, "
            + ("in turn (deadlines.sweep)" if sw["fair"] else "a loop over the Kommunen"),
            f"{sw['seconds']:.2f} s, peak {sw['peak_mb']:.0f} MB",
            f"raw SQL + same Jinja2 + raw INSERT/UPDATE, commit per 500 {wr['seconds']:.2f} s",
            f"{sw['seconds'] / wr['seconds']:.2f}x (aim <= 1.5x, < 500 MB)",
        ),
        (
            f"land sender: {n:,} mails over {KOMMUNEN} Kommunen, {MAILS_PER_KOMMUNE} each, "
            + ("in turn (sender.drain)" if se["fair"] else "a loop over the Kommunen"),
            f"{n / se['seconds']:,.0f} msgs/s, peak {se['peak_mb']:.0f} MB",
            f"email.message + smtplib ({sm['sent']:,} of the mails), one connection per "
            f"{MAILS_PER_KOMMUNE} {sm['sent'] / sm['seconds']:,.0f}/s",
            f"{n / se['seconds'] / (sm['sent'] / sm['seconds']):.2f}x (aim >= 0.5x, < 500 MB)",
        ),
    ]


if __name__ == "__main__":
    start = time.perf_counter()
    for row in rows():
        print("  ".join(row))
    print(f"({time.perf_counter() - start:.0f} s)")
