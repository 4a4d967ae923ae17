"""Render the placeholder headless with only the captions presenter; write PNGs to argv[1].

Run in a subprocess by test_captions.py (Panda3D allows one ShowBase per process).
"""

from __future__ import annotations

import sys

from experience.app import Experience, Settings
from experience.content import ContentRoot
from experience.core import MonotonicClock
from experience.presenters.captions import CaptionsPresenter
from experience.runner import make_backend

# time_scale 4: narrator line p_a2 plays 1.78-2.78 s, the voice behind (p_a3) 3.13-3.53 s.
TIMES = (2.4, 3.45)

if __name__ == "__main__":
    s = Settings(mode="headless", experience="placeholder", tutorial=False, duration=3.6, capture=sys.argv[1],
                 capture_at=TIMES, size=(480, 270), stereo=False, console=None, refresh=30.0, time_scale=4.0)
    clock = MonotonicClock()
    exp = Experience(s, ContentRoot.find(), make_backend(s, clock), clock, presenters=[CaptionsPresenter()])
    exp.start()
    exp.run()
