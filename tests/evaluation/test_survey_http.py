"""The phone page's routes over real HTTP: public but narrow, refusing bad input, keeping nothing."""

from __future__ import annotations

import aiohttp

from facilitator import HubHandle


async def _workshop(hub: HubHandle, phase: str = "pre") -> dict[str, str]:
    ev = hub.hub.workshop.evaluation
    assert ev is not None
    w = ev.records.new_workshop("Org", "Day", "grey", "workshop")
    ev.records.set_phase(w["id"], phase)
    return w


async def test_public_routes_need_no_token_and_set_nothing(hub: HubHandle) -> None:
    w = await _workshop(hub)
    base = hub.url.rstrip("/")
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{base}/q/{w['survey_key']}") as r:
            assert r.status == 200 and "Set-Cookie" not in r.headers
            assert "default-src 'self'" in r.headers["Content-Security-Policy"]
        async with s.get(f"{base}/q/{w['survey_key']}/form?locale=fr") as r:
            form = await r.json()
            assert form["open"] and form["phase"] == "pre" and form["locale"] == "fr" and len(form["items"]) == 6
        async with s.get(f"{base}/q/ZZZZZZ/form") as r:
            assert r.status == 404
        for path in ("/evaluation/" + w["id"], "/evaluation", "/api/evaluation/wide.csv", "/api/sessions", "/"):
            async with s.get(base + path, allow_redirects=False) as r:
                assert r.status == 401, path  # the facilitator's pages still need the token
        async with s.post(f"{base}/q/{w['survey_key']}/answers", data="{nope") as r:
            assert r.status == 400 and not (await r.json())["ok"]
        async with s.post(f"{base}/q/{w['survey_key']}/answers", data='{"answers": NaN}') as r:
            assert r.status == 400
        body = {"submission": "a" * 22, "phase": "post", "participant": "MA07L", "consent": True, "answers": {}}
        async with s.post(f"{base}/q/{w['survey_key']}/answers", json=body) as r:
            assert r.status == 409 and "not open" in (await r.json())["error"]
        body["phase"] = "pre"
        async with s.post(f"{base}/q/{w['survey_key']}/answers", json=body) as r:
            assert r.status == 200 and "Set-Cookie" not in r.headers
    ev = hub.hub.workshop.evaluation
    assert ev is not None
    rows = ev.records.responses([w["id"]])
    assert [r["item"] for r in rows] == ["_consent"]
    assert set(rows[0]) == {"submission", "seq", "workshop", "participant", "phase", "questionnaire", "version",
                            "locale", "item", "value", "wall", "source"}  # no address, no browser, no device


async def test_reports_with_the_token(hub: HubHandle) -> None:
    w = await _workshop(hub)
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {hub.token}"}) as s:
        async with s.get(f"{hub.url}evaluation/{w['id']}") as r:
            page = await r.text()
            assert r.status == 200 and "Results are hidden" in page
            assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")
        async with s.get(f"{hub.url}api/evaluation/codebook.csv?workshops={w['id']}") as r:
            assert r.status == 200 and r.headers["Content-Disposition"].endswith('evaluation-codebook.csv"')
        async with s.get(f"{hub.url}evaluation?from=yesterday") as r:
            assert r.status == 400
        async with s.get(f"{hub.url}evaluation?organisation=Nobody") as r:
            assert r.status == 404
