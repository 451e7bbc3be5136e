"""The Prefect side of `dkbm health`: the server, its workers, and for each of the six
deployments its failed, crashed and hanging runs, the last good runs and the moderations
waiting for people.

Asked through Prefect's REST API with the standard library: importing Prefect's client costs
seconds, and a monitoring system asks every minute (the whole check stays under a second).
Prefect stamps runs and heartbeats with the machines' clocks, so ages here are measured on
this machine's clock; `DKBM_NOW` pins only dkbm's own (deadlines, the outbox)."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from dkbm.health import CRITICAL, EXIT, OK, WARNING, Check
from dkbm.states.i18n import t

# What `dkbm serve` and deploy/prefect.yaml register (tests/cli/test_health_fast.py holds
# them equal); each is one check of its own, named like it.
DEPLOYMENTS = ("erinnerungen", "versand", "zusammenfassungen", "abgleich", "moderation", "portal")
MODERATION = "moderation"  # flows.moderation.FLOW_NAME; importing that module imports Prefect
# How many failed or crashed runs in a row are CRITICAL (one is a WARNING).
FAILURES_CRITICAL = 3
# How long a run may be Running before it counts as hanging, in minutes (`--laufzeit`). The
# scheduled flows take seconds, a big batch minutes; a moderation run suspends itself while
# people work (no process waits), so one Running for long hangs in a step.
RUNNING_MINUTES: Mapping[str, float] = {
    "erinnerungen": 30,
    "versand": 30,
    "zusammenfassungen": 60,
    "abgleich": 15,
    "moderation": 30,
    "portal": 60,
}
# A flow's last successful run may be this old before it is a WARNING or a CRITICAL
# (versand runs every minute, erinnerungen every 15 minutes).
FRESHNESS = {
    "versand": (timedelta(minutes=10), timedelta(hours=1)),
    "erinnerungen": (timedelta(minutes=45), timedelta(hours=3)),
}
# A worker is online while its last heartbeat is younger than two of its intervals (Prefect's
# own status allows three); one silent for longer than a day is taken for retired and no
# longer named.
SILENT_INTERVALS = 2
WORKER_HEARTBEAT_SECONDS = 30  # what Prefect assumes for a worker that did not say
RETIRED = timedelta(days=1)
_FAILING = ("FAILED", "CRASHED")
_FINISHED = ("COMPLETED", *_FAILING)


@dataclass(frozen=True)
class Limits:
    """What the operator may set on the command line."""

    waiting_days: int = 14
    failures_critical: int = FAILURES_CRITICAL
    running_minutes: Mapping[str, float] = field(default_factory=lambda: dict(RUNNING_MINUTES))


def prefect(limits: Limits) -> list[Check]:
    from dkbm.flows.runs import api_url, masked
    from dkbm.flows.server import healthy

    url = api_url()
    if not healthy(url):
        return [Check("prefect", CRITICAL, t("health_prefect_down", url=masked(url)))]
    api = _Api(url)
    now = datetime.now(UTC)
    try:
        deployments = _deployments(api)
        running = _running(api, deployments)
        return [
            Check("prefect", OK, t("health_prefect_up", url=masked(url))),
            _workers(api, now),
            *(_deployment(api, name, deployments, running, now, limits) for name in DEPLOYMENTS),
        ]
    except (OSError, ValueError) as exc:  # answered /health, then failed: one line
        reason = type(exc).__name__
        return [
            Check("prefect", CRITICAL, t("health_prefect_failed", url=masked(url), reason=reason))
        ]


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


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _age(span: timedelta) -> str:
    seconds = max(0, round(span.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def _workers(api: _Api, now: datetime) -> Check:
    pools = api.post("/work_pools/filter", {})
    if not pools:
        return Check("worker", OK, t("health_no_pool"))
    without, silent = [], []
    online = 0
    for pool in pools:
        workers = api.post(f"/work_pools/{quote(pool['name'], safe='')}/workers/filter", {})
        count = 0
        for w in workers:
            last = _moment(w.get("last_heartbeat_time"))
            interval = w.get("heartbeat_interval_seconds") or WORKER_HEARTBEAT_SECONDS
            if last is not None and now - last <= timedelta(seconds=SILENT_INTERVALS * interval):
                count += 1
            elif last is not None and now - last < RETIRED:
                silent.append(t("health_worker_last_seen", name=w["name"], age=_age(now - last)))
        online += count
        if not count:
            without.append(pool["name"])
    parts = [t("health_pool_without_worker", pools=", ".join(without))] if without else []
    if not without:
        parts.append(
            t("health_worker_online") if online == 1 else t("health_workers_online", count=online)
        )
    if silent:
        parts.append(t("health_workers_silent", workers=", ".join(sorted(silent))))
    return Check("worker", CRITICAL if without else OK, "; ".join(parts))


def _deployments(api: _Api) -> dict[str, str]:
    """Deployment name -> id, for those of the six that exist."""
    found = api.post(
        "/deployments/filter",
        {
            "deployments": {"name": {"any_": list(DEPLOYMENTS)}},
            "flows": {"name": {"any_": list(DEPLOYMENTS)}},
        },
    )
    return {d["name"]: d["id"] for d in found}


def _running(api: _Api, deployments: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The runs in Running per deployment name."""
    if not deployments:
        return {}
    names = {v: k for k, v in deployments.items()}
    runs = api.post(
        "/flow_runs/filter",
        {
            "flow_runs": {
                "deployment_id": {"any_": list(names)},
                "state": {"type": {"any_": ["RUNNING"]}},
            },
            "limit": 200,
        },
    )
    by_name: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        by_name.setdefault(names[run["deployment_id"]], []).append(run)
    return by_name


