"""Staying signed in across a refresh: HTTP routes that set and clear a signed cookie.

A Streamlit script cannot set cookies (it talks to the browser over a websocket), so signing
in is a plain HTML form that posts to `/auth/sign-in`, served beside the dashboard by
`st.App` (see app.py). The route checks the password (tracker.auth) and answers with a
cookie that is:
- signed with the server secret (tracker.secret) and expiring (`MAX_AGE`), holding only the
  account's id and its `session_epoch`, so "sign out everywhere" (a new epoch) ends it;
- HttpOnly (no script reads it), SameSite=Lax (not sent with another site's form posts),
  and Secure whenever the page is served over https.
The dashboard's script reads it from `st.context.cookies` on each new connection
(`user_for_token`). Every route refuses posts from another site's pages (Origin check).
Messages for the sign-in page travel signed too, so a link cannot make it say anything else.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from urllib.parse import urlencode, urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from tracker import auth
from tracker.errors import TrackerError, ValidationError
from tracker.secret import server_secret

COOKIE = "tracker_session"
MAX_AGE = dt.timedelta(days=7)
NOTICE_MAX_AGE = dt.timedelta(minutes=5)
SIGN_IN, REDEEM, SIGN_OUT, SIGN_OUT_EVERYWHERE = "/auth/sign-in", "/auth/redeem", "/auth/sign-out", "/auth/sign-out-everywhere"


def _serializer(engine: Engine, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(server_secret(engine), salt=f"tracker {purpose}")


def issue_token(engine: Engine, user_id: int, epoch: int) -> str:
    """The cookie's value for this account at this epoch."""
    return _serializer(engine, "session").dumps({"user": user_id, "epoch": epoch})


def user_for_token(db: Session, token: str | None) -> tuple[int, int] | None:
    """(user id, epoch) of a valid, unexpired cookie whose account is still signed in; else None."""
    if not token:
        return None
    try:
        data = _serializer(db.get_bind(), "session").loads(token, max_age=MAX_AGE.total_seconds())
        user_id, epoch = int(data["user"]), int(data["epoch"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    return (user_id, epoch) if auth.still_signed_in(db, user_id=user_id, epoch=epoch) else None


def notice(engine: Engine, token: str | None) -> str | None:
    """The message a route left for the sign-in page, if it is genuine and recent."""
    if not token:
        return None
    try:
        return str(_serializer(engine, "notice").loads(token, max_age=NOTICE_MAX_AGE.total_seconds()))
    except BadSignature:
        return None


# The routes ----------------------------------------------------------------------------------


@cache
def _engine_for(url: str) -> Engine:
    from tracker.db import open_engine

    return open_engine(url)


def _engine() -> Engine:
    """The configured database's engine, opened once per process (like the dashboard's)."""
    from tracker.db import database_url

    return _engine_for(database_url())


def _same_site(request: Request) -> bool:
    """A post from our own page: no Origin header (older browsers) or one naming this host."""
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


def _back_to_app(engine: Engine, message: str | None = None) -> RedirectResponse:
    query = "?" + urlencode({"notice": _serializer(engine, "notice").dumps(message)}) if message else ""
    return RedirectResponse("/" + query, status_code=303)


def _set_cookie(response: Response, request: Request, token: str) -> Response:
    response.set_cookie(
        COOKIE, token, max_age=int(MAX_AGE.total_seconds()), path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
    return response


def _clear_cookie(response: Response, request: Request) -> Response:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value)[:1000] for key, value in form.items() if isinstance(value, str)}


async def sign_in(request: Request) -> Response:
    if not _same_site(request):
        return PlainTextResponse("Sign in from the tracker's own page.", status_code=403)
    form, engine = await _form(request), _engine()

    def check() -> tuple[int, int]:
        with Session(engine) as db:
            user = auth.authenticate(db, username=form.get("username", ""), password=form.get("password", ""), client=_client(request))
            return user.id, user.session_epoch

    try:
        user_id, epoch = await run_in_threadpool(check)
    except TrackerError as refused:
        return _back_to_app(engine, str(refused))
    return _set_cookie(_back_to_app(engine), request, issue_token(engine, user_id, epoch))


async def redeem(request: Request) -> Response:
    if not _same_site(request):
        return PlainTextResponse("Use the code on the tracker's own page.", status_code=403)
    form, engine = await _form(request), _engine()
    if form.get("password", "") != form.get("repeat", ""):
        return _back_to_app(engine, "The two new passwords differ; type the same one twice.")

    def check() -> tuple[int, int]:
        with Session(engine) as db:
            user = auth.redeem_code(
                db, username=form.get("username", ""), code=form.get("code", ""), new_password=form.get("password", ""), client=_client(request)
            )
            return user.id, user.session_epoch

    try:
        user_id, epoch = await run_in_threadpool(check)
    except ValidationError as refused:
        return _back_to_app(engine, str(refused)[0].upper() + str(refused)[1:] + ".")
    except TrackerError as refused:
        return _back_to_app(engine, str(refused))
    return _set_cookie(_back_to_app(engine), request, issue_token(engine, user_id, epoch))


async def sign_out(request: Request) -> Response:
    return _clear_cookie(RedirectResponse("/", status_code=303), request)


async def sign_out_everywhere(request: Request) -> Response:
    """End every browser's sign-in for the account this cookie belongs to, then this one's."""
    if not _same_site(request):
        return PlainTextResponse("Sign out from the tracker's own page.", status_code=403)
    engine = _engine()

    def end() -> None:
        with Session(engine) as db:
            signed = user_for_token(db, request.cookies.get(COOKIE))
            if signed is not None:
                auth.sign_out_everywhere(db, user_id=signed[0])

    await run_in_threadpool(end)
    return _clear_cookie(RedirectResponse("/", status_code=303), request)


def routes() -> list[Route]:
    """The sign-in routes for `st.App(routes=...)`."""
    return [
        Route(SIGN_IN, sign_in, methods=["POST"]),
        Route(REDEEM, redeem, methods=["POST"]),
        Route(SIGN_OUT, sign_out, methods=["POST"]),
        Route(SIGN_OUT_EVERYWHERE, sign_out_everywhere, methods=["POST"]),
    ]
