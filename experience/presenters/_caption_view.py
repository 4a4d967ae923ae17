"""The Panda3D side of the captions: panels of text on rounded translucent cards.

Built under the stage's head-locked node. Each panel pivots down from the
eye line by its pitch, then sits ``DISTANCE`` ahead, so it always faces the
eye. Geometry changes only when the text does.
"""

from __future__ import annotations

import math

from panda3d.core import (
    Geom,
    GeomNode,
    GeomTriangles,
    GeomVertexData,
    GeomVertexFormat,
    GeomVertexWriter,
    NodePath,
    TextNode,
    TextProperties,
    TextPropertiesManager,
    TransparencyAttrib,
)

from ._caption_font import BASE_GLYPHS, caption_font
from ._caption_layout import (
    CAPTION_PITCH,
    CARD_RGBA,
    DISTANCE,
    FADE_S,
    PROMPT_PITCH,
    SELECT_RGBA,
    TEXT_RGBA,
    WRAP_EM,
    Shown,
    text_scale,
    wrap_rows,
)

PAD_EM = 0.45
ARROW_RGBA = (1.0, 0.84, 0.37, 1.0)
NOTE_PITCH = 21.0
"""Degrees below the eye line of the waiting note: under the caption, out of the way of prompts."""
NOTE_FADE_S = 1.2


def rounded_rect(name: str, w: float, h: float, r: float, segments: int = 6) -> GeomNode:
    """A filled rectangle with rounded corners in the XZ plane, centred on the origin."""
    r = max(0.0, min(r, w / 2, h / 2))
    vdata = GeomVertexData(name, GeomVertexFormat.getV3(), Geom.UHStatic)
    vw = GeomVertexWriter(vdata, "vertex")
    vw.addData3(0, 0, 0)
    corners = ((w / 2 - r, h / 2 - r, 0), (-w / 2 + r, h / 2 - r, 90), (-w / 2 + r, -h / 2 + r, 180),
               (w / 2 - r, -h / 2 + r, 270))
    n = 0
    for cx, cz, start in corners:
        for i in range(segments + 1):
            a = math.radians(start + 90.0 * i / segments)
            vw.addData3(cx + r * math.cos(a), 0, cz + r * math.sin(a))
            n += 1
    tris = GeomTriangles(Geom.UHStatic)
    for i in range(n):
        tris.addVertices(0, 1 + i, 1 + (i + 1) % n)
    geom = Geom(vdata)
    geom.addPrimitive(tris)
    node = GeomNode(name)
    node.addGeom(geom)
    return node


def arrow_geom(size: float) -> GeomNode:
    """A triangle pointing along +X in the XZ plane."""
    vdata = GeomVertexData("arrow", GeomVertexFormat.getV3(), Geom.UHStatic)
    vw = GeomVertexWriter(vdata, "vertex")
    for x, z in ((size, 0.0), (-size * 0.6, size * 0.7), (-size * 0.6, -size * 0.7)):
        vw.addData3(x, 0, z)
    tris = GeomTriangles(Geom.UHStatic)
    tris.addVertices(0, 1, 2)
    geom = Geom(vdata)
    geom.addPrimitive(tris)
    node = GeomNode("arrow")
    node.addGeom(geom)
    return node


class _Panel:
    def __init__(self, parent: NodePath, name: str, pitch: float, fade_s: float = FADE_S) -> None:
        self.fade_s = fade_s
        self.pivot = parent.attachNewNode(name)
        self.pivot.setP(-pitch)
        self.node = self.pivot.attachNewNode(name + "_panel")
        self.node.setY(DISTANCE)
        self.card: NodePath | None = None
        self.arrow: NodePath | None = None
        self.texts: list[NodePath] = []
        self.width = self.height = 0.0
        self.alpha = 0.0
        self.target = 0.0
        self.applied = 0.0
        self.node.hide()

    def show(self, shown: Shown, size: float, speaker_rgba: tuple[float, float, float, float] | None) -> None:
        for t in self.texts:
            t.removeNode()
        self.texts = []
        s = text_scale(size)
        rows: list[tuple[str, float, tuple[float, float, float, float]]] = []
        if shown.speaker:
            rows.append((shown.speaker, 0.8 * s, speaker_rgba or SELECT_RGBA))
        if shown.text:
            rows.append((shown.text, s, TEXT_RGBA))
        if shown.extra:
            rows.append((shown.extra, 0.9 * s, TEXT_RGBA))
        z, width = 0.0, 0.0
        font = caption_font()
        for text, scale, rgba in rows:
            tn = TextNode("caption_text")
            if font is not None:
                tn.setFont(font)
            # Our own breaks (between words only, balanced rows), not TextNode's word wrap,
            # which splits a word longer than the row anywhere.
            tn.setText(wrap_rows(text, WRAP_EM * s / scale, tn.calcWidth))
            tn.setAlign(TextNode.ACenter)
            tn.setTextColor(*rgba)
            np_ = self.node.attachNewNode(tn)
            np_.setScale(scale)
            np_.setBin("fixed", 52)
            left, right, bottom, top = tn.getFrameActual()
            np_.setZ(z - top * scale)
            z = z - (top - bottom) * scale - 0.3 * s
            width = max(width, (right - left) * scale)
            self.texts.append(np_)
        height = -z - 0.3 * s if rows else 0.0
        for np_ in self.texts:
            np_.setZ(np_.getZ() + height / 2)
        pad = PAD_EM * s
        self.width, self.height = width + 2 * pad, height + 2 * pad
        if self.card is not None:
            self.card.removeNode()
        self.card = self.node.attachNewNode(rounded_rect("card", self.width, self.height, 2 * pad))
        self.card.setColor(*CARD_RGBA)
        self.card.setTwoSided(True)
        self.card.setBin("fixed", 51)
        self.target = 1.0

    def set_arrow(self, angle: float | None, size: float) -> None:
        if angle is None:
            if self.arrow is not None:
                self.arrow.hide()
            return
        if self.arrow is None:
            self.arrow = self.node.attachNewNode(arrow_geom(1.0))
            self.arrow.setColor(*ARROW_RGBA)
            self.arrow.setTwoSided(True)
            self.arrow.setBin("fixed", 53)
        s = text_scale(size)
        a = math.radians(angle)
        # Just outside the card, on the side the voice is.
        rx, rz = self.width / 2 + 1.2 * s, self.height / 2 + 1.2 * s
        self.arrow.setPos(rx * math.cos(a), 0, rz * math.sin(a))
        self.arrow.setR(-angle)
        self.arrow.setScale(1.1 * s)
        self.arrow.show()

    def hide(self) -> None:
        self.target = 0.0

    def fade(self, dt: float, master: float) -> None:
        if self.alpha != self.target:
            step = dt / self.fade_s
            self.alpha = (min(self.target, self.alpha + step) if self.alpha < self.target
                          else max(self.target, self.alpha - step))
        shown = master * self.alpha
        if shown == self.applied:
            return
        self.applied = shown
        if shown <= 0.0:
            self.node.hide()
        else:
            self.node.setAlphaScale(shown)
            self.node.show()


