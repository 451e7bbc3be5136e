"""Issue 18: hostile text typed wherever people may type reaches every output as text.

One world (`world.create`) holds each payload of `payloads.texts` in a Ziel, a Maßnahme,
a Kennzahl, a TOP, an Akteur's name, a Wissen document, the Leitbild, the meeting's place,
the Protokoll, the Kommune's and the AG's names and the cycle's title. From it come the
portal (pages, OParl, Atom and ICS feeds, open data), the mails in the outbox (Ladung with
its calendar entry, Beteiligung, Protokoll), the Protokoll as HTML and PDF and the
Sachstandsbericht as HTML. For each output and each payload: the payload landed there,
nothing of it runs, fetches or links outside https, http and mailto, and a listener on
127.0.0.1 named in the payloads heard nothing while all of it was produced. A field that
refused a payload did so in one line and left the database as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.dkbm.test_pdf_fetch import Listener
from tests.security import outputs, world
from tests.security.outputs import Output
from tests.security.payloads import TEXT_IDS, Payload, texts
from tests.security.world import World


@dataclass
class Produced:
    world: World
    heard: list[tuple[str, int]]
    portal: Output
    oparl: Output
    atom: Output
    ics: Output
    mails: Output
    mail_calendars: Output
    protocol_html: Output
    protocol_pdf: Output
    report_html: Output
    open_data: Output
    json_strings: set[str]

    def payload(self, pid: str) -> Payload:
        return next(p for p in self.world.payloads if p.id == pid)


@pytest.fixture(scope="session")
def produced(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Produced]:
    """Built once (per test process): the database and the environment pointing to it
    are only used while the outputs are produced; the tests read what was produced."""
    listener = Listener().start()
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(sqlite_template, folder / "dkbm.db")
    url = f"sqlite:///{folder / 'dkbm.db'}"
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("DKBM_DATABASE_URL", url)
            env.setenv("DKBM_PORTAL_CACHE", str(folder / "cache"))
            made = world.create(url, texts(listener.port), folder / "portal")
        open_data, strings = outputs.open_data(made.portal)
        yield Produced(
            world=made,
            heard=list(listener.connections),
            portal=outputs.portal(made.portal),
            oparl=outputs.oparl(made.portal),
            atom=outputs.atom(made.portal),
            ics=outputs.ics(made.portal, meetings=1),
            mails=outputs.mails(made),
            mail_calendars=outputs.mail_calendars(made),
            protocol_html=outputs.protocol_html(made),
            protocol_pdf=outputs.protocol_pdf(made),
            report_html=outputs.report_html(made),
            open_data=open_data,
            json_strings=set(strings),
        )
    finally:
        listener.stop()


def _check(out: Output, produced: Produced, pid: str) -> None:
    """*pid* landed in *out* (each output has a field that takes every payload), nothing
    of it is live there, and nothing was fetched."""
    assert produced.heard == [], "something connected to the listener"
    assert out.about(pid) == []
    assert out.landed(pid), f"{pid} reached no file of this output"
    for never in produced.payload(pid).never:
        assert not out.landed(never), never


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_portal_pages(produced: Produced, pid: str) -> None:
    _check(produced.portal, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_oparl_addresses_are_ours_or_web_links(produced: Produced, pid: str) -> None:
    _check(produced.oparl, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_atom_feeds(produced: Produced, pid: str) -> None:
    _check(produced.atom, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_ics_feeds(produced: Produced, pid: str) -> None:
    _check(produced.ics, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_mail_html(produced: Produced, pid: str) -> None:
    _check(produced.mails, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_the_ladung_calendar_entries(produced: Produced, pid: str) -> None:
    _check(produced.mail_calendars, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_protokoll_html(produced: Produced, pid: str) -> None:
    _check(produced.protocol_html, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_protokoll_pdf(produced: Produced, pid: str) -> None:
    _check(produced.protocol_pdf, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_sachstandsbericht_html(produced: Produced, pid: str) -> None:
    _check(produced.report_html, produced, pid)


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_open_data_csv_and_json(produced: Produced, pid: str) -> None:
    _check(produced.open_data, produced, pid)
    typed = produced.payload(pid).text.strip()
    as_lines = "\n".join(line.rstrip() for line in typed.splitlines())
    assert {typed, as_lines} & produced.json_strings, "the JSON does not keep the text as typed"


@pytest.mark.parametrize("pid", TEXT_IDS)
def test_refused_input_is_one_line_and_changes_nothing(produced: Produced, pid: str) -> None:
    for refusal in (r for r in produced.world.refused if r.payload == pid):
        assert refusal.unchanged, refusal
        assert "\n" not in refusal.message and "\r" not in refusal.message, refusal


def test_every_finding_is_explained_by_no_payload(produced: Produced) -> None:
    """What no payload's marker names would be a hole of the outputs themselves."""
    every = [
        produced.portal, produced.oparl, produced.atom, produced.ics, produced.mails,
        produced.mail_calendars, produced.protocol_html, produced.protocol_pdf,
        produced.report_html, produced.open_data,
    ]  # fmt: skip
    assert [f for out in every for f in out.findings if not any(p in f for p in TEXT_IDS)] == []


def test_the_world_holds_what_the_outputs_are_checked_for(produced: Produced) -> None:
    """Not an empty world passing every check: each output kind is there, with its payloads."""
    kinds = {m["kind"] for m in produced.world.mails}
    assert set(world.MAIL_KINDS) <= kinds
    assert len(produced.mails.texts) > len(TEXT_IDS)  # a Ladung to every Akteur with a name
    assert len(produced.portal.texts) >= 18 and len(produced.oparl.texts) > 100
    assert "-3,5" in produced.open_data.texts["data/kennzahlwerte.csv"].split("\n")
    assert len(TEXT_IDS) >= 40
