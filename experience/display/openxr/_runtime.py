"""Finding the OpenXR runtime, the instance and the headset (system).

:func:`probe` answers quickly whether a runtime with a headset is there, with
a one-line reason when not; :class:`XrRuntime` holds the instance, the system
and what the runtime offers, for the backend.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ._pyopenxr import load_xr

if TYPE_CHECKING:
    import xr

log = logging.getLogger(__name__)

APP_NAME = "empathy-vr"

GL_EXT = "XR_KHR_opengl_enable"
EGL_EXT = "XR_MNDX_egl_enable"
TIMESPEC_EXT = "XR_KHR_convert_timespec_time"
WIN32_TIME_EXT = "XR_KHR_win32_convert_performance_counter_time"


class XrUnavailable(Exception):
    """No usable OpenXR runtime or headset; the message is one line."""


def runtime_manifest() -> tuple[str | None, str]:
    """The active runtime manifest the loader will use, and where it came from.

    Follows the OpenXR loader's search: ``XR_RUNTIME_JSON``, then the XDG
    config folders (Linux) or the registry (Windows).
    """
    env = os.environ.get("XR_RUNTIME_JSON")
    if env:
        return env, "XR_RUNTIME_JSON"
    if sys.platform.startswith("win"):
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Khronos\OpenXR\1") as key:
                value, _ = winreg.QueryValueEx(key, "ActiveRuntime")
                return str(value), "registry"
        except OSError:
            return None, "registry"
    dirs = [os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")]
    dirs += (os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
    dirs.append("/etc")
    for d in dirs:
        p = Path(d) / "openxr" / "1" / "active_runtime.json"
        if p.is_file():
            return str(p), "active_runtime.json"
    return None, "active_runtime.json"


def runtime_label(manifest: str) -> str:
    """A short name for a runtime manifest (its ``name`` field or file stem)."""
    try:
        data = json.loads(Path(manifest).read_text(encoding="utf-8"))
        name = data.get("runtime", {}).get("name")
        if name:
            return str(name)
    except (OSError, ValueError, AttributeError):
        pass
    return Path(manifest).stem


def _err_name(exc: BaseException) -> str:
    """``XR_ERROR_...`` for a pyopenxr exception, else the exception's text."""
    import xr

    for code, cls in getattr(xr.exception, "_exception_map", {}).items():
        if type(exc) is cls:
            try:
                return f"XR_{xr.Result(code).name}"
            except ValueError:
                break
    return str(exc) or type(exc).__name__


def error_name(exc: BaseException) -> str:
    """Public form of :func:`_err_name` (for log lines)."""
    return _err_name(exc)