Finding = tuple[str, str]  # status, text


def _deployment(
    api: _Api,
    name: str,
    deployments: dict[str, str],
    running: dict[str, list[dict[str, Any]]],
    now: datetime,
    limits: Limits,
) -> Check:
    findings: list[Finding] = []
    if (deployment := deployments.get(name)) is None:
        findings.append((WARNING, t("health_no_deployment", name=name)))
    else:
        findings += _failures(api, name, deployment, limits.failures_critical)
        minutes = limits.running_minutes.get(name, RUNNING_MINUTES[name])
        findings += _hanging(running.get(name, []), now, timedelta(minutes=minutes))
    if name in FRESHNESS:
        findings.append(_freshness(api, name, now))
    if name == MODERATION:
        findings.append(_waiting(api, now, limits.waiting_days))
    return _combined(name, findings)


def _combined(name: str, findings: list[Finding]) -> Check:
    """One check per deployment: its worst finding decides, the problems are listed worst
    first (else what is fine)."""
    status = max((s for s, _ in findings), key=EXIT.__getitem__, default=OK)
    problems = sorted((f for f in findings if f[0] != OK), key=lambda f: -EXIT[f[0]])
    shown = problems or findings
    detail = "; ".join(text for _, text in shown) if shown else t("health_runs_fine")
    return Check(name, status, detail)


def _failures(api: _Api, name: str, deployment: str, critical: int) -> list[Finding]:
    """Failed or crashed runs in a row, newest first. For the scheduled flows that is their
    newest finished runs (one still running decides nothing yet); moderation runs belong to a
    cycle each, so per cycle its newest run, whatever its state (a failed run followed by a
    new one that waits is over)."""
    if name != MODERATION:
        runs = api.post(
            "/flow_runs/filter",
            {
                "flow_runs": {
                    "deployment_id": {"any_": [deployment]},
                    "state": {"type": {"any_": list(_FINISHED)}},
                },
                "sort": "END_TIME_DESC",
                "limit": max(50, critical),
            },
        )
        finding = _streak(runs, critical)
        return [finding] if finding else []
    runs = api.post(
        "/flow_runs/filter",
        {
            "flow_runs": {"deployment_id": {"any_": [deployment]}},
            "sort": "EXPECTED_START_TIME_DESC",
            "limit": 200,
        },
    )
    per_cycle: dict[str, list[dict[str, Any]]] = {}
    for run in sorted(runs, key=lambda r: r.get("created") or "", reverse=True):
        if run.get("state_type") != "CANCELLED":
            per_cycle.setdefault(str((run.get("parameters") or {}).get("zyklus")), []).append(run)
    found = []
    for cycle, cycle_runs in sorted(per_cycle.items()):
        if finding := _streak(cycle_runs, critical):
            found.append((finding[0], t("health_in_cycle", id=cycle, finding=finding[1])))
    return found


