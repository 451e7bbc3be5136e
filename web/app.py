"""The app: `create_app()` builds it for uvicorn (`dkbm web`, or `uvicorn --factory
dkbm.web.app:create_app`).

Outermost first: security headers on every response, then the rate limit, then the routes.
No API documentation is served, and every error is a page.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from dkbm.states.errors import DkbmError
from dkbm.store.reads.connection import keep_connections
from dkbm.web import members
from dkbm.web.logs import mask_uvicorn_loggers
from dkbm.web.pages import STATIC, notice
from dkbm.web.ratelimit import DEFAULT_ADDRESS, DEFAULT_TOKEN, RateLimit, per_minute
from dkbm.web.security import SecurityHeaders

log = logging.getLogger("dkbm.web")


def create_app() -> FastAPI:
    mask_uvicorn_loggers()
    keep_connections()
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(members.router)
    app.add_api_route("/", start, methods=["GET"], include_in_schema=False)
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(DkbmError, _dkbm_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _server_error)
    app.add_middleware(
        RateLimit,
        refuse=_too_many,
        address=per_minute("DKBM_WEB_RATE_ADDRESS", DEFAULT_ADDRESS),
        token=per_minute("DKBM_WEB_RATE_TOKEN", DEFAULT_TOKEN),
    )
    app.add_middleware(SecurityHeaders)
    return app


def start() -> Response:
    """The bare address: what this is, for someone who typed it."""
    return notice(None, 200, "web_start_title", ["web_start"], both=True)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 405:
        return notice(None, 405, "web_refused_title", ["web_method"], both=True)
    return notice(None, exc.status_code, "web_not_here_title", ["web_not_here"], both=True)


async def _dkbm_error(request: Request, exc: DkbmError) -> Response:
    """A failure outside a form's own handling, such as an unreachable database: said in
    both languages, without the address asked for."""
    log.warning("request refused: %s", exc.message("en"))
    return notice(None, 503, "web_unavailable_title", ["web_unavailable"], both=True)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("request failed: %s", type(exc).__name__, exc_info=exc)
    return notice(None, 500, "web_unavailable_title", ["web_failed"], both=True)


async def _too_many(scope: Scope, receive: Receive, send: Send, wait: int) -> None:
    response = notice(
        None,
        429,
        "web_too_many_title",
        [("web_too_many", {"seconds": wait})],
        both=True,
        headers={"retry-after": str(wait)},
    )
    await response(scope, receive, send)
