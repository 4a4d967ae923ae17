"""People in a built scene: a handle per person onto the shared animation (experience.people)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from panda3d.core import NodePath

from ..mesh import Footprint
from ._spec import PersonSpec

if TYPE_CHECKING:
    from ..people._scene import ScenePeople

NECK_TURN = 70.0  # degrees the head may turn from the body


def person_footprint(spec: PersonSpec) -> Footprint:
    return Footprint(spec.at[0], spec.at[1], 0.2, 0.2 if spec.pose == "standing" else 0.3, spec.heading, 0.35)


class Figure:
    """A placed, animated person: its root node and a view of its animation state.

    Attributes:
        spec: the scene file's entry.
        root: the person's node (an anchor: cues and voices can name it).
        index: the person's slot in the scene's :class:`~experience.people.Crowd`.
    """

    def __init__(self, spec: PersonSpec, root: NodePath, index: int, people: ScenePeople) -> None:
        self.spec = spec
        self.root = root
        self.index = index
        self._people = people

    @property
    def heading(self) -> float:
        return float(self._people.crowd.heading[self.index])

    @property
    def gaze(self) -> str:
        return self._people.gaze[self.index]

    @gaze.setter
    def gaze(self, value: str) -> None:
        self._people.look(self.index, value)

    @property
    def idle(self) -> str:
        return self._people.idle_of(self.index)

    @idle.setter
    def idle(self, value: str) -> None:
        self._people.set_idle(self.index, value)

    @property
    def head_h(self) -> float:
        """The head's turn from the body, degrees (positive: to the person's left)."""
        self._people.settle()
        return math.degrees(float(self._people.crowd.head[self.index, 0]))

    @property
    def head_p(self) -> float:
        self._people.settle()
        return math.degrees(float(self._people.crowd.head[self.index, 1]))

    def turn(self, heading: float, over: float) -> None:
        """Turn the whole body to ``heading`` (degrees) over ``over`` seconds."""
        self._people.turn(self.index, heading, over)
