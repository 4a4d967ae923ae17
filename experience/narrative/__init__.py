"""Narratives: the authoring format, loader, lint, timeline player, strings and narration."""

from ._asked import headset_steps
from ._check import check_main, collect, lint_file
from ._level import level_file, normalise_narration
from ._lint import lint_narrative
from ._load import compose, load_narrative, load_session, parse_file
from ._model import (
    CUE_KINDS,
    STEP_KINDS,
    TUTORIAL_ID,
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
from ._narrate import plan, render
from ._pages import PAGE_CHARS, page_starts, paginate
from ._player import TimelinePlayer
from ._policy import safety_practice
from ._requests import player_handlers, refusal
from ._resolve import folder_id, reading_duration, tts_key, tts_path, word_count
from ._shipped import line_folder, read_takes, text_key, update_takes, wav_duration
from ._system_texts import system_text
from ._watch import NarrativeWatcher, WatchResult, apply_result, install_hot_reload

__all__ = [
    "CUE_KINDS",
    "PAGE_CHARS",
    "STEP_KINDS",
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
    "folder_id",
    "headset_steps",
    "install_hot_reload",
    "level_file",
    "line_folder",
    "lint_file",
    "lint_narrative",
    "load_narrative",
    "load_session",
    "normalise_narration",
    "page_starts",
    "paginate",
    "parse_file",
    "plan",
    "player_handlers",
    "read_takes",
    "reading_duration",
    "refusal",
    "render",
    "safety_practice",
    "system_text",
    "text_key",
    "tts_key",
    "tts_path",
    "update_takes",
    "wav_duration",
    "word_count",
]
