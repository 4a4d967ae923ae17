"""What the room view draws over the picture: large captions, the calm card, the corner.

A flat 2-D scene in screen units (x from -aspect to aspect, z from -1 to 1)
drawn by an orthographic camera after the picture. Sizes are shares of the
screen's height, so the captions are as readable on a projector at the back of
a room as in a shared video-call window. Text is rebuilt only when it changes.
"""

from __future__ import annotations

from panda3d.core import NodePath, TextNode, TransparencyAttrib

from ..presenters import CARD_RGBA, TEXT_RGBA, caption_font, rounded_rect, wrap_rows

CAPTION_SCALE = 0.085
"""Caption text size: its em is 8.5 % of half the screen's height (letters about 3 % of the height,
about 5 cm on a 1.7 m projected picture: readable from 10 m)."""
CAPTION_ROWS_EM = 30.0
"""Caption rows are at most this many ems wide (about 55 characters), and never wider than the screen."""
CAPTION_BOTTOM = -0.94
"""Bottom edge of the caption card, in screen units (the bottom of the screen is -1)."""
CARD_TITLE_SCALE = 0.16
CARD_NOTE_SCALE = 0.07
CARD_BG_RGBA = (0.09, 0.14, 0.17, 1.0)
"""The calm card's background: a dim blue-green, never black (black reads as a failure)."""
CARD_TITLE_RGBA = (0.93, 0.96, 0.95, 1.0)
CARD_NOTE_RGBA = (0.74, 0.82, 0.82, 1.0)
CORNER_SCALE = 0.045
CORNER_RGBA = (1.0, 1.0, 1.0, 0.9)


def _text(parent: NodePath, text: str, scale: float, rgba: tuple[float, float, float, float],
          align: int = TextNode.ACenter, wrap_em: float | None = None) -> tuple[NodePath, tuple[float, ...]]:
    tn = TextNode("room-text")
    font = caption_font()
    if font is not None:
        tn.setFont(font)
    tn.setAlign(align)
    tn.setTextColor(*rgba)
    tn.setText(wrap_rows(text, wrap_em, tn.calcWidth) if wrap_em else text)
    np_ = parent.attachNewNode(tn)
    np_.setScale(scale)
    left, right, bottom, top = tn.getFrameActual()
    return np_, (left * scale, right * scale, bottom * scale, top * scale)


