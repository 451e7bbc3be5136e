"""The Prefect side of `dkbm health`: server, workers, the last good runs, waiting moderations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dkbm.health import CRITICAL, OK, WARNING, Check

# A flow's last successful run may be this old before it is a WARNING or a CRITICAL
# (versand runs every minute, erinnerungen every 15 minutes).
FRESHNESS = {
    "versand": (timedelta(minutes=10), timedelta(hours=1)),
    "erinnerungen": (timedelta(minutes=45), timedelta(hours=3)),
}


def prefect(now: datetime, waiting_days: int) -> list[Check]:
    from flows.runs import api_url, masked
    from flows.server import healthy

    url = api_url()
    if not healthy(url):
        return [Check("prefect", CRITICAL, f"Prefect-Server {masked(url)} antwortet nicht")]
    from prefect.client.orchestration import get_client

    checks = [Check("prefect", OK, f"Prefect-Server {masked(url)} erreichbar")]
    with get_client(sync_client=True) as client:
        checks.append(_workers(client))
        checks += [_last_run(client, name, now) for name in FRESHNESS]
        checks.append(_waiting(client, now, waiting_days))
    return checks


def _workers(client: Any) -> Check:
    pools = client.read_work_pools()
    if not pools:
        return Check("worker", OK, "kein Work-Pool: die Flows laufen in 'dkbm serve'")
    offline = []
    online = 0
    for pool in pools:
        workers = client.read_workers_for_work_pool(pool.name)
        count = sum(1 for w in workers if str(getattr(w, "status", "")).upper().endswith("ONLINE"))
        online += count
        if not count:
            offline.append(pool.name)
    if offline:
        return Check("worker", CRITICAL, f"kein Worker online im Work-Pool {', '.join(offline)}")
    return Check("worker", OK, f"{online} Worker online")


def _last_run(client: Any, flow_name: str, now: datetime) -> Check:
    from flows.runs import flow_runs

    runs = flow_runs(client, (flow_name,), ("COMPLETED",), newest_end_first=True)
    if not runs or runs[0].end_time is None:
        return Check(flow_name, WARNING, "noch kein erfolgreicher Lauf")
    age = now - runs[0].end_time
    warn, crit = FRESHNESS[flow_name]
    status = CRITICAL if age > crit else WARNING if age > warn else OK
    return Check(
        flow_name, status, f"letzter erfolgreicher Lauf vor {int(age.total_seconds() // 60)} min"
    )


def _waiting(client: Any, now: datetime, days: int) -> Check:
    from flows.runs import runs_in

    limit = timedelta(days=days)
    late = [
        run.name
        for run in runs_in(client, ("PAUSED",))
        if run.state and run.state.timestamp and now - run.state.timestamp > limit
    ]
    if late:
        return Check(
            "moderation",
            WARNING,
            f"{len(late)} wartet länger als {days} Tage: {', '.join(sorted(late))}",
        )
    return Check("moderation", OK, f"keine wartet länger als {days} Tage")
