"""The OpenXR display backend: real headsets, controllers, the session lifecycle.

``probe()`` answers quickly whether a runtime with a headset is there (None) or
says why not in one line; ``OpenXRBackend`` implements the display contract.
See docs/runtimes.md for setting up SteamVR, Meta Quest Link and Monado/WiVRn.
"""

from ._backend import OpenXRBackend
from ._controls import Controls, HandInput, Haptic
from ._lifecycle import Action, Lifecycle, XrState
from ._runtime import XrRuntime, XrUnavailable, default_binding, probe, runtime_manifest
from ._swapchain import XrCallError, choose_format

__all__ = [
    "Action",
    "Controls",
    "HandInput",
    "Haptic",
    "Lifecycle",
    "OpenXRBackend",
    "XrCallError",
    "XrRuntime",
    "XrState",
    "XrUnavailable",
    "choose_format",
    "default_binding",
    "probe",
    "runtime_manifest",
]
