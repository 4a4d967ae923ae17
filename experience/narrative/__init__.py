"""Narratives: the authoring format, loader, lint, timeline player, strings and narration."""

from ._check import check_main, collect, lint_file
from ._lint import lint_narrative
from ._load import TUTORIAL_ID, compose, load_narrative, load_session, parse_file, read_located
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
from ._reader import ID_RE, Reader, did_you_mean, type_name
from ._resolve import reading_duration, tts_key, tts_path, word_count
from ._shipped import wav_duration
from ._strings import COLUMNS as STRINGS_COLUMNS
from ._strings import check_string_keys, read_strings, strings_csv, strings_path, translator
from ._watch import NarrativeWatcher, WatchResult, apply_result, install_hot_reload
from ._yaml import LList, LMap, YamlProblem, load_located, read_text

__all__ = [
    "ID_RE",
    "STRINGS_COLUMNS",
    "TUTORIAL_ID",
    "AskQuestionnaire",
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
    "Reader",
    "Speaker",
    "Step",
    "TimelinePlayer",
    "Timing",
    "Wait",
    "WatchResult",
    "YamlProblem",
    "apply_result",
    "check_main",
    "check_string_keys",
    "collect",
    "compose",
    "did_you_mean",
    "install_hot_reload",
    "lint_file",
    "lint_narrative",
    "load_located",
    "load_narrative",
    "load_session",
    "parse_file",
    "read_located",
    "read_strings",
    "read_text",
    "reading_duration",
    "safety_practice",
    "strings_csv",
    "strings_path",
    "translator",
    "tts_key",
    "tts_path",
    "type_name",
    "wav_duration",
    "word_count",
]
