"""The console and phone pages in German and Spanish, in real headless Chromium: every word from the
catalogues, dates and numbers by locale, long German words inside their boxes, the switch kept;
the headset's narration and caption languages changed from the card, never mid-line, and recorded."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from experience.requests import KINDS
from experience.text import CATALOGUES, languages
from facilitator import HubHandle

from .browser import SHOTS, open_page
from .harness import LiveExperience, wait_until

STATIC = CATALOGUES.parent
PLACEHOLDER = re.compile(r"\{(\w+)\}")
ENGLISH = json.loads((CATALOGUES / "en.json").read_text(encoding="utf-8"))


def _catalogue(lang: str) -> dict[str, str]:
    return dict(json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8")))


def test_every_language_has_every_key_with_the_same_fields() -> None:
    assert languages()[0] == "en" and set(languages()) >= {"en", "es", "fr", "de"}
    assert sorted(p.stem for p in CATALOGUES.glob("*.json") if p.stem != "languages") == sorted(languages())
    for lang in languages():
        table = _catalogue(lang)
        assert list(table) == list(ENGLISH), f"{lang}.json: keys differ from en.json (same keys, same order)"
        for key, text in table.items():
            assert text.strip() or (key == "format.group" and text), f"{lang}.json: {key} is empty"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(ENGLISH[key])), (lang, key)
        if lang != "en":
            assert "native speaker" in ENGLISH["_meta.review"] or table["_meta.review"] != ENGLISH["_meta.review"]


def test_the_pages_use_only_keys_the_catalogue_has() -> None:
    used: set[str] = set()
    for path in [*(STATIC / "js").glob("*.js"), STATIC / "index.html", STATIC / "booth.html"]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""t\(\s*["'`]((?:console|booth)\.[\w.]+)["'`]""", text))
        used |= set(re.findall(r'data-i18n(?:-title|-label)?="([\w.]+)"', text))
        used |= set(re.findall(r'"((?:console|booth)\.[\w.]+)"', text))
    card = (STATIC / "js" / "card.js").read_text(encoding="utf-8")
    states = re.search(r"export const STATES = \[([^\]]*)\]", card)
    assert states is not None
    used |= {f"console.state.{s}" for s in re.findall(r'"(\w+)"', states.group(1))}
    used |= {f"console.cmd.{k}" for k in KINDS if k not in ("quit", "hud", "toggle_pause", "select")}
    used |= {f"console.pearls.{k}" for k in ("reactions", "description", "analysis", "summary")}
    survey = (STATIC / "survey" / "survey.js").read_text(encoding="utf-8")
    used |= {f"phone.{k}" for k in re.findall(r'\bt\("(\w+)"', survey)}
    missing = sorted(k for k in used if k not in ENGLISH and not k.endswith("."))  # "console.cmd.": a prefix
    assert missing == []


