"""``bench_people.py --profile``: where a 20-person headless frame's Python time goes.

Runs the bench's scene in this process (headless, the real presenters), skips
the first frames (loading, shader compilation), then profiles frames with
cProfile on the thread's CPU clock (time the scheduler gave to other
processes is not counted) and prints the functions that took the most.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WARM_FRAMES = 200


def profile(make_pack: Callable[[Path, int, float], Path], args: argparse.Namespace, people: int = 20,
            frames: int = 900) -> int:
    """Profile ``frames`` frames of ``people`` people; prints the top functions by own and total time."""
    from experience.app import Experience
    from experience.cli import build_parser
    from experience.content import ContentRoot
    from experience.core import MonotonicClock
    from experience.runner import make_backend, settings_from_args

    with tempfile.TemporaryDirectory() as tmp:
        pack = make_pack(Path(tmp), people, frames / 90.0 + 10)
        argv = ["--content", str(pack), "run", "--mode", "headless", "--experience", "bench_people",
                "--no-tutorial", "--no-console", "--size", args.size, "--refresh", "90", "--head-path",
                "look-around"]
        settings = settings_from_args(build_parser().parse_args(argv))
        clock = MonotonicClock()
        exp = Experience(settings, ContentRoot.find(str(pack)), make_backend(settings, clock), clock)
        exp.start()
        try:
            loop = exp.loop
            assert loop is not None
            loop.run(WARM_FRAMES)
            prof = cProfile.Profile(time.thread_time)
            prof.enable()
            loop.run(frames)
            prof.disable()
        finally:
            exp.stop()
    print(f"{people} people, {frames} frames, thread CPU seconds (cProfile adds its own cost per Python call)")
    st = pstats.Stats(prof)
    st.sort_stats("tottime").print_stats(30)
    st.sort_stats("cumulative").print_stats(30)
    return 0
