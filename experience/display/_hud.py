"""The F1 HUD: live frame statistics and content diagnostics in a desktop window."""

from __future__ import annotations

from typing import Any


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
