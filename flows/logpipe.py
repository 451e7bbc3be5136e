"""`python -m dkbm.flows.logpipe PROGRAM [ARG …]`: run a console script of this environment
(`prefect`, `dkbm`) with every line it and its children write as one JSON object.

Prefect's logging configuration (flows/logging-json.yml) covers what goes through `logging`.
The rest does not: the lines Prefect's command line prints itself ("Worker 'dkbm-vm-1'
started!", the server's welcome), the access and error lines of the server's uvicorn (it
installs logging of its own), Python warnings and tracebacks, whatever a flow run prints.
So stdout and stderr are pipes to a small reader that passes JSON lines through and wraps
every other line as `{"time", "level", "logger": "stdout"|"stderr", "message"}`.

The program keeps this process's id (the runbook `exec`s this module, so systemd's MAINPID
is the worker and its flow runs are its children, as `runbook.sh stop-worker` expects). The
reader is forked twice and so is nobody's child: it ignores the stop signals and ends when
the last writer (the program or a flow run it started) has closed the pipes.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import sys
from datetime import UTC, datetime

_LEVEL = {"stdout": "INFO", "stderr": "WARNING"}


def wrapped(line: str, stream: str) -> str:
    """*line* as it reaches the journal: unchanged when it is a JSON object already."""
    text = line.rstrip("\r\n")
    if text.startswith("{"):
        try:
            if isinstance(json.loads(text), dict):
                return text
        except ValueError:
            pass
    return json.dumps(
        {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": _LEVEL[stream],
            "logger": stream,
            "message": text,
        },
        ensure_ascii=False,
    )


def _relay(sources: dict[int, tuple[int, str]]) -> None:
    """Read each pipe to its end; write each complete line, wrapped, to its target."""
    selector = selectors.DefaultSelector()
    pending: dict[int, bytes] = {}
    for fd in sources:
        selector.register(fd, selectors.EVENT_READ)
        pending[fd] = b""
    while sources:
        for key, _ in selector.select():
            fd = key.fd
            target, stream = sources[fd]
            chunk = os.read(fd, 65536)
            data = pending[fd] + chunk
            *lines, pending[fd] = data.split(b"\n")
            if not chunk:  # the last writer is gone: what is left is the last line
                lines, pending[fd] = [*lines, pending[fd]], b""
                selector.unregister(fd)
                del sources[fd]
            out = "".join(
                wrapped(line, stream) + "\n"
                for raw in lines
                if (line := raw.decode("utf-8", "replace")).strip()
            )
            # the journal gone: keep reading, so that the writers go on
            with contextlib.suppress(OSError):
                if out:
                    os.write(target, out.encode())


def pipe_output() -> None:
    """From here on, fds 1 and 2 (of this process and of all it starts) lead to the reader."""
    sys.stdout.flush()
    sys.stderr.flush()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (runs in the reader's process)
        try:
            if os.fork() == 0:
                for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                    signal.signal(signum, signal.SIG_IGN)
                os.close(out_w)
                os.close(err_w)
                _relay({out_r: (1, "stdout"), err_r: (2, "stderr")})
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    for fd in (out_r, out_w, err_r, err_w):
        os.close(fd)


def _uvicorn_as_json() -> None:
    """uvicorn replaces the logging set-up for its own loggers with its default one when the
    server starts (Prefect passes no other): give that default our formatter."""
    try:
        from uvicorn.config import LOGGING_CONFIG
    except ImportError:
        return
    for name in ("default", "access"):
        LOGGING_CONFIG["formatters"][name] = {"()": "dkbm.flows.logformat.JsonLines"}


def main(argv: list[str]) -> int:
    if not argv:
        print("python -m dkbm.flows.logpipe PROGRAM [ARG …]", file=sys.stderr)
        return 2
    from importlib.metadata import entry_points

    found = entry_points(group="console_scripts", name=argv[0])
    if not found:
        print(f"dkbm.flows.logpipe: no program '{argv[0]}' in this environment", file=sys.stderr)
        return 2
    os.environ["DKBM_LOG_FORMAT"] = "json"
    from dkbm.flows.logformat import configure_from_env

    configure_from_env()
    pipe_output()
    _uvicorn_as_json()
    program = next(iter(found)).load()
    sys.argv = argv
    result = program()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
