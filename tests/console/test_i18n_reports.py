"""Reports in the facilitator's language: the session report from a French console (its link passes
the console's language), a workshop report in German; words from the catalogue, numbers and dates by
locale, and the page says which language it was made in. Real hub, real player, headless Chromium."""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from experience.text import LocaleText, pick_language
from facilitator import HubHandle, report_html
from tests.evaluation.seed import seed_workshop

from .browser import SHOTS, open_page
from .harness import LiveExperience
from .test_i18n import _catalogue

REPORT_LAYOUT = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways (${root.scrollWidth} px)`);
  for (const el of document.querySelectorAll("th, td, h1, h2, h3, p, caption")) {
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`clipped: ${el.textContent.slice(0, 40)}`);
  }
  return problems;
}"""


def test_numbers_and_dates_by_language() -> None:
    wall = time.mktime((2026, 5, 3, 14, 5, 0, 0, 0, -1))
    expect = {"en": ("3 May 2026", "3 May 2026, 14:05", "−0.45", "12,345"),
              "es": ("3 de mayo de 2026", "3 de mayo de 2026, 14:05", "−0,45", "12.345"),
              "fr": ("3 mai 2026", "3 mai 2026 à 14:05", "−0,45", "12\u202f345"),
              "de": ("3. Mai 2026", "3. Mai 2026, 14:05 Uhr", "−0,45", "12.345")}
    for lang, (day, day_time, number, count) in expect.items():
        w = LocaleText(lang, "report.")
        assert (w.date(wall), w.date_time(wall), w.number(-0.45, 2), w.number(12345)) == (day, day_time, number, count)
        assert w.number(1234) == "1234" and w.number(float("nan")) == "–" and w.number(-0.0001, 2) == "0.00".replace(
            ".", _catalogue(lang)["format.decimal"])
    assert pick_language("fr") == "fr" and pick_language("de-AT,de;q=0.9") == "de"
    assert pick_language("it", "es-ES,en") == "es" and pick_language(None, None) == "en"
    assert pick_language("../../etc", "xx") == "en"


def test_a_report_says_its_language_and_has_no_english_left() -> None:
    rec = {"session": {"code": "AB-1234", "created": 1.0e9, "experience": "grey", "title": "Grey",
                       "consent_at": 1.0e9 + 60, "consent_given": 1, "ended_at": None,
                       "frame_stats": {"fps": 89.5, "frame_ms_p99": 7.25, "missed_frames": 3}},
           "events": [], "checkins": [], "notes": [], "frames": [],
           "comfort": [{"wall": 1.0e9 + 90, "kind": "calm", "source": "console"}], "commands": []}
    page = report_html(rec, "fr")
    assert '<html lang="fr">' in page and '<meta name="language" content="fr">' in page
    assert "Séance AB-1234" in page and "89,5 i/s" in page and "p99 7,2 ms" in page
    assert "Rapport établi en français le" in page and "lieu calme" in page and "1,5 min" in page
    english = {v for k, v in _catalogue("en").items() if k.startswith("report.") and len(v) > 12}
    assert [e for e in english if e in page] == []


@pytest.mark.browser
async def test_the_session_report_from_a_french_console(hub: HubHandle) -> None:
    code = "FR-0001"
    exp = LiveExperience(hub.ws_url, hub.token, code)
    try:
        async with open_page(hub.page_url, width=1100, height=1000, locale="fr-FR") as page:
            card = page.locator(f'article[data-session="{code}"]')
            await card.locator(".badge").filter(has_text="Point d'attente").wait_for(timeout=15000)
            await card.get_by_role("button", name="Lieu calme").first.click()
            await card.locator(".badge").filter(has_text="Lieu calme").wait_for(timeout=8000)
            link = card.get_by_role("link", name="Rapport")
            assert await link.get_attribute("href") == f"/report/{code}?lang=fr"
            async with page.context.expect_page() as opened:
                await link.click()
            report = await opened.value
            await report.get_by_role("heading", name=f"Séance {code}").wait_for()
            assert await report.evaluate("document.documentElement.lang") == "fr"
            text = await report.inner_text("body")
            assert "Consentement\tnon enregistré" in text
            assert re.search(r"Fréquence d'images\t\d+(,\d)? i/s, temps d'image p99 \d+,\d ms", text), text
            assert re.search(r"\d+,\d min\tlieu calme demandé depuis la console\tconsole", text), text
            assert re.search(r"Rapport établi en français le \d{1,2} [a-zéû]+ 20\d\d\.", text), text
            assert await report.evaluate(REPORT_LAYOUT) == []
            await report.set_viewport_size({"width": 900, "height": 900})
            await report.screenshot(path=str(SHOTS / "report-fr.png"), full_page=True)
    finally:
        exp.close()


@pytest.mark.browser
async def test_a_workshop_report_in_german(hub: HubHandle) -> None:
    ev = hub.hub.workshop.evaluation
    assert ev is not None
    w = await asyncio.to_thread(seed_workshop, ev, "Teamtag", "Stadtwerke", 12, 1, 1)
    async with open_page(hub.page_url, width=1000, height=900, locale="en-GB") as page:
        await page.goto(hub.url + f"evaluation/{w['id']}?lang=de")  # the console's language, not the browser's
        await page.get_by_role("heading", name="Was sich verändert hat").wait_for()
        assert await page.evaluate("document.documentElement.lang") == "de"
        text = await page.inner_text("body")
        assert "k-Anonymität, k = 5" in text and "Beide Male\t12 Personen" in text
        assert re.search(r"\d,\d\d \(\d,\d\d\)", text), "means and SDs with a decimal comma"
        assert re.search(r"Teamtag · Stadtwerke · grey · \d{1,2}\. [A-ZÄa-zä]+ 20\d\d · Fragebogen", text), text
        assert "Bericht erstellt auf Deutsch am" in text
        await page.screenshot(path=str(SHOTS / "evaluation-workshop-de.png"), full_page=True)
        assert await page.evaluate(REPORT_LAYOUT) == []
