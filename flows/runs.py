"""Moderation runs as the CLI sees them: find, create and wake runs of the `moderation`
deployment on the Prefect server (`PREFECT_API_URL`, or the one `dkbm serve` starts on
127.0.0.1, port `DKBM_PREFECT_PORT`).

Only runs of this database count: deployments and runs carry the tag `database_tag()`.
A run moderates one cycle of one Kommune: its parameters name both (`zyklus`, `kommune`:
the AGS, None for a single Kommune without one), its tags `dkbm-kommune-<ags>` too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from dkbm.states.errors import DkbmError, InvalidValue
from dkbm.store.settings import database_fingerprint, masked, prefect_port

ACTIVE = ("SCHEDULED", "PENDING", "RUNNING", "PAUSED", "CANCELLING")
DATABASE_TAG = "dkbm-db:"
KOMMUNE_TAG = "dkbm-kommune-"


def served_kommune() -> str | None:
    """The AGS of the Kommune this command serves (`--kommune`, `DKBM_KOMMUNE`, or the only
    one), resolved by a read; None for a single Kommune without an AGS."""
    from dkbm.store import tenant
    from dkbm.store.reads.connection import reader

    with reader():
        scope = tenant.current()
        return scope.ags if scope is not None else None


def kommune_tags(kommune: str | None) -> list[str]:
    return [f"{KOMMUNE_TAG}{kommune}"] if kommune else []


def of_cycle(run: Any, cycle_id: int, kommune: str | None) -> bool:
    """True for a run of *cycle_id* of the Kommune *kommune*. A run made before runs named
    their Kommune counts for the cycle alone (a cycle's number is unique in a database)."""
    parameters = run.parameters or {}
    if parameters.get("zyklus") != cycle_id:
        return False
    return "kommune" not in parameters or parameters["kommune"] == kommune


def local_api() -> str:
    """The API of the server `dkbm serve` starts when PREFECT_API_URL is not set."""
    return f"http://127.0.0.1:{prefect_port()}/api"


def api_url() -> str:
    """The server to talk to; without PREFECT_API_URL the local one of `dkbm serve`.
    Prefect reads the environment once, at its import: talk to it through `client()`."""
    return checked_api_url(os.environ.get("PREFECT_API_URL") or local_api())


@contextmanager
def settings() -> Iterator[str]:
    """Prefect's settings pointed at `api_url()`, whenever Prefect was first imported, and
    never at an ephemeral server (without a URL, Prefect would start one over the default
    home's database: a second writer on `dkbm serve`'s SQLite file)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        temporary_settings,
    )

    url = api_url()
    with temporary_settings({PREFECT_API_URL: url, PREFECT_SERVER_EPHEMERAL_ENABLED: False}):
        yield url


@contextmanager
def connect() -> Iterator[Any]:
    """A synchronous Prefect client of `api_url()`; a server that answers with errors
    (its database busy beyond Prefect's retries) ends the command in one line."""
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.exceptions import PrefectHTTPStatusError

    with settings() as url:
        try:
            with get_client(sync_client=True) as found:
                yield found
        except (httpx.HTTPError, PrefectHTTPStatusError) as exc:
            raise DkbmError("prefect_failed", url=masked(url), reason=_reason(exc)) from None


def _reason(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return f"HTTP {status}" if status else type(exc).__name__


def database_tag() -> str:
    """The tag naming this database (`DKBM_DATABASE_URL`, hashed, no password in it)."""
    return DATABASE_TAG + database_fingerprint()


def ours(tags: list[str] | None) -> bool:
    """True for a run or deployment of this database. One without any database tag was
    made before dkbm tagged them and counts for every database."""
    theirs = [t for t in tags or () if t.startswith(DATABASE_TAG)]
    return not theirs or database_tag() in theirs


def checked_api_url(url: str) -> str:
    """A usable Prefect API URL, or a one-line error naming PREFECT_API_URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a port that is no number raises here)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidValue("PREFECT_API_URL", masked(url), "http://host:port/api")
    return url


def require_server() -> str:
    """The API URL if a server answers there, else a one-line error saying how to start it."""
    from dkbm.flows.server import healthy

    url = api_url()
    if not healthy(url):
        if os.environ.get("PREFECT_API_URL"):
            raise DkbmError("prefect_unreachable", url=masked(url))
        raise DkbmError("prefect_not_serving", url=masked(url), port=prefect_port())
    return url


_STATES = {
    "SCHEDULED": ("eingeplant", "scheduled"),
    "PENDING": ("startet", "starting"),
    "RUNNING": ("läuft", "running"),
    "PAUSED": ("ausgesetzt, wartet", "suspended, waiting"),
    "CANCELLING": ("wird abgebrochen", "cancelling"),
}


def state_word(state_type: str) -> str:
    from dkbm.states.i18n import language

    words = _STATES.get(state_type)
    if words is None:
        return state_type.lower()
    return words[1] if language() == "en" else words[0]


def link(run_id: Any) -> str:
    """The run's page in the Prefect UI."""
    ui = os.environ.get("PREFECT_UI_URL") or api_url().rstrip("/").removesuffix("/api")
    return f"{ui.rstrip('/')}/runs/flow-run/{run_id}"


def active_run(client: Any, cycle_id: int, kommune: str | None = None) -> Any | None:
    """The moderation run of *cycle_id* of the Kommune *kommune* that is not finished, if any."""
    for run in runs_in(client, ACTIVE):
        if of_cycle(run, cycle_id, kommune):
            return run
    return None


def start(
    cycle_id: int,
    deadline: date | None,
    boards: list[int] | None,
    started_by: str,
    kommune: str | None = None,
) -> Any:
    """Create a run of the moderation deployment for *cycle_id* of the Kommune *kommune*
    (its AGS; None: a single Kommune without one) and return at once (no waiting)."""
    url = require_server()  # before Prefect is imported: without a server, one quick line
    from prefect.exceptions import ObjectNotFound

    from dkbm.flows.moderation import DEPLOYMENT, name_for

    tag = database_tag()
    with connect() as client:
        try:
            deployment = client.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            raise DkbmError("no_moderation_deployment", url=masked(url)) from None
        if not ours(deployment.tags):
            raise DkbmError(
                "moderation_other_database",
                url=masked(url),
                theirs=", ".join(t for t in deployment.tags if t.startswith(DATABASE_TAG)),
                ours=tag,
            )
        if running := active_run(client, cycle_id, kommune):
            raise DkbmError(
                "already_moderated",
                id=cycle_id,
                run=running.name,
                state=state_word(running.state.type.value),
                link=link(running.id),
            )
        parameters: dict[str, Any] = {"zyklus": cycle_id, "kommune": kommune}
        if deadline is not None:
            parameters["frist"] = deadline.isoformat()
        if boards:
            parameters["gremien"] = boards
        parameters["von"] = started_by
        return client.create_flow_run_from_deployment(
            deployment.id,
            parameters=parameters,
            name=name_for(cycle_id, kommune=kommune),
            tags=[f"dkbm-zyklus-{cycle_id}", *kommune_tags(kommune), tag],
        )


def wake(cycle_id: int, kommune: str | None = None) -> tuple[str, Any | None]:
    """Resume the suspended moderation run of *cycle_id* of the Kommune *kommune* (of this
    database); the caller serves that Kommune.

    Returns ("resumed", run), ("active", run) when its run is busy anyway and will read the
    stored state, ("refused", (run, reason)) when the server refused, ("none", None) when
    no run exists, or ("unreachable", url).
    Never raises for a missing server: the caller has already stored what matters.
    """
    from dkbm.flows.moderation import restore_vote_form
    from dkbm.flows.server import healthy

    url = api_url()
    if not healthy(url):
        return "unreachable", masked(url)
    try:
        with connect() as client:
            for run in runs_in(client, ("PAUSED",)):
                if not of_cycle(run, cycle_id, kommune):
                    continue
                restore_vote_form(int(run.parameters["zyklus"]), run, client)
                if refused := resume(run, client):
                    return "refused", (run, refused)
                return "resumed", run
            if busy := active_run(client, cycle_id, kommune):
                return "active", busy
    except DkbmError as exc:
        if exc.key != "prefect_failed":
            raise
        return "unreachable", masked(url)
    return "none", None


def resume(run: Any, client: Any) -> str | None:
    """Wake a suspended run; one that waits for the vote form gets an empty input (meaning:
    no result, read the stored state). The server refuses to resume a run whose form
    schema is missing: callers write a form lost to a kill first (`restore_vote_form`).
    Returns the server's reason if it refused, else None."""
    from prefect.client.schemas.responses import SetStateStatus

    keyset = run.state.state_details.run_input_keyset
    result = client.resume_flow_run(run.id, run_input={} if keyset else None)
    if result.status == SetStateStatus.ACCEPT:
        return None
    return getattr(result.details, "reason", None) or result.status.value


def runs_in(client: Any, states: tuple[str, ...]) -> list[Any]:
    """Moderation runs of this database in the given state types."""
    from dkbm.flows.moderation import FLOW_NAME

    return [run for run in flow_runs(client, (FLOW_NAME,), states) if ours(run.tags)]


def flow_runs(
    client: Any, flows: tuple[str, ...], states: tuple[str, ...], newest_end_first: bool = False
) -> list[Any]:
    """Runs of the named flows in the given state types (at most 200)."""
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    return client.read_flow_runs(
        flow_filter=FlowFilter(name=FlowFilterName(any_=list(flows))),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(
                type=FlowRunFilterStateType(any_=[StateType(s) for s in states])
            )
        ),
        sort=FlowRunSort.END_TIME_DESC if newest_end_first else FlowRunSort.ID_DESC,
        limit=200,
    )
