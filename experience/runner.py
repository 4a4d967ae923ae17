"""From command-line arguments to a running experience."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from .app import Experience, Settings, write_stats
from .content import ContentRoot
from .core import MonotonicClock
from .display import choose_mode
from .errors import UsageError
from .host import StopHandlers
from .requests import Kind, Request

log = logging.getLogger("empathy-vr")


def settings_from_args(args: argparse.Namespace) -> Settings:
    capture_at: tuple[float, ...] = ()
    if args.capture_at:
        try:
            capture_at = tuple(float(v) for v in args.capture_at.split(",") if v.strip())
        except ValueError:
            raise UsageError(f"--capture-at: expected seconds separated by commas, got {args.capture_at!r}") from None
    if args.no_console:
        console = None
    elif args.console:
        if not args.console.startswith(("ws://", "wss://")) and args.console != "local":
            raise UsageError(f"--console: expected ws://host:port or wss://host:port, got {args.console!r}")
        console = args.console
    else:
        console = None if args.mode == "headless" else "local"
    return Settings(
        mode=args.mode,
        experience=args.experience,
        tutorial=not args.no_tutorial,
        duration=args.duration,
        stats_json=args.stats_json,
        capture=args.capture,
        capture_every=args.capture_every,
        capture_at=capture_at,
        size=args.size,
        refresh=args.refresh,
        stereo=not args.mono,
        time_scale=args.time_scale,
        locale=args.locale,
        audio_locale=args.audio_locale,
        caption_locale=args.caption_locale,
        head_path=args.head_path,
        auto_continue=args.auto_continue,
        console=console,
        console_token=console_token(args),
        room_view=getattr(args, "room_view", None),
        extra={"hud": args.hud},
    )


TOKEN_ENV = "EMPATHY_VR_TOKEN"


def console_token(args: argparse.Namespace) -> str | None:
    """The hub's token: ``--token``, else ``--token-file``, else ``$EMPATHY_VR_TOKEN`` (None when none)."""
    if args.token:
        return str(args.token).strip()
    path = getattr(args, "token_file", None)
    if path:
        try:
            token = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--token-file: cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
        if not token:
            raise UsageError(f"--token-file: {path} is empty")
        return token
    return os.environ.get(TOKEN_ENV, "").strip() or None


def make_backend(settings: Settings, clock: Any) -> Any:
    """Pick and construct the backend (the only place that does)."""
    choice = choose_mode(settings.mode)
    if settings.mode == "auto":
        log.info("display: %s (%s)", choice.mode, choice.reason)
    if choice.mode == "headless":
        from .display import HeadlessBackend

        if settings.head_path not in ("still", "look-around"):
            raise UsageError(f"--head-path: unknown path {settings.head_path!r} (use still or look-around)")
        return HeadlessBackend(
            clock,
            eye_size=settings.size or (640, 360),
            refresh_hz=settings.refresh or 90.0,
            stereo=settings.stereo,
            capture_dir=settings.capture,
            capture_every=settings.capture_every,
            capture_times=settings.capture_at,
            head_path=settings.head_path,
        )
    if choice.mode == "desktop":
        from .display import DesktopBackend, has_display

        if not has_display():
            raise UsageError("no desktop display (DISPLAY is unset): use --mode headless, or run under Xvfb")
        return DesktopBackend(
            clock,
            size=settings.size or (1280, 720),
            refresh_hz=settings.refresh or 60.0,
            capture_dir=settings.capture,
            capture_every=settings.capture_every,
            capture_times=settings.capture_at,
            hud=bool(settings.extra.get("hud")),
        )
    from .display.openxr import OpenXRBackend

    return OpenXRBackend(clock, settings)


def _stop_requested(exp: Experience, why: str) -> None:
    # A POSIX signal handler runs on the main thread between two bytecodes, perhaps while the
    # frame loop holds the request queue's lock: hand the request over from another thread.
    log.info("stopping: %s", why)
    threading.Thread(target=exp.requests.put, args=(Request(Kind.QUIT, source="system"),), daemon=True).start()


def _headless_hint(exp: Experience) -> None:
    """When ``auto`` fell back to headless for an open-ended run, say how to steer and stop it."""
    if exp.settings.mode != "auto" or exp.backend.name != "headless" or exp.settings.duration is not None:
        return
    hub = getattr(exp.console, "hub", None)
    if hub is None:
        log.info("headless: nothing is shown on this machine and no console runs; Ctrl+C stops. "
                 "To look at frames: run --mode headless --duration 30 --capture shots/")
        return
    log.info("headless: nothing is shown on this machine; the session waits for the console above "
             "(consent, then Start). Open it in a browser here, or from another computer through "
             "`ssh -L %d:127.0.0.1:%d THIS-MACHINE` and the same address. Ctrl+C stops.", hub.port, hub.port)


def run_from_args(args: argparse.Namespace) -> int:
    content = ContentRoot.find(args.content)
    settings = settings_from_args(args)
    if settings.experience is None:
        ids = [i for i in content.experience_ids() if i not in ("tutorial", "example")]
        if not ids:
            raise UsageError(f"no experiences in {content.narratives}")
        preferred = [i for i in ("voices", "grey", "crowd", "placeholder") if i in ids]
        settings.experience = (preferred or ids)[0]
    else:
        content.narrative_path(settings.experience)  # unknown id → usage error
    clock = MonotonicClock()
    backend = make_backend(settings, clock)
    exp = Experience(settings, content, backend, clock)
    # SIGTERM/SIGHUP (POSIX) or the console window closing, logoff, shutdown (Windows): a clean
    # stop, at the first frame when it comes while the experience is still loading.
    handlers = StopHandlers(lambda why: _stop_requested(exp, why)).install()
    try:
        try:
            exp.start()
        except Exception:
            exp.stop()
            raise
        _headless_hint(exp)
        doc = exp.run()
    finally:
        handlers.uninstall()
    if settings.stats_json:
        write_stats(settings.stats_json, doc)
    f, c = doc["frame_ms"], doc["core_ms"]
    print(
        f"{doc['frames']} frames at {doc['refresh_hz']:.0f} Hz, missed {doc['missed_frames']}; "
        f"frame ms p50 {f['p50']:.2f} p99 {f['p99']:.2f}; core ms p50 {c['p50']:.2f} p99 {c['p99']:.2f}",
        file=sys.stderr,
    )
    return 0
