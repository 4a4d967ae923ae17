"""Plain pyopenxr (no Panda3D) through the real loader: lifecycle, pacing, report."""

from __future__ import annotations

import pytest
import xr

pytestmark = pytest.mark.xr


def test_300_frames_at_90hz(sim, client):
    s = sim(refresh_hz=90, pacing="free")
    client = client()
    props = xr.get_instance_properties(client.instance)
    assert props.runtime_name.decode().startswith("xrsim")
    client.open()
    seen = client.run(300)
    client.close()
    assert seen.frames_ended == 300
    assert seen.states[:5] == ["IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    assert set(seen.periods) == {11_111_111}
    steps = {b - a for a, b in zip(seen.display_times, seen.display_times[1:], strict=False)}
    assert steps == {11_111_111}
    report = s.report()
    assert report["frames"] == 300
    assert report["period_ms"] == pytest.approx(11.111, abs=0.01)
    assert report["missed_frames"] == 0
    assert [e["state"] for e in report["states"]] == [
        "IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    assert report["errors"] == []


@pytest.mark.parametrize("hz", [72, 120])
def test_other_refresh_rates(sim, client, hz):
    s = sim(refresh_hz=hz)
    c = client()
    c.open()
    seen = c.run(10)
    c.close()
    assert set(seen.periods) == {round(1e9 / hz)}
    assert s.report()["period_ms"] == pytest.approx(1000 / hz, abs=1e-4)
