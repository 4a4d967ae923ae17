"""The narrative format's fields: names, types, ranges and what each means.

One definition serves the parser (allowed keys, number ranges, required keys) and
the JSON Schema that editors use (:mod:`experience.schemas`), so the two never
drift. Types: ``text`` (a string; numbers are read as text too), ``ident`` (a
stable name), ``number``, ``integer``, ``bool``, ``vec3`` (three numbers),
``texts`` (text or a list of texts), and ``object``/``list``/``any`` for parts
described where they are read.
"""

from __future__ import annotations

from ..fields import Field
from ._model import CUE_KINDS, LINE_MANNERS, LINE_STYLES, PEARLS_PHASES

TOP = {
    "id": Field("ident", "The experience id: the file name without .yaml.", required=True),
    "title": Field("text", "Shown to facilitators and before consent.", required=True),
    "summary": Field("text", "One paragraph for the facilitator's list."),
    "duration_min": Field("number", "Estimated length, in minutes.", 0, 180),
    "content_warnings": Field("texts", "Shown to the participant before consent."),
    "audience_notes": Field("text", "Who it is for, and who it is not for."),
    "locales": Field("texts", "Languages it ships in; the first is the language of this file."),
    "resources": Field("object", "Helplines and support, configured per workshop."),
    "speakers": Field("object", "Voices and caption colours, by speaker name."),
    "timing": Field("object", "Reading and narration speed."),
    "chapters": Field("list", "The story, chapter by chapter.", required=True),
}
RESOURCES = {
    "title": Field("text", "Heading of the resources card."),
    "items": Field("list", "One entry per service: name, contact, url."),
}
RESOURCE_ITEM = {
    "name": Field("text", "Who to contact.", required=True),
    "contact": Field("text", "How: a number, a place, opening hours."),
    "url": Field("text", "A web address."),
}
SPEAKER = {
    "voice": Field("any", "A neural voice (empathy-vr voices list) or an espeak-ng voice (espeak-ng --voices), "
                   "or a mapping locale: voice."),
    "speed": Field("number", "Speed of the neural voice (1 is its own).", 0.5, 2.0),
    "shift": Field("number", "Pitch shift of the neural voice, semitones, or a mapping locale: semitones "
                   "(the locales it does not name: 0).", -6.0, 6.0),
    "fallback": Field("any", "The espeak-ng voice used when the neural voice is not installed, or locale: voice."),
    "pitch": Field("integer", "espeak-ng pitch, 0 to 99.", 0, 99),
    "rate": Field("integer", "Words per minute of synthesised speech; keep it at about 160 or below.", 80, 450),
    "color": Field("text", "The speaker's name colour in captions, #rrggbb."),
}
TIMING = {
    "wpm": Field("number", "Speaking pace for lines timed from their text (default 150).", 60, 400),
    "gap": Field("number", "Seconds of silence after every line (default 0.4).", 0, 10),
    "min_line": Field("number", "Shortest a text-timed line lasts, seconds (default 1.5).", 0, 30),
    "max_caption_wpm": Field("number", "Caption speed limit for English readers (default 200); other "
                             "languages scale it by their reading rate.", 60, 600),
}
CHAPTER = {
    "id": Field("ident", "Unique; facilitators jump to chapters by id.", required=True),
    "title": Field("text", "Shown on the console."),
    "scene": Field("ident", "A scene in scenes/ (its file name without .yaml).", required=True),
    "steps": Field("list", "What happens, in order.", required=True),
    "debrief": Field("object", "Prompts for the facilitator, by PEARLS phase."),
}
DEBRIEF = {p: Field("texts", f"Debrief prompts of the {p} phase.") for p in PEARLS_PHASES}
LINE = {
    "id": Field("ident", "Stable id: translations and recordings are keyed by it. Name it after the moment.",
                required=True),
    "speaker": Field("text", "Who speaks; shown above the caption. Leave it out for an unnamed narrator."),
    "text": Field("text", "The caption, and what synthesised narration says.", required=True),
    "audio": Field("text", "A recording (WAV), relative to audio/."),
    "position": Field("vec3", "Where the voice is, relative to the head, metres: [x right, y forward, z up]."),
    "move_to": Field("vec3", "With position: the voice glides from position to here while it speaks."),
    "anchor": Field("ident", "Instead of position: a named place in the scene (anchors, people, props)."),
    "style": Field("text", "How the line sounds and looks.", enum=LINE_STYLES),
    "manner": Field("text", "How a person in the scene says it: nods, brows and gestures (calm by default).",
                    enum=LINE_MANNERS),
    "duration": Field("number", "Seconds on the timeline, overriding the recording and reading speed.", 0.2, 120),
}
CUE = {
    **{k: Field("any", f"What the {k} cue acts on: a name, or {{name: ..., ...}}.") for k in CUE_KINDS},
    "delay": Field("number", "Fire this many seconds later while the following steps go on.", 0, 600),
    "to": Field("number", "Target value of an effect or light ramp.", -600, 600),
    "over": Field("number", "Seconds the ramp takes.", 0, 600),
    "volume": Field("number", "Loudness of a sound or ambience (1 is as recorded).", 0, 600),
    "at": Field("text", "Where a sound plays: an anchor of the scene."),
    "look": Field("text", "Scene cues: where a person looks (participant, stare, glance, away, none or a name)."),
    "expression": Field("text", "Scene cues: a person's expression (neutral, warm, worried, tired), over seconds."),
}
WAIT = {"seconds": Field("number", "Seconds of silence.", 0, 600, required=True)}
HOLD = {
    "id": Field("ident", "Stable id of the hold.", required=True),
    "note": Field("text", "What the facilitator sees while the story waits."),
    "consent": Field("bool", "The participant's consent is asked here."),
    "show": Field("text", "Show the narrative's resources while holding.", enum=("resources",)),
}
CHECKIN = {
    "id": Field("ident", "Stable id of the check-in.", required=True),
    "prompt": Field("text", "The question.", required=True),
    "kind": Field("text", "scale: 0 to 10; choice: one of the options.", enum=("scale", "choice")),
    "options": Field("texts", "For kind choice: the answers."),
}
CHOICE = {
    "id": Field("ident", "Stable id of the choice.", required=True),
    "prompt": Field("text", "The question.", required=True),
    "options": Field("list", "At least two options, each with text and an optional jump.", required=True),
}
OPTION = {
    "text": Field("text", "What the option says.", required=True),
    "jump": Field("ident", "A label or chapter to continue at."),
}
QUESTIONNAIRE_STEP = {
    "id": Field("ident", "A questionnaire in questionnaires/ (its file name without .yaml).", required=True),
    "phase": Field("text", "Which of its phases to ask (default post).", enum=("pre", "post", "follow_up")),
}
STEP_DOCS = {
    "line": "Someone speaks: a caption, and a recording or synthesised narration.",
    "cue": "Something happens: a sound, an ambience, an effect, a scene or light change, a haptic pulse.",
    "wait": "A silence, in seconds.",
    "hold": "The story waits for the facilitator.",
    "checkin": "A distress check-in (0 to 10) or a question with options.",
    "choice": "The participant chooses; options can jump.",
    "label": "A place a jump can go to.",
    "jump": "Continue at a label or chapter.",
    "questionnaire": "Ask a questionnaire's short items in the headset (its consent choice, then check-ins).",
}