class RoomOverlay:
    """The overlay scene; ``root`` is drawn by the room view's overlay camera.

    Args:
        aspect: width / height of the room view's output.
    """

    def __init__(self, aspect: float) -> None:
        self.root = NodePath("room-overlay")
        self.root.setTransparency(TransparencyAttrib.MAlpha)
        self.root.setLightOff(1)
        self.root.setDepthTest(False)
        self.root.setDepthWrite(False)
        self.root.setTwoSided(True)
        self.aspect = aspect
        self._caption = self.root.attachNewNode("caption")
        self._card = self.root.attachNewNode("card")
        self._corner = self.root.attachNewNode("corner")
        self._card.setBin("fixed", 10)
        self._caption.setBin("fixed", 20)
        self._corner.setBin("fixed", 30)
        self.caption_key: tuple[str, str, tuple[float, float, float, float]] | None = None
        self.card_key: tuple[str, str] | None = None
        self.corner_key: str | None = None

    def set_aspect(self, aspect: float) -> None:
        """The output changed shape: lay everything out again."""
        if abs(aspect - self.aspect) < 1e-3:
            return
        self.aspect = aspect
        keys = self.caption_key, self.card_key, self.corner_key
        self.caption_key = self.card_key = self.corner_key = None
        if keys[0] is not None:
            self.show_caption(*keys[0])
        if keys[1] is not None:
            self.show_card(*keys[1])
        if keys[2] is not None:
            self.set_corner(keys[2])

    # -- captions ---------------------------------------------------------------
    def show_caption(self, speaker: str, text: str, rgba: tuple[float, float, float, float]) -> None:
        """The participant's current caption, large, at the bottom of the screen."""
        key = (speaker, text, rgba)
        if key == self.caption_key:
            return
        self.caption_key = key
        self._caption.getChildren().detach()
        wrap = min(CAPTION_ROWS_EM, 1.8 * self.aspect / CAPTION_SCALE)
        rows: list[tuple[NodePath, tuple[float, ...]]] = []
        if speaker:
            rows.append(_text(self._caption, speaker, 0.8 * CAPTION_SCALE, rgba, wrap_em=wrap / 0.8))
        if text:
            rows.append(_text(self._caption, text, CAPTION_SCALE, TEXT_RGBA, wrap_em=wrap))
        gap = 0.25 * CAPTION_SCALE
        pad = 0.45 * CAPTION_SCALE
        z = CAPTION_BOTTOM + pad
        width = 0.0
        for np_, (left, right, bottom, top) in reversed(rows):
            np_.setPos(0, 0, z - bottom)
            z += top - bottom + gap
            width = max(width, right - left)
        height = z - gap - CAPTION_BOTTOM + pad
        card = self._caption.attachNewNode(rounded_rect("room-caption-card", width + 2 * pad, height, pad))
        card.setPos(0, 0.1, CAPTION_BOTTOM + height / 2)
        card.setColor(*CARD_RGBA)
        card.setBin("fixed", 19)
        self._caption.show()

    def hide_caption(self) -> None:
        self.caption_key = None
        self._caption.hide()

    # -- the calm card -------------------------------------------------------------
    def show_card(self, title: str, note: str) -> None:
        """A full-screen card instead of the picture ("Paused", "In the calm place")."""
        key = (title, note)
        if key == self.card_key:
            return
        self.card_key = key
        self._card.getChildren().detach()
        bg = self._card.attachNewNode(rounded_rect("room-card", 2 * self.aspect + 0.1, 2.1, 0.0, segments=1))
        bg.setPos(0, 0.2, 0)
        bg.setColor(*CARD_BG_RGBA)
        bg.setBin("fixed", 10)
        t, _ = _text(self._card, title, CARD_TITLE_SCALE, CARD_TITLE_RGBA)
        t.setPos(0, 0, 0.12)
        t.setBin("fixed", 11)
        if note:
            n, (_, _, _, ntop) = _text(self._card, note, CARD_NOTE_SCALE, CARD_NOTE_RGBA,
                                       wrap_em=1.6 * self.aspect / CARD_NOTE_SCALE)
            n.setPos(0, 0, -0.06 - ntop)
            n.setBin("fixed", 11)
        self._card.show()

    def hide_card(self) -> None:
        self.card_key = None
        self._card.hide()

    @property
    def card_shown(self) -> bool:
        return self.card_key is not None

    # -- the corner ----------------------------------------------------------------
    def set_corner(self, text: str) -> None:
        """Small text in the top-left corner (presentation: the session code and chapter); '' hides it."""
        if text == self.corner_key:
            return
        self.corner_key = text
        self._corner.getChildren().detach()
        if not text:
            self._corner.hide()
            return
        pad = 0.4 * CORNER_SCALE
        np_, (left, right, bottom, top) = _text(self._corner, text, CORNER_SCALE, CORNER_RGBA, TextNode.ALeft)
        x0, z0 = -self.aspect + 0.04, 0.96
        np_.setPos(x0 + pad, 0, z0 - pad - top)
        np_.setBin("fixed", 30)
        w, hgt = right - left + 2 * pad, top - bottom + 2 * pad
        bg = self._corner.attachNewNode(rounded_rect("room-corner", w, hgt, pad))
        bg.setPos(x0 + w / 2, 0.1, z0 - hgt / 2)
        bg.setColor(0.0, 0.0, 0.0, 0.55)
        bg.setBin("fixed", 29)
        self._corner.show()

    def destroy(self) -> None:
        self.root.removeNode()
