"""Authoring and test tooling above the run-time layers: headless scene renders and the pilot.

:class:`SceneRenderer` builds scenes on a headless stereo Stage and draws effects
through the same :class:`~experience.presenters.effects.PostOutput` a run uses;
the ``scenes`` command (``--shots``, ``--faces``, ``--flash``) and the tests use it.
:func:`run_pilot` drives a whole experience in-process on a manual clock (tests).
"""

from ._pilot import NullBackend, Pilot, run_pilot
from ._shots import SceneRenderer, headset_views, measure_flashes, write_faces, write_screenshots

__all__ = [
    "NullBackend",
    "Pilot",
    "SceneRenderer",
    "headset_views",
    "measure_flashes",
    "run_pilot",
    "write_faces",
    "write_screenshots",
]
