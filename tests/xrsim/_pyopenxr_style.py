"""A client written the way pyopenxr's own examples are: xr.utils.gl.ContextObject.

Usage: python -m tests.xrsim._pyopenxr_style {glfw|egl} FRAMES
It clears the left eye red and the right eye green, like pyopenxr's
"hello" examples clear to one colour, and knows nothing of the simulator.
"""

from __future__ import annotations

import sys

import xr
from OpenGL import GL
from xr.utils.gl import ContextObject


def provider(kind: str):  # type: ignore[no-untyped-def]
    if kind == "glfw":
        from xr.utils.gl.glfw_util import GLFWOffscreenContextProvider

        return GLFWOffscreenContextProvider()
    from xr.utils.gl.egl_util import EGLOffscreenContextProvider

    return EGLOffscreenContextProvider()


def main(kind: str, frames: int) -> int:
    extensions = [xr.KHR_OPENGL_ENABLE_EXTENSION_NAME]
    if kind == "egl":
        extensions.append(xr.MNDX_EGL_ENABLE_EXTENSION_NAME)
    with ContextObject(
        instance_create_info=xr.InstanceCreateInfo(enabled_extension_names=extensions),
        context_provider=provider(kind),
    ) as context:
        for frame_index, frame_state in enumerate(context.frame_loop()):
            if frame_index == frames:
                break
            for eye, _view in enumerate(context.view_loop(frame_state)):
                GL.glClearColor(*((1, 0, 0, 1) if eye == 0 else (0, 1, 0, 1)))
                GL.glClear(GL.GL_COLOR_BUFFER_BIT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
