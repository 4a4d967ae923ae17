"""Connecting an experience to the facilitator console: a local hub or a remote one."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from .presenters.console import ConsolePresenter

log = logging.getLogger("empathy-vr")

LOCAL_PORT = 8765


def console_presenter(url: str, token: str | None) -> ConsolePresenter | None:
    """Make the console presenter for ``url``.

    ``"local"`` starts a hub in this process on a background thread (port 8765,
    or any free port when that is taken) and prints its address, token and QR
    code; when the hub or its session record cannot start, the experience goes on
    without a console (one warning line) and this returns None. ``ws://host:port``
    joins a hub that runs elsewhere (``--token`` needed).
    """
    from .presenters.console import ConsolePresenter

    if url == "local":
        from facilitator import RecordError, announce, default_db_path, start_local_hub

        try:
            hub = start_local_hub(LOCAL_PORT, default_db_path())
        except (RecordError, OSError) as exc:  # the experience must still run for the participant
            log.warning("facilitator console not started: %s", exc)
            return None
        announce(hub)
        return ConsolePresenter(hub.ws_url, hub.token, hub=hub)
    if not token:
        raise UsageError("--console ws://... needs the hub's token: --token=TOKEN, --token-file FILE "
                         "or EMPATHY_VR_TOKEN (printed by `empathy-vr console`)")
    return ConsolePresenter(url, token)
