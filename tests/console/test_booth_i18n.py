"""The recording booth in Spanish, in real Chromium with a fake microphone: every word from the
catalogue, numbers with a decimal comma, a refused take's reason in the page's language, the switch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from experience.content import ContentRoot
from facilitator._booth import start_booth

from .browser import SHOTS, open_page
from .test_booth import _microphone, fake_microphone, pack  # noqa: F401  (the fixture)
from .test_i18n import LAYOUT, _no_english

pytestmark = pytest.mark.browser
SILENT_WAV = """async () => {
  const n = 48000, buf = new ArrayBuffer(44 + 2 * n), v = new DataView(buf);
  const str = (o, s) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)); };
  str(0, "RIFF"); v.setUint32(4, 36 + 2 * n, true); str(8, "WAVE"); str(12, "fmt ");
  v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, 48000, true); v.setUint32(28, 96000, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  str(36, "data"); v.setUint32(40, 2 * n, true);
  const r = await fetch("/api/take/t1", { method: "POST", headers: { "Content-Type": "audio/wav" }, body: buf });
  const body = await r.json();
  const { reasonText } = await import("/static/js/i18n.js");
  return [r.status, body.reason, body.error, reasonText(body.reason, body.reason_args)];
}"""


async def test_the_booth_in_spanish(pack: ContentRoot, tmp_path: Path) -> None:  # noqa: F811
    mic = tmp_path / "mic.wav"
    _microphone(mic)
    booth = start_booth(pack, "tiny")
    try:
        async with open_page(booth.page_url, 1100, 760, locale="es-ES", switches=fake_microphone(mic)) as page:
            await page.wait_for_selector("#mic.on", timeout=20000)
            assert await page.evaluate("document.documentElement.lang") == "es"
            assert await page.title() == "Cabina de grabación · empathy-vr"
            assert re.fullmatch(r"micrófono encendido · \d+ kHz", await page.text_content("#mic") or "")
            assert await page.text_content("#pos") == "Frase 1 de 2 · t1"
            assert await page.text_content("#status") == "voz sintética"
            assert await page.text_content("#message") == "Pulsa Grabar, di la frase y después Parar."
            await page.get_by_role("button", name="● Grabar").click()
            await page.wait_for_selector("#message[data-seconds='4']", timeout=30000)
            await page.get_by_role("button", name="■ Parar").click()
            await page.wait_for_selector("#message.ok", timeout=30000)
            said = await page.text_content("#message") or ""
            assert re.fullmatch(r"Toma: \d+,\d s \(\d+,\d\d s recortados\), [−-]?\d+,\d LUFS\. Escúchala y después "
                                r"guárdala o repítela\.", said), said
            problems = await page.evaluate(LAYOUT, "button, h1, label, p, .chip, .link")
            assert problems == [], problems[:5]
            await _no_english(page, "es", "booth.", ".say, .prev, #lines, #who option, .speaker, .progress")
            await page.screenshot(path=str(SHOTS / "booth-es.png"))

            status, code, english, shown = await page.evaluate(SILENT_WAV)  # a silent take is refused
            assert (status, code) == (422, "take_silent") and english.startswith("the take is silent")
            assert shown == "la toma está en silencio: revisa el micrófono y su nivel"

            await page.locator("#ui-lang").select_option("de")  # the switch, kept in this browser
            await page.get_by_role("heading", name=re.compile("^Aufnahmekabine")).wait_for(timeout=15000)
            await page.wait_for_selector("#mic.on", timeout=20000)
            assert await page.text_content("#pos") == "Zeile 1 von 2 · t1"
            problems = await page.evaluate(LAYOUT, "button, h1, label, p, .chip, .link")
            assert problems == [], problems[:5]
            await page.set_viewport_size({"width": 800, "height": 900})  # narrower: the list goes below
            await page.locator("#remove").evaluate("b => { b.hidden = false; }")  # every button, the longest
            problems = await page.evaluate(LAYOUT, "button, h1, label, p, .chip, .link")
            assert problems == [], problems[:5]
            await page.screenshot(path=str(SHOTS / "booth-de.png"))
    finally:
        booth.stop()
