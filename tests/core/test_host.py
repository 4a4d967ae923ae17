"""Where the app's files and records are on each platform, and the helper process's life."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from experience import host
from experience.core import ProcessWorker


def test_records_live_in_the_users_own_data_folder() -> None:
    assert host.data_dir("win32", {"LOCALAPPDATA": r"C:\Users\ann\AppData\Local"}) == \
        Path(r"C:\Users\ann\AppData\Local") / "empathy-vr"
    assert host.data_dir("linux", {"XDG_DATA_HOME": "/home/ann/.data"}) == Path("/home/ann/.data/empathy-vr")
    assert host.data_dir("linux", {}) == Path.home() / ".local" / "share" / "empathy-vr"


def test_app_root_is_the_checkout_when_not_frozen() -> None:
    assert not host.FROZEN
    assert (host.app_root() / "narratives").is_dir()


def _fail() -> None:
    raise ValueError("nope")


def test_process_worker_runs_calls_in_order_and_passes_errors_back() -> None:
    w = ProcessWorker("test-helper")
    try:
        futures = [w.submit(pow, 2, i) for i in range(5)]  # back to back: no wake-up messages to lose
        assert [f.result(timeout=60) for f in futures] == [1, 2, 4, 8, 16]
        with pytest.raises(ValueError, match="nope"):
            w.submit(_fail).result(timeout=60)
        unpicklable = w.submit(pow, lambda: 0, 1)  # type: ignore[arg-type]  # its arguments can't be sent: only it fails
        with pytest.raises(Exception):  # noqa: B017 (pickle raises one of several types)
            unpicklable.result(timeout=60)
        assert w.submit(pow, 3, 2).result(timeout=60) == 9
    finally:
        w.shutdown()
    assert not w._proc.is_alive()


def test_process_worker_child_ends_when_its_parent_is_gone() -> None:
    w = ProcessWorker("test-helper")
    assert w.submit(int).result(timeout=60) == 0
    child = w.pid
    assert child is not None
    w._req_write.close()  # what the child sees when this process dies: end of file on its pipe
    w._proc.join(timeout=30)
    assert not w._proc.is_alive(), "the helper process outlived its parent's end of the pipe"
    with pytest.raises(OSError):
        os.kill(child, 0)


def test_stop_handlers_turn_sigterm_into_one_callback() -> None:
    seen: list[str] = []
    before = signal.getsignal(signal.SIGTERM)
    handlers = host.StopHandlers(seen.append).install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs before the next statement
        assert seen == ["SIGTERM"]
    finally:
        handlers.uninstall()
    assert signal.getsignal(signal.SIGTERM) == before


def test_the_first_ctrl_c_is_a_stop_request_and_a_second_interrupts() -> None:
    seen: list[str] = []
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT is not Python's default here")
    handlers = host.StopHandlers(seen.append).install()
    try:
        os.kill(os.getpid(), signal.SIGINT)
        assert seen == ["Ctrl+C"]  # asked to stop: the app ends the session through its normal path
        with pytest.raises(KeyboardInterrupt):  # a run that does not stop can still be interrupted
            os.kill(os.getpid(), signal.SIGINT)
            signal.getsignal(signal.SIGINT)  # the handler runs before the next statement
    finally:
        handlers.uninstall()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
