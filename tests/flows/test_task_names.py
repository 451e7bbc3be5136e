"""Task names read right in the Prefect UI's run graph, which draws them from an ASCII sprite
sheet (PrefectHQ/graphs#164: "Beteiligung eröffnen" became "Beteiligung erffnen")."""

from __future__ import annotations

import inspect

from prefect.tasks import Task

from dkbm.flows import moderation, operations, portal


def _tasks() -> list[Task]:
    return [
        value
        for module in (moderation, operations, portal)
        for _, value in inspect.getmembers(module)
        if isinstance(value, Task)
    ]


def test_every_task_name_is_german_in_plain_ascii() -> None:
    names = [t.name for t in _tasks()]
    assert "Beteiligung starten" in names and "Moderation aufnehmen" in names
    assert [n for n in names if not n.isascii()] == []
