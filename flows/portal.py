"""The portal rebuilt by Prefect: after transitions (the `abgleich` flow rebuilds what
changed: the cycles' pages, or all of it after a change of a meeting, a Kennzahl, an Akteur,
a Gremium or the Kommune) and as a flow of its own (`portal`, a full build), each with a
link artifact `dkbm-portal`.

`DKBM_PORTAL_DIR` is the folder the web server serves, `DKBM_PORTAL_URL` its public address
(for feeds, OParl and the artifact's link); without the folder nothing is built. A folder
the build refuses fails the run with the refusal's one line, which the Prefect UI shows as
the run's state: for the portal of an earlier version it names the one step that takes it
over (`dkbm portal build … --uebernehmen`).

With many Kommunen (`many`: the folder holds their portals, or the database holds several
and none is asked for) the folder holds each publishing Kommune's portal under <ags>/ with
an index and one OParl System (`portal.many`): the nightly run builds them all, a rebuild
after transitions those Kommunen whose data moved; a Kommune whose folder is refused fails
the run after the others are built.
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
    if out is None:
        return False
    if many(out):
        return _any_outdated(out)
    return Cache(out).outdated(current())


def many(out: Path) -> bool:
    """Whether *out* is (to be) the portals of many Kommunen: a build of many wrote it, or
    the database holds several Kommunen and none is asked for (`DKBM_KOMMUNE`)."""
    from dkbm import kommunen
    from dkbm.portal.many import holds_many
    from dkbm.store import tenant

    if holds_many(out):
        return True
    if tenant.asked() is not None:
        return False
    with tenant.across():
        return len(kommunen.listed()) > 1


def _any_outdated(out: Path) -> bool:
    """Among many: whether a Kommune's portal is behind its data, or a Kommune without
    one publishes now."""
    from dkbm import kommunen
    from dkbm.portal.cache import Cache, current
    from dkbm.portal.public import publishes
    from dkbm.portal.target import MANIFEST
    from dkbm.store import tenant

    with tenant.across():
        found = [k for k in kommunen.listed() if k["ags"]]
    for k in found:
        sub = out / k["ags"]
        with tenant.serving(k["id"]):
            if os.path.lexists(sub / MANIFEST):
                if Cache(sub).outdated(current()):
                    return True
            elif publishes():
                return True
    return False


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
    if many(out):
        return _build_many(out, base, only)
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


def _build_many(out: Path, base: str, only: set[int] | None) -> dict[str, int]:
    from dkbm.portal.many import build_all
    from dkbm.states.errors import DkbmError

    report = build_all(out, context.now(), base, only)
    pages = sum(r.pages for r in report.built.values()) + report.top.pages
    written = sum(r.written for r in report.built.values()) + report.top.written
    kommunen = ", ".join(report.built) or "–"
    create_link_artifact(
        key="dkbm-portal",
        link=base or out.resolve().as_uri(),
        link_text="Transparenzportal",
        description=(
            f"{len(report.listed)} Kommunen im Portal; neu gebaut: {kommunen}; "
            f"{pages} Seiten gebaut, {written} Dateien geändert"
            + (f"; zurückgezogen: {', '.join(report.withdrawn)}" if report.withdrawn else "")
        ),
    )
    print(
        f"Portal: {len(report.built)} Kommunen gebaut, {pages} Seiten, {written} Dateien geändert"
    )
    if report.failed:  # the others are built; the run fails with the refusals' lines
        raise DkbmError(
            "portal_not_written", folder=str(out), detail="; ".join(report.failed.values())
        )
    return {"pages": pages, "written": written}


@flow(name="portal", log_prints=True)
def rebuild_portal() -> dict[str, int]:
    """The whole portal, e.g. nightly or after a change of the Kommune or the network."""
    return build_portal()
