"""Where the data lives, from the environment (no SQLAlchemy import, read commands use it)."""

from __future__ import annotations

import hashlib
import math
import os
import re
from urllib.parse import parse_qsl, urlencode

from dkbm.states.errors import DatabaseError

DEFAULT_URL = "sqlite:///dkbm.db"


def database_url() -> str:
    """`DKBM_DATABASE_URL`, else a SQLite file in the working directory."""
    return os.environ.get("DKBM_DATABASE_URL") or DEFAULT_URL


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for another one's lock (`DKBM_SQLITE_TIMEOUT`, default 30)."""
    return _seconds("DKBM_SQLITE_TIMEOUT", 30)


def lock_timeout() -> float:
    """Seconds a PostgreSQL statement waits for a lock (`DKBM_LOCK_TIMEOUT_SECONDS`, default
    30; 0: without limit)."""
    return _seconds("DKBM_LOCK_TIMEOUT_SECONDS", 30)


def statement_timeout() -> float:
    """Seconds a PostgreSQL statement may run (`DKBM_STATEMENT_TIMEOUT_SECONDS`, default 60;
    0: without limit)."""
    return _seconds("DKBM_STATEMENT_TIMEOUT_SECONDS", 60)


def postgres_options(url_options: str | None = None) -> str:
    """The `options` of a PostgreSQL connection: both limits as session settings, sent with
    the connection itself (no extra round trip); `options` the URL names come after them
    and win."""
    ours = (
        f"-c lock_timeout={round(lock_timeout() * 1000)} "
        f"-c statement_timeout={round(statement_timeout() * 1000)}"
    )
    return f"{ours} {url_options}" if url_options else ours


def _seconds(name: str, default: float) -> float:
    """A number of seconds from the environment; PostgreSQL takes at most 2^31 - 1 ms."""
    try:
        value = float(os.environ.get(name) or default)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 2_147_483:
        raise DatabaseError("invalid_setting", name=name)
    return value


# Query parameters that carry a secret, by name (case-insensitive, also as part of a
# longer name: access_token, api-key, client_secret, sig, …).
_SECRET_PARAMETER = re.compile(
    r"token|key|secret|passw|pwd|auth|signature|^sig$|credential|session", re.IGNORECASE
)


# A database URL as SQLAlchemy reads it (sqlalchemy.engine.url._parse_url): a password may
# hold "/", "#" or "?" unencoded, where urllib would see a port or a path. Masking and the
# read side read it this way, so both agree with the engine on every URL it accepts.
_URL = re.compile(
    r"""
    (?P<scheme>[\w+.-]+)://
    (?P<userinfo>(?P<user>[^:/]*)(?::(?P<password>[^@]*))?@)?
    (?:(?:\[(?P<ipv6host>[^/?]+)\]|(?P<ipv4host>[^/:?]+))?(?::(?P<port>[^/?]*))?)?
    (?:/(?P<path>[^?]*))?
    (?:\?(?P<query>.*))?
    """,
    re.VERBOSE | re.DOTALL,
)
# key=value settings named like a secret, in a keyword connection string (libpq DSN)
_SECRET_SETTING = re.compile(r"(?i)\b(\w*(?:passw|pwd|token|secret|key)\w*)\s*=\s*('[^']*'|\S+)")


def url_parts(url: str) -> dict[str, str | None] | None:
    """The parts of *url* as the engine reads them (user and password still %-encoded), or
    None if it is no URL or its port is no number."""
    found = _URL.fullmatch(url)
    if found is None or (found["port"] and not found["port"].isdigit()):
        return None
    return found.groupdict()


