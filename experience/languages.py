"""The session's languages, changed from the console: narration and captions, each on its own.

A ``language`` request (``{"audio": "es", "captions": "en"}``, either or both) loads the
session again in those languages on the worker thread, then hands it to the player,
which swaps it in where no line is playing: at once before the start, at a hold or in
the debrief, else when the next chapter starts. The player's ``LanguageChanged`` event
goes into the record; ``session_state["language"]`` is what the console card shows.
"""

from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger(__name__)

LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
"""A BCP 47 language tag of the simple kind the content uses (``es``, ``de-AT``)."""


class LanguageSwitch:
    """Changes the narration and caption languages of one app's session.

    Args:
        app: the :class:`~experience.app.Experience` (its settings, player, worker, content).
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._asked: tuple[str, str] | None = None

    def current(self) -> tuple[str, str]:
        """The (narration, captions) locales playing now."""
        n = getattr(self.app.player, "narrative", None) or self.app.narrative
        audio = str(getattr(n, "locale", "") or "en")
        return audio, str(getattr(n, "caption_locale", None) or audio)

    def available(self) -> list[str]:
        """The locales the session's narrative is written in."""
        n = getattr(self.app.player, "narrative", None) or self.app.narrative
        return [str(x) for x in (getattr(n, "locales", None) or ("en",))]

    def publish(self) -> None:
        """Put the languages into the session state (the console's status card)."""
        player = self.app.player
        audio, captions = self.current()
        pending = getattr(player, "languages_pending", None)
        self.app.session_state["language"] = {
            "audio": audio, "captions": captions, "available": self.available(),
            "pending": {"audio": pending[0], "captions": pending[1]} if pending else None,
        }

    def request(self, arg: Any) -> tuple[bool, str | None]:
        """Ask for other languages (``{"audio": locale, "captions": locale}``, either may be left out).

        Returns (ok, reason refused). Accepted changes load in the background.
        """
        if not isinstance(arg, dict) or not arg or set(arg) - {"audio", "captions"}:
            return False, "language needs {audio: locale, captions: locale}"
        player = self.app.player
        if player is None or getattr(player, "state", "") == "ended":
            return False, "the session has ended"
        audio, captions = self.current()
        pending = getattr(player, "languages_pending", None)
        if pending:
            audio, captions = pending
        want = (str(arg.get("audio") or audio), str(arg.get("captions") or captions))
        have = self.available()
        for what, loc in zip(("narration", "captions"), want, strict=True):
            if not LOCALE.match(loc):
                return False, f"{loc[:20]!r} is not a language tag"
            if loc not in have:
                return False, f"this experience has no {what} in {loc!r} (it has {', '.join(have)})"
        self._asked = want
        if want == self.current():  # back to what plays: nothing to load, a waiting change is dropped
            player.keep_languages()
            self.publish()
            return True, None
        app = self.app
        s = app.settings
        from .narrative import load_session

        def done(narrative: Any) -> None:
            if self._asked != want:  # a later request replaced this one
                return
            s.locale, s.audio_locale, s.caption_locale = want[1], want[0], want[1]
            now = player.change_languages(narrative)
            if now is False:
                log.info("languages %s not applied: the session has ended", want)
            self.publish()

        def failed(exc: BaseException) -> None:
            log.error("could not load the session in %s/%s: %s", want[0], want[1], exc)

        app.worker.submit(load_session, app.content, s.experience, s.tutorial, want[0], want[1],
                          on_done=done, on_error=failed)
        return True, None

    def on_event(self, name: str) -> None:
        """Refresh the published languages when the player swapped them in."""
        if name == "LanguageChanged":
            self.publish()
