"""The people's animation one frame ahead, on its own thread, while the frame thread draws.

The frame thread hands the next frame's animation step to :class:`AheadThread` right
before the GL draw (:meth:`AheadThread.start`), and takes the result at the next
frame's update (:meth:`AheadThread.wait`). Panda3D releases the GIL while it draws,
so the step (numpy over every person, no Panda3D calls) runs beside the draw
instead of in the frame's own time. Whoever changes the animation's state (a cue, a
line starting) waits first, so the step never sees a half-made change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class AheadThread:
    """One worker thread that runs one job at a time, started and awaited by the frame thread.

    Args:
        name: the thread's name (in logs and debuggers).
    """

    def __init__(self, name: str = "people-ahead") -> None:
        self.name = name
        self._go = threading.Event()
        self._done = threading.Event()
        self._done.set()
        self._job: Callable[[], None] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self.last_ms = 0.0
        """How long the last job ran, in milliseconds (for the frame statistics)."""
        self.jobs = 0

    @property
    def busy(self) -> bool:
        """A job was started and has not finished yet."""
        return not self._done.is_set()

    def start(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the thread now (the previous one must be finished: :meth:`wait` first)."""
        if self._closed:
            raise RuntimeError(f"{self.name} is closed")
        if not self._done.is_set():
            raise RuntimeError(f"{self.name}: a job is still running")
        if self._thread is None:
            self._thread = threading.Thread(target=self._main, name=self.name, daemon=True)
            self._thread.start()
        self._job = job
        self._done.clear()
        self._go.set()

    def wait(self) -> None:
        """Until the started job (if any) has finished; raises what it raised."""
        if not self._done.is_set():
            self._done.wait()
        err = self._error
        if err is not None:
            self._error = None
            raise err

    def close(self, timeout: float = 2.0) -> None:
        """Finish the running job and end the thread."""
        self._closed = True
        self._go.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _main(self) -> None:
        while True:
            self._go.wait()
            self._go.clear()
            if self._closed:
                self._done.set()
                return
            job, self._job = self._job, None
            t0 = time.perf_counter()
            try:
                if job is not None:
                    job()
            except BaseException as exc:  # handed to the frame thread at wait()
                self._error = exc
            finally:
                self.last_ms = (time.perf_counter() - t0) * 1000.0
                self.jobs += 1
                self._done.set()
