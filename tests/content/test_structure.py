"""The shape every bundled experience must have (CONTENT.md, issue 9).

Every experience: chapters with a hold and a 0-10 check-in, a PEARLS debrief
per chapter, fades between chapters, voices placed around the head, and an
ending with recovery, agency and the workshop's resources.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from experience.narrative import parse_file, safety_practice

from .conftest import EXPERIENCES, NARRATIVES, PEARLS, SCENE_IDS, TUTORIAL, all_steps, load, steps


def test_ids_are_file_stems(narrative):
    assert (narrative["id"] in (*EXPERIENCES, TUTORIAL))


def test_metadata_is_complete(experience):
    for key in ("title", "summary", "duration_min", "content_warnings", "audience_notes", "resources", "speakers"):
        assert experience.get(key), f"{experience['id']}: missing {key}"
    assert len(experience["content_warnings"]) >= 2
    assert 6 <= experience["duration_min"] <= 12


def test_the_safety_practice_lint_is_clean(narrative):
    """Holds, named 0-10 check-ins (one in the last chapter, one or a hold per chapter), warnings,
    resources and a PEARLS debrief: the lint checks these for every pack (narrative/_policy.py)."""
    n, _ = parse_file(NARRATIVES / f"{narrative['id']}.yaml")
    assert n is not None and [d.format() for d in safety_practice(n)] == []


def test_checkins_are_scales(experience):
    assert all(c.get("kind", "scale") == "scale" for c in all_steps(experience, "checkin"))


def test_debrief_prompts_in_all_four_pearls_phases(experience):
    for ch in experience["chapters"]:
        d = ch.get("debrief") or {}
        for phase in PEARLS:
            prompts = d.get(phase) or []
            assert prompts, f"{experience['id']}/{ch['id']}: no {phase} prompts"
            assert all(isinstance(p, str) and len(p.split()) >= 3 for p in prompts)


def test_has_four_chapters_with_known_scenes(narrative):
    assert len(narrative["chapters"]) >= 4
    for ch in narrative["chapters"]:
        assert ch["scene"] in SCENE_IDS, ch["scene"]


def test_tutorial_uses_the_workshop_scene():
    assert {c["scene"] for c in load(TUTORIAL)["chapters"]} == {"workshop"}


def _fades(ch):
    return [c for c in steps(ch, "cue") if c.get("effect") == "fade"]


def test_fades_between_chapters(narrative):
    chapters = narrative["chapters"]
    for prev, nxt in itertools.pairwise(chapters):
        out = [c for c in _fades(prev) if c["to"] >= 1.0]
        inn = [c for c in _fades(nxt) if c["to"] <= 0.0]
        if out:  # a chapter that fades out, the next one must fade back in
            assert inn, f"{narrative['id']}: {nxt['id']} does not fade in after {prev['id']}"
    if narrative["id"] != TUTORIAL:
        for ch in chapters:
            assert [c for c in _fades(ch) if c["to"] >= 1.0], f"{ch['id']} does not fade out"
            last_cue = [s for s in ch["steps"] if "cue" in s and s["cue"].get("effect") == "fade"][-1]
            assert last_cue["cue"]["to"] == 1.0
            assert 1.0 <= last_cue["cue"]["over"] <= 3.0


def test_line_ids_are_unique_across_all_bundled_files():
    ids: Counter[str] = Counter()
    for stem in (*EXPERIENCES, TUTORIAL):
        for line in all_steps(load(stem), "line"):
            ids[line["id"]] += 1
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_speaker_has_a_voice(narrative):
    speakers = narrative["speakers"]
    for line in all_steps(narrative, "line"):
        assert line["speaker"] in speakers, line["id"]
    from experience.voices import VOICES, parse_voice, voices_for

    espeak = r"en(-[a-z0-9]+)*(-x-[a-z]+)?(\+[a-z0-9]+)?"
    for name, sp in speakers.items():
        neural = sp["voice"]["en"]  # a neural voice (or blend) for English, and an espeak-ng fallback
        blend, problem = parse_voice(neural)
        assert blend is not None and all(v in VOICES for v, _ in blend.parts), (name, problem)
        assert re.fullmatch(espeak, sp["fallback"]), name
        for loc, voice in sp["voice"].items():  # the translations: a neural voice of the language, or espeak-ng's
            if loc == "en":
                continue
            b, _ = parse_voice(voice) if "_" in voice else (None, "")
            if b is not None:
                assert b.parts[0][0] in voices_for(loc), (name, loc, voice)
            else:
                assert re.fullmatch(rf"{loc[:2]}(-[a-z0-9]+)*(\+[a-z0-9]+)?", voice), (name, loc)
        assert 0 <= sp["pitch"] <= 99 and 80 <= sp["rate"] <= 450


def test_voice_lines_are_placed_and_brief(experience):
    for line in all_steps(experience, "line"):
        if line.get("style") == "voice":
            pos = line.get("position")
            assert pos and len(pos) == 3, f"{line['id']}: a voice needs a position"
            dist = sum(v * v for v in pos) ** 0.5
            assert 0.2 <= dist <= 1.5, f"{line['id']}: head-relative voices sit 0.2-1.5 m away"
            assert len(line["text"].split()) <= 12, f"{line['id']}: keep voices brief"


def test_voices_are_around_the_head():
    lines = [v for v in all_steps(load("voices"), "line") if v.get("style") == "voice"]
    assert len(lines) >= 8
    assert any(p["position"][0] < -0.3 for p in lines) and any(p["position"][0] > 0.3 for p in lines)
    assert any(p["position"][1] < -0.3 for p in lines), "some voices come from behind"


# Lines where a voice is unkind. Voices must stay mostly non-derogatory: at most
# one in six (Ando et al. 2011; CONTENT.md).
UNKIND_VOICE_LINES = {"v_b11", "v_i6"}


def test_voices_are_mostly_not_derogatory():
    lines = [v for v in all_steps(load("voices"), "line") if v.get("style") == "voice"]
    unkind = [v for v in lines if v["id"] in UNKIND_VOICE_LINES]
    assert len(unkind) / len(lines) <= 1 / 6
    kind_words = ("you've got", "you know", "there you go", "big day")
    assert any(any(w in v["text"].lower() for w in kind_words) for v in lines), "some voices are kind"


# Words that stigmatise. Allowed only in lines where a scene shows them as the
# stigma being heard (and named in the content warnings).
STIGMA_WORDS = re.compile(r"\b(crazy|psycho|schizo\w*|nutter|mad|lunatic|loony|mental case|insane|maniac)\b", re.I)
STIGMA_SHOWN = {"g_o6", "g_o9"}
VIOLENCE = re.compile(r"\b(kill\w*|knife|stab\w*|murder\w*|weapon\w*|violen\w*|blood\w*|attacked|attacker)\b", re.I)


def test_no_slurs_except_as_stigma_heard(narrative):
    for line in all_steps(narrative, "line"):
        if STIGMA_WORDS.search(line["text"]):
            assert line["id"] in STIGMA_SHOWN, f"{line['id']}: {line['text']!r}"
    for ch in narrative["chapters"]:
        for prompts in (ch.get("debrief") or {}).values():
            for p in prompts:
                assert not STIGMA_WORDS.search(p), p


def test_stigma_heard_is_warned_about():
    g = load("grey")
    assert any("crazy" in w for w in g["content_warnings"])


def test_no_violence_tropes(narrative):
    for line in all_steps(narrative, "line"):
        assert not VIOLENCE.search(line["text"]), f"{line['id']}: {line['text']!r}"


# The person's own words for their experience (identity- or person-first as
# they would say it), and what must not appear as a label.
OWN_WORDS = {"voices": ("Nadia", "I hear voices"), "grey": ("Martin", "I've got depression"),
             "crowd": ("Leah", "I get panic attacks")}
LABELS = re.compile(r"\b(a|the) (schizophrenic|depressive|psychotic|sufferer|victim)\b", re.I)


@pytest.mark.parametrize("stem", EXPERIENCES)
def test_the_person_names_their_experience_in_their_own_words(stem):
    doc = load(stem)
    person, phrase = OWN_WORDS[stem]
    lines = all_steps(doc, "line")
    assert any(phrase.lower() in line["text"].lower() and line["speaker"] == person for line in lines)
    assert not any(LABELS.search(line["text"]) for line in lines)
    # The person introduces themselves, their life first, in the first chapter.
    first = steps(doc["chapters"][0], "line")
    assert first[0]["speaker"] == person or any(x["speaker"] == person for x in first[:2])


RECOVERY = {
    "voices": ("early intervention", "care coordinator", "hearing voices group", "medication", "listened",
               "start work at ten"),
    "grey": ("GP", "talking therapy", "asked", "phased return"),
    "crowd": ("asked", "stay", "water", "room", "cognitive behavioural therapy", "alarm", "breathe", "five things"),
}


@pytest.mark.parametrize("stem", EXPERIENCES)
def test_symptoms_are_paired_with_recovery_and_help_seeking(stem):
    doc = load(stem)
    text = " ".join(line["text"] for line in all_steps(doc, "line")).lower()
    for phrase in RECOVERY[stem]:
        assert phrase.lower() in text, f"{stem}: what helped should include {phrase!r}"


AGENCY = re.compile(r"\b(if (you|someone)|what can you do|what you could do|do what)\b", re.I)


@pytest.mark.parametrize("stem", EXPERIENCES)
def test_ends_with_recovery_agency_and_resources(stem):
    doc = load(stem)
    last = doc["chapters"][-1]
    person = OWN_WORDS[stem][0]
    lines = steps(last, "line")
    assert sum(1 for line in lines if line["speaker"] == person) >= 0.8 * len(lines), "the last word is theirs"
    text = " ".join(line["text"] for line in lines)
    assert re.search(r"\bhelp(ed|s)?\b", text), "says what helped"
    assert AGENCY.search(text), "says what the listener could do"
    assert "people running this session" in text, "points at the workshop's resources"
    assert not steps(last, "choice")
    res = doc["resources"]
    assert res["title"] and len(res["items"]) >= 3
    assert res["items"][0]["name"] == "Your facilitator"
    assert any("configure" in (i.get("contact", "")).lower() for i in res["items"]), \
        "the bundled helplines are placeholders a workshop configures"
    # The end hold comes after the last check-in: the session waits for the facilitator at the end.
    kinds = [next(iter(s)) for s in last["steps"]]
    assert kinds.index("hold") > kinds.index("checkin")


def test_tutorial_practises_the_calm_place_and_checkins_and_asks_consent():
    doc = load(TUTORIAL)
    text = " ".join(line["text"] for line in all_steps(doc, "line"))
    for phrase in ("take the headset off", "calm place", "both grip", "two seconds", "press C",
                   "0 to 10", "thumbstick", "trigger", "number key", "arrow keys and press Enter", "L on the keyboard",
                   "{title}", "{content_warnings}", "in front of you"):
        assert phrase in text, phrase
    holds = all_steps(doc, "hold")
    consent = [h for h in holds if h.get("consent")]
    assert len(consent) == 1 and "consent" in consent[0]["note"].lower()
    assert holds.index(consent[0]) == len(holds) - 1, "consent is the last hold"
    assert any("calm" in h["note"].lower() for h in holds), "a hold for practising the calm place"
    assert all_steps(doc, "checkin"), "a practice check-in"
    assert not doc["content_warnings"]


def test_effects_stay_comfortable(narrative):
    for cue in all_steps(narrative, "cue"):
        eff = cue.get("effect")
        if eff == "pulse":
            assert cue["rate"] <= 90, "pulse rate is beats per minute: at most 90 (1.5 Hz)"
            assert cue.get("to", 0) <= 0.3
        if eff in ("fade", "vignette", "pulse") and cue.get("to", 0) >= 0.1:
            assert cue.get("over", 0) >= 1.0, "luminous ramps take at least a second"
        assert eff not in ("strobe", "flicker")


@pytest.mark.parametrize("stem", EXPERIENCES)
def test_every_other_voice_comes_from_somewhere(stem):
    """The person's own narration has no direction; everyone else is placed:
    heard voices around the head, people at their place in the scene."""
    doc = load(stem)
    person = OWN_WORDS[stem][0]
    for line in all_steps(doc, "line"):
        if line["speaker"] != person:
            assert line.get("position") or line.get("anchor"), f"{line['id']} ({line['speaker']}) has no place"
