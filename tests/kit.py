"""Real :class:`~experience.services.Services` for tests of one presenter, without an app.

The services are the ones the app builds (scheduler, worker, request table, selection,
scene nodes, effect stack); only the host is a recorder, and the player may be any object
with the views the presenter reads.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path
from typing import Any

from experience.content import ContentRoot
from experience.core import PHASES, FrameStats, ManualClock, SlackScheduler, Worker
from experience.narrative import Narrative
from experience.requests import RequestQueue, RequestTable
from experience.scene import EffectStack
from experience.services import Services
from experience.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def tiny_pack(folder: Path, narrative: str, *, dirs: tuple[str, ...] = ("audio",)) -> ContentRoot:
    """A content pack in ``folder``: one narrative (``tiny.yaml``), the placeholder scene, ``dirs``."""
    for d in ("narratives", "scenes", *dirs):
        (folder / d).mkdir(parents=True, exist_ok=True)
    (folder / "narratives" / "tiny.yaml").write_text(narrative)
    shutil.copy(ROOT / "scenes" / "placeholder.yaml", folder / "scenes")
    return ContentRoot.find(folder)


class RecordingHost:
    """The host side of the services: records the calls up the seam."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.services: Services | None = None

    def headset_changed(self, on: bool, reason: str = "headset_off") -> None:
        self.calls.append(("headset_changed", on))

    def display_ended(self, reason: str) -> None:
        self.calls.append(("display_ended", reason))

    def console_link_changed(self, connected: bool) -> None:
        self.calls.append(("console_link_changed", connected))

    def swap_narrative(self, narrative: Narrative) -> None:
        self.calls.append(("swap_narrative", narrative))
        if self.services is not None:
            self.services.narrative = narrative

    def media_position(self, line_id: str, seconds: float) -> None:
        self.calls.append(("media_position", (line_id, seconds)))


def make_services(player: Any = None, *, narrative: Narrative | None = None, stage: Any = None,
                  settings: Settings | None = None, content: ContentRoot | None = None,
                  backend_name: str = "headless", refresh_hz: float = 60.0) -> Services:
    """Services as the app makes them; ``player`` defaults to one that is waiting."""
    clock = ManualClock()
    stats = FrameStats(PHASES, refresh_hz=refresh_hz)
    scheduler = SlackScheduler(clock, stats)
    if narrative is None:
        narrative = getattr(player, "narrative", None) or Narrative("test", "Test")
    if player is None:
        from experience.narrative import TimelinePlayer

        player = TimelinePlayer(narrative)
    host = RecordingHost()
    services = Services(settings=settings or Settings(console=None), content=content or ContentRoot.find(),
                        clock=clock, stats=stats, scheduler=scheduler, worker=Worker(scheduler),
                        requests=RequestQueue(), table=RequestTable(), player=player, narrative=narrative,
                        host=host, effects=EffectStack(), stage=stage, backend_name=backend_name,
                        refresh_hz=refresh_hz)
    host.services = services
    return services


def like_a_terminal() -> None:
    """``preexec_fn`` for a child that will be sent Ctrl+C: SIGINT delivered as a terminal delivers it.

    A shell's background job (``./test.sh &``, some CI runners) inherits SIGINT ignored, and a
    program rightly leaves an ignored SIGINT alone; the tests of Ctrl+C reset it in the child.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)

