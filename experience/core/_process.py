"""A helper process for CPU-bound work that must not share the frame thread's GIL.

:class:`ProcessWorker` is one spawned child that runs picklable calls and hands
results back as futures, like a one-worker ``ProcessPoolExecutor``, with two
differences that matter here:

* every message on its pipes has content. ``ProcessPoolExecutor`` wakes its
  manager thread with zero-length messages, which Wine's pipes mishandle: the
  frozen Windows build hung there under Wine (docs/windows.md);
* the child holds only its own ends of the pipes, so it ends by itself when
  this process ends, however that happens (its next read gets end-of-file),
  instead of waiting forever.

Pickling and sending happen on a sender thread, never on the caller's (frame) thread.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any, TypeVar, TypeVarTuple

log = logging.getLogger(__name__)

_STOP = ("stop",)

R = TypeVar("R")
Ts = TypeVarTuple("Ts")


def _serve(requests: Connection, results: Connection) -> None:
    """The child's loop: run each call, send back its result or exception, until told or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; we end with it
    while True:
        try:
            msg = requests.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if msg == _STOP:
            return
        job, fn, args = msg
        try:
            reply: tuple[int, bool, object] = (job, True, fn(*args))
        except BaseException as exc:
            reply = (job, False, exc)
        try:
            results.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # the result or exception would not pickle
            results.send((job, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class ProcessWorker:
    """One child process (``spawn``) running calls in order.

    Args:
        name: the child's process name (shows in task managers).
    """

    def __init__(self, name: str = "empathy-vr-helper") -> None:
        ctx = multiprocessing.get_context("spawn")
        req_read, self._req_write = ctx.Pipe(duplex=False)
        self._res_read, res_write = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_serve, args=(req_read, res_write), name=name, daemon=True)
        self._proc.start()
        req_read.close()
        res_write.close()
        self._lock = threading.Lock()
        self._pending: dict[int, Future[Any]] = {}
        self._ids = itertools.count()
        self._outbox: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._broken: str | None = None
        self._sender = threading.Thread(target=self._send_loop, name=f"{name}-send", daemon=True)
        self._receiver = threading.Thread(target=self._receive_loop, name=f"{name}-receive", daemon=True)
        self._sender.start()
        self._receiver.start()

    @property
    def pid(self) -> int | None:
        return self._proc.pid

    def submit(self, fn: Callable[[*Ts], R], *args: *Ts) -> Future[R]:
        """Queue ``fn(*args)`` for the child; the future completes on the receiver thread.

        Raises:
            BrokenProcessPool: the child has died or the worker was shut down.
        """
        fut: Future[R] = Future()
        with self._lock:
            if self._broken is not None:
                raise BrokenProcessPool(self._broken)
            job = next(self._ids)
            self._pending[job] = fut
        self._outbox.put((job, fn, args))
        return fut

    def _send_loop(self) -> None:
        while True:
            msg = self._outbox.get()
            try:
                self._req_write.send(msg)
            except (EOFError, OSError) as exc:
                self._fail(f"the helper process stopped taking work ({exc})")
                return
            except Exception as exc:  # this call's arguments would not pickle: only it fails
                with self._lock:
                    fut = self._pending.pop(msg[0], None)
                if fut is not None:
                    fut.set_exception(exc)
                continue
            if msg == _STOP:
                return

    def _receive_loop(self) -> None:
        while True:
            try:
                job, ok, value = self._res_read.recv()
            except (EOFError, OSError):
                self._fail(f"the helper process ended (exit code {self._proc.exitcode})")
                return
            with self._lock:
                fut = self._pending.pop(job, None)
            if fut is None:
                continue
            if ok:
                fut.set_result(value)
            else:
                fut.set_exception(value)

    def _fail(self, why: str) -> None:
        with self._lock:
            if self._broken is None:
                self._broken = why
            pending, self._pending = self._pending, {}
        for fut in pending.values():
            if not fut.done():
                fut.set_exception(BrokenProcessPool(why))

    def shutdown(self, timeout: float = 2.0) -> None:
        """Ask the child to stop after its current call; end it if it doesn't within ``timeout``."""
        with self._lock:
            if self._broken is None:
                self._broken = "shut down"
        self._outbox.put(_STOP)
        self._proc.join(timeout)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout)
        self._fail("shut down")
