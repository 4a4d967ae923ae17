"""Every request at every awkward moment: whether it applies, and the state after."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from experience import events as ev

from ._util import Rec

MOMENTS: dict[str, Callable[[Rec], object]] = {
    "waiting": lambda r: None,
    "mid_line": lambda r: r.run(1.0),
    "wait": lambda r: r.run(4.5),
    "hold": lambda r: r.run(7.0),
    "checkin": lambda r: r.p.jump("two"),
    "choice": lambda r: (r.p.jump("two"), r.p.answer(3)),
    "last_step": lambda r: (r.p.jump("three"), r.run(1.0)),
    "debrief": lambda r: r.p.jump("end"),
    "paused": lambda r: (r.run(1.0), r.p.pause()),
    "calm": lambda r: (r.run(1.0), r.p.calm("test")),
    "ended": lambda r: (r.p.jump("end"), r.p.continue_hold()),
}
ORDER = list(MOMENTS)
RUN, CHK = "running", "checkin"
LIVE = ("mid_line", "wait", "hold", "checkin", "choice", "last_step")

# request -> {moment: the state after it}; at moments not listed the request is refused
# (returns False, and nothing changes).
TABLE: dict[str, dict[str, str]] = {
    "pause": {**dict.fromkeys(LIVE, "paused"), "debrief": "paused"},
    "resume": {"paused": RUN, "calm": RUN},
    "advance": {"mid_line": RUN, "wait": "hold", "checkin": "choice", "choice": RUN, "last_step": "debrief"},
    "continue_hold": {"hold": RUN, "debrief": "ended"},
    "next_chapter": {"mid_line": CHK, "wait": CHK, "hold": CHK, "checkin": RUN, "choice": RUN,
                     "last_step": "debrief", "paused": CHK},
    "previous_chapter": {**dict.fromkeys(LIVE, RUN), "last_step": CHK, "debrief": RUN, "paused": RUN},
    "replay_chapter": {**dict.fromkeys(LIVE, RUN), "checkin": CHK, "choice": CHK, "debrief": RUN, "paused": RUN},
    "calm": {**dict.fromkeys(LIVE, "calm"), "waiting": "calm", "debrief": "calm", "paused": "calm"},
    "leave_calm": {"calm": "paused"},
    "answer": {"checkin": "choice", "choice": RUN},
    "jump": {**dict.fromkeys(LIVE, RUN), "debrief": RUN, "paused": RUN},
}
ARGS: dict[str, tuple[object, ...]] = {"calm": ("console",), "answer": (1, "console"), "jump": ("three",)}


@pytest.mark.parametrize("request_name", list(TABLE))
@pytest.mark.parametrize("moment", ORDER)
def test_request_at_moment(moment: str, request_name: str) -> None:
    r = Rec(start=moment != "waiting")
    MOMENTS[moment](r)
    before = r.p.state
    mark = r.mark()
    want = TABLE[request_name].get(moment)
    ok = getattr(r.p, request_name)(*ARGS.get(request_name, ()))
    if want is None:
        assert ok is False, (moment, request_name)
        assert r.p.state == before and r.mark() == mark, "a refused request changes nothing"
        return
    assert ok is True, (moment, request_name)
    assert r.p.state == want, (moment, request_name, r.names(mark))
    opened = sum(isinstance(e, ev.LineStarted) for e in r.events)
    closed = sum(isinstance(e, ev.LineEnded) for e in r.events)
    assert opened - closed in (0, 1), "at most one line is open"
    assert (opened - closed == 1) == (r.p.current_line is not None)
    starts = sum(isinstance(e, ev.ChapterStarted) for e in r.events)
    ends = sum(isinstance(e, ev.ChapterEnded) for e in r.events)
    assert starts - ends in (0, 1), "chapters open and close in pairs"
    if r.p.state in ("running", "hold", "checkin", "choice"):
        assert starts - ends == 1
    if r.p.state in ("debrief", "ended"):
        assert starts - ends == 0
    r.run(200.0)  # whatever happened, the timeline still plays on to a stable state
    assert r.p.state in ("hold", "checkin", "choice", "debrief", "paused", "calm", "ended", "waiting")
