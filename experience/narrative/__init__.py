"""Narratives: the authoring format, loader, lint, timeline player, strings and narration."""

from ._asked import headset_steps
from ._check import check_main, collect, lint_file
from ._lint import lint_narrative
from ._load import TUTORIAL_ID, compose, load_narrative, load_session, parse_file
from ._model import (
    AskQuestionnaire,
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
from ._policy import safety_practice
from ._resolve import reading_duration, tts_key, tts_path, word_count
from ._shipped import wav_duration
from ._watch import NarrativeWatcher, WatchResult, apply_result, install_hot_reload

__all__ = [
    "TUTORIAL_ID",
    "AskQuestionnaire",
    "Chapter",
    "CheckIn",
    "Choice",
    "Cue",
    "Hold",
    "Jump",
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
    "apply_result",
    "check_main",
    "collect",
    "compose",
    "headset_steps",
    "install_hot_reload",
    "lint_file",
    "lint_narrative",
    "load_narrative",
    "load_session",
    "parse_file",
    "reading_duration",
    "safety_practice",
    "tts_key",
    "tts_path",
    "wav_duration",
    "word_count",
]