def masked(url: str) -> str:
    """The URL fit for messages, logs and `--json`: a password in the user info, a user
    info that is a lone token (`https://TOKEN@host`), and the values of query parameters
    or connection settings named like a secret are replaced by `***`. A URL that cannot be
    read is not shown."""
    if "://" not in url:
        return _SECRET_SETTING.sub(r"\1=***", url)
    parts = url_parts(url)
    if parts is None:
        return "<ungültige URL>"
    shown = url
    if parts["userinfo"]:
        if parts["password"] is not None:
            userinfo = f"{parts['user']}:***@"
        elif parts["scheme"].lower() in ("http", "https", "ws", "wss"):
            userinfo = "***@"  # a web address's lone user info is a token, not a login name
        else:
            userinfo = parts["userinfo"]
        start = len(parts["scheme"]) + 3
        shown = shown[:start] + userinfo + shown[start + len(parts["userinfo"]) :]
    if parts["query"]:
        pairs = parse_qsl(parts["query"], keep_blank_values=True)
        if any(_SECRET_PARAMETER.search(k) for k, _ in pairs):
            query = urlencode(
                [(k, "***" if _SECRET_PARAMETER.search(k) else v) for k, v in pairs], safe="*"
            )
            shown = shown[: -len(parts["query"])] + query
    return shown


def sqlite_path(url: str) -> str:
    """The file of a `sqlite:///…` URL, also in its URI form (`sqlite:///file:…?mode=ro`)."""
    path = url.removeprefix("sqlite:///")
    if path.startswith("file:"):
        path = path.removeprefix("file:").split("?", 1)[0]
    return path


# SQLite files this process has worked on: one that is gone now was deleted or moved
# while the command ran, and what it wrote since went into a file nobody can open again.
_WORKED_ON: set[str] = set()


def require_sqlite_file(url: str) -> None:
    """Opening a SQLite file that does not exist would create an empty one: say `dkbm init`
    instead (or that its directory is missing, or that it vanished while this ran)."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return
    path = os.path.abspath(sqlite_path(url))
    if not os.path.exists(path):
        if path in _WORKED_ON:
            raise DatabaseError("database_file_vanished", url=url)
        if os.path.isdir(os.path.dirname(path)):
            raise DatabaseError("database_not_initialised", url=url)
        raise DatabaseError("database_unreachable", url=url, detail="unable to open database file")
    _WORKED_ON.add(path)


DEFAULT_WEB_URL = "http://127.0.0.1:8300"


def web_url() -> str:
    """`DKBM_WEB_URL`: the public address of `dkbm web`, used in the links members get."""
    return (os.environ.get("DKBM_WEB_URL") or DEFAULT_WEB_URL).rstrip("/")


DEFAULT_PREFECT_PORT = 4200


def prefect_port() -> int:
    """`DKBM_PREFECT_PORT` (default 4200): the port `dkbm serve` starts its Prefect server on
    and the one every other command talks to when PREFECT_API_URL is not set."""
    raw = os.environ.get("DKBM_PREFECT_PORT") or str(DEFAULT_PREFECT_PORT)
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        from dkbm.states.errors import InvalidValue

        raise InvalidValue("DKBM_PREFECT_PORT", raw, "1-65535")
    return int(raw)


def database_fingerprint(url: str | None = None) -> str:
    """Twelve hex digits naming the database *url* (`DKBM_DATABASE_URL`) points at, with
    nothing secret in them: the absolute file of a SQLite URL, host, port and name of any
    other (not user, password, driver or options). Prefect deployments and runs carry it,
    so a command never takes a run of another database for one of its own."""
    url = url or database_url()
    if url.startswith("sqlite:"):
        path = sqlite_path(url)
        where = "sqlite:" + (path if path in ("", ":memory:") else os.path.realpath(path))
    elif (parts := url_parts(url)) is not None:
        host = (parts["ipv4host"] or parts["ipv6host"] or "").lower()
        where = (
            f"{parts['scheme'].split('+')[0]}://{host}:{parts['port'] or ''}/{parts['path'] or ''}"
        )
    else:
        where = masked(url)
    return hashlib.sha256(where.encode()).hexdigest()[:12]
