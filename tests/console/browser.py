"""Headless Chromium for console tests (Debian's chromium through Python playwright)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOTS = DOCS if os.environ.get("CONSOLE_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="console-shots-"))
"""Screenshots go to docs/ only when CONSOLE_SCREENSHOTS=1 (so test runs leave the tree clean)."""


if TYPE_CHECKING:
    from playwright.async_api import Locator, Page


@asynccontextmanager
async def open_page(url: str, width: int = 1280, height: int = 860,
                    on_response: list[str] | None = None, locale: str = "en-GB",
                    switches: Sequence[str] = ()) -> AsyncIterator[Page]:
    """A fresh browser page at ``url`` (skips the test when Chromium is missing).

    With ``on_response``, the URL of every response of 400 or more is appended to it.
    ``locale`` is the browser's language (``navigator.languages``, ``Accept-Language``);
    ``switches`` are more Chromium command-line switches (a fake microphone, say).
    """
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, *switches], headless=True)
        try:
            page = await browser.new_page(viewport={"width": width, "height": height}, locale=locale)
            if on_response is not None:
                page.on("response", lambda r: on_response.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            await page.goto(url)
            yield page
        finally:
            await browser.close()


async def card_shot(card: Locator, name: str) -> None:
    """A screenshot of one card for the docs, without the page's sticky top bar drawn over it."""
    page = card.page
    await page.evaluate("document.querySelector('header.bar').style.position = 'static'")
    try:
        await card.screenshot(path=str(SHOTS / name))
    finally:
        await page.evaluate("document.querySelector('header.bar').style.position = ''")