def test_no_english_is_written_into_the_page_scripts() -> None:
    """Every word a facilitator reads comes from the catalogue: no English left in the page's scripts."""
    english = {v for k, v in ENGLISH.items() if k.startswith(("console.", "booth.", "reason."))
               and len(v) >= 6 and " " in v}
    for path in (STATIC / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        found = sorted(s for s in english if s in text)
        assert found == [], f"{path.name} has English text: {found[:3]}"


VISIBLE_TEXT = """(skip) => {
  const body = document.body.cloneNode(true);
  for (const el of body.querySelectorAll(skip)) el.remove();
  const attrs = [];
  for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
    if (el.closest(skip)) continue;
    for (const a of ["title", "aria-label", "placeholder", "alt"]) {
      if (el.getAttribute(a)) attrs.push(el.getAttribute(a));
    }
  }
  return [body.innerText, ...attrs].join("\\n");
}"""
CONTENT = (".transcript, .line, .note, .prompt, .exp, h2, .notes-list, .debrief-body, .chapter-title, select option, "
           ".ev-url, code")
"""What comes from the narrative, the record or the facilitator, not from the page's catalogue."""

LAYOUT = """(scope) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways (${root.scrollWidth} px)`);
  for (const el of document.querySelectorAll(scope)) {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (!r.width || !r.height || cs.visibility === "hidden" || cs.display === "inline") continue;
    const label = (el.textContent || el.getAttribute("aria-label") || el.tagName).trim().slice(0, 40);
    if (el.scrollWidth > el.clientWidth + 1 && !el.matches(".exp, textarea, .transcript, select, .sliders input"))
      problems.push(`clipped: "${label}" (${el.scrollWidth} > ${el.clientWidth} px)`);
    const box = el.closest(".card, .bar, .evaluation, .help, main");
    if (box && box !== el) {
      const b = box.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) problems.push(`outside its box: "${label}"`);
    }
    if (r.right > root.clientWidth + 1) problems.push(`past the window's edge: "${label}"`);
  }
  return problems;
}"""
SCOPE = ("button, .badge, .chip, .tag, h1, h3, summary, label, .chapter, .times, .feedback, .health, "
         ".languages, .lang-now, .lang-pending, .link, .hold, .ask, .ev-form, .ev-counts, p")


async def _until(cond: Any, timeout: float = 10.0, what: str = "condition") -> None:
    await asyncio.to_thread(wait_until, cond, timeout, what)


async def _no_english(page: Any, lang: str, prefix: str, content: str = CONTENT) -> None:
    """No English catalogue text (where the language says it otherwise) is left on the page."""
    own = _catalogue(lang)
    text = await page.evaluate(VISIBLE_TEXT, content)
    left = []
    for key, en in ENGLISH.items():
        if not key.startswith(prefix) or own[key] == en or len(PLACEHOLDER.sub("", en).strip(" :·")) < 5:
            continue  # the same in both languages, or too short to tell ("{time} in")
        pattern = PLACEHOLDER.sub("@@", re.escape(en).replace(r"\{", "{").replace(r"\}", "}"))
        pattern = pattern.replace("@@", ".{1,60}?")
        if re.search(rf"(?<![\w-]){pattern}(?![\w-])", text):
            left.append(f"{key}: {en}")
    assert left == [], f"English left on the {lang} page: {left[:5]}"


async def _layout(page: Any) -> None:
    problems = await page.evaluate(LAYOUT, SCOPE)
    assert problems == [], problems[:8]


async def test_the_console_in_german_steers_languages_between_chapters(hub: HubHandle) -> None:
    code = "DE-0001"
    exp = LiveExperience(hub.ws_url, hub.token, code, story="example", tutorial=True, time_scale=30.0)
    try:
        async with open_page(hub.page_url, width=1280, height=1500, locale="de-DE") as page:
            await page.get_by_role("heading", name="Konsole der Workshopleitung").wait_for()
            assert await page.evaluate("document.documentElement.lang") == "de"
            assert await page.title() == "Konsole der Workshopleitung · empathy-vr"
            card = page.locator(f'article[data-session="{code}"]')
            badge = card.locator(".badge")
            await badge.filter(has_text="Am Haltepunkt").wait_for(timeout=15000)  # practising the calm place
            await card.locator(".hold").get_by_role("button", name="Weiter").click()
            await badge.filter(has_text="Befindensfrage").wait_for(timeout=15000)
            await card.locator(".answers button").filter(has_text="3").first.click()
            practice = "Übungsantwort in der Einführung: 3 (nicht Teil des Verlaufs)"  # not the trend
            await card.locator(".practice").filter(has_text=practice).wait_for(timeout=8000)
            assert await card.locator(".last").inner_text() == "noch keine Antwort"
            await badge.filter(has_text="Wartet auf Einwilligung").wait_for(timeout=20000)
            await card.locator(".hold").get_by_role("button", name="Einwilligung erteilt").click()
            await badge.filter(has_text="Startbereit").wait_for(timeout=8000)
            ready = await card.locator(".hold.ready").inner_text()
            assert re.search(r"Einwilligung um \d\d:\d\d Uhr festgehalten", ready), ready

            # Before the start: Spanish captions over English narration, at once.
            langs = card.locator(".languages")
            await langs.locator(".lang-now").filter(has_text="Erzählung: Englisch · Untertitel: Englisch").wait_for()
            await langs.get_by_label("Untertitel").select_option("es")
            await langs.get_by_role("button", name="Sprachen ändern").click()
            await card.locator(".feedback.ok").filter(has_text="Sprachen: erledigt").wait_for(timeout=8000)
            await langs.locator(".lang-now").filter(has_text="Untertitel: Spanisch").wait_for(timeout=15000)
            await card.locator(".exp").filter(has_text="De vuelta al trabajo").wait_for(timeout=8000)  # the title too
            await card.locator(".hold.ready").get_by_role("button", name="Starten").click()
            await card.locator(".transcript li").filter(has_text="Dos meses.").wait_for(timeout=20000)
            await card.locator(".debrief .chapter-title").filter(has_text="La puerta de la oficina").wait_for()
            assert exp.app.player.narrative.locale == "en"  # the narration stayed English

            # Mid-story: the change waits for the next chapter, and says so.
            await card.get_by_role("button", name="Pausieren").click()
            await badge.filter(has_text="Pausiert").wait_for(timeout=8000)
            await langs.get_by_label("Erzählung").select_option("fr")
            await langs.get_by_label("Untertitel").select_option("fr")
            await langs.get_by_role("button", name="Sprachen ändern").click()
            pending = langs.locator(".lang-pending")
            await pending.filter(has_text="Ab dem nächsten Kapitel: Erzählung Französisch, Untertitel Französisch")\
                .wait_for(timeout=15000)
            await langs.locator(".lang-now").filter(has_text="Untertitel: Spanisch").wait_for()
            health = await card.locator(".health").inner_text()
            assert re.search(r"Frame-p99 \d+,\d ms", health), health  # a decimal comma
            await _layout(page)
            await _no_english(page, "de", "console.")
            await page.screenshot(path=str(SHOTS / "console-de.png"), full_page=True)
            await page.set_viewport_size({"width": 768, "height": 1400})  # a tablet, upright
            await _layout(page)
            await page.screenshot(path=str(SHOTS / "console-de-tablet.png"), full_page=True)

            await card.get_by_role("button", name="Kapitel ▶").click()  # the next chapter: now it changes
            await langs.locator(".lang-now").filter(has_text="Erzählung: Französisch · Untertitel: Französisch")\
                .wait_for(timeout=15000)
            assert await pending.inner_text() == ""
            await card.locator(".exp").filter(has_text="Le retour au bureau").wait_for(timeout=8000)  # the title too
            jump = await card.get_by_label("Kapitel, zu dem gesprungen wird").locator("option").all_inner_texts()
            assert "La porte du bureau" in jump
            rec = await (await page.request.get(hub.url + f"api/sessions/{code}.json")).json()
            changes = [(json.loads(e["data"]) if isinstance(e["data"], str) else e["data"])
                       for e in rec["events"] if e["event"] == "LanguageChanged"]
            assert [(c["audio"], c["captions"]) for c in changes] == [("en", "es"), ("fr", "fr")]
            kinds = [c["kind"] for c in rec["commands"]]
            assert kinds.count("language") == 2
    finally:
        exp.close()


async def test_the_console_in_spanish_and_the_switch_is_kept(hub: HubHandle) -> None:
    exp = LiveExperience(hub.ws_url, hub.token, "ES-0001")
    try:
        async with open_page(hub.page_url, width=1100, height=1300, locale="es-ES") as page:
            await page.get_by_role("heading", name="Consola de facilitación").wait_for()
            card = page.locator('article[data-session="ES-0001"]')
            badge = card.locator(".badge")
            await badge.filter(has_text="En un punto de espera").wait_for(timeout=8000)
            await card.get_by_role("button", name="Pausar").click()
            await badge.filter(has_text="En pausa").wait_for(timeout=8000)
            await card.locator(".feedback.ok").filter(has_text="Pausar: hecho").wait_for(timeout=8000)
            await card.get_by_role("button", name="Reanudar").click()
            await badge.filter(has_text="En un punto de espera").wait_for(timeout=8000)
            await page.get_by_role("button", name="?").click()
            await page.locator("#help").filter(has_text="Mayús+P").wait_for()
            await _layout(page)
            await _no_english(page, "es", "console.", CONTENT + ", .chapter")  # the test story's "Chapter one"
            await page.screenshot(path=str(SHOTS / "console-es.png"))
            picker = page.locator("#ui-lang")
            assert await picker.locator("option").all_inner_texts() == ["English", "Español", "Français", "Deutsch"]
            await picker.select_option("de")  # the facilitator prefers German: kept in this browser
            await page.get_by_role("heading", name="Konsole der Workshopleitung").wait_for()
            await page.goto(hub.url)  # opened again later (the login cookie, no token): still German
            await page.get_by_role("heading", name="Konsole der Workshopleitung").wait_for()
            assert await page.evaluate("document.documentElement.lang") == "de"
            await page.locator('article[data-session="ES-0001"] .badge').filter(has_text="Am Haltepunkt").wait_for()
            await _no_english(page, "de", "console.", CONTENT + ", .chapter")
    finally:
        exp.close()


async def test_the_phone_page_in_german_and_spanish(hub: HubHandle) -> None:
    phone_size: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                  "device_scale_factor": 2}
    async with open_page(hub.page_url, width=1280, height=1100, locale="de-DE") as page:
        await page.get_by_label("Workshop", exact=True).fill("Teamtag, 3. Mai")
        await page.get_by_role("button", name="Workshop starten").click()
        await page.get_by_role("button", name="Öffnen: Vor dem Workshop").click()  # the phase, in German too
        link = await page.locator(".ev-url").inner_text()
        await page.locator(".ev-counts").filter(has_text="Vorher 0").wait_for()
        for lang, start, consent, label in (
            ("de-DE", "Beginnen", "Ja, Sie dürfen meine Antworten verwenden",
             "Die ersten zwei Buchstaben des Vornamens eines Elternteils"),
            ("es-ES", "Empezar", "Sí, podéis usar mis respuestas",
             "Las dos primeras letras del nombre de tu madre o de tu padre"),
        ):
            browser = page.context.browser
            assert browser is not None
            ctx = await browser.new_context(locale=lang, **phone_size)
            phone = await ctx.new_page()
            await phone.goto(link)
            await phone.get_by_role("button", name=start).click()
            await phone.get_by_role("button", name=consent).click()
            await phone.get_by_label(label).fill("ma")
            short = lang[:2]
            assert await phone.evaluate("document.documentElement.lang") == short
            await _no_english(phone, short, "phone.")
            problems = await phone.evaluate(LAYOUT, "button, label, h1, p, .option")
            assert problems == [], problems[:5]
            await phone.screenshot(path=str(SHOTS / f"phone-{short}.png"))
            if short == "de":  # the phone's own switch: into the address, nothing kept on the device
                await phone.locator("#locale").select_option("fr")
                await phone.get_by_role("heading", name="Votre code personnel").wait_for()
                assert "lang=fr" in phone.url
                assert await phone.evaluate("localStorage.length") == 0
            await ctx.close()


