"""The Prefect side of `dkbm health`: server, workers, the last good runs, waiting moderations.

Asked through Prefect's REST API with the standard library: importing Prefect's client costs
seconds, and a monitoring system asks every minute (the whole check stays under a second)."""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from dkbm.health import CRITICAL, OK, WARNING, Check

# A flow's last successful run may be this old before it is a WARNING or a CRITICAL
# (versand runs every minute, erinnerungen every 15 minutes).
FRESHNESS = {
    "versand": (timedelta(minutes=10), timedelta(hours=1)),
    "erinnerungen": (timedelta(minutes=45), timedelta(hours=3)),
}
MODERATION = "moderation"  # flows.moderation.FLOW_NAME; importing that module imports Prefect


def prefect(now: datetime, waiting_days: int) -> list[Check]:
    from dkbm.flows.runs import api_url, masked
    from dkbm.flows.server import healthy

    url = api_url()
    if not healthy(url):
        return [Check("prefect", CRITICAL, f"Prefect-Server {masked(url)} antwortet nicht")]
    api = _Api(url)
    try:
        return [
            Check("prefect", OK, f"Prefect-Server {masked(url)} erreichbar"),
            _workers(api),
            *(_last_run(api, name, now) for name in FRESHNESS),
            _waiting(api, now, waiting_days),
        ]
    except (OSError, ValueError) as exc:  # answered /health, then failed: one line
        reason = type(exc).__name__
        return [Check("prefect", CRITICAL, f"Prefect-Server {masked(url)}: {reason}")]


class _Api:
    def __init__(self, url: str) -> None:
        self._url = url.rstrip("/")

    def post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self._url}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)


def _workers(api: _Api) -> Check:
    pools = api.post("/work_pools/filter", {})
    if not pools:
        return Check("worker", OK, "kein Work-Pool: die Flows laufen in 'dkbm serve'")
    offline = []
    online = 0
    for pool in pools:
        workers = api.post(f"/work_pools/{quote(pool['name'], safe='')}/workers/filter", {})
        count = sum(1 for w in workers if str(w.get("status", "")).upper() == "ONLINE")
        online += count
        if not count:
            offline.append(pool["name"])
    if offline:
        return Check("worker", CRITICAL, f"kein Worker online im Work-Pool {', '.join(offline)}")
    return Check("worker", OK, f"{online} Worker online")


def _runs(api: _Api, flow: str, state: str, **extra: Any) -> list[dict[str, Any]]:
    return api.post(
        "/flow_runs/filter",
        {
            "flows": {"name": {"any_": [flow]}},
            "flow_runs": {"state": {"type": {"any_": [state]}}},
            "limit": 200,
            **extra,
        },
    )


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _last_run(api: _Api, flow_name: str, now: datetime) -> Check:
    runs = _runs(api, flow_name, "COMPLETED", sort="END_TIME_DESC", limit=1)
    end = _moment(runs[0].get("end_time")) if runs else None
    if end is None:
        return Check(flow_name, WARNING, "noch kein erfolgreicher Lauf")
    age = now - end
    warn, crit = FRESHNESS[flow_name]
    status = CRITICAL if age > crit else WARNING if age > warn else OK
    return Check(
        flow_name, status, f"letzter erfolgreicher Lauf vor {int(age.total_seconds() // 60)} min"
    )


def _waiting(api: _Api, now: datetime, days: int) -> Check:
    limit = timedelta(days=days)
    late = []
    for run in _runs(api, MODERATION, "PAUSED"):
        since = _moment((run.get("state") or {}).get("timestamp"))
        if since is not None and now - since > limit:
            late.append(run["name"])
    if late:
        return Check(
            "moderation",
            WARNING,
            f"{len(late)} wartet länger als {days} Tage: {', '.join(sorted(late))}",
        )
    return Check("moderation", OK, f"keine wartet länger als {days} Tage")
