"""An organisation renamed or merged changes what the portal shows of every Akteur in it:
the rebuild after it is a full one, equal to a build from scratch."""

from __future__ import annotations

import json
from pathlib import Path

from dkbm import organisations
from tests.factories import BY
from tests.portal import test_rebuild
from tests.portal.test_rebuild import NOW, Kommune, _rebuild, _same_as_a_full_build, _tree

kommune = test_rebuild.kommune  # the fixture: a Kommune with a built portal


def test_a_renamed_and_a_merged_organisation_make_full_rebuilds(
    kommune: Kommune, tmp_path: Path
) -> None:
    organisations.change(1, name="Kreisverwaltung Umbenannt", by=BY, now=NOW)
    assert _rebuild(kommune, kommune.cycles[0]).full
    shown = b"".join(_tree(kommune.out).values()).decode("utf-8")
    assert "Kreisverwaltung Umbenannt" in shown
    _same_as_a_full_build(kommune.out, tmp_path)
    organisations.merge(1, 2, by=BY, now=NOW)
    assert _rebuild(kommune, kommune.cycles[0]).full
    shown = b"".join(_tree(kommune.out).values()).decode("utf-8")
    assert "Organisation 1" not in shown
    _same_as_a_full_build(kommune.out, tmp_path)


def test_a_new_relation_makes_a_full_rebuild(kommune: Kommune, tmp_path: Path) -> None:
    from dkbm import relations

    relations.add(1, 2, kind="kooperationsvereinbarung", by=BY, now=NOW)
    assert _rebuild(kommune, kommune.cycles[0]).full
    (kept,) = json.loads((kommune.out / "data" / "beziehungen.json").read_text())
    assert (kept["von_organisation"], kept["zu_organisation"]) == (1, 2)
    _same_as_a_full_build(kommune.out, tmp_path)


def test_a_new_verbund_makes_a_full_rebuild(kommune: Kommune, tmp_path: Path) -> None:
    from dkbm import verbuende

    v = verbuende.add(name="Bildungsregion Mittelfranken", by=BY, now=NOW)
    verbuende.add_partner(
        v.id, name="Stadt Schwabach", contact_email="x@schwabach.example", by=BY, now=NOW
    )
    assert _rebuild(kommune, kommune.cycles[0]).full
    oparl = b"".join(b for p, b in _tree(kommune.out).items() if "oparl" in str(p))
    assert b"Bildungsregion Mittelfranken" in oparl and b"schwabach.example" not in oparl
    _same_as_a_full_build(kommune.out, tmp_path)
