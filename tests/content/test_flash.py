"""The heartbeat in Crowd, rendered: never more than 3 general flashes a second.

The lint checks each effect cue on its own, and the scene tests try the
strongest cue of each effect in every scene. This plays Crowd's own timeline
(the panic and the grounding: pulse, vignette and fades together, with holds
and check-ins answered after a second) into the platform scene, renders every
frame and counts flashes as WCAG 2.x does (experience.scene.count_flashes).
It runs in a child process: one Panda3D window per process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

SCRIPT = r"""
import json, sys
import numpy as np
from experience import events as ev
from experience.content import ContentRoot
from experience.narrative import TimelinePlayer, load_narrative
from experience.scene import EFFECTS, count_flashes, relative_luminance
from experience.tools import SceneRenderer

FPS, AFTER = 30.0, 20.0
content = ContentRoot.find(None)
n = load_narrative(content.narrative_path("crowd"), content)
r = SceneRenderer((96, 72), stereo=False)
r.load("platform")
stack = r.enable_effects()
player = TimelinePlayer(n)
chapter = [""]

def on(e):
    if isinstance(e, ev.ChapterStarted):
        chapter[0] = e.chapter_id
        for name, info in EFFECTS.items():  # as the effects presenter does at each chapter start
            if name != "comfort_vignette":
                for p, par in info.params.items():
                    stack.set(name, p, par.neutral, over=1.0)
    elif isinstance(e, ev.Cue) and e.kind == "effect":
        stack.apply_cue(e.target, dict(e.params))

player.subscribe(on)
player.start()
dt, waited, frames, t_grounding, t = 1.0 / FPS, 0.0, [], None, 0.0
while player.state != "ended" and t < 1800:
    player.update(dt)
    t += dt
    if player.state in ("hold", "checkin", "choice"):
        waited += dt
        if waited >= 1.0:
            waited = 0.0
            player.proceed("test") if player.state == "hold" else player.answer(2, "test")
    if chapter[0] == "grounding" and t_grounding is None:
        t_grounding = t
    if t_grounding is not None and t - t_grounding > AFTER:
        break
    if r.instance is not None:
        r.instance.update(dt)
    stack.update(dt)
    if chapter[0] in ("alarm", "grounding"):
        r.push_effects()
        r.render()
        frames.append(relative_luminance(r.image()))
lum = [float(f.mean()) for f in frames]
print(json.dumps({"frames": len(frames), "flashes": count_flashes(frames, FPS),
                  "lum_min": min(lum), "lum_max": max(lum)}))
r.destroy()
"""


@pytest.mark.slow
def test_crowd_panic_and_grounding_do_not_flash():
    pytest.importorskip("experience.scene")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    assert res["frames"] > 30 * 60, res  # the panic and the start of the grounding, every frame
    assert res["lum_max"] - res["lum_min"] > 0.05, res  # the effects are visible
    assert res["flashes"] <= 3.0, res
