"""OpenXR entry points for the frame path, returning plain ints.

pyopenxr's ``raw_functions`` convert every ``XrResult`` into an enum member,
which costs a few microseconds per call; the frame path makes about twenty
calls a frame. These are the same loader exports with ``restype`` int.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

RawCall = Callable[..., int]
"""A loader export called with ctypes arguments; returns the ``XrResult`` as an int."""

_cache: dict[str, RawCall] = {}


def raw(name: str) -> RawCall:
    """The loader's ``name`` with pyopenxr's argument types and an ``int`` result."""
    fn = _cache.get(name)
    if fn is None:
        import xr
        from xr.library import openxr_loader_library

        fn = openxr_loader_library[name]  # a new function object: pyopenxr's is left as it is
        fn.argtypes = getattr(xr.raw_functions, name).argtypes
        fn.restype = ctypes.c_int
        _cache[name] = fn
    return fn
