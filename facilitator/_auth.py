"""Authentication, origin checks, security headers and rate limits for the hub.

Every HTTP and WebSocket request is authenticated: by the hub's random token as
``Authorization: Bearer <token>`` (the experience) or ``?token=`` on the first
page load, or by the login cookie that load sets. The cookie never holds the
token: it is a signed, expiring login (:class:`Logins`), answered with an
HttpOnly, SameSite=Strict cookie and a redirect that drops the token from the
address bar. Browsers send cookies to every port of a host, so another local
web server the browser visits may see the cookie; it gets a login that expires,
not the token the headsets use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

COOKIE = "evr_console"
"""Login cookie name; the hub's port is appended so two hubs on one machine keep their own."""
LOGIN_S = 12 * 3600
"""How long a browser login lasts (a workshop day)."""
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A random URL-safe token (128 bits) that never starts with ``-`` (it is given as an argument)."""
    while True:
        token = secrets.token_urlsafe(16)
        if not token.startswith("-"):
            return token


def request_token(request: web.Request) -> str:
    """The token a request presents (bearer header or query), or ''."""
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth[7:].strip()
    return request.query.get("token", "")


def token_ok(presented: str, token: str) -> bool:
    return bool(presented) and hmac.compare_digest(presented.encode(), token.encode())


class Logins:
    """Signed, expiring browser logins: ``expiry.nonce.signature`` (HMAC-SHA256).

    The signing key is derived from the token, so logins survive a restart of a
    hub that keeps its token, and a new token (``--new-token``) ends them all.

    Args:
        token: the hub's token.
        max_age: seconds a login lasts.
        now: wall clock (injected in tests).
    """

    def __init__(self, token: str, max_age: float = LOGIN_S, now: Callable[[], float] = time.time) -> None:
        self._key = hmac.new(token.encode(), b"empathy-vr console login", hashlib.sha256).digest()
        self.max_age = max_age
        self.now = now

    def _sign(self, body: str) -> str:
        mac = hmac.new(self._key, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def issue(self) -> str:
        """A new login value for the cookie."""
        body = f"{int(self.now() + self.max_age)}.{secrets.token_urlsafe(12)}"
        return f"{body}.{self._sign(body)}"

    def valid(self, value: str) -> bool:
        """Whether ``value`` is a login this hub issued that has not expired."""
        body, _, sig = value.rpartition(".")
        expiry = body.split(".", 1)[0]
        if not sig or not expiry.isdigit() or not hmac.compare_digest(sig, self._sign(body)):
            return False
        return int(expiry) > self.now()


def cookie_name(request: web.Request) -> str:
    """The login cookie of this hub: one per listening port."""
    sock = request.transport.get_extra_info("sockname") if request.transport is not None else None
    port = sock[1] if isinstance(sock, tuple) and len(sock) >= 2 else ""
    return f"{COOKIE}_{port}"


def origin_ok(request: web.Request) -> bool:
    """A browser's WebSocket must come from this hub's own page (same origin)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser (the experience client)
    return origin in (f"http://{request.host}", f"https://{request.host}")


def host_ok(request: web.Request, allowed: frozenset[str] | None) -> bool:
    """Refuse unexpected Host headers when bound to localhost (DNS rebinding)."""
    if allowed is None:
        return True
    return request.host.rsplit(":", 1)[0].strip("[]") in allowed


def auth_middleware(token: str, allowed_hosts: frozenset[str] | None,
                    logins: Logins | None = None, public: str = "") -> Callable[..., Awaitable[web.StreamResponse]]:
    """aiohttp middleware: 401 without the token or a login; login cookie + redirect on ``/?token=``.

    Paths under ``public`` (the participants' questionnaire page) need neither.
    """
    logins = logins or Logins(token)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not host_ok(request, allowed_hosts):
            return web.Response(status=403, text="unexpected Host header\n")
        if public and request.path.startswith(public) and request.headers.get("Upgrade", "").lower() != "websocket":
            return await handler(request)
        cookie = cookie_name(request)
        if not (token_ok(request_token(request), token) or logins.valid(request.cookies.get(cookie, ""))):
            return web.Response(status=401, text="401: this console needs its token "
                                "(open the URL printed by the hub)\n")
        is_ws = request.headers.get("Upgrade", "").lower() == "websocket"
        if "token" in request.query and request.method == "GET" and request.path == "/" and not is_ws:
            query = {k: v for k, v in request.query.items() if k != "token"}
            location = request.rel_url.with_query(query)
            resp = web.HTTPSeeOther(location=str(location))
            resp.set_cookie(cookie, logins.issue(), httponly=True, samesite="Strict", path="/",
                            max_age=int(logins.max_age))
            raise resp
        return await handler(request)

    return middleware


async def secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: the security headers on every response (errors included)."""
    if isinstance(response, web.WebSocketResponse):
        return
    for k, v in SECURITY_HEADERS.items():
        response.headers.setdefault(k, v)


@dataclass
class RateLimit:
    """Token bucket: ``rate`` messages per second, bursts up to ``burst``.

    ``strikes`` counts refused messages; the hub closes a connection that keeps
    going past its limit.
    """

    rate: float
    burst: float
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    last: float = field(init=False)
    strikes: int = 0

    def __post_init__(self) -> None:
        self.tokens = self.burst
        self.last = self.clock()

    def wait_time(self) -> float:
        """Seconds until the next message would be allowed (0 when one is)."""
        now = self.clock()
        tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        self.strikes += 1
        return False
