"""The console page in real headless Chromium, steering live experiences."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from facilitator import HubHandle

from .browser import SHOTS, card_shot, open_page
from .harness import ConsoleSocket, LiveExperience, wait_until

pytestmark = pytest.mark.browser


async def _until(cond: Any, timeout: float = 5.0, what: str = "condition") -> None:
    await asyncio.to_thread(wait_until, cond, timeout, what)


async def test_page_steers_an_experience(hub: HubHandle) -> None:
    exp = LiveExperience(hub.ws_url, hub.token, "K7M-4QX")
    try:
        async with open_page(hub.page_url, width=1100, height=1200) as page:
            card = page.locator('article[data-session="K7M-4QX"]')
            badge = card.locator(".badge")
            await badge.filter(has_text="At a hold").wait_for(timeout=8000)
            assert "token=" not in page.url  # the token moved into an HttpOnly cookie
            await card.get_by_role("button", name="Pause").click()
            await badge.filter(has_text="Paused").wait_for(timeout=8000)  # one status tick is 200 ms
            assert exp.state == "paused"
            await card.get_by_role("button", name="Resume").click()
            await badge.filter(has_text="At a hold").wait_for(timeout=8000)
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Check-in").wait_for(timeout=8000)
            exp.key("answer", 6)  # the participant answers with a key
            await card.locator(".last").filter(has_text="latest 6 / 10").wait_for(timeout=8000)
            await card.locator(".transcript li").filter(has_text="The bus is late.").wait_for(timeout=8000)
            await badge.filter(has_text="At a hold").wait_for(timeout=8000)
            await card.locator("details.mirror summary").click()
            await card.locator("img.mirror-img[src^='data:image/png']").wait_for(timeout=8000)
            await card.locator("details.notes summary").click()
            await card.locator("textarea").fill("Settled after the check-in.")
            await card.get_by_role("button", name="Save note").click()
            await card.locator(".notes-list li").filter(has_text="Settled").wait_for(timeout=8000)
            await card.locator("details.mirror summary").click()  # closed again: this display draws nothing
            await card.get_by_role("button", name="Calm place").click()
            await badge.filter(has_text="Calm place").wait_for(timeout=8000)
            assert exp.state == "calm"
            await page.screenshot(path=str(SHOTS / "console-calm.png"))
            await card.get_by_role("button", name="Leave calm place").click()
            await badge.filter(has_text="Paused").wait_for(timeout=8000)
            await card.get_by_role("button", name="Resume").click()
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Debrief").wait_for(timeout=8000)  # the last line played: the debrief
            await card.get_by_role("button", name="End").click()
            await card.get_by_role("button", name="Confirm end").click()
            await badge.filter(has_text="Ended").wait_for(timeout=8000)
    finally:
        exp.close()


async def test_a_whole_facilitated_session(hub: HubHandle) -> None:
    """The real timeline player with the bundled tutorial and example, steered only from the page:
    a refused early consent changes nothing, consent at the consent hold, Start, answers entered
    for the participant, a skipped check-in, the calm place, the debrief prompt, End, the report."""
    code = "WHL-001"
    exp = LiveExperience(hub.ws_url, hub.token, code, story="example", tutorial=True, time_scale=30.0)
    try:
        async with ConsoleSocket(hub) as other, open_page(hub.page_url, width=1100, height=1000) as page:
            card = page.locator(f'article[data-session="{code}"]')
            badge = card.locator(".badge")
            await badge.wait_for(timeout=8000)
            early = await other.command(code, "consent", True)  # another console, too early: refused
            assert not (await other.expect(lambda m: m.get("id") == early))["ok"]
            await card.locator(".feedback").filter(has_text="consent (from another console) refused").wait_for(
                timeout=8000)
            await badge.filter(has_text="At a hold").wait_for(timeout=15000)  # practising the calm place
            assert await card.locator(".hold.ready").is_hidden() and exp.app.player.consent is None
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Check-in").wait_for(timeout=15000)  # the practice check-in
            answers = card.locator(".answers button")
            assert await answers.count() == 11
            await page.screenshot(path=str(SHOTS / "console-checkin.png"))
            await answers.filter(has_text="3").first.click()  # the participant said "three"
            await card.locator(".practice").filter(has_text="tutorial: 3 (not part of the trend)").wait_for(
                timeout=8000)
            await card.locator(".ask").wait_for(state="hidden", timeout=8000)
            await badge.filter(has_text="Awaiting consent").wait_for(timeout=20000)
            await page.get_by_role("button", name="Start all").click()
            await card.locator(".feedback.bad").filter(has_text="start").wait_for(timeout=8000)
            await page.screenshot(path=str(SHOTS / "console-consent.png"))
            await card.locator(".hold").get_by_role("button", name="Consent given").click()
            await badge.filter(has_text="Ready to start").wait_for(timeout=8000)
            await card.locator(".hold.ready").filter(has_text="Consent recorded at").wait_for(timeout=8000)
            assert exp.state == "waiting" and exp.app.player.consent is True
            await page.screenshot(path=str(SHOTS / "console-ready.png"))
            await card.locator(".hold.ready").get_by_role("button", name="Start").click()
            await badge.filter(has_text="Choice").wait_for(timeout=20000)
            await card.locator(".answers button").first.click()  # the spoken choice, entered for them
            await badge.filter(has_text="At a hold").wait_for(timeout=20000)
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Check-in").wait_for(timeout=20000)
            await card.get_by_role("button", name="Chapter ▶").click()  # skipped: the question leaves the card
            await card.locator(".ask").wait_for(state="hidden", timeout=8000)
            await card.get_by_role("button", name="Pause").click()
            await badge.filter(has_text="Paused").wait_for(timeout=8000)
            await card.get_by_role("button", name="Calm place").click()
            await badge.filter(has_text="Calm place").wait_for(timeout=8000)
            await card.get_by_role("button", name="Leave calm place").click()
            await badge.filter(has_text="Paused").wait_for(timeout=8000)
            await card.get_by_role("button", name="Resume").click()
            await card.get_by_label("Chapter to jump to").select_option("end")
            await card.get_by_role("button", name="Jump").click()
            await badge.filter(has_text="Debrief").wait_for(timeout=8000)
            await card.locator("details.debrief summary").click()
            await card.locator(".debrief li").first.get_by_role("button", name="Show in headset").click()
            await card.locator(".feedback.ok").filter(has_text="show prompt").wait_for(timeout=8000)
            await card.locator(".debrief li").first.get_by_role("button", name="Note answer").click()
            await card.locator("textarea").fill("Noticed how much the manager's question helped.")
            await card.get_by_role("button", name="Save note").click()
            await card.locator(".notes-list li").filter(has_text="manager").wait_for(timeout=8000)
            await card.get_by_role("button", name="End").click()
            await card.get_by_role("button", name="Confirm end").click()
            await badge.filter(has_text="Ended").wait_for(timeout=8000)
            exp.close()
            await card.locator(".chip").filter(has_text="Session ended").wait_for(timeout=8000)
            await page.screenshot(path=str(SHOTS / "console-ended.png"))
            await page.reload()  # a console opened later reads it as ended too
            await page.locator(f'article[data-session="{code}"] .badge').filter(has_text="Ended").wait_for(
                timeout=8000)
            rec = await (await page.request.get(hub.url + f"api/sessions/{code}.json")).json()
            s = rec["session"]
            assert s["consent_given"] == 1 and s["ended_at"] is not None
            assert [(c["value"], c["source"]) for c in rec["checkins"]] == [(3, "console")]
            await page.goto(hub.url + f"report/{code}")
            head = await page.locator("table").first.inner_text()
            assert re.search(r"given \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d", head), head
            await page.screenshot(path=str(SHOTS / "console-report.png"), full_page=True)
    finally:
        exp.close()


async def test_room_controls_and_keys(hub: HubHandle) -> None:
    a = LiveExperience(hub.ws_url, hub.token, "ROOM-A1")
    b = LiveExperience(hub.ws_url, hub.token, "ROOM-B2")
    missing: list[str] = []
    try:
        async with open_page(hub.page_url, width=1400, height=900, on_response=missing) as page:
            for code in ("ROOM-A1", "ROOM-B2"):
                await page.locator(f'article[data-session="{code}"] .badge').filter(
                    has_text="At a hold").wait_for(timeout=8000)
            assert missing == []  # every request the page made was answered (the favicon too)
            await page.get_by_role("button", name="Pause all").click()
            await _until(lambda: a.state == b.state == "paused", 8.0, "pause all")
            order = await page.locator("article.card").evaluate_all("els => els.map(e => e.dataset.session)")
            await page.keyboard.press(str(order.index("ROOM-B2") + 1))  # select B by its number
            await page.keyboard.press("c")  # calm, selected headset only
            await _until(lambda: b.state == "calm", 8.0, "calm by key")
            assert a.state == "paused"
            await page.keyboard.press("Shift+C")
            await _until(lambda: a.state == "calm", 8.0, "calm all by key")
            for code in ("ROOM-A1", "ROOM-B2"):  # side by side, the calm place's wider badge included
                await page.locator(f'article[data-session="{code}"] .badge').filter(
                    has_text="Calm place").wait_for(timeout=8000)
                tops = await page.locator(f'article[data-session="{code}"] .chip').evaluate_all(
                    "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
                assert len(tops) == 2 and tops[0] == tops[1], tops  # the chips share one line
            await page.screenshot(path=str(SHOTS / "console-room.png"))
            await page.keyboard.press("?")
            await page.locator("#help").wait_for(timeout=8000)
            await page.keyboard.press("?")
            await page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, portrait
            await page.screenshot(path=str(SHOTS / "console-tablet.png"))
    finally:
        a.close()
        b.close()


async def test_page_refused_without_token(hub: HubHandle) -> None:
    async with open_page(hub.url) as page:
        body = await page.locator("body").inner_text()
        assert "401" in body


async def test_page_steers_a_real_headless_experience(hub: HubHandle) -> None:
    """The bundled example narrative, rendered headless with every presenter, steered from the page."""
    exp = LiveExperience(hub.ws_url, hub.token, "LIVE-01", real="example", hz=60.0, time_scale=4.0,
                         eye_size=(384, 216))
    try:
        async with open_page(hub.page_url, width=1100, height=1250) as page:
            card = page.locator('article[data-session="LIVE-01"]')
            badge = card.locator(".badge")
            await badge.filter(has_text="Choice").wait_for(timeout=20000)
            exp.key("answer", 0)  # the participant picks the first option
            await badge.filter(has_text="At a hold").wait_for(timeout=15000)
            await card.locator(".transcript li").filter(has_text="it helps that you asked").wait_for(timeout=8000)
            await card.get_by_role("button", name="Pause").click()
            await badge.filter(has_text="Paused").wait_for(timeout=8000)
            assert exp.state == "paused"
            await card.get_by_role("button", name="Calm place").click()
            await badge.filter(has_text="Calm place").wait_for(timeout=8000)
            assert exp.state == "calm"
            await card.get_by_role("button", name="Leave calm place").click()
            await badge.filter(has_text="Paused").wait_for(timeout=8000)
            await card.get_by_role("button", name="Resume").click()
            await badge.filter(has_text="At a hold").wait_for(timeout=8000)
            # the room view, per headset: on (offscreen here, no display), then off again
            await card.locator("button.room").click()
            await card.locator("button.room[aria-pressed=true]").filter(has_text="Room view on").wait_for(timeout=8000)
            from experience.roomview import RoomViewPresenter

            room = exp.app.presenters.find(RoomViewPresenter)
            assert room is not None and room.on and room.kind == "offscreen"
            await card.screenshot(path=str(SHOTS / "console-room-view.png"))
            await card.locator("button.room").click()
            await card.locator("button.room[aria-pressed=false]").wait_for(timeout=8000)
            assert not room.on
            await card.locator("details.debrief summary").click()
            await card.locator(".debrief li").filter(has_text="walk in with Sam").get_by_role(
                "button", name="Show in headset").click()
            await card.locator(".feedback.ok").wait_for(timeout=8000)
            await card.locator("details.mirror summary").click()  # asked after the prompt was shown: it is in it
            await card.locator("img.mirror-img[src^='data:image/png']").wait_for(timeout=15000)
            await card.locator("details.notes summary").click()
            await card.locator("textarea").fill("Took a moment at the door; settled after the pause.")
            await card.get_by_role("button", name="Save note").click()
            await card.locator(".notes-list li").filter(has_text="settled").wait_for(timeout=8000)
            await card_shot(card, "console-card.png")
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Check-in").wait_for(timeout=8000)
            exp.key("answer", 5)
            await card.locator(".last").filter(has_text="latest 5 / 10").wait_for(timeout=8000)
            assert await card.locator(".sliders input[type=range]").count() == 5  # master + four buses
            await card_shot(card, "console-live.png")
            rec = await (await page.request.get(hub.url + "api/sessions/LIVE-01.json")).json()
            # The console joined after the player started (as the runner does): the record is still whole.
            assert rec["events"][0]["event"] == "ExperienceStarted"
            assert [c["value"] for c in rec["checkins"]] == [5]
    finally:
        exp.close()
