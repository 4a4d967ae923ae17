"""Scenes: the scene file format, procedural builders, effects registry, calm place.

Pure-data parts (spec, loader, lint, effects registry, flash counting) import
no Panda3D; building imports it lazily through :func:`build_scene`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._build import named_shader, scene_shader, use_scene_shader, warm_up
from ._catalog import ENVIRONMENT_KINDS, LIGHT_KINDS, PROP_KINDS
from ._cues import cue_problems
from ._effects import EFFECTS, FLASH_LIMIT, EffectInfo, EffectStack, Param, flash_rate, heartbeat
from ._flash import count_flashes, flash_series, relative_luminance
from ._load import lint_scene_file, load_scene_spec
from ._reader import PALETTE, SCENE_ID
from ._spec import (
    BreathingGuide,
    EnvironmentSpec,
    LightAnimation,
    LightSpec,
    ModelSpec,
    Opening,
    ParticipantSpec,
    PersonSpec,
    PropSpec,
    SceneSpec,
)
from ._watch import ShaderWatcher

if TYPE_CHECKING:
    from ._build import SceneBuild
    from ._instance import SceneInstance


def build_scene(spec: SceneSpec, parent: Any, loader: Any = None, gsg: Any = None,
                shader_dir: Any = None, scenes_dir: Any = None) -> SceneBuild:
    """Start building a scene in slices; see :class:`experience.scene._build.SceneBuild`."""
    from ._build import build_scene as _build

    return _build(spec, parent, loader, gsg, shader_dir, scenes_dir)


__all__ = [
    "EFFECTS",
    "ENVIRONMENT_KINDS",
    "FLASH_LIMIT",
    "LIGHT_KINDS",
    "PALETTE",
    "PROP_KINDS",
    "SCENE_ID",
    "BreathingGuide",
    "EffectInfo",
    "EffectStack",
    "EnvironmentSpec",
    "LightAnimation",
    "LightSpec",
    "ModelSpec",
    "Opening",
    "Param",
    "ParticipantSpec",
    "PersonSpec",
    "PropSpec",
    "SceneBuild",
    "SceneInstance",
    "SceneSpec",
    "ShaderWatcher",
    "build_scene",
    "count_flashes",
    "cue_problems",
    "flash_rate",
    "flash_series",
    "heartbeat",
    "lint_scene_file",
    "load_scene_spec",
    "named_shader",
    "relative_luminance",
    "scene_shader",
    "use_scene_shader",
    "warm_up",
]


def __getattr__(name: str) -> Any:
    if name in ("SceneBuild",):
        from ._build import SceneBuild

        return SceneBuild
    if name == "SceneInstance":
        from ._instance import SceneInstance

        return SceneInstance
    raise AttributeError(name)