def test_the_screenshots_in_the_docs_exist() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs"
    for name in ("console-de.png", "console-de-tablet.png", "console-es.png", "phone-de.png", "phone-es.png",
                 "console-refusal-de.png", "report-fr.png", "evaluation-workshop-de.png", "booth-es.png"):
        assert (docs / name).is_file(), name


pytestmark = pytest.mark.browser


def test_the_phone_form_picks_the_first_language_it_has() -> None:
    from facilitator.evaluation._service import _pick_locale

    assert _pick_locale("de-AT,de,en", ("en", "fr", "de")) == "de"
    assert _pick_locale("pt-BR,fr-CA", ("en", "fr")) == "fr"
    assert _pick_locale("it", ("en", "es")) == "en"
    assert _pick_locale("", ("en",)) == "en"


async def test_the_phone_pages_words_are_public_and_only_for_shipped_languages(hub: HubHandle) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as s:  # no token: the phone page is public
        async with s.get(hub.url + "q/i18n/de.json") as r:
            assert r.status == 200
            body = await r.json()
        assert body["language"] == "de" and body["ui"]["start"] == "Beginnen" and "it" not in body["languages"]
        async with s.get(hub.url + "q/i18n/it.json") as r:
            assert r.status == 404
        async with s.get(hub.url + "static/i18n/de.json") as r:
            assert r.status == 401  # the console's catalogue is behind the login like the rest of the console
