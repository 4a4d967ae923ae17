"""OpenGL through ctypes: the current context as an OpenXR graphics binding, and a few GL calls.

Panda3D owns the GL context. OpenXR needs its handles (GLX, EGL or WGL) to
create a session, and the backend needs three GL entry points per frame
(copy an image, attach a texture to the bound framebuffer, query a binding).
They are resolved once through the platform's ``GetProcAddress`` and called
with plain integers, so nothing is allocated per frame.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from dataclasses import dataclass

GL_TEXTURE_2D = 0x0DE1
GL_FRAMEBUFFER_SRGB = 0x8DB9
GL_DRAW_FRAMEBUFFER = 0x8CA9
GL_DRAW_FRAMEBUFFER_BINDING = 0x8CA6
GL_COLOR_ATTACHMENT0 = 0x8CE0
GL_TEXTURE_BINDING_2D = 0x8069

GL_FORMAT_NAMES: dict[int, str] = {
    0x8C43: "SRGB8_ALPHA8",
    0x8C41: "SRGB8",
    0x8058: "RGBA8",
    0x8051: "RGB8",
    0x8059: "RGB10_A2",
    0x881A: "RGBA16F",
    0x881B: "RGB16F",
    0x8C3A: "R11F_G11F_B10F",
    0x8814: "RGBA32F",
    0x81A5: "DEPTH_COMPONENT16",
    0x81A6: "DEPTH_COMPONENT24",
    0x8CAC: "DEPTH_COMPONENT32F",
    0x88F0: "DEPTH24_STENCIL8",
}

SRGB_FORMATS = frozenset({0x8C43, 0x8C41})
COLOR_PREFERENCE: tuple[int, ...] = (0x8C43, 0x8C41, 0x8058, 0x8051, 0x8059, 0x881A)
"""Colour formats we can fill, best first: sRGB (8-bit, matches what Panda3D writes) first."""

# EGL / GLX / WGL constants
_EGL_CONFIG_ID = 0x3028
_EGL_NONE = 0x3038
_GLX_FBCONFIG_ID = 0x8013
_GLX_SCREEN = 0x800C
_GLX_VISUAL_ID = 0x800B


def _load(*names: str) -> ctypes.CDLL | None:
    for n in names:
        path = ctypes.util.find_library(n) or n
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


@dataclass
class ContextHandles:
    """The handles of the GL context that is current on this thread.

    Attributes:
        platform: ``glx``, ``egl`` or ``wgl``.
        handles: platform handles as integers (display, context, config, drawable, ...).
    """

    platform: str
    handles: dict[str, int]


def capture_current(platform: str) -> ContextHandles:
    """Read the current context's handles (call with Panda3D's context current).

    Raises:
        RuntimeError: no context is current, or the platform library is missing.
    """
    if platform == "egl":
        egl = _load("EGL", "libEGL.so.1")
        if egl is None:
            raise RuntimeError("libEGL not found")
        egl.eglGetCurrentDisplay.restype = ctypes.c_void_p
        egl.eglGetCurrentContext.restype = ctypes.c_void_p
        dpy = egl.eglGetCurrentDisplay()
        ctx = egl.eglGetCurrentContext()
        if not ctx:
            raise RuntimeError("no EGL context is current")
        cfg_id = ctypes.c_int(0)
        egl.eglQueryContext.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
                                        ctypes.POINTER(ctypes.c_int)]
        egl.eglQueryContext(ctypes.c_void_p(dpy), ctypes.c_void_p(ctx), _EGL_CONFIG_ID, ctypes.byref(cfg_id))
        config = 0
        if cfg_id.value:
            attribs = (ctypes.c_int * 3)(_EGL_CONFIG_ID, cfg_id.value, _EGL_NONE)
            out = ctypes.c_void_p()
            n = ctypes.c_int(0)
            egl.eglChooseConfig.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                            ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
            if egl.eglChooseConfig(ctypes.c_void_p(dpy), attribs, ctypes.byref(out), 1, ctypes.byref(n)) and n.value:
                config = out.value or 0
        return ContextHandles("egl", {"display": dpy or 0, "context": ctx, "config": config})
    if platform == "glx":
        gl = _load("GL", "libGL.so.1")
        if gl is None:
            raise RuntimeError("libGL not found")
        for fn in ("glXGetCurrentDisplay", "glXGetCurrentContext", "glXGetCurrentDrawable"):
            getattr(gl, fn).restype = ctypes.c_void_p
        dpy = gl.glXGetCurrentDisplay()
        ctx = gl.glXGetCurrentContext()
        drawable = gl.glXGetCurrentDrawable()
        if not ctx or not dpy:
            raise RuntimeError("no GLX context is current")
        gl.glXQueryContext.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
        fb_id, screen = ctypes.c_int(0), ctypes.c_int(0)
        gl.glXQueryContext(ctypes.c_void_p(dpy), ctypes.c_void_p(ctx), _GLX_FBCONFIG_ID, ctypes.byref(fb_id))
        gl.glXQueryContext(ctypes.c_void_p(dpy), ctypes.c_void_p(ctx), _GLX_SCREEN, ctypes.byref(screen))
        fbconfig, visualid = 0, 0
        gl.glXChooseFBConfig.restype = ctypes.POINTER(ctypes.c_void_p)
        gl.glXChooseFBConfig.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int),
                                         ctypes.POINTER(ctypes.c_int)]
        attribs = (ctypes.c_int * 3)(_GLX_FBCONFIG_ID, fb_id.value, 0)
        n = ctypes.c_int(0)
        configs = gl.glXChooseFBConfig(ctypes.c_void_p(dpy), screen.value, attribs, ctypes.byref(n))
        if configs and n.value:
            fbconfig = configs[0] or 0
            vid = ctypes.c_int(0)
            gl.glXGetFBConfigAttrib.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
                                                ctypes.POINTER(ctypes.c_int)]
            gl.glXGetFBConfigAttrib(ctypes.c_void_p(dpy), ctypes.c_void_p(fbconfig), _GLX_VISUAL_ID,
                                    ctypes.byref(vid))
            visualid = vid.value
        return ContextHandles("glx", {"display": dpy, "context": ctx, "drawable": drawable or 0,
                                      "fbconfig": fbconfig, "visualid": visualid})
    if platform == "wgl":
        wgl = ctypes.WinDLL("opengl32")  # type: ignore[attr-defined]
        wgl.wglGetCurrentDC.restype = ctypes.c_void_p
        wgl.wglGetCurrentContext.restype = ctypes.c_void_p
        hdc, hglrc = wgl.wglGetCurrentDC(), wgl.wglGetCurrentContext()
        if not hglrc:
            raise RuntimeError("no WGL context is current")
        return ContextHandles("wgl", {"hdc": hdc, "hglrc": hglrc})
    raise RuntimeError(f"unknown GL platform {platform!r}")


def make_binding(handles: ContextHandles) -> tuple[ctypes.Structure, list[object]]:
    """The ``XrGraphicsBinding*`` structure for ``handles`` and objects to keep alive with it."""
    import xr

    h = handles.handles
    if handles.platform == "egl":
        egl = _load("EGL", "libEGL.so.1")
        assert egl is not None
        proc = ctypes.cast(egl.eglGetProcAddress, ctypes.c_void_p).value
        gpa = ctypes.cast(ctypes.c_void_p(proc), xr.PFN_xrEglGetProcAddressMNDX)
        binding = xr.GraphicsBindingEGLMNDX(get_proc_address=gpa)
        _set_ptr(binding, "display", h["display"])
        _set_ptr(binding, "config", h["config"])
        _set_ptr(binding, "context", h["context"])
        return binding, [egl, gpa]
    if handles.platform == "glx":
        binding = xr.GraphicsBindingOpenGLXlibKHR()
        _set_ptr(binding, "x_display", h["display"])
        binding.visualid = h["visualid"]
        _set_ptr(binding, "glx_fbconfig", h["fbconfig"])
        _set_ptr(binding, "glx_drawable", h["drawable"])
        _set_ptr(binding, "glx_context", h["context"])
        return binding, []
    binding = xr.GraphicsBindingOpenGLWin32KHR()
    _set_ptr(binding, "h_dc", h["hdc"])
    _set_ptr(binding, "h_glrc", h["hglrc"])
    return binding, []


def _set_ptr(struct: ctypes.Structure, name: str, value: int) -> None:
    """Write a pointer-sized integer into a field, whatever ctypes type the binding uses."""
    field = getattr(type(struct), name)
    size = field.size
    ctype = ctypes.c_uint64 if size == 8 else ctypes.c_uint32
    ctypes.memmove(ctypes.addressof(struct) + field.offset, ctypes.byref(ctype(value or 0)), size)


class GLFunctions:
    """The few GL entry points the backend calls per frame, resolved once."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        get = _proc_loader(platform)
        u, i = ctypes.c_uint, ctypes.c_int
        self.copy_image = ctypes.CFUNCTYPE(None, u, u, i, i, i, i, u, u, i, i, i, i, i, i, i)(
            get(b"glCopyImageSubData"))
        self.framebuffer_texture_2d = ctypes.CFUNCTYPE(None, u, u, u, u, i)(get(b"glFramebufferTexture2D"))
        self.get_integerv = ctypes.CFUNCTYPE(None, u, ctypes.POINTER(ctypes.c_int))(get(b"glGetIntegerv"))
        self.enable = ctypes.CFUNCTYPE(None, u)(get(b"glEnable"))
        self.disable = ctypes.CFUNCTYPE(None, u)(get(b"glDisable"))
        self.flush = ctypes.CFUNCTYPE(None)(get(b"glFlush"))
        self.finish = ctypes.CFUNCTYPE(None)(get(b"glFinish"))
        self._int = ctypes.c_int(0)
        self._int_ref = ctypes.byref(self._int)

    def get_int(self, pname: int) -> int:
        self.get_integerv(pname, self._int_ref)
        return self._int.value

    def copy_texture(self, src: int, dst: int, width: int, height: int) -> None:
        """Copy level 0 of texture ``src`` into texture ``dst`` (same size class)."""
        self.copy_image(src, GL_TEXTURE_2D, 0, 0, 0, 0, dst, GL_TEXTURE_2D, 0, 0, 0, 0, width, height, 1)


def _proc_loader(platform: str) -> Callable[[bytes], int]:
    if platform == "egl":
        lib = _load("EGL", "libEGL.so.1")
        assert lib is not None
        fn = lib.eglGetProcAddress
    elif platform == "glx":
        lib = _load("GL", "libGL.so.1")
        assert lib is not None
        fn = lib.glXGetProcAddressARB
    else:
        lib = ctypes.WinDLL("opengl32")  # type: ignore[attr-defined]
        wgl_get = lib.wglGetProcAddress
        wgl_get.restype = ctypes.c_void_p
        wgl_get.argtypes = [ctypes.c_char_p]

        def get_win(name: bytes) -> int:
            addr = wgl_get(name)
            if not addr:  # GL 1.1 functions come from opengl32.dll itself
                addr = ctypes.cast(getattr(lib, name.decode()), ctypes.c_void_p).value
            return int(addr or 0)

        return get_win
    fn.restype = ctypes.c_void_p
    fn.argtypes = [ctypes.c_char_p]

    def get(name: bytes) -> int:
        addr = fn(name)
        if not addr:
            raise RuntimeError(f"GL function {name.decode()} not available")
        return int(addr)

    return get
