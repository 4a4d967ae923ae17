"""Languages in the lint: reading rates per language, right-to-left locales, stale translations."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from experience.content import ContentRoot
from experience.narrative import check_main, lint_file
from experience.text import caption_wpm_limit, has_rtl_text, needs_rtl

STORY = """id: story
title: Story
locales: [en, de, ar]
chapters:
  - id: one
    scene: placeholder
    steps:
      - line: {id: letter, text: "I kept the letter for a week before I opened it.", duration: 3.2}
      - line: {id: sister, text: "Then I called my sister.", duration: 3}
"""


def pack(tmp_path: Path, strings: str, locale: str = "de") -> tuple[ContentRoot, Path]:
    (tmp_path / "narratives" / "strings").mkdir(parents=True)
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "placeholder.yaml").write_text((ContentRoot.find().scenes / "placeholder.yaml")
                                                          .read_text())
    path = tmp_path / "narratives" / "story.yaml"
    path.write_text(STORY)
    (tmp_path / "narratives" / "strings" / f"story.{locale}.csv").write_text(strings, encoding="utf-8")
    return ContentRoot.find(tmp_path), path


@pytest.mark.parametrize("locale,want", [("en", 200.0), ("en-GB", 200.0), ("es", 191.2), ("fr", 171.1),
                                         ("de", 157.0), ("de_AT", 157.0), ("xx", 200.0)])
def test_reading_rate_per_language(locale: str, want: float) -> None:
    assert caption_wpm_limit(200.0, locale) == pytest.approx(want, abs=0.1)


def test_right_to_left_locales_and_text() -> None:
    assert all(needs_rtl(x) for x in ("ar", "he", "fa-IR", "ur", "ku-Arab", "yi"))
    assert not any(needs_rtl(x) for x in ("en", "de", "ku", "az-Latn", "ru", "el"))
    assert has_rtl_text("שלום") and has_rtl_text("مرحبا") and not has_rtl_text("Ψυχή Слово ñ")


def test_translated_caption_speed_uses_the_languages_rate(tmp_path: Path) -> None:
    # 11 English words in 3.2 s are 206 wpm: too fast (limit 200). The German line has 9 words
    # in 3.2 s (169 wpm): under the English limit, but over German's 157.
    content, path = pack(tmp_path, "id,source,text\n"
                         "_title,Story,Geschichte\n"
                         "letter,I kept the letter for a week before I opened it.,"
                         "Eine Woche lang ließ ich den Brief ungeöffnet liegen.\n"
                         "sister,Then I called my sister.,Dann habe ich meine Schwester angerufen.\n")
    got = [d.format() for d in lint_file(path, content)]
    assert any(":8:" in g and "206 words per minute (limit 200 for 'en')" in g for g in got), got
    assert any("story.de.csv:3:1: warning: caption of line 'letter' is too fast to read: 169 words per minute "
               "(limit 157 for 'de')" in g for g in got), got
    assert not any("line 'sister'" in g for g in got), got


def test_right_to_left_locale_is_named_where_it_is_listed(tmp_path: Path) -> None:
    content, path = pack(tmp_path, "id,source,text\n_title,Story,قصة\n", locale="ar")
    got = [d.format() for d in lint_file(path, content)]
    assert any(":3:19: warning: locale 'ar' is written right to left, which captions cannot show yet" in g
               for g in got), got
    out = io.StringIO()
    check_main([str(tmp_path / "narratives" / "strings" / "story.ar.csv")], content, out, io.StringIO())
    assert "story.ar.csv:1:1: warning: locale 'ar' is written right to left" in out.getvalue()


def test_a_translation_whose_source_changed_is_flagged(tmp_path: Path) -> None:
    content, path = pack(tmp_path, "id,source,text\n"
                         "sister,Then I rang my sister.,Dann habe ich meine Schwester angerufen.\n")
    got = [d.format() for d in lint_file(path, content)]
    stale = [g for g in got if "changed after it was translated" in g]
    assert len(stale) == 1 and "story.de.csv:2:8: warning: the source text of 'sister'" in stale[0], got
    assert 'now: "Then I called my sister."' in stale[0]


SHIPPED = ("tutorial", "example", "voices", "grey", "crowd")


def test_every_bundled_experience_ships_in_spanish_french_and_german() -> None:
    """``check`` is clean for the translations: no untranslated strings, no stale or fast lines."""
    root = ContentRoot.find()
    folder = root.narratives / "strings"
    paths = [folder / f"{nid}.{loc}.csv" for nid in SHIPPED for loc in ("es", "fr", "de")]
    assert all(p.is_file() for p in paths)
    out = io.StringIO()
    assert check_main([str(p) for p in paths] + [str(root.narratives / f"{n}.yaml") for n in SHIPPED],
                      root, out, io.StringIO()) == 0
    lines = [g for g in out.getvalue().splitlines() if "synthesised narration will be used" not in g]
    assert lines == []
    for p in paths:
        head = p.read_text(encoding="utf-8").splitlines()[0]
        assert head.endswith("Needs review by a native speaker with lived experience before workshop use."), p


def test_headset_system_texts_follow_the_caption_language() -> None:
    from experience import events as ev
    from experience.narrative._system_texts import system_text
    from experience.presenters.captions import CaptionsPresenter
    from experience.text import catalogue

    assert system_text("no_warnings", "de-AT").startswith("Diese Erfahrung")
    assert system_text("no_warnings", "it") == catalogue("en")["headset.no_warnings"]  # no catalogue: English
    from experience.settings import Settings
    from tests.kit import make_services

    p = CaptionsPresenter()
    p.attach(make_services(settings=Settings(console=None, locale="fr")))
    p.on_event(ev.ContentWarnings(0.0, "voices", "Voix", ("Vous entendrez des voix.",)))
    assert p.prompt.speaker == "À propos du contenu : Voix"
    player = type("Player", (), {"state": "hold", "awaiting_consent": False, "line_time": 0.0})()
    p = CaptionsPresenter()
    p.attach(make_services(player, settings=Settings(console=None, caption_locale="es", locale="de")))
    for _ in range(20):
        p.update(type("Ctx", (), {"dt": 0.5})())
    assert p.note.visible and p.note.text == "Quien facilita la sesión seguirá en un momento."
    p.on_event(ev.LanguageChanged(0.0, "en", "de"))
    p.on_event(ev.ContentWarnings(0.0, "voices", "Stimmen", ("Sie hören Stimmen.",)))
    assert p.prompt.speaker == "Hinweise zum Inhalt: Stimmen"
    for _ in range(2):  # the note leaves the hold and comes back in the new language
        player.state = "running"
        p.update(type("Ctx", (), {"dt": 0.5})())
        player.state = "hold"
        for _ in range(20):
            p.update(type("Ctx", (), {"dt": 0.5})())
    assert p.note.text == "Ihre Workshopleitung macht gleich weiter."
