"""HTTP routes of the evaluation: the participants' phone page (public) and the reports (token).

The phone page lives under :data:`PUBLIC_PREFIX`: it needs no token, only the
workshop's short key, and can do nothing but read the open questionnaire and
store answers (or a decline). Nothing about the device is kept: no cookie, no
address, no user agent. Reports and exports need the facilitator's token like
every other route.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from experience.host import app_root
from experience.text import languages, pick_language, section

from ._auth import RateLimit
from ._hub import Hub
from .evaluation import AnswerError, Filter

STATIC = app_root() / "facilitator" / "static" / "survey"
PUBLIC_PREFIX = "/q/"
KEY = r"{key:[A-Za-z2-9]{6}}"
POSTS_PER_S, POST_BURST = 20.0, 120.0
"""Per workshop link: enough for a room of 30 sending at once, not for a flood."""
PUBLIC_PER_S, PUBLIC_BURST = 60.0, 400.0
"""All public requests together: guessing keys is as slow as this (31^6 keys)."""


def add_routes(app: web.Application, hub_key: web.AppKey[Hub]) -> None:
    """The phone page, its API, and the facilitator's reports and exports."""
    limits: dict[str, RateLimit] = {}
    everyone = RateLimit(PUBLIC_PER_S, PUBLIC_BURST)

    def too_many() -> web.Response:
        return web.json_response({"ok": False, "error": "too many requests at once; try again in a moment"},
                                 status=429)

    def evaluation(request: web.Request) -> Any:
        ev = request.app[hub_key].workshop.evaluation
        if ev is None:
            raise web.HTTPNotFound(text="this hub has no questionnaires\n")
        return ev

    async def call(request: web.Request, fn: Any, *args: Any) -> Any:
        try:
            return await request.app[hub_key].db(fn, *args)
        except AnswerError as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=exc.status)

    async def page(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html")

    async def words(request: web.Request) -> web.StreamResponse:
        """The phone page's own words in one language (the catalogue's ``phone.*``), before any form."""
        if not everyone.allow():
            return too_many()
        lang = request.match_info["lang"]
        if lang not in languages():
            raise web.HTTPNotFound(text="no such language\n")
        return web.json_response({"language": lang, "languages": list(languages()), "ui": section("phone.", lang)})

    async def form(request: web.Request) -> web.StreamResponse:
        if not everyone.allow():
            return too_many()
        got = await call(request, evaluation(request).form, request.match_info["key"], request.query.get("locale"))
        return got if isinstance(got, web.Response) else web.json_response(got)

    async def post(request: web.Request, action: str) -> web.StreamResponse:
        key = request.match_info["key"].upper()
        if len(limits) > 1000:
            limits.clear()
        limit = limits.setdefault(key, RateLimit(POSTS_PER_S, POST_BURST))
        if not everyone.allow() or not limit.allow():
            return too_many()
        try:
            body = await request.json(loads=lambda t: json.loads(t, parse_constant=_no_constant))
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"ok": False, "error": "the answers must be JSON"}, status=400)
        ev = evaluation(request)
        got = await call(request, ev.submit if action == "answers" else ev.decline, key, body)
        if isinstance(got, web.Response):
            return got
        await request.app[hub_key].workshop.changed()
        return web.json_response({"ok": True})

    async def answers(request: web.Request) -> web.StreamResponse:
        return await post(request, "answers")

    async def decline(request: web.Request) -> web.StreamResponse:
        return await post(request, "decline")

    async def workshop_report(request: web.Request) -> web.StreamResponse:
        ev, wid, lang = evaluation(request), request.match_info["wid"], _language(request)
        got = await call(request, lambda: ev.workshop_report(wid, lang=lang))
        return got if isinstance(got, web.Response) else _report(got)

    async def campaign_report(request: web.Request) -> web.StreamResponse:
        ev, f, lang = evaluation(request), _filter(request), _language(request)
        got = await call(request, lambda: ev.campaign_report(f, lang=lang))
        return got if isinstance(got, web.Response) else _report(got)

    async def export(request: web.Request) -> web.StreamResponse:
        kind = request.match_info["kind"]
        got = await call(request, evaluation(request).export, _filter(request), kind)
        if isinstance(got, web.Response):
            return got
        resp = web.Response(text=got, content_type="text/csv")
        resp.headers["Content-Disposition"] = f'attachment; filename="evaluation-{kind}.csv"'
        return resp

    app.router.add_static("/q/static/", STATIC, follow_symlinks=False)
    app.router.add_get("/q/i18n/{lang:[a-z]{2,3}}.json", words)
    app.router.add_get(f"/q/{KEY}", page)
    app.router.add_get(f"/q/{KEY}/form", form)
    app.router.add_post(f"/q/{KEY}/answers", answers)
    app.router.add_post(f"/q/{KEY}/decline", decline)
    app.router.add_get("/evaluation/{wid:W-[0-9]{8}-[A-Z2-9]{6}}", workshop_report)
    app.router.add_get("/evaluation", campaign_report)
    app.router.add_get("/api/evaluation/{kind:tidy|wide|codebook}.csv", export)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _language(request: web.Request) -> str:
    """The report's language: ``?lang=`` (the console passes its own), else the browser's, else English."""
    return pick_language(request.query.get("lang"), request.headers.get("Accept-Language"))


def _report(text: str) -> web.Response:
    resp = web.Response(text=text, content_type="text/html")
    resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return resp


def _filter(request: web.Request) -> Filter:
    """Campaign filters from the query: organisation, experience, questionnaire, from/until (YYYY-MM-DD)."""
    import time

    def day(name: str) -> float | None:
        text = request.query.get(name, "")
        if not text:
            return None
        try:
            return time.mktime(time.strptime(text, "%Y-%m-%d"))
        except ValueError:
            raise web.HTTPBadRequest(text=f"{name} must be a date YYYY-MM-DD\n") from None

    until = day("until")
    return Filter(organisation=request.query.get("organisation", ""), experience=request.query.get("experience", ""),
                  questionnaire=request.query.get("questionnaire", ""), since=day("from"),
                  until=until + 86400 if until is not None else None,
                  workshops=tuple(w for w in request.query.get("workshops", "").split(",") if w))
