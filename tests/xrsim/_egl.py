"""A headless OpenGL context over EGL (Mesa surfaceless), with a few GL calls, via ctypes."""

from __future__ import annotations

import ctypes
from ctypes import c_int32, c_uint32, c_void_p
from typing import Any

EGL_PLATFORM_SURFACELESS_MESA = 0x31DD
EGL_OPENGL_API = 0x30A2
EGL_NONE = 0x3038
EGL_RENDERABLE_TYPE = 0x3040
EGL_OPENGL_BIT = 0x0008
EGL_SURFACE_TYPE = 0x3033
EGL_CONTEXT_MAJOR_VERSION = 0x3098
EGL_CONTEXT_MINOR_VERSION = 0x30FB
EGL_CONTEXT_OPENGL_PROFILE_MASK = 0x30FD
EGL_CONTEXT_OPENGL_COMPATIBILITY_PROFILE_BIT = 0x0002

GL_FRAMEBUFFER = 0x8D40
GL_COLOR_ATTACHMENT0 = 0x8CE0
GL_TEXTURE_2D = 0x0DE1
GL_COLOR_BUFFER_BIT = 0x4000


class EglContext:
    """Creates and makes current a GL context without any surface or window."""

    def __init__(self) -> None:
        self.lib = ctypes.CDLL("libEGL.so.1")
        lib = self.lib
        lib.eglGetProcAddress.restype = c_void_p
        lib.eglGetProcAddress.argtypes = [ctypes.c_char_p]
        get_platform_display = ctypes.CFUNCTYPE(c_void_p, c_uint32, c_void_p, c_void_p)(
            lib.eglGetProcAddress(b"eglGetPlatformDisplayEXT"))
        self.display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, None, None)
        if not self.display:
            raise RuntimeError("no EGL surfaceless display")
        lib.eglInitialize.argtypes = [c_void_p, c_void_p, c_void_p]
        if not lib.eglInitialize(self.display, None, None):
            raise RuntimeError("eglInitialize failed")
        lib.eglBindAPI(EGL_OPENGL_API)
        attrs = (c_int32 * 5)(EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, 0, EGL_NONE)
        config = c_void_p()
        count = c_int32()
        lib.eglChooseConfig.argtypes = [c_void_p, c_void_p, c_void_p, c_int32, c_void_p]
        if not lib.eglChooseConfig(self.display, attrs, ctypes.byref(config), 1,
                                   ctypes.byref(count)) or count.value < 1:
            raise RuntimeError("no EGL config")
        self.config = config.value
        ctx_attrs = (c_int32 * 7)(EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                  EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                  EGL_CONTEXT_OPENGL_COMPATIBILITY_PROFILE_BIT, EGL_NONE)
        lib.eglCreateContext.restype = c_void_p
        lib.eglCreateContext.argtypes = [c_void_p, c_void_p, c_void_p, c_void_p]
        self.context = lib.eglCreateContext(self.display, self.config, None, ctx_attrs)
        if not self.context:
            raise RuntimeError("eglCreateContext failed")
        lib.eglMakeCurrent.argtypes = [c_void_p, c_void_p, c_void_p, c_void_p]
        lib.eglDestroyContext.argtypes = [c_void_p, c_void_p]
        lib.eglTerminate.argtypes = [c_void_p]
        self.make_current()
        self.get_proc_address: int = ctypes.cast(lib.eglGetProcAddress, c_void_p).value or 0
        self._gl: dict[str, Any] = {}
        self._fbo = c_uint32(0)

    def make_current(self) -> None:
        if not self.lib.eglMakeCurrent(self.display, None, None, self.context):
            raise RuntimeError("eglMakeCurrent failed")

    def gl(self, name: str, restype: Any, *argtypes: Any) -> Any:
        """Returns a GL function resolved through eglGetProcAddress."""
        if name not in self._gl:
            addr = self.lib.eglGetProcAddress(name.encode())
            self._gl[name] = ctypes.CFUNCTYPE(restype, *argtypes)(addr)
        return self._gl[name]

    def clear_texture(self, texture: int, width: int, height: int,
                      rgba: tuple[float, float, float, float], layer: int | None = None) -> None:
        """Fills a texture (or one layer of an array texture) with one colour via a framebuffer."""
        if not self._fbo.value:
            self.gl("glGenFramebuffers", None, c_int32, c_void_p)(1, ctypes.byref(self._fbo))
        bind = self.gl("glBindFramebuffer", None, c_uint32, c_uint32)
        bind(GL_FRAMEBUFFER, self._fbo.value)
        if layer is None:
            self.gl("glFramebufferTexture2D", None, c_uint32, c_uint32, c_uint32, c_uint32,
                    c_int32)(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0)
        else:
            self.gl("glFramebufferTextureLayer", None, c_uint32, c_uint32, c_uint32, c_int32,
                    c_int32)(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, texture, 0, layer)
        self.gl("glViewport", None, c_int32, c_int32, c_int32, c_int32)(0, 0, width, height)
        f = ctypes.c_float
        self.gl("glClearColor", None, f, f, f, f)(*rgba)
        self.gl("glClear", None, c_uint32)(GL_COLOR_BUFFER_BIT)
        bind(GL_FRAMEBUFFER, 0)
        self.gl("glFinish", None)()

    def close(self) -> None:
        self.lib.eglMakeCurrent(self.display, None, None, None)
        self.lib.eglDestroyContext(self.display, self.context)

