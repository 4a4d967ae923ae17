"""Render the placeholder headless with only the captions presenter, waiting at its hold;
write PNGs to argv[1] (run in a subprocess by test_captions.py: one ShowBase per process)."""

from __future__ import annotations

import sys

from experience.app import Experience, Settings
from experience.content import ContentRoot
from experience.core import MonotonicClock
from experience.presenters.captions import CaptionsPresenter
from experience.runner import make_backend

# time_scale 8: the hold p_h1 is reached at 3.2 s of display time; the note fades in 5 s later.
TIMES = (4.5, 10.0)

if __name__ == "__main__":
    s = Settings(mode="headless", experience="placeholder", tutorial=False, duration=10.1, capture=sys.argv[1],
                 capture_at=TIMES, size=(480, 270), stereo=False, console=None, refresh=30.0, time_scale=8.0)
    clock = MonotonicClock()
    exp = Experience(s, ContentRoot.find(), make_backend(s, clock), clock, presenters=[CaptionsPresenter()])
    exp.start()
    exp.run()
