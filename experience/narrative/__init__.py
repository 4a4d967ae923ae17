"""Narratives: the authoring format, loader, lint, timeline player, strings and narration."""

from ._check import check_main, collect
from ._lint import lint_file, lint_narrative
from ._load import TUTORIAL_ID, compose, load_narrative, load_session, parse_file
from ._model import (
    Chapter,
    CheckIn,
    Choice,
    Cue,
    Hold,
    Jump,
    Label,
    Line,
    Narrative,
    Option,
    Speaker,
    Step,
    Timing,
    Wait,
)
from ._player import TimelinePlayer
from ._resolve import reading_duration, tts_key, tts_path, wav_duration, word_count
from ._watch import NarrativeWatcher, WatchResult, apply_result, install_hot_reload
from ._yaml import LList, LMap, YamlProblem, load_located

__all__ = [
    "TUTORIAL_ID",
    "Chapter",
    "CheckIn",
    "Choice",
    "Cue",
    "Hold",
    "Jump",
    "LList",
    "LMap",
    "Label",
    "Line",
    "Narrative",
    "NarrativeWatcher",
    "Option",
    "Speaker",
    "Step",
    "TimelinePlayer",
    "Timing",
    "Wait",
    "WatchResult",
    "YamlProblem",
    "apply_result",
    "check_main",
    "collect",
    "compose",
    "install_hot_reload",
    "lint_file",
    "lint_narrative",
    "load_located",
    "load_narrative",
    "load_session",
    "parse_file",
    "reading_duration",
    "tts_key",
    "tts_path",
    "wav_duration",
    "word_count",
]