@dataclass
class XrRuntime:
    """An OpenXR instance with a head-mounted system.

    Attributes:
        instance: the ``xr.Instance``.
        system_id: the HMD system.
        runtime_name: e.g. ``SteamVR/OpenXR``.
        system_name: the headset's name.
        extensions: enabled instance extensions.
        binding: ``glx``, ``egl`` or ``wgl``.
    """

    instance: xr.Instance | None
    system_id: xr.SystemId
    runtime_name: str
    system_name: str
    extensions: list[str]
    binding: str
    offered: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, binding: str) -> XrRuntime:
        """Create the instance with the extensions ``binding`` needs and find the headset.

        Raises:
            XrUnavailable: no runtime, a runtime without the binding, or no headset.
        """
        manifest, source = runtime_manifest()
        if manifest is None:
            if sys.platform.startswith("win"):
                raise XrUnavailable("no OpenXR runtime active (XR_RUNTIME_JSON unset and none in the registry)")
            raise XrUnavailable("no OpenXR runtime active (XR_RUNTIME_JSON unset and no active_runtime.json)")
        if source == "XR_RUNTIME_JSON" and not Path(manifest).is_file():
            raise XrUnavailable(f"XR_RUNTIME_JSON points to a missing file: {manifest}")
        label = runtime_label(manifest)
        xr = load_xr()

        try:
            offered = {e.extension_name.decode() if isinstance(e.extension_name, bytes) else e.extension_name
                       for e in xr.enumerate_instance_extension_properties()}
        except Exception as exc:
            raise XrUnavailable(f"runtime {label!r} did not answer ({_err_name(exc)})") from None
        wanted: list[str] = []
        if binding == "egl":
            if EGL_EXT not in offered:
                raise XrUnavailable(f"runtime {label!r} does not offer {EGL_EXT} (needed without a desktop display)")
            wanted.append(EGL_EXT)
        if GL_EXT not in offered:
            raise XrUnavailable(f"runtime {label!r} does not offer OpenGL ({GL_EXT})")
        wanted.append(GL_EXT)
        for opt in (TIMESPEC_EXT if not sys.platform.startswith("win") else WIN32_TIME_EXT,):
            if opt in offered:
                wanted.append(opt)
        info = xr.InstanceCreateInfo(
            application_info=xr.ApplicationInfo(application_name=APP_NAME, application_version=1,
                                                engine_name="empathy-vr/panda3d", engine_version=1,
                                                api_version=xr.Version(1, 0, 0)),
            enabled_extension_names=wanted,
        )
        try:
            instance = xr.create_instance(info)
        except Exception as exc:
            raise XrUnavailable(f"runtime {label!r} refused an instance ({_err_name(exc)})") from None
        try:
            props = xr.get_instance_properties(instance)
            rname = props.runtime_name.decode() if isinstance(props.runtime_name, bytes) else str(props.runtime_name)
            label = rname or label
            system_id = xr.get_system(instance, xr.SystemGetInfo(form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY))
            sp = xr.get_system_properties(instance, system_id)
            sname = sp.system_name.decode() if isinstance(sp.system_name, bytes) else str(sp.system_name)
        except Exception as exc:
            _destroy(instance)
            if isinstance(exc, xr.FormFactorUnavailableError):
                raise XrUnavailable(f"runtime {label!r} has no headset connected ({_err_name(exc)})") from None
            raise XrUnavailable(f"runtime {label!r} has no usable headset ({_err_name(exc)})") from None
        return cls(instance, system_id, label, sname, wanted, binding, offered)

    def graphics_requirements(self) -> tuple[str, str]:
        """OpenGL version range the runtime asks for (must be queried before the session)."""
        import xr

        pfn = ctypes.cast(xr.get_instance_proc_addr(self.instance, "xrGetOpenGLGraphicsRequirementsKHR"),
                          xr.PFN_xrGetOpenGLGraphicsRequirementsKHR)
        req = xr.GraphicsRequirementsOpenGLKHR()
        res = pfn(self.instance, self.system_id, ctypes.byref(req))
        if int(res) < 0:  # the PFN returns XrResult as a plain int
            raise XrUnavailable("xrGetOpenGLGraphicsRequirementsKHR failed")
        return (_version(req.min_api_version_supported), _version(req.max_api_version_supported))

    def destroy(self) -> None:
        """Destroy the instance (safe to call twice).

        SteamVR on Linux hangs in xrDestroyInstance (ValveSoftware/SteamVR-for-Linux#422),
        so there the instance is left for process exit to clean up.
        """
        if self.instance is not None:
            if sys.platform.startswith("linux") and "steamvr" in self.runtime_name.lower():
                log.debug("not destroying the SteamVR instance on Linux (it hangs there)")
            else:
                _destroy(self.instance)
            self.instance = None


def _version(v: int) -> str:
    n = int(v)
    return f"{n >> 48}.{(n >> 32) & 0xFFFF}"


def _destroy(instance: xr.Instance) -> None:
    import xr

    try:
        xr.destroy_instance(instance)
    except Exception as exc:  # a runtime that fails to clean up must not stop us
        log.warning("xrDestroyInstance failed: %s", _err_name(exc))


def probe(binding: str | None = None) -> str | None:
    """None when an OpenXR runtime with a headset answers, else the one-line reason.

    Args:
        binding: ``glx``/``egl``/``wgl``; default: what this machine would use.
    """
    if binding is None:
        binding = default_binding()
    try:
        load_xr()
    except Exception as exc:
        return f"pyopenxr not usable ({exc})"
    _drop_probed()  # the loader allows one instance at a time
    try:
        rt = XrRuntime.open(binding)
    except XrUnavailable as exc:
        return str(exc)
    global _PROBED
    _PROBED = rt  # the backend adopts it: some runtimes are slow to start twice
    atexit.register(_drop_probed)
    return None


_PROBED: XrRuntime | None = None


def take_probed(binding: str) -> XrRuntime | None:
    """The runtime a successful :func:`probe` opened for ``binding``, handed over once."""
    global _PROBED
    rt, _PROBED = _PROBED, None
    if rt is not None and rt.binding != binding:
        rt.destroy()
        return None
    return rt


def _drop_probed() -> None:
    global _PROBED
    if _PROBED is not None:
        _PROBED.destroy()
        _PROBED = None


def default_binding() -> str:
    """``wgl`` on Windows; ``glx`` with an X display; else ``egl`` (offscreen)."""
    if sys.platform.startswith("win"):
        return "wgl"
    return "glx" if os.environ.get("DISPLAY") else "egl"
