"""The tutorial's practice check-in is told apart from the story's: named as practice under the card's
sparkline and the report's chart, never part of their trend; the card's chapter line follows a jump to
the debrief. Real hub, real timeline player (bundled tutorial + example), headless Chromium."""

from __future__ import annotations

import csv
import io

import pytest

from facilitator import HubHandle, report_csv, report_html

from .browser import open_page
from .harness import LiveExperience

pytestmark = pytest.mark.browser


async def test_the_practice_answer_stays_out_of_the_trend_and_the_debrief_is_shown(hub: HubHandle) -> None:
    code = "PRC-001"
    exp = LiveExperience(hub.ws_url, hub.token, code, story="example", tutorial=True, time_scale=30.0)
    try:
        async with open_page(hub.page_url, width=1100, height=1000) as page:
            card = page.locator(f'article[data-session="{code}"]')
            badge, spark, practice = card.locator(".badge"), card.locator("svg.spark"), card.locator(".practice")
            await badge.filter(has_text="At a hold").wait_for(timeout=15000)  # practising the calm place
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Check-in").wait_for(timeout=15000)  # the practice check-in
            await card.locator(".answers button").filter(has_text="2").first.click()
            await practice.filter(has_text="Practice answer in the tutorial: 2 (not part of the trend)").wait_for(
                timeout=8000)
            assert await spark.get_attribute("aria-label") == "no check-ins yet"
            assert await card.locator(".last").inner_text() == "none yet"
            await badge.filter(has_text="Awaiting consent").wait_for(timeout=20000)
            await card.locator(".hold").get_by_role("button", name="Consent given").click()
            await card.locator(".hold.ready").get_by_role("button", name="Start").click()
            await badge.filter(has_text="Choice").wait_for(timeout=20000)
            await card.locator(".answers button").first.click()
            await badge.filter(has_text="At a hold").wait_for(timeout=20000)
            await card.locator(".hold").get_by_role("button", name="Continue").click()
            await badge.filter(has_text="Check-in").wait_for(timeout=20000)  # the story's own check-in
            await card.locator(".answers button").filter(has_text="6").first.click()
            await card.locator(".last").filter(has_text="latest 6 / 10").wait_for(timeout=8000)
            assert await spark.get_attribute("aria-label") == "check-ins: 6"
            assert await card.locator("svg.spark polyline").get_attribute("points") is not None
            assert await practice.is_visible()  # still named, apart from the trend
            assert (await card.locator(".chapter").inner_text()).startswith("Chapter ")
            await card.get_by_label("Chapter to jump to").select_option("end")
            await card.get_by_role("button", name="Jump").click()
            await badge.filter(has_text="Debrief").wait_for(timeout=8000)
            await card.locator(".chapter").filter(has_text="Debrief (end of the story)").wait_for(timeout=8000)
            await page.reload()  # a console opened later reads the record the same way
            await card.locator(".practice").filter(has_text="tutorial: 2").wait_for(timeout=8000)
            assert await card.locator(".last").inner_text() == "latest 6 / 10"
            await card.locator(".chapter").filter(has_text="Debrief (end of the story)").wait_for(timeout=8000)
            rec = await (await page.request.get(hub.url + f"api/sessions/{code}.json")).json()
            assert [(c["value"], c["practice"]) for c in rec["checkins"]] == [(2, 1), (6, 0)]
            rows = list(csv.reader(io.StringIO(await (await page.request.get(
                hub.url + f"api/sessions/{code}.csv")).text())))
            assert [(r[0], r[5]) for r in rows if "checkin" in r[0]] == [("practice_checkin", "2"), ("checkin", "6")]
            await page.goto(hub.url + f"report/{code}")
            chart = page.locator("h2", has_text="Check-ins").locator("xpath=following-sibling::*[1]")
            assert await chart.locator("circle").count() == 1  # the story's answer only
            note = page.locator("p.practice")
            assert await note.inner_text() == "Practice answer in the tutorial, not part of the chart: 2"
    finally:
        exp.close()


def test_the_report_names_practice_in_every_language() -> None:
    """Practice only: the chart says there are none, and the practice answer is named, in each language."""
    rec = {"session": {"code": "AB-1234", "created": 1.0e9, "experience": "grey", "title": "Grey",
                       "consent_at": None, "consent_given": 0, "ended_at": None, "frame_stats": {}},
           "events": [], "notes": [], "frames": [], "comfort": [], "commands": [],
           "checkins": [{"wall": 1.0e9 + 30, "t": 30.0, "seq": 4, "checkin_id": "t_ck", "value": 2,
                         "source": "headset", "practice": 1}]}
    said = {"en": ("No check-ins recorded.", "Practice answer in the tutorial, not part of the chart: 2"),
            "es": ("No se registró ninguna pregunta de bienestar.",
                   "Respuesta de práctica en la introducción, no incluida en el gráfico: 2"),
            "fr": ("Aucune question de ressenti enregistrée.",
                   "Réponse d'essai pendant l'introduction, non reprise dans le graphique : 2"),
            "de": ("Keine Befindensfragen erfasst.", "Übungsantwort in der Einführung, nicht im Diagramm enthalten: 2")}
    for lang, (empty, note) in said.items():
        page = report_html(rec, lang)
        assert empty in page and note.replace("'", "&#x27;") in page and "<polyline" not in page, lang
    assert report_csv(rec).splitlines()[1:][-1].startswith("practice_checkin,")
