"""The room's current workshop: what consoles see of the evaluation, and what they may change.

One hub is one room; at most one workshop is current. Consoles start one, open
its phases (before, after, follow-up) and see the phone link as a QR code and a
short address, the number of answers as they arrive, and the result.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from experience import protocol as P

if TYPE_CHECKING:
    from ._hub import Client, Hub
    from .evaluation import Evaluation

log = logging.getLogger(__name__)
RECENT = 12


class RoomWorkshop:
    """The evaluation side of a hub (``evaluation`` None: the hub has no questionnaires)."""

    def __init__(self, hub: Hub, evaluation: Evaluation | None, organisation: str = "",
                 experiences: tuple[str, ...] = ()) -> None:
        self.hub = hub
        self.evaluation = evaluation
        self.organisation = organisation
        self.experiences = experiences
        self.public_url = ""
        self.current = ""

    def handlers(self) -> dict[type[P.Message], Callable[[Client, Any], Awaitable[None]]]:
        return {P.WorkshopStart: self._start, P.WorkshopPhase: self._phase, P.WorkshopResume: self._resume}

    def link(self, key: str) -> str:
        return f"{self.public_url.rstrip('/')}/q/{key}" if self.public_url else f"/q/{key}"

    def view(self) -> dict[str, Any]:
        """Everything the console's evaluation panel shows (runs on the storage thread)."""
        ev = self.evaluation
        if ev is None:
            return {"available": False}
        out: dict[str, Any] = {"available": True, "organisation": self.organisation,
                               "questionnaires": ev.questionnaires.ids(), "experiences": list(self.experiences),
                               "lan": not self.public_url.startswith(("http://127.", "http://localhost")),
                               "recent": [{"id": w["id"], "label": w["label"], "created": w["created"]}
                                          for w in ev.records.workshops()[-RECENT:]][::-1]}
        w = ev.records.workshop(self.current) if self.current else None
        if w is None:
            return out
        q = ev.questionnaire(w["questionnaire"])
        link = self.link(w["survey_key"])
        out["workshop"] = {
            "id": w["id"], "label": w["label"], "organisation": w["organisation"], "experience": w["experience"],
            "questionnaire": w["questionnaire"], "title": q.title, "phase": w["phase"], "key": w["survey_key"],
            "link": link, "qr": _qr(link),
            "phases": [{"id": p.id, "title": p.title or p.id,
                        "titles": _titles(ev, q, lambda t, i=p.id: t.phases[i].title)} for p in q.phases.values()],
            "counts": ev.counts(w["id"]), "result": self._result(w["id"]),
        }
        return out

    def _result(self, wid: str) -> dict[str, Any]:
        from .evaluation import analyse, people

        ev = self.evaluation
        assert ev is not None
        w = ev.records.workshop(wid)
        assert w is not None
        q = ev.questionnaire(w["questionnaire"])
        res = analyse(q, people(ev.records.responses([wid])), w["label"])
        rows = []
        for m in res.measures:
            if m.kind != "subscale":
                continue
            c = m.change
            titles = _titles(ev, q, lambda t, i=m.id: next((s.title for s in t.subscales if s.id == i), ""))
            rows.append({"id": m.id, "title": m.title, "titles": titles, "n": m.paired_n,
                         "hidden": m.hidden or c is None,
                         **({} if m.hidden or c is None else {
                             "before": _num(c.pre.mean), "after": _num(c.post.mean), "change": _num(c.mean_diff),
                             "d_z": _num(c.d_z), "low": _num(c.d_z_ci[0]), "high": _num(c.d_z_ci[1]),
                             "p": _num(c.wilcoxon.p)})})
        return {"hidden": res.hidden or res.paired < 5, "paired": res.paired, "measures": rows}

    async def data(self) -> dict[str, Any]:
        """:meth:`view`, computed on the storage thread; a failure is logged, never raised."""
        try:
            return dict(await self.hub.db(self.view))
        except Exception:  # a broken questionnaire must not take the console down
            log.exception("evaluation view failed")
            return {"available": False, "error": "the evaluation could not be read (see the hub's log)"}

    async def changed(self) -> None:
        """Send the panel's state to every console."""
        await self.hub.broadcast(P.Workshop(data=await self.data()))

    async def _refuse(self, client: Client, message: str) -> None:
        await client.send(P.Error(code="bad_message", message=message))

    async def _start(self, client: Client, msg: P.WorkshopStart) -> None:
        ev = self.evaluation
        if ev is None or msg.questionnaire not in ev.questionnaires.ids():
            await self._refuse(client, f"no questionnaire {msg.questionnaire[:40]!r} on this hub")
            return
        w = await self.hub.db(ev.records.new_workshop, msg.organisation or self.organisation, msg.label,
                              msg.experience, msg.questionnaire)
        self.current = w["id"]
        await self.changed()

    async def _phase(self, client: Client, msg: P.WorkshopPhase) -> None:
        ev = self.evaluation
        if ev is None or not self.current or msg.workshop != self.current:
            await self._refuse(client, "that workshop is not this room's current one")
            return
        w = await self.hub.db(ev.records.workshop, self.current)
        if msg.phase and msg.phase not in ev.questionnaire(w["questionnaire"]).phases:
            await self._refuse(client, f"the questionnaire has no phase {msg.phase!r}")
            return
        await self.hub.db(ev.records.set_phase, self.current, msg.phase)
        await self.changed()

    async def _resume(self, client: Client, msg: P.WorkshopResume) -> None:
        ev = self.evaluation
        if ev is None or await self.hub.db(ev.records.workshop, msg.workshop) is None:
            await self._refuse(client, "no such workshop")
            return
        self.current = msg.workshop
        await self.changed()


def _num(v: float) -> float | None:
    return round(v, 3) if isinstance(v, float | int) and math.isfinite(v) else None


def _qr(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI (black on white, a quiet zone of 4 modules)."""
    import segno

    return str(segno.make(text, error="m").svg_data_uri(scale=6, border=4, dark="#000", light="#fff"))


def _titles(ev: Any, q: Any, title: Any) -> dict[str, str]:
    """A phase's or measure's title in each of the questionnaire's locales (the console shows its own)."""
    out = {}
    for loc in q.locales:
        try:
            out[loc] = str(title(ev.questionnaire(q.id, loc)) or "")
        except Exception:  # a broken translation shows the source title, never breaks the panel
            continue
    return {k: v for k, v in out.items() if v}
