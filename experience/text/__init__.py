"""Author text below every content format: located YAML, the typed reader, locales, string tables.

Narratives, questionnaires and the console's texts build on it; it imports none of
them. ``LMap``/``LList`` keep each value's ``line:col`` so every problem an author
makes is reported where it is.
"""

from ._catalogue import CATALOGUES, catalogue, languages, section, ui_text
from ._formats import LocaleText, pick_language
from ._locales import BASE_LOCALE, caption_wpm_limit, has_rtl_text, language, needs_rtl
from ._located import read_located
from ._reader import ID_RE, Reader, did_you_mean, type_name
from ._table import (
    COLUMNS,
    check_string_keys,
    file_locale,
    notes,
    read_sources,
    read_strings,
    strings_csv,
    strings_path,
    translator,
)
from ._yaml import LList, LMap, Pos, YamlKey, YamlProblem, YamlValue, load_located, read_text

__all__ = [
    "BASE_LOCALE",
    "CATALOGUES",
    "COLUMNS",
    "ID_RE",
    "LList",
    "LMap",
    "LocaleText",
    "Pos",
    "Reader",
    "YamlKey",
    "YamlProblem",
    "YamlValue",
    "caption_wpm_limit",
    "catalogue",
    "check_string_keys",
    "did_you_mean",
    "file_locale",
    "has_rtl_text",
    "language",
    "languages",
    "load_located",
    "needs_rtl",
    "notes",
    "pick_language",
    "read_located",
    "read_sources",
    "read_strings",
    "read_text",
    "section",
    "strings_csv",
    "strings_path",
    "translator",
    "type_name",
    "ui_text",
]
