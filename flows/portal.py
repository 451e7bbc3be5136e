"""The portal rebuilt by Prefect: after transitions (the `abgleich` flow rebuilds what
changed: the cycles' pages, or all of it after a change of a meeting, a Kennzahl, an Akteur,
a Gremium or the Kommune) and as a flow of its own (`portal`, a full build), each with a
link artifact `dkbm-portal`.

`DKBM_PORTAL_DIR` is the folder the web server serves, `DKBM_PORTAL_URL` its public address
(for feeds, OParl and the artifact's link); without the folder nothing is built. A folder
the build refuses fails the run with the refusal's one line, which the Prefect UI shows as
the run's state: for the portal of an earlier version it names the one step that takes it
over (`dkbm portal build … --uebernehmen`).
"""

from __future__ import annotations

import os
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_link_artifact

from dkbm import context


def folder() -> Path | None:
    value = os.environ.get("DKBM_PORTAL_DIR", "").strip()
    return Path(value) if value else None


def outdated() -> bool:
    """Whether anything the portal shows changed since its last build, as its cache sees it.

    Akteure and Gremien are not relayed as events, and a moderation run relays its own
    transitions: neither reaches the `abgleich` flow's batch, both reach this."""
    from dkbm.portal.cache import Cache, current

    out = folder()
    return out is not None and Cache(out).outdated(current())


@task(name="Portal bauen")
def build_portal(only_cycles: list[int] | None = None) -> dict[str, int]:
    """A full build (None), or a rebuild of those cycles and whatever else changed (which
    falls back to a full build where it must)."""
    from dkbm.portal.build import build

    out = folder()
    if out is None:
        return {"pages": 0, "written": 0}
    base = os.environ.get("DKBM_PORTAL_URL", "")
    only = None if only_cycles is None else set(only_cycles)
    report = build(out, context.now(), base, only)
    create_link_artifact(
        key="dkbm-portal",
        link=base or out.resolve().as_uri(),
        link_text="Transparenzportal",
        description=(
            f"{report.pages} Seiten gebaut, {report.written} Dateien geändert, "
            f"{report.unchanged} unverändert"
        ),
    )
    print(f"Portal: {report.pages} Seiten, {report.written} Dateien geändert")
    return {"pages": report.pages, "written": report.written}


@flow(name="portal", log_prints=True)
def rebuild_portal() -> dict[str, int]:
    """The whole portal, e.g. nightly or after a change of the Kommune or the network."""
    return build_portal()
