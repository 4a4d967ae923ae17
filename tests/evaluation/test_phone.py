"""In real Chromium: the phone page answers before and after, the experience runs, the console shows the result."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from facilitator import HubHandle, start_background_hub
from facilitator.evaluation import Evaluation
from tests.console.browser import SHOTS, open_page
from tests.console.harness import LiveExperience

from .seed import answers, seed_workshop

pytestmark = pytest.mark.browser
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                         "device_scale_factor": 2}

A11Y = """() => {
  const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = (el) => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (c && !c.endsWith(", 0)") && c !== "transparent") return c; } return "rgb(255, 255, 255)"; };
  const problems = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && !el.closest(".sr")) {
      const a = lum(getComputedStyle(el).color), b = lum(bg(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)}: ${el.textContent.trim().slice(0, 30)}`);
    }
    if (el.matches("button, .option, select, input:not([type=radio]), textarea") && r.height < 44)
      problems.push(`target ${Math.round(r.height)} px high: ${el.textContent.trim().slice(0, 30) || el.id}`);
    if (el.matches("input, select, textarea") && !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
      problems.push(`no label: ${el.outerHTML.slice(0, 60)}`);
  }
  return problems;
}"""


async def _a11y(page: Any) -> None:
    assert await page.evaluate(A11Y) == []


async def _phone_answers(phone: Any, link: str, phase: str, shot: bool) -> None:
    await phone.goto(link)
    await phone.get_by_role("button", name="Start").click()
    await _a11y(phone)
    shot, slider_shot = shot and phase == "pre", shot
    if shot:
        await phone.screenshot(path=str(SHOTS / f"evaluation-phone-{phase}-1.png"))
    await phone.get_by_role("button", name="Yes, you may use my answers").click()
    await phone.get_by_label("First two letters of a parent's first name").fill("ma")
    await phone.get_by_label("Day of the month you were born (1 to 31)").fill("7")
    await phone.get_by_label("First letter of the town where you were born").fill("l")
    await phone.locator("#code-shown").filter(has_text="MA07L").wait_for()
    await _a11y(phone)
    if shot:
        await phone.screenshot(path=str(SHOTS / f"evaluation-phone-{phase}-2.png"))
    await phone.get_by_role("button", name="Next").click()
    picks = ["Disagree", "Agree", "Disagree", "Disagree", "Agree", "Disagree"] if phase == "pre" else \
        ["Agree", "Strongly agree", "Agree", "Agree", "Disagree", "Agree"]
    for i, label in enumerate(picks):
        await phone.get_by_role("heading", name=f"Question {i + 1} of").wait_for()
        if i == 0 and phase == "pre":  # the keyboard alone answers a question
            await phone.keyboard.press("Tab")  # from the question's heading into the answers
            await phone.keyboard.press("Space")
            await phone.keyboard.press("ArrowDown")
            assert await phone.get_by_label("Disagree", exact=True).is_checked()
        else:
            await phone.get_by_label(label, exact=True).check()
        if i == 4 and shot:
            await _a11y(phone)
            await phone.screenshot(path=str(SHOTS / f"evaluation-phone-{phase}-3.png"))
        if i < len(picks) - 1 or phase == "post":
            await phone.get_by_role("button", name="Next").click()
    if phase == "post":
        await phone.get_by_role("group", name="How comfortable was the headset?").get_by_text("8", exact=True).click()
        await _a11y(phone)
        if slider_shot:
            await phone.screenshot(path=str(SHOTS / "evaluation-phone-post-slider.png"))
        await phone.get_by_role("button", name="Next").click()
        await phone.get_by_role("group", name="how distressing").get_by_text("4", exact=True).click()
        await phone.get_by_role("button", name="Next").click()
        await phone.get_by_label("What is one thing you will do differently?").fill(
            "Ask a colleague how they are, and mean it.")
    await phone.get_by_role("button", name="Send my answers").click()
    await phone.get_by_text("Thank you. Your answers have been saved.").wait_for()


async def _others(link: str, phase: str, n: int, seed: int = 7) -> None:
    import random

    rng = random.Random(seed)
    async with aiohttp.ClientSession() as s:
        for i in range(n):
            body = {"submission": f"other-{phase}-{i:03d}-0123456789", "phase": phase,
                    "participant": f"J{'AEIO'[i]}1{i}R", "consent": True, "locale": "en", "source": "phone",
                    "answers": answers(rng, phase, 1)}
            async with s.post(link + "/answers", json=body) as r:
                assert r.status == 200, await r.text()


async def test_phone_before_experience_after_and_the_result(hub: HubHandle) -> None:
    async with open_page(hub.page_url, width=1280, height=1100) as page:
        await page.get_by_label("Workshop").fill("Team briefing, Leeds")
        await page.get_by_label("Experience").select_option("grey")
        await page.get_by_role("button", name="Start workshop").click()
        await page.get_by_role("button", name="Open: Before the workshop").click()
        link = await page.locator(".ev-url").inner_text()
        assert "/q/" in link
        await page.locator(".ev-link img[src^='data:image/svg+xml']").wait_for()
        assert page.context.browser is not None
        phone_ctx = await page.context.browser.new_context(**PHONE)
        phone = await phone_ctx.new_page()
        await _phone_answers(phone, link, "pre", shot=True)
        declined = await phone_ctx.new_page()  # a second person says no, and is told it changes nothing
        await declined.goto(link)
        await declined.get_by_role("button", name="Start").click()
        await declined.get_by_role("button", name="No, thank you").click()
        await declined.get_by_text("You can take part in the workshop just the same").wait_for()
        await _others(link, "pre", 4)
        await page.locator(".ev-counts").filter(has_text="Before 5").filter(has_text="Declined 1").wait_for()

        exp = LiveExperience(hub.ws_url, hub.token, "K7M-4QX")  # the experience runs, steered from the console
        try:
            card = page.locator('article[data-session="K7M-4QX"]')
            badge = card.locator(".badge")
            await badge.filter(has_text="At a hold").wait_for(timeout=8000)
            await page.locator(".ev-headsets summary").click()  # a phone link that keeps the headset's code
            headset_link = await page.locator(".ev-headsets li", has_text="K7M-4QX").locator(".ev-url").inner_text()
            assert headset_link == f"{link}?session=K7M-4QX"
            linked = await phone_ctx.new_page()
            await linked.goto(headset_link)
            await linked.get_by_role("button", name="Start").click()
            await linked.get_by_role("button", name="Yes, you may use my answers").click()
            await linked.get_by_role("heading", name="Question 1 of 6").wait_for()  # no code to make
            await linked.get_by_text("kept with the code of your headset, K7M-4QX").wait_for()
            await linked.close()
            await card.locator(".hold").get_by_role("button", name="Continue").click()  # a plain hold
            await badge.filter(has_text="Check-in").wait_for(timeout=8000)
            exp.key("answer", 3)
            await badge.filter(has_text="At a hold").wait_for(timeout=8000)
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Debrief").wait_for(timeout=8000)  # the last line played
            await card.get_by_role("button", name="End").click()
            await card.get_by_role("button", name="Confirm end").click()
            await badge.filter(has_text="Ended").wait_for(timeout=8000)
        finally:
            exp.close()
        session = hub.hub.store.session("K7M-4QX")
        assert session is not None and session["workshop"].startswith("W-")

        await page.get_by_role("button", name="Open: After the workshop").click()
        await page.locator("#evaluation summary").filter(has_text="After the workshop").wait_for()
        await _phone_answers(phone, link, "post", shot=True)
        await page.locator(".ev-counts").filter(has_text="After 1").wait_for()
        assert await page.locator("table.ev-result").count() == 0  # 1 pair so far: nothing shown (k = 5)
        await _others(link, "post", 4)
        caption = page.locator("table.ev-result caption")
        await caption.filter(has_text="Workshop result: 5 people before and after").wait_for()
        assert await page.locator("table.ev-result tr").filter(has_text="Attitudes").count() == 1
        await page.screenshot(path=str(SHOTS / "evaluation-console.png"), full_page=True)

        wid = await page.locator(".ev-links a", has_text="Workshop report").get_attribute("href")
        await phone_ctx.close()
        report = page
        await report.goto(hub.url.rstrip("/") + str(wid))
        await report.get_by_role("heading", name="What changed").wait_for()
        text = await report.inner_text("body")
        assert "k-anonymity, k = 5" in text and "Both times\t5 people" in text
        assert "Ask a colleague how they are, and mean it." in text  # five free-text answers: shown
        await report.screenshot(path=str(SHOTS / "evaluation-workshop.png"), full_page=True)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_campaign_report_in_chromium(backend: str, request: pytest.FixtureRequest, tmp_path: Any) -> None:
    url = str(tmp_path / "org.sqlite3") if backend == "sqlite" else request.getfixturevalue("pg_server").new_database()
    hub = start_background_hub("127.0.0.1", 0, url, organisation="Northern Trust")
    try:
        ev: Evaluation | None = hub.hub.workshop.evaluation
        assert ev is not None
        await asyncio.to_thread(seed_workshop, ev, "Leeds team day", "Northern Trust", 12, 1, 1)
        await asyncio.to_thread(seed_workshop, ev, "York briefing", "Northern Trust", 8, 1, 2)
        await asyncio.to_thread(seed_workshop, ev, "Whitby drop-in", "Northern Trust", 6, 1, 5)
        await asyncio.to_thread(seed_workshop, ev, "Hull drop-in", "Northern Trust", 4, 2, 3)
        async with open_page(hub.page_url) as page:
            await page.goto(hub.url + "evaluation?organisation=Northern%20Trust")
            await page.get_by_role("heading", name="Per workshop").wait_for()
            body = await page.inner_text("body")
            assert "4 workshops (organisation: Northern Trust)" in body
            rows = page.locator("table").filter(has_text="Attitudes, per workshop").locator("tbody tr")
            assert await rows.count() == 4
            hull = await rows.filter(has_text="Hull drop-in").inner_text()
            assert "hidden: fewer than 5 people" in hull
            whitby = await rows.filter(has_text="Whitby drop-in").inner_text()
            assert "hidden so that a smaller group cannot be worked out" in whitby
            leeds = await rows.filter(has_text="Leeds team day").inner_text()
            assert leeds.split("\t")[1] == "12"
            assert await page.locator("svg[aria-label^='Effect sizes']").count() == 1
            if backend == "sqlite":
                await page.screenshot(path=str(SHOTS / "evaluation-campaign.png"), full_page=True)
            async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {hub.token}"}) as s:
                async with s.get(hub.url + "api/evaluation/wide.csv?organisation=Northern%20Trust") as r:
                    wide = await r.text()
                async with s.get(hub.url + "api/evaluation/codebook.csv") as r:
                    assert r.status == 200 and "pre__attitudes" not in await r.text()
            assert len(wide.strip().splitlines()) == 1 + 12 + 8 + 6 + 4
    finally:
        hub.stop()
