"""Scene specs: the pure data a scene file describes (no Panda3D here).

Coordinates are Panda3D's: metres, Z up, Y forward; headings in degrees,
counter-clockwise seen from above (0 = facing +Y).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from ..people import Look

Vec3 = tuple[float, float, float]
Color = tuple[float, float, float]


class EnvironmentParams(TypedDict, total=False):
    """The extras some environment kinds take (see ``scenes/README.md``)."""

    floor_pattern: str
    track: str
    rows: int
    trees: int
    canopy: bool
    seat_color: Color


@dataclass(frozen=True)
class Opening:
    """A window or door in a wall: ``wall`` is north/south/east/west, ``at`` the offset along it."""

    wall: str
    at: float
    width: float
    height: float
    sill: float = 0.0


@dataclass(frozen=True)
class EnvironmentSpec:
    """The enclosing space: a room, vehicle interior, platform or park.

    Attributes:
        kind: ``room`` | ``bus`` | ``platform`` | ``park``.
        size: width (x), depth (y), height (z) in metres.
        wall, floor, ceiling, trim: surface colours (linear-ish RGB 0..1).
        outside: colour of what windows show (sky), and the background.
        windows, doors: openings in the walls (rooms).
        motion: scripted outside motion in m/s (vehicles; 0 = parked).
        params: kind-specific extras, validated by the loader.
    """

    kind: str = "room"
    size: Vec3 = (5.0, 4.0, 2.6)
    wall: Color = (0.85, 0.82, 0.76)
    floor: Color = (0.55, 0.40, 0.28)
    ceiling: Color = (0.93, 0.92, 0.89)
    trim: Color = (0.95, 0.94, 0.90)
    outside: Color = (0.70, 0.80, 0.90)
    windows: tuple[Opening, ...] = ()
    doors: tuple[Opening, ...] = ()
    motion: float = 0.0
    params: EnvironmentParams = field(default_factory=lambda: EnvironmentParams())


@dataclass(frozen=True)
class ParticipantSpec:
    """Where the participant sits or stands; ``eye_height`` above ``position``.

    ``body``: show the participant's own body (legs and torso when looking down,
    hands that follow the controllers), in ``clothes``/``trousers``/``skin``.
    """

    position: Vec3 = (0.0, 0.0, 0.0)
    heading: float = 0.0
    pose: str = "seated"
    eye_height: float = 1.2
    body: bool = False
    clothes: Color = (0.42, 0.45, 0.50)
    trousers: Color = (0.25, 0.27, 0.31)
    skin: Color = (0.72, 0.55, 0.43)


@dataclass(frozen=True)
class PropSpec:
    """One piece from the procedural prop library (``kind``) at a place."""

    kind: str
    at: Vec3
    heading: float = 0.0
    scale: float = 1.0
    color: Color | None = None
    id: str | None = None
    params: dict[str, float] = field(default_factory=dict)
    """Sizes (``width``, ``depth``, ``height`` in metres) and ``count``, as the kind uses them."""
    text: str | None = None
    """What a sign says."""


@dataclass(frozen=True)
class PersonSpec:
    """A person: a stylised figure, or a glTF/VRM humanoid (``model``).

    Attributes:
        gaze: ``participant`` (eye contact with natural look-aways), ``stare``
            (holds it), ``away``, ``none`` or an anchor/person id.
        idle: ``breathe`` | ``shift`` | ``talk`` | ``still``.
        pose: ``standing`` | ``seated``.
        look: appearance (skin, hair, eyes, facial hair, glasses, covering, build, age).
        voice: anchor names whose lines this person speaks (besides their own id).
        expression: the expression they start with.
    """

    id: str
    at: Vec3
    heading: float = 0.0
    pose: str = "standing"
    gaze: str = "none"
    idle: str = "breathe"
    height: float = 1.72
    clothes: Color = (0.35, 0.42, 0.55)
    trousers: Color = (0.22, 0.22, 0.26)
    look: Look = field(default_factory=Look)
    expression: str = "neutral"
    voice: tuple[str, ...] = ()
    model: str | None = None

    @property
    def neck_height(self) -> float:
        """Metres above the floor where the head sits (the figure's proportions)."""
        k = self.height / 1.72
        return (0.47 if self.pose == "seated" else 0.92 * k) + 0.52 * k

    @property
    def mouth(self) -> Vec3:
        """Where this person's voice comes from: their mouth, above where they stand or sit."""
        return (self.at[0], self.at[1], self.at[2] + self.neck_height + 0.075 * self.height / 1.72)


@dataclass(frozen=True)
class LightAnimation:
    """A light's animation: ``flicker`` (irregular dips) or ``breathe`` (slow sine)."""

    kind: str
    rate: float
    depth: float


@dataclass(frozen=True)
class LightSpec:
    """A light: ``sun`` (direction), ``lamp`` (point at ``at``), ``ambient`` (sky/ground)."""

    kind: str
    color: Color = (1.0, 0.95, 0.85)
    intensity: float = 1.0
    at: Vec3 = (0.0, 0.0, 2.0)
    direction: Vec3 = (0.3, 0.6, -0.7)
    radius: float = 3.0
    ground: Color = (0.35, 0.30, 0.25)
    id: str | None = None
    fixture: str = "none"
    animation: LightAnimation | None = None


@dataclass(frozen=True)
class ModelSpec:
    """A glTF (.gltf/.glb) or .bam model placed by path (relative to scenes/)."""

    path: str
    at: Vec3 = (0.0, 0.0, 0.0)
    heading: float = 0.0
    scale: float = 1.0
    id: str | None = None


@dataclass(frozen=True)
class BreathingGuide:
    """The calm place's breathing light: ``rate`` breaths per minute."""

    at: Vec3 = (0.0, 1.6, 1.1)
    rate: float = 6.0
    color: Color = (1.0, 0.85, 0.6)
    size: float = 0.18
    inhale: float = 0.4


@dataclass(frozen=True)
class SceneSpec:
    """A whole scene, as loaded from ``scenes/<id>.yaml``.

    Attributes:
        anchors: every name a cue may target, with its position: the file's
            ``anchors`` plus people, named lights, props and models.
        ambience: sound id for the audio presenter (or None).
        comfort_vignette: strength of the comfort vignette while the scene moves.
    """

    id: str
    title: str = ""
    path: str = ""
    environment: EnvironmentSpec = field(default_factory=EnvironmentSpec)
    participant: ParticipantSpec = field(default_factory=ParticipantSpec)
    props: tuple[PropSpec, ...] = ()
    people: tuple[PersonSpec, ...] = ()
    lights: tuple[LightSpec, ...] = ()
    models: tuple[ModelSpec, ...] = ()
    anchors: dict[str, Vec3] = field(default_factory=dict)
    ambience: str | None = None
    breathing: BreathingGuide | None = None
    comfort_vignette: float = 0.0
    exposure: float = 1.0

    @property
    def person_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.people)

    def sound_anchors(self) -> dict[str, Vec3]:
        """Where sounds and voices named by an anchor come from: the anchors, with people at their mouth."""
        out = dict(self.anchors)
        for p in self.people:
            out[p.id] = p.mouth
        return out

    @property
    def light_ids(self) -> tuple[str, ...]:
        return tuple(light.id for light in self.lights if light.id)
