"""The general-flash counter on synthetic luminance sequences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from experience.scene import count_flashes, relative_luminance

FPS = 60


def frames(fn, seconds: float = 3.0, shape: tuple[int, int] = (12, 16)) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    return [fn(i / FPS, shape) for i in range(int(seconds * FPS))]


def full(level_fn):  # type: ignore[no-untyped-def]
    return lambda t, shape: np.full(shape, level_fn(t), np.float32)


@pytest.mark.parametrize("hz", [1, 2, 3, 5, 8])
def test_square_flicker_counts_its_frequency(hz: float) -> None:
    seq = frames(full(lambda t: 0.6 if (t * hz) % 1 < 0.5 else 0.1))
    assert count_flashes(seq, FPS) == hz


def test_smooth_flicker_is_caught_even_when_each_step_is_small() -> None:
    seq = frames(full(lambda t: 0.4 + 0.25 * math.sin(2 * math.pi * 4 * t)))
    assert count_flashes(seq, FPS) == 4


def test_small_changes_are_not_flashes() -> None:
    seq = frames(full(lambda t: 0.4 + 0.04 * math.sin(2 * math.pi * 10 * t)))
    assert count_flashes(seq, FPS) == 0


def test_changes_between_bright_states_are_not_flashes() -> None:
    seq = frames(full(lambda t: 0.85 if (t * 6) % 1 < 0.5 else 0.99))
    assert count_flashes(seq, FPS) == 0


def test_a_flicker_on_less_than_a_quarter_of_the_frame_is_not_a_general_flash() -> None:
    def fn(t: float, shape: tuple[int, int]) -> np.ndarray:
        a = np.full(shape, 0.3, np.float32)
        a[:2, :] = 0.9 if (t * 6) % 1 < 0.5 else 0.1  # 2 of 12 rows
        return a

    assert count_flashes(frames(fn), FPS) == 0


def test_a_slow_fade_out_and_in_is_no_flash_but_a_quick_one_is() -> None:
    slow = frames(full(lambda t: 0.5 * (1 + math.cos(2 * math.pi * t / 4))), seconds=4)
    assert count_flashes(slow, FPS) == 0
    quick = frames(full(lambda t: 0.5 * (1 + math.cos(2 * math.pi * min(t, 0.8) / 0.8))), seconds=2)
    assert count_flashes(quick, FPS) == 1


def test_rgb_frames_are_converted_to_relative_luminance() -> None:
    white = np.full((4, 4, 3), 255, np.uint8)
    assert relative_luminance(white) == pytest.approx(np.ones((4, 4)))
    seq = [white if (i // 10) % 2 else np.zeros_like(white) for i in range(FPS * 2)]
    assert count_flashes(seq, FPS) == 3
