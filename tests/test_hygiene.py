"""The code's own gates, in the suite: ruff, mypy (strict settings) and the layering contracts.

Settings live in pyproject.toml (``[tool.ruff]``, ``[tool.mypy]``, ``[tool.importlinter]``);
docs/architecture.md explains the layers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> None:
    exe = BIN / tool
    if not exe.exists():
        pytest.fail(f"{tool} is not installed in this environment: run scripts/bootstrap.sh test")
    proc = subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{tool} {' '.join(args)} found problems:\n{proc.stdout}\n{proc.stderr}"


def test_ruff_is_clean() -> None:
    _run("ruff", "check", ".")


def test_mypy_is_clean() -> None:
    _run("mypy")


def test_the_tests_type_check() -> None:
    """Every test body is checked (``check_untyped_defs``; the tests' settings are in pyproject.toml)."""
    _run("mypy", "--explicit-package-bases", "tests")


def test_the_layering_contracts_hold() -> None:
    _run("lint-imports")