class CaptionView:
    """The caption and prompt panels under ``parent`` (the stage's head-locked node)."""

    def __init__(self, parent: NodePath, size: float, glyphs: str = BASE_GLYPHS) -> None:
        self.root = parent.attachNewNode("captions")
        self.root.setTransparency(TransparencyAttrib.MAlpha)
        self.root.setLightOff(1)
        self.root.setDepthTest(False)
        self.root.setDepthWrite(False)
        self.size = size
        self.master = 1.0
        tp = TextProperties()
        tp.setTextColor(*SELECT_RGBA)
        TextPropertiesManager.getGlobalPtr().setProperties("sel", tp)
        self.caption = _Panel(self.root, "caption", CAPTION_PITCH)
        self.prompt = _Panel(self.root, "prompt", PROMPT_PITCH)
        self.note = _Panel(self.root, "note", NOTE_PITCH, fade_s=NOTE_FADE_S)  # the calm waiting note
        self._arrow: float | None = None
        # Rasterise the font's glyphs now and let the app's warm-up frames upload them,
        # so the first caption costs a layout, not a glyph render and a texture upload.
        warm = TextNode("caption_warm_up")
        font = caption_font()
        if font is not None:
            warm.setFont(font)
        warm.setText(glyphs)
        self._warm: NodePath | None = self.root.attachNewNode(warm)
        self._warm.setPos(0, 1.6, 0)
        self._warm.setScale(0.001)
        self._warm.setAlphaScale(0.0)

    def show_caption(self, shown: Shown, speaker_rgba: tuple[float, float, float, float]) -> None:
        if self._warm is not None:
            self._warm.removeNode()
            self._warm = None
        self.caption.show(shown, self.size, speaker_rgba)
        self.set_arrow(shown.arrow)

    def show_prompt(self, shown: Shown) -> None:
        self.prompt.show(shown, self.size, None)

    def hide_caption(self) -> None:
        self.caption.hide()

    def hide_prompt(self) -> None:
        self.prompt.hide()

    def show_note(self, shown: Shown) -> None:
        self.note.show(shown, self.size * 0.85, None)

    def hide_note(self) -> None:
        self.note.hide()

    def set_arrow(self, angle: float | None) -> None:
        self._arrow = angle
        self.caption.set_arrow(angle, self.size)

    def set_size(self, size: float) -> None:
        self.size = size

    def fade(self, dt: float, visible: bool) -> None:
        target = 1.0 if visible else 0.0
        if self.master != target:
            step = dt / FADE_S
            self.master = min(target, self.master + step) if self.master < target else max(
                target, self.master - step)
        self.caption.fade(dt, self.master)
        self.prompt.fade(dt, self.master)
        self.note.fade(dt, 1.0)  # the presenter shows and hides the note itself (never in the calm place)

    def snap(self) -> None:
        """Finish any fade at once (captures and tests)."""
        for p in (self.caption, self.prompt, self.note):
            p.alpha = p.target
            p.fade(0.0, self.master)

    def destroy(self) -> None:
        self.root.removeNode()

    def nodes(self) -> dict[str, NodePath | None]:
        """The panels' nodes, for tests."""
        return {"caption": self.caption.node, "prompt": self.prompt.node, "arrow": self.caption.arrow}
