"""The session's languages, changed from the console: narration and captions, each on its own.

A ``language`` request (``Languages(audio="es", captions="en")``, either or both) loads the
session again in those languages on the worker thread, then hands it to the player,
which swaps it in where no line is playing: at once before the start, at a hold or in
the debrief, else when the next chapter starts. The player's ``LanguageChanged`` event
goes into the record; ``session.language`` is what the console card shows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from . import events as ev
from .events import PlayerState
from .requests import Kind, Languages, Outcome, Reason, Request
from .services import LanguageState

if TYPE_CHECKING:
    from .narrative import Narrative, TimelinePlayer
    from .services import Services

log = logging.getLogger(__name__)


class LanguageSwitch:
    """Changes the narration and caption languages of one session; owns the ``language`` request.

    Args:
        player: the session's player (it swaps the languages in where it may).
        services: the run's services (settings, worker, content, session state, request table).
    """

    def __init__(self, player: TimelinePlayer, services: Services) -> None:
        self.player = player
        self.services = services
        self._asked: tuple[str, str] | None = None
        services.table.register(Kind.LANGUAGE, self.request)
        self.publish()

    def current(self) -> tuple[str, str]:
        """The (narration, captions) locales playing now."""
        n = self.player.narrative
        audio = n.locale or "en"
        return audio, n.caption_locale or audio

    def available(self) -> list[str]:
        """The locales the session's narrative is written in."""
        return [str(x) for x in (self.player.narrative.locales or ("en",))]

    def publish(self) -> None:
        """Put the languages into the session state (the console's status card)."""
        audio, captions = self.current()
        self.services.session.language = LanguageState(audio, captions, self.available(),
                                                       self.player.languages_pending)

    def request(self, req: Request) -> Outcome:
        """The ``language`` request: accepted changes load in the background."""
        arg = req.arg if isinstance(req.arg, Languages) else Languages()
        player = self.player
        if player.state == PlayerState.ENDED:
            return False, Reason("session_ended", "the session has ended")
        audio, captions = player.languages_pending or self.current()
        want = (arg.audio or audio, arg.captions or captions)
        have = self.available()
        for what, loc in zip(("narration", "captions"), want, strict=True):
            if loc not in have:
                text = f"this experience has no {what} in {loc!r} (it has {', '.join(have)})"
                return False, Reason("no_language", text, what=what, locale=loc, locales=list(have))
        self._asked = want
        if want == self.current():  # back to what plays: nothing to load, a waiting change is dropped
            player.keep_languages()
            self.publish()
            return True, None
        s = self.services.settings
        from .narrative import load_session

        def done(narrative: Narrative) -> None:
            if self._asked != want:  # a later request replaced this one
                return
            s.locale, s.audio_locale, s.caption_locale = want[1], want[0], want[1]
            if player.change_languages(narrative) is False:
                log.info("languages %s not applied: the session has ended", want)
            self.services.narrative = player.narrative
            self.publish()

        def failed(exc: BaseException) -> None:
            log.error("could not load the session in %s/%s: %s", want[0], want[1], exc)

        self.services.worker.submit(load_session, self.services.content, s.experience, s.tutorial, want[0], want[1],
                                    on_done=done, on_error=failed)
        return True, None

    def on_event(self, event: ev.Event) -> None:
        """Refresh the published languages (and the services' narrative) when the player swapped them in."""
        if isinstance(event, ev.LanguageChanged):
            self.services.narrative = self.player.narrative
            self.publish()
