"""Importing pyopenxr on every platform.

On Windows, ``import xr`` loads ``xr/api_layer/windows_x86_64/XrApiLayer_python.dll``,
which pyopenxr ships as a debug build: it needs Visual Studio's debug C runtime,
which a PC without Visual Studio doesn't have (and which may not be
redistributed), so the import fails there. That DLL only serves OpenXR API
layers written in Python, which this app never uses: when it won't load, a
stand-in module takes its place and the rest of pyopenxr works as usual.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import sys
import types
from pathlib import Path
from typing import NoReturn

log = logging.getLogger(__name__)

LAYER_MODULE = "xr.api_layer.raw_functions"


def load_xr() -> types.ModuleType:
    """``import xr``, after making sure it can load here. Raises what the import raises."""
    if "xr" not in sys.modules and sys.platform == "win32":
        reason = _python_layer_problem()
        if reason is not None:
            log.debug("pyopenxr's Python API-layer DLL does not load (%s); using a stand-in", reason)
            sys.modules.setdefault(LAYER_MODULE, _stand_in(reason))
    import xr

    return xr


def _python_layer_problem() -> str | None:
    """None when pyopenxr's Python API-layer DLL loads, else why not."""
    spec = importlib.util.find_spec("xr")
    if spec is None or spec.origin is None:
        return None  # no pyopenxr at all: the import says so
    dll = Path(spec.origin).parent / "api_layer" / "windows_x86_64" / "XrApiLayer_python.dll"
    if not dll.is_file():
        return f"{dll.name} is not there"
    try:
        ctypes.CDLL(str(dll))
    except OSError as exc:
        return str(exc)
    return None


def _stand_in(reason: str) -> types.ModuleType:
    module = types.ModuleType(LAYER_MODULE, "Stand-in for pyopenxr's Python API-layer DLL (not loadable here).")

    def unavailable(*_args: object, **_kwargs: object) -> NoReturn:
        raise RuntimeError(f"OpenXR API layers written in Python are not available here: {reason}")

    module.xrNegotiateLoaderApiLayerInterface = unavailable  # type: ignore[attr-defined]
    module.insertXrApiLayer = unavailable  # type: ignore[attr-defined]
    return module
