"""Pose conversion OpenXR → Panda3D, eye views, format choice, probe (no runtime needed)."""

from __future__ import annotations

import math

import pytest

from experience.display._geometry import quat_rotate
from experience.display.openxr import choose_format, probe, runtime_manifest
from experience.display.openxr._views import (
    quat_to_hpr,
    relative_pose,
    xr_pos_to_panda,
    xr_quat_to_panda,
)


def close(a, b, tol=1e-6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_axes() -> None:
    assert xr_pos_to_panda(1.0, 2.0, 3.0) == (1.0, -3.0, 2.0)
    # OpenXR forward (-Z) is Panda forward (+Y); up (+Y) is up (+Z)
    assert close(xr_pos_to_panda(0, 0, -1), (0, 1, 0))


def test_yaw_left_turns_heading_left() -> None:
    # 90° about OpenXR +Y (yaw to the left)
    a = math.radians(90) / 2
    q = xr_quat_to_panda(0.0, math.sin(a), 0.0, math.cos(a))
    assert close(quat_rotate(q, (0.0, 1.0, 0.0)), (-1.0, 0.0, 0.0))
    h, p, r = quat_to_hpr(q)
    assert abs(h - 90.0) < 1e-4 and abs(p) < 1e-4 and abs(r) < 1e-4
    from panda3d.core import LQuaternionf

    pq = LQuaternionf(*q)
    assert abs(pq.getHpr()[0] - 90.0) < 1e-3


def test_pitch_up() -> None:
    a = math.radians(30) / 2
    q = xr_quat_to_panda(math.sin(a), 0.0, 0.0, math.cos(a))  # about +X: looks up
    h, p, _ = quat_to_hpr(q)
    assert abs(p - 30.0) < 1e-4 and abs(h) < 1e-4


def test_relative_eye_pose_undoes_the_head() -> None:
    a = math.radians(40) / 2
    head_q = xr_quat_to_panda(0.0, math.sin(a), 0.0, math.cos(a))
    head_p = (0.2, 0.1, 1.6)
    local = (-0.032, 0.0, 0.0)
    rot = quat_rotate(head_q, local)
    eye_p = (head_p[0] + rot[0], head_p[1] + rot[1], head_p[2] + rot[2])
    off, q = relative_pose(head_p, head_q, eye_p, head_q)
    assert close(off, local) and close(q, (1.0, 0.0, 0.0, 0.0))


def test_format_choice_prefers_srgb_then_rgba8() -> None:
    assert choose_format([0x8058, 0x8C43, 0x881A]) == (0x8C43, True)
    assert choose_format([0x881A, 0x8058]) == (0x8058, False)
    with pytest.raises(ValueError, match="no colour swapchain format"):
        choose_format([0x81A6])


def test_probe_without_runtime_says_why_in_one_line(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("XR_RUNTIME_JSON", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "none"))
    if runtime_manifest()[0] is not None:
        pytest.skip("a system-wide OpenXR runtime is installed here")
    why = probe()
    assert why is not None and "\n" not in why
    assert why.startswith("no OpenXR runtime active")


def test_probe_with_a_missing_manifest(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XR_RUNTIME_JSON", str(tmp_path / "nope.json"))
    why = probe()
    assert why is not None and "missing file" in why