def _streak(runs: list[dict[str, Any]], critical: int) -> Finding | None:
    count = 0
    for run in runs:
        if run.get("state_type") not in _FAILING:
            break
        count += 1
    if not count:
        return None
    last = runs[0]
    state = t("health_state_crashed" if last["state_type"] == "CRASHED" else "health_state_failed")
    message = run_message((last.get("state") or {}).get("message") or "") or t("health_no_message")
    if count == 1:
        text = t("health_run_failed", run=last["name"], state=state, message=message)
    else:
        text = t("health_runs_failed", count=count, run=last["name"], state=state, message=message)
    return (CRITICAL if count >= critical else WARNING, text)


def _hanging(runs: list[dict[str, Any]], now: datetime, limit: timedelta) -> list[Finding]:
    found = []
    for run in sorted(runs, key=lambda r: r["name"]):
        since = _moment(run.get("start_time")) or _moment((run.get("state") or {}).get("timestamp"))
        if since is not None and now - since > limit:
            text = t("health_stuck", run=run["name"], age=_age(now - since), limit=_age(limit))
            found.append((WARNING, text))
    return found


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


def _freshness(api: _Api, flow_name: str, now: datetime) -> Finding:
    runs = _runs(api, flow_name, "COMPLETED", sort="END_TIME_DESC", limit=1)
    end = _moment(runs[0].get("end_time")) if runs else None
    if end is None:
        return (WARNING, t("health_no_success"))
    age = now - end
    warn, crit = FRESHNESS[flow_name]
    status = CRITICAL if age > crit else WARNING if age > warn else OK
    return (status, t("health_last_success", minutes=int(age.total_seconds() // 60)))


def _waiting(api: _Api, now: datetime, days: int) -> Finding:
    limit = timedelta(days=days)
    late = []
    for run in _runs(api, MODERATION, "PAUSED"):
        since = _moment((run.get("state") or {}).get("timestamp"))
        if since is not None and now - since > limit:
            late.append(run["name"])
    if late:
        return (
            WARNING,
            t("health_waiting", count=len(late), days=days, runs=", ".join(sorted(late))),
        )
    return (OK, t("health_none_waiting", days=days))


# A URL inside a message: a database's (masked as everywhere: the password) or anything else,
# which may be a channel with its secret in the path (masked as channels are).
_URL_IN_TEXT = re.compile(r"[A-Za-z][\w+.-]*://[^\s'\"<>]+")
_DATABASE_SCHEMES = re.compile(r"(?i)(postgres|postgresql|sqlite|mysql|mariadb)(\+\w+)?")
_PREFECT_PREFIX = "Flow run encountered an exception: "
_LONGEST = 300


def run_message(message: str) -> str:
    """A run's last message fit for monitoring: its first line, without secrets, short."""
    from dkbm.store.settings import masked

    line = message.strip().splitlines()[0] if message.strip() else ""
    line = line.removeprefix(_PREFECT_PREFIX)
    parts, start = [], 0
    for found in _URL_IN_TEXT.finditer(line):
        parts.append(masked(line[start : found.start()]))  # key=value secrets between URLs
        url = found.group()
        if _DATABASE_SCHEMES.fullmatch(url.split("://", 1)[0]):
            parts.append(masked(url))
        else:
            from dkbm.notifications.channels import masked as channel

            parts.append(channel(url))
        start = found.end()
    parts.append(masked(line[start:]))
    shown = "".join(parts)
    return shown if len(shown) <= _LONGEST else shown[: _LONGEST - 1] + "…"
