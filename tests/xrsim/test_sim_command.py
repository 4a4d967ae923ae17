"""The `sim` subcommand: environment for a shell, and a whole experience run through it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.xr


def test_print_env(xrsim_manifest, tmp_path):
    done = run_cli("sim", "--print-env", "--refresh", "72", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    exports = dict(line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines())
    assert exports["XR_RUNTIME_JSON"] == str(xrsim_manifest)
    assert exports["XRSIM_REFRESH"] == "72"
    assert exports["XRSIM_REPORT"] == str(tmp_path / "xrsim-report.json")


def test_send_appends_to_the_control_file(tmp_path):
    assert run_cli("sim", "--send", "headset off", "--out", str(tmp_path)).returncode == 2
    (tmp_path / "xrsim-control.txt").write_text("")
    done = run_cli("sim", "--out", str(tmp_path), "--send", "headset off", "--send", "f90 exit")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "xrsim-control.txt").read_text() == "headset off\nf90 exit\n"


@pytest.mark.slow
def test_experience_runs_against_the_simulator(xrsim_manifest, tmp_path):
    done = run_cli("sim", "--pacing", "free", "--eye-size", "96x96", "--capture", "f5",
                   "--out", str(tmp_path), "--", "--experience", "placeholder", "--duration",
                   "0.5", "--no-console", "--no-tutorial", timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((tmp_path / "xrsim-report.json").read_text())
    states = [s["state"] for s in report["states"]]
    assert states[:5] == ["IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    assert report["frames"] >= 45
    assert report["errors"] == []
    assert len(report["captures"]) == 2
    assert "simulator:" in done.stderr
