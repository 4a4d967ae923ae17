"""A participant who says no at the consent hold: recorded from the page, and nothing of the story plays."""

from __future__ import annotations

import re

import pytest

from facilitator import HubHandle

from .browser import card_shot, open_page
from .harness import ConsoleSocket, LiveExperience

pytestmark = pytest.mark.browser


async def test_a_declined_consent_is_recorded_and_the_story_never_starts(hub: HubHandle) -> None:
    """The page's *Declined* at the consent hold: the headset records the no, the card says so and
    what to do, Start is refused, End ends it, and the report and export read *declined*."""
    code = "DEC-001"
    exp = LiveExperience(hub.ws_url, hub.token, code, story="example", tutorial=True, time_scale=30.0)
    try:
        async with ConsoleSocket(hub) as other, open_page(hub.page_url, width=1100, height=1000) as page:
            card = page.locator(f'article[data-session="{code}"]')
            badge = card.locator(".badge")
            hold = card.locator(".hold").first
            await badge.filter(has_text="At a hold").wait_for(timeout=15000)  # practising the calm place
            assert await hold.get_by_role("button", name="Declined").is_hidden()  # only at the consent hold
            early = await other.command(code, "consent", False)  # a no before it is asked: refused
            assert not (await other.expect(lambda m: m.get("id") == early))["ok"]
            await hold.get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Check-in").wait_for(timeout=15000)
            await card.locator(".answers button").filter(has_text="1").first.click()
            await badge.filter(has_text="Awaiting consent").wait_for(timeout=20000)
            assert exp.app.player.consent is None
            browser = page.context.browser
            assert browser is not None
            us = await (await browser.new_context(locale="en-US")).new_page()  # a second console, in en-US
            await us.goto(hub.page_url)
            us_card = us.locator(f'article[data-session="{code}"]')
            await us_card.locator(".badge").filter(has_text="Awaiting consent").wait_for(timeout=8000)
            await hold.get_by_role("button", name="Declined").click()
            await badge.filter(has_text="Consent declined").wait_for(timeout=8000)
            await hold.filter(has_text="Consent declined at").wait_for(timeout=8000)
            await card.locator(".feedback.ok").filter(has_text="consent: decline recorded").wait_for(timeout=8000)
            await us_card.locator(".feedback.ok").filter(  # the other console hears what was answered
                has_text="consent (from another console): decline recorded").wait_for(timeout=8000)
            # times by the browser's region under the English catalogue: en-GB 24-hour, en-US with AM/PM
            gb_note = hold.locator(".note").filter(has_text=re.compile(r"declined at \d\d:\d\d;"))
            us_note = us_card.locator(".hold .note").filter(has_text=re.compile(r"declined at \d{1,2}:\d\d\s[AP]M;"))
            await gb_note.wait_for(timeout=8000)
            await us_note.wait_for(timeout=8000)
            assert not re.search(r"[AP]M\b", await gb_note.inner_text())
            await us.context.close()
            assert exp.app.player.consent is False and exp.state == "hold"
            assert await hold.get_by_role("button", name="Declined").is_hidden()  # said once
            assert await hold.get_by_role("button", name="Consent given").is_visible()  # a change of mind
            await card_shot(card, "console-declined.png")
            await page.get_by_role("button", name="Start all").click()
            await card.locator(".feedback.bad").filter(has_text="start").wait_for(timeout=8000)
            await card.get_by_role("button", name="Chapter ▶").click()  # nothing past the consent hold
            await card.locator(".feedback.bad").wait_for(timeout=8000)
            assert exp.state == "hold" and exp.app.player.consent is False
            await page.reload()  # a console opened later still reads it as declined
            await badge.filter(has_text="Consent declined").wait_for(timeout=8000)
            await card.get_by_role("button", name="End").click()
            await card.get_by_role("button", name="Confirm end").click()
            await badge.filter(has_text="Ended").wait_for(timeout=8000)
            rec = await (await page.request.get(hub.url + f"api/sessions/{code}.json")).json()
            s = rec["session"]
            assert s["consent_given"] == 0 and s["consent_at"] is not None and s["ended_at"] is not None
            events = [(e["event"], e["data"]) for e in rec["events"]]
            answers = [i for i, (name, _) in enumerate(events) if name == "ConsentAnswered"]
            assert [(events[i][1]["given"], events[i][1]["source"]) for i in answers] == [(False, "console")]
            after = [name for name, _ in events[answers[0]:]]
            assert "ChapterStarted" not in after and "LineStarted" not in after  # nothing of the story played
            await page.goto(hub.url + f"report/{code}")
            head = await page.locator("table").first.inner_text()
            assert re.search(r"declined \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d", head), head
    finally:
        exp.close()
