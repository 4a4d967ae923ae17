"""The scene format's fields: names, types, ranges and what each means.

The scene readers (:mod:`._schema`, :mod:`._load`) take allowed keys, required
keys and number ranges from these tables, and :mod:`experience.schemas` writes
the editors' JSON Schema from them. Types: ``ident`` (lower case, digits, ``_``),
``text``, ``number``, ``integer``, ``bool``, ``vec3``, ``color`` ("#rrggbb", a
palette name or [r, g, b]), ``choice`` (one of ``enum``), ``object``, ``list``.
"""

from __future__ import annotations

from ..fields import Field
from ..people import BUILDS, EXPRESSIONS, FACIAL_HAIR, GLASSES, HAIR_STYLES, HEAD_COVERINGS
from . import _catalog as cat

TOP = {
    "id": Field("ident", "The scene id: the file name without .yaml.", required=True),
    "title": Field("text", "A readable name."),
    "environment": Field("object", "The space: a room, a bus, a platform or a park.", required=True),
    "participant": Field("object", "Where the participant is, and how they sit or stand."),
    "props": Field("list", "Furniture and objects from the catalogue."),
    "people": Field("list", "People in the scene (voices can come from them)."),
    "lights": Field("list", "An ambient light and a sun or lamps."),
    "anchors": Field("object", "Named places, name: [x, y, z] in metres, for voices, sounds and cues."),
    "ambience": Field("ident", "A looping background sound id."),
    "models": Field("list", "glTF or bam models next to the scene file."),
    "breathing": Field("object", "A breathing guide (the calm place)."),
    "comfort_vignette": Field("number", "Darken the edges of view, 0 to 1 (0.35 by default with motion).", 0, 1),
    "exposure": Field("number", "Overall brightness (1 is as lit).", 0.2, 3),
}
ENVIRONMENT = {
    "kind": Field("choice", "What the space is.", enum=cat.ENVIRONMENT_KINDS, required=True),
    "size": Field("vec3", "Width, depth, height in metres.", 1.5, 200),
    "wall": Field("color", "Wall colour."),
    "floor": Field("color", "Floor colour."),
    "ceiling": Field("color", "Ceiling colour."),
    "trim": Field("color", "Skirting and frames colour."),
    "outside": Field("color", "What shows through windows."),
    "windows": Field("list", "Windows in the walls."),
    "doors": Field("list", "Doors in the walls."),
    "motion": Field("number", "Scripted forward motion, m/s (only inside a vehicle: kind bus).", 0, 20),
    "floor_pattern": Field("choice", "Floor pattern.", enum=("planks", "tiles", "plain")),
    "rows": Field("integer", "Rows of seats (bus).", 0, 12),
    "canopy": Field("bool", "A canopy over the platform."),
    "trees": Field("integer", "Trees in the park.", 0, 40),
    "track": Field("choice", "Which side the track is on (platform).", enum=("none", "left", "right")),
}
OPENING = {
    "wall": Field("choice", "Which wall it is in.", enum=cat.WALLS, required=True),
    "at": Field("number", "Position along the wall from its middle, metres."),
    "width": Field("number", "Width in metres.", 0.3),
    "height": Field("number", "Height in metres.", 0.3),
    "sill": Field("number", "Height of the bottom edge above the floor, metres.", 0),
}
PARTICIPANT = {
    "position": Field("vec3", "Where the participant is, metres."),
    "heading": Field("number", "Which way they face, degrees.", -360, 360),
    "pose": Field("choice", "Seated or standing.", enum=cat.PARTICIPANT_POSES),
    "eye_height": Field("number", "Eye height in metres (1.2 seated, 1.6 standing by default).", 0.5, 2.2),
    "body": Field("any", "The participant's own body: true, or {clothes, trousers, skin}; hands follow the "
                  "controllers."),
}
_PLACED = {
    "at": Field("vec3", "Position in metres: [x right, y forward, z up].", required=True),
    "heading": Field("number", "Which way it faces, degrees.", -360, 360),
    "scale": Field("number", "Size multiplier.", 0.05, 20),
    "id": Field("ident", "A name cues and voices can refer to."),
}
PROP = {
    "kind": Field("choice", "What it is, from the catalogue.", enum=cat.PROP_KINDS, required=True),
    **_PLACED,
    "color": Field("color", "Its colour."),
    "width": Field("number", "Width in metres.", 0.05, 30),
    "depth": Field("number", "Depth in metres.", 0.05, 30),
    "height": Field("number", "Height in metres.", 0.05, 30),
    "count": Field("integer", "How many (books, cushions...).", 1, 40),
    "text": Field("text", "What a sign says."),
}
PERSON = {
    "id": Field("ident", "The person's name in the scene; voices and cues refer to it.", required=True),
    "at": _PLACED["at"],
    "heading": _PLACED["heading"],
    "pose": Field("choice", "Standing or seated.", enum=cat.PERSON_POSES),
    "gaze": Field("text", "participant, stare, glance, away, none, or an anchor or person id."),
    "idle": Field("choice", "Idle motion.", enum=cat.IDLE_KINDS),
    "height": Field("number", "Height in metres.", 1.0, 2.1),
    "clothes": Field("color", "Top colour."),
    "trousers": Field("color", "Trousers colour."),
    "skin": Field("any", "Skin tone: tone1 (light) .. tone10 (deep), or a colour."),
    "hair": Field("any", "Hair colour: black, dark_brown, brown, light_brown, auburn, red, blonde, light_blonde, "
                  "grey, silver, white, or a colour."),
    "hair_style": Field("choice", "Hair style.", enum=HAIR_STYLES),
    "facial_hair": Field("choice", "Facial hair.", enum=FACIAL_HAIR),
    "eyes": Field("any", "Eye colour: dark_brown, brown, hazel, green, blue, grey, or a colour."),
    "glasses": Field("choice", "Glasses (frames).", enum=GLASSES),
    "head_covering": Field("choice", "A head covering; it replaces the hair it covers.", enum=HEAD_COVERINGS),
    "covering_color": Field("color", "The head covering's colour."),
    "build": Field("choice", "Build.", enum=BUILDS),
    "age": Field("number", "Age in years (greying hair, posture).", 16, 100),
    "expression": Field("choice", "The expression they start with.", enum=EXPRESSIONS),
    "voice": Field("any", "An anchor name, or a list of them, whose lines this person speaks."),
    "model": Field("text", "A glTF/VRM humanoid (.glb, .gltf, .vrm) instead of the figure, relative to scenes/."),
}
LIGHT = {
    "kind": Field("choice", "sun, lamp or ambient.", enum=cat.LIGHT_KINDS, required=True),
    "id": Field("ident", "A name light cues refer to (at most 4 lights have one)."),
    "color": Field("color", "Light colour."),
    "intensity": Field("number", "Brightness.", 0, 10),
    "at": Field("vec3", "Where a lamp is, metres."),
    "direction": Field("vec3", "Where sunlight goes.", -1, 1),
    "radius": Field("number", "How far a lamp reaches, metres.", 0.2, 50),
    "ground": Field("color", "Ambient light from below."),
    "fixture": Field("choice", "The lamp's visible fitting.", enum=cat.FIXTURES),
    "animation": Field("object", "flicker or breathe, with rate and depth (never over 3 flashes a second)."),
}
ANIMATION = {
    "kind": Field("choice", "flicker or breathe.", enum=cat.LIGHT_ANIMATIONS, required=True),
    "rate": Field("number", "Cycles per second.", 0, 60),
    "depth": Field("number", "How deep, 0 to 1.", 0, 1),
}
MODEL = {
    "path": Field("text", "A .gltf, .glb, .bam or .egg file, relative to the scene file.", required=True),
    "at": Field("vec3", "Position in metres."),
    "heading": _PLACED["heading"],
    "scale": _PLACED["scale"],
    "id": _PLACED["id"],
}
BREATHING = {
    "at": Field("vec3", "Where the guide is, metres."),
    "rate": Field("number", "Breaths per minute.", 3, 12),
    "color": Field("color", "The guide's colour."),
    "size": Field("number", "Size in metres.", 0.05, 1),
    "inhale": Field("number", "Share of each breath spent breathing in.", 0.2, 0.8),
}


def keys(table: dict[str, Field]) -> tuple[str, ...]:
    """The allowed keys of a table."""
    return tuple(table)


def required(table: dict[str, Field]) -> tuple[str, ...]:
    """The keys a mapping must have."""
    return tuple(k for k, f in table.items() if f.required)
