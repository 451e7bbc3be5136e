"""`dkbm web` as it runs: uvicorn in its own process, whose access log shows every request
with the personal link masked; and a start refused in one line when the database is not at
this version's schema."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.peers import free_port
from tests.web.conftest import World, dkbm_process, form_of, served_web


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # pages are the same on both
def test_the_access_log_masks_every_personal_link(world: World) -> None:
    token = world.token("abstimmung")
    with served_web() as web, httpx.Client(base_url=web.base) as http:
        page = http.get(f"/m/{token}")
        assert page.status_code == 200
        assert page.headers["referrer-policy"] == "no-referrer"
        sent = http.post(
            f"/m/{token}",
            data={**form_of(page.text), "stimme": "ja"},
            headers={"origin": web.base},
        )
        assert sent.status_code == 303
        assert http.get(f"/m/{token}/termin.ics").status_code == 404
        assert http.get("/m/" + "Z" * 32).status_code == 404
        assert http.get("/static/web.css").status_code == 200
    logs = web.logs
    assert token not in logs
    assert "Z" * 32 not in logs
    requests = re.findall(r'"(GET|POST) (\S+) HTTP/1.1" (\d+)', logs)
    assert ("GET", "/m/***", "200") in requests
    assert ("POST", "/m/***", "303") in requests
    assert ("GET", "/m/***/termin.ics", "404") in requests
    assert ("GET", "/static/web.css", "200") in requests
    assert all(not path.startswith("/m/") or path.startswith("/m/***") for _, path, _ in requests)


def test_a_database_behind_this_version_is_refused_in_one_line(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    from dkbm.store.migrate import config

    command.downgrade(config(sqlite_url), "0004")
    process = dkbm_process("web", "--port", str(free_port()))
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert out == ""
    assert err.strip().count("\n") == 0
    assert "älteren Aufbau als diese Version; bitte 'dkbm db upgrade'" in err


def test_a_port_in_use_is_refused_in_one_line(sqlite_url: str) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = dkbm_process("web", "--port", str(port))
        out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert f"Port {port} ist von einem anderen Programm belegt" in err
