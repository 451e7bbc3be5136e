"""The kinds of relations between organisations: named in either language, read back."""

from __future__ import annotations

import pytest

from dkbm.states.errors import InvalidValue
from dkbm.states.relations import RelationKind, kind_name, kind_of


def test_a_kind_is_named_as_stored_or_in_either_language() -> None:
    assert kind_name("traegerschaft", "de") == "Trägerschaft"
    assert kind_name("traegerschaft", "en") == "responsible body (Trägerschaft)"
    for typed in ("traegerschaft", "Trägerschaft", "responsible body (Trägerschaft)",
                  "Responsible  Body"):  # fmt: skip
        assert kind_of(typed) is RelationKind.TRAEGERSCHAFT, typed
    assert kind_of("funding") is RelationKind.FOERDERUNG
    with pytest.raises(InvalidValue):
        kind_of("sponsorship")
