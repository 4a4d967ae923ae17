"""Scenes: the scene file format, procedural builders, effects registry, calm place.

Pure-data parts (spec, loader, lint, effects registry, flash counting) import
no Panda3D; building imports it lazily through :func:`build_scene`.
"""

from __future__ import annotations

from ._build import SceneBuild, build_scene, named_shader, scene_shader, use_scene_shader, warm_up
from ._catalog import ENVIRONMENT_KINDS, LIGHT_KINDS, PROP_KINDS
from ._cues import cue_problems
from ._effects import EFFECTS, FLASH_LIMIT, EffectInfo, EffectStack, Param, flash_rate, heartbeat
from ._flash import count_flashes, flash_series, relative_luminance
from ._instance import SceneInstance
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

