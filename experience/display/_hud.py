"""The facilitator's keys and the F1 HUD on a window (the desktop preview's and the XR mirror's).

One key table, one HUD: both windows bind them through :class:`KeyboardHud`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..requests import Kind, RequestArg

KEYS: dict[str, tuple[Kind, RequestArg]] = {
    "space": (Kind.TOGGLE_PAUSE, None),
    "n": (Kind.NEXT_CHAPTER, None),
    "p": (Kind.PREVIOUS_CHAPTER, None),
    "c": (Kind.CALM, None),
    "l": (Kind.LEAVE_CALM, None),
    "r": (Kind.RECENTER, None),
    "f1": (Kind.HUD, None),
    "escape": (Kind.QUIT, None),
    "enter": (Kind.CONTINUE, None),
    "y": (Kind.CONSENT, True),
    "arrow_right": (Kind.SELECT, 1),
    "arrow_left": (Kind.SELECT, -1),
    "arrow_up": (Kind.SELECT, 1),
    "arrow_down": (Kind.SELECT, -1),
    "page_down": (Kind.ADVANCE, None),
    **{str(d): (Kind.ANSWER, d) for d in range(10)},
}
"""Key → request. Digits answer a check-in; arrows move the selection; Enter continues at a
hold, starts once consent is recorded, or confirms the selected answer; Y records consent at
the consent hold; Page Down skips the current line."""

HELP = (
    "Space pause   N/P chapter   C calm   L leave calm   R recenter   Enter continue/start   Y consent   "
    "0-9 or arrows+Enter answer   PgDn skip line   F1 HUD   Esc quit   click: mouse-look"
)


class Hud:
    """A text panel in a window's top-left corner, hidden until shown.

    Args:
        base: the ShowBase whose window shows it.
        visible: shown from the start.
    """

    def __init__(self, base: Any, visible: bool = False) -> None:
        from direct.gui.OnscreenText import OnscreenText

        self.visible = visible
        self._text = OnscreenText(text="", pos=(0.05, -0.08), scale=0.045, align=0, fg=(1, 1, 1, 1),
                                  bg=(0, 0, 0, 0.55), mayChange=True, parent=base.a2dTopLeft)
        if not visible:
            self._text.hide()

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self._text.show() if visible else self._text.hide()

    def set_text(self, text: str) -> None:
        """Update the text (called from slack, only while visible)."""
        if self.visible:
            self._text.setText(text)

    def destroy(self) -> None:
        self._text.destroy()


class KeyboardHud:
    """Binds :data:`KEYS` on a window and owns its HUD; F1 toggles the HUD here.

    Args:
        base: the ShowBase whose window takes the keys.
        on_key: called with ``(kind, arg)`` for every other key (the window turns it into a request).
        hud_visible: show the HUD from the start.
    """

    def __init__(self, base: Any, on_key: Callable[[Kind, RequestArg], None], hud_visible: bool = False) -> None:
        self.base = base
        self._on_key = on_key
        for key, (kind, arg) in KEYS.items():
            base.accept(key, self._key, [kind, arg])
        self.hud = Hud(base, hud_visible)

    @property
    def hud_visible(self) -> bool:
        return self.hud.visible

    def _key(self, kind: Kind, arg: RequestArg) -> None:
        if kind == Kind.HUD:
            self.set_hud(not self.hud.visible)
        else:
            self._on_key(kind, arg)

    def set_hud(self, visible: bool) -> None:
        self.hud.set_visible(visible)

    def set_hud_text(self, text: str) -> None:
        self.hud.set_text(text)

    def destroy(self) -> None:
        for key in KEYS:
            self.base.ignore(key)
        self.hud.destroy()
