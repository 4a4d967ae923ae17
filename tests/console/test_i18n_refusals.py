"""A headset's refusals in the facilitator's language: a stable code and fields over the protocol,
rendered from the catalogue on the page (real hub, real player, headless Chromium), English kept in
the record."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from experience import protocol as P
from experience.requests import Reason, Request, RequestError, RequestQueue, reason_code
from facilitator import HubHandle

from .browser import SHOTS, open_page
from .harness import LiveExperience
from .test_i18n import ENGLISH, PLACEHOLDER, _catalogue, _layout

ROOT = Path(__file__).resolve().parents[2]


def _codes_in_source() -> set[str]:
    """Every refusal code the runtime and the hub can send (``Reason("code", ...)``)."""
    codes: set[str] = set()
    for path in [*(ROOT / "experience").rglob("*.py"), *(ROOT / "facilitator").rglob("*.py")]:
        codes |= set(re.findall(r'Reason\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    return codes


def test_every_refusal_code_has_a_text_with_its_fields() -> None:
    codes = _codes_in_source()
    assert {"busy", "not_now", "consent_then_start", "no_language", "not_connected", "arg_answer"} <= codes
    for code in codes:
        assert f"reason.{code}" in ENGLISH, code
    for state in ("waiting", "running", "paused", "hold", "calm", "checkin", "choice", "debrief", "ended"):
        assert f"reason.state.{state}" in ENGLISH


def test_a_refusal_carries_its_code_and_fields_and_stays_english_text() -> None:
    q = RequestQueue(maxlen=1)
    assert q.put(Request("pause")) == (True, None)
    ok, why = q.put(Request("pause"))
    assert not ok and why == "the experience is busy (too many requests waiting); try again"
    assert reason_code(why) == ("busy", {})
    with pytest.raises(RequestError) as err:
        Request("answer", 99)
    msg = P.command_result("c1", "answer", False, err.value, session="AAA-111")
    wire = json.loads(P.encode(msg))
    assert wire["error"] == "answer needs a whole number 0..10"
    assert wire["reason"] == "arg_answer" and wire["reason_args"] == {"max": 10}
    assert P.parse(P.encode(msg)) == msg  # the fields are part of the protocol
    plain = P.command_result("c2", "pause", False, "something odd")
    assert plain.reason == "" and plain.error == "something odd"
    done = P.command_result("c3", "pause", True, None)
    assert done.ok and done.error is None and done.reason == ""
    assert isinstance(Reason("x", "y", n=1), str)


def test_a_consent_result_carries_the_answer_for_every_console() -> None:
    """Other consoles hear whether consent was given or declined; other kinds and refusals carry none."""
    no = P.command_result("c4", "consent", True, consent=False, session="AAA-111")
    assert json.loads(P.encode(no))["consent"] is False and P.parse(P.encode(no)) == no
    assert P.command_result("c5", "consent", True, consent=True).consent is True
    assert P.command_result("c6", "pause", True, consent=False).consent is None
    assert P.command_result("c7", "consent", False, "not now", consent=False).consent is None
    bad = {**no.to_dict(), "consent": "no"}
    with pytest.raises(P.ProtocolError, match="consent"):
        P.parse(json.dumps(bad))


def test_every_reason_text_uses_only_the_fields_its_code_sends() -> None:
    for lang in ("en", "es", "fr", "de"):
        table = _catalogue(lang)
        for key, text in table.items():
            if key.startswith("reason.") and not key.startswith(("reason.state.", "reason.what.")):
                names = set(PLACEHOLDER.findall(text))
                assert names <= {"kind", "state", "what", "locale", "locales", "detail", "max", "rate"}, (lang, key)


@pytest.mark.browser
async def test_refusals_in_german_and_spanish(hub: HubHandle) -> None:
    code = "RF-0001"
    exp = LiveExperience(hub.ws_url, hub.token, code)
    try:
        for locale, lang, hold, skip, skipped, languages in (
            ("de-DE", "de", "Am Haltepunkt", "Zeile überspringen",
             "Zeile überspringen abgelehnt: Das geht gerade nicht: Die Sitzung steht an einem Haltepunkt",
             "Sprachen abgelehnt: Diese Geschichte hat keine Untertitel auf Italienisch (vorhanden: Englisch)"),
            ("es-ES", "es", "En un punto de espera", "Saltar frase",
             "Saltar frase rechazado: no es posible ahora (la sesión está en un punto de espera)",
             "Idiomas rechazado: esta experiencia no tiene subtítulos en italiano (tiene inglés)"),
        ):
            async with open_page(hub.page_url, width=1100, height=1200, locale=locale) as page:
                card = page.locator(f'article[data-session="{code}"]')
                await card.locator(".badge").filter(has_text=hold).wait_for(timeout=15000)
                await card.get_by_role("button", name=skip).click()
                feedback = card.locator(".feedback.bad")
                await feedback.filter(has_text=skipped).wait_for(timeout=8000)
                await page.evaluate(f"window.consoleRoom.hub.command('{code}', 'language', {{captions: 'it'}})")
                await feedback.filter(has_text=languages).wait_for(timeout=8000)
                await _layout(page)
                if lang == "de":
                    await card.get_by_role("button", name=skip).click()
                    await feedback.filter(has_text=skipped).wait_for(timeout=8000)
                    await card.screenshot(path=str(SHOTS / "console-refusal-de.png"))
        rec = await _record(hub, code)
        errors = [c["error"] for c in rec["commands"] if c["error"]]
        assert "advance does not apply while at a hold" in errors  # the record keeps the English text
        assert any(e.startswith("this experience has no captions in 'it'") for e in errors)
    finally:
        exp.close()


async def _record(hub: HubHandle, code: str) -> dict[str, Any]:
    import aiohttp

    auth = {"Authorization": f"Bearer {hub.token}"}
    async with aiohttp.ClientSession() as s, s.get(hub.url + f"api/sessions/{code}.json", headers=auth) as r:
        return dict(await r.json())
