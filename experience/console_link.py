"""Hook used by the runner: attach the facilitator console (see presenters.console)."""

from .presenters.console import ConsolePresenter, attach_console

__all__ = ["ConsolePresenter", "attach_console"]
