"""Authoring and test tooling above the run-time layers: headless scene renders.

:class:`SceneRenderer` builds scenes on a headless stereo Stage and draws effects
through the same :class:`~experience.presenters.effects.PostOutput` a run uses;
the ``scenes`` command (``--shots``, ``--faces``, ``--flash``) and the tests use it.
"""

from ._shots import SceneRenderer, headset_views, measure_flashes, write_faces, write_screenshots

__all__ = ["SceneRenderer", "headset_views", "measure_flashes", "write_faces", "write_screenshots"]
