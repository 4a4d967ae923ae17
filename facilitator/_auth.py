"""Authentication, origin checks and rate limits for the hub.

Every HTTP and WebSocket request carries the hub's random token: as
``?token=`` on the first page load (answered with an HttpOnly, SameSite=Strict
cookie and a redirect that drops the token from the address bar), as that
cookie afterwards, or as ``Authorization: Bearer <token>`` (the experience).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

COOKIE = "evr_console"
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
    """A random URL-safe token (128 bits)."""
    return secrets.token_urlsafe(16)


def new_session_code() -> str:
    """An anonymous session code such as ``K7M-4QX`` (no ambiguous letters)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"{raw[:3]}-{raw[3:]}"


def request_token(request: web.Request) -> str:
    """The token a request presents (query, bearer header, or cookie), or ''."""
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth[7:].strip()
    return request.query.get("token") or request.cookies.get(COOKIE, "")


def token_ok(presented: str, token: str) -> bool:
    return bool(presented) and hmac.compare_digest(presented.encode(), token.encode())


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


def auth_middleware(token: str, allowed_hosts: frozenset[str] | None) -> Callable[..., Awaitable[web.StreamResponse]]:
    """aiohttp middleware: 401 without the token; cookie + redirect on ``/?token=``."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not host_ok(request, allowed_hosts):
            return _secure(web.Response(status=403, text="unexpected Host header\n"))
        presented = request_token(request)
        if not token_ok(presented, token):
            return _secure(web.Response(status=401, text="401: this console needs its token "
                                        "(open the URL printed by the hub)\n"))
        is_ws = request.headers.get("Upgrade", "").lower() == "websocket"
        if "token" in request.query and request.method == "GET" and request.path == "/" and not is_ws:
            query = {k: v for k, v in request.query.items() if k != "token"}
            location = request.rel_url.with_query(query)
            resp = web.HTTPSeeOther(location=str(location))
            resp.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
            _secure(resp)
            raise resp
        response = await handler(request)
        if not is_ws:
            _secure(response)
        return response

    return middleware


def _secure(resp: web.StreamResponse) -> web.StreamResponse:
    for k, v in SECURITY_HEADERS.items():
        resp.headers.setdefault(k, v)
    return resp


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
