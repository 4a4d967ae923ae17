"""The small motions that make people look alive, as arrays over everyone.

Blinks every 2 to 8 s (now and then a double blink), saccades, look-aways from
eye contact, glances at whoever starts speaking, listeners' nods, breathing,
weight shifts, and while someone speaks: the mouth, nods, brows and hand
gestures. :class:`Motion` updates all of it in place (no allocation per frame).
"""

from __future__ import annotations

import math

import numpy as np

IDLE = {"breathe": 0, "shift": 1, "talk": 2, "still": 3}
BLINK_CLOSE, BLINK_HOLD, BLINK_OPEN = 0.07, 0.04, 0.15
DOUBLE_BLINK = 0.1
"""Share of blinks followed by a second one 0.3 s later."""


class Motion:
    """Per-person timers and motion channels (all numpy arrays of length ``n``).

    Timers are absolute times, and the earliest of each kind is kept as a plain
    float, so a frame in which nothing is due costs one comparison per kind;
    what only changes at those moments (look-aways, glances) is recomputed then.
    """

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.t = 0.0
        rng = np.random.default_rng(seed)
        self.rnd = rng.random(n)
        self.phase = rng.random(n) * 2 * math.pi
        self.idle = np.zeros(n, np.int8)
        self.lid = np.zeros(n)
        self.blink_start = np.full(n, -1e3)
        self.next_blink = rng.uniform(0.3, 4.0, n)
        self.blinks = np.zeros(n, np.int64)
        self.saccade = np.zeros((n, 2))
        self.next_sacc = rng.uniform(0.1, 1.0, n)
        self.away = np.zeros((n, 2))
        self.away_dir = np.zeros((n, 2))
        self.aside = np.stack([np.where(rng.random(n) < 0.5, -0.75, 0.75), np.full(n, -0.12)], axis=1)
        self.away_phase = np.zeros(n, bool)
        self.phase_end = rng.uniform(1.5, 4.5, n)
        self.glancing = np.zeros(n, bool)
        self.glance_point = np.zeros((n, 3))
        self.glance_start = np.zeros(n)
        self.glance_end = np.zeros(n)
        self.mouth = np.zeros(n)
        self.round = np.zeros(n)
        self.level = np.zeros(n)  # the speaker's slow loudness, for nods and gestures
        self.nod = np.zeros(n)
        self.nod_start = np.full(n, -1e3)
        self.next_nod = rng.uniform(2.0, 6.0, n)
        self.brow = np.zeros(n)
        self.breath_rate = 2 * math.pi / rng.uniform(3.6, 4.8, n)
        # Every slow oscillation at once: row k is sin(rate[k] * t + offset[k]) per person.
        two_pi = 2 * math.pi
        rates = [0.13, 0.21, None, 0.8, 0.27, two_pi * 1.6, 4.1, two_pi * 0.45, two_pi * 0.45]
        self._rate = np.stack([self.breath_rate if r is None else np.full(n, r) for r in rates])
        offs = [self.phase, 2 * self.phase, self.phase, self.phase, self.phase, self.phase, self.phase,
                self.phase, self.phase + math.pi]
        self._offs = np.stack(offs)
        self.osc = np.zeros_like(self._rate)
        # Rows 0-4 scaled (gain per idle kind) into the resting gaze, breathing, weight shift and tilt.
        self._gain = np.zeros((5, n))
        self._bias = np.zeros((5, n))
        self._bias[1] = -0.08
        self._idle_rows = np.zeros((5, n))
        self.rest = self._idle_rows[0:2].T
        self.breath, self.sway, self.tilt = self._idle_rows[2], self._idle_rows[3], self._idle_rows[4]
        self._talk = np.zeros(n)  # 1 where the idle is 'talk'
        self._gest = np.zeros((2, n))
        self.gesture = self._gest.T
        self._s = [np.zeros(n) for _ in range(6)]
        self._s2 = np.zeros((2, n))
        self._m = [np.zeros(n, bool) for _ in range(4)]
        self.mode = np.ones(n, np.int8)
        self._blink_due = float(self.next_blink.min()) if n else math.inf
        self._lid_until = -1.0
        self._sacc_due = float(self.next_sacc.min()) if n else math.inf
        self._phase_due = float(self.phase_end.min()) if n else math.inf
        self._glance_until = -1.0
        self._nod_until = -1.0
        self._nod_due = -math.inf
        self._nod_speaker = -1
        self._away_dirty = True
        for i in range(n):
            self.set_idle(i, 0)

    # -- the random source: a chaotic map per person, advanced in place -------
    def _advance(self, where: np.ndarray) -> None:
        r = self.rnd
        np.multiply(r, 7.31, out=r, where=where)
        np.add(r, 0.318, out=r, where=where)
        np.mod(r, 1.0, out=r, where=where)

    # -- events ------------------------------------------------------------------
    def set_idle(self, i: int, code: int) -> None:
        """Person ``i``'s idle motion (a value of :data:`IDLE`)."""
        self.idle[i] = code
        self._gain[:, i] = (0.22, 0.05, 0.0 if code == IDLE["still"] else 1.0,
                            0.02 if code == IDLE["shift"] else 0.0, 0.035)
        self._talk[i] = 1.0 if code == IDLE["talk"] else 0.0

    def reset_attention(self, i: int, mode: str, code: int) -> None:
        """A new gaze for person ``i`` (``code``: its value in the crowd's modes): eye contact
        starts now ('glance': after a while)."""
        glance = mode == "glance"
        self.mode[i] = code
        self.away_phase[i] = glance
        self.phase_end[i] = self.t + ((1.0 + 6.0 * self.rnd[i]) if glance else 3.0 + 2.0 * self.rnd[i])
        self._phase_due = min(self._phase_due, float(self.phase_end[i]))
        self.glancing[i] = False
        self.glance_end[i] = -1.0
        self._away_dirty = True

    def someone_speaks(self, i: int, heads: np.ndarray) -> None:
        """Person ``i`` starts to speak: others glance at them (soon, for a moment)."""
        t = self.t
        for j in range(self.n):
            if j == i:
                self.glance_end[j] = -1.0
                continue
            r = float(self.rnd[j])
            if r < 0.7:
                self.glance_point[j] = heads[i]
                self.glance_start[j] = t + 0.15 + 0.45 * r
                self.glance_end[j] = self.glance_start[j] + 1.0 + 2.2 * ((r * 3.7) % 1.0)
                self._glance_until = max(self._glance_until, float(self.glance_end[j]))
        self._advance(np.ones(self.n, bool))

    # -- per frame -----------------------------------------------------------------
    def step(self, dt: float, t: float) -> None:
        """Blinks, saccades, look-aways, glances and idle motion (not speech)."""
        self.t = t
        s = self._s
        if t >= self._blink_due:
            self._blink(t)
        if t < self._lid_until:
            np.subtract(t, self.blink_start, out=s[0])
            np.subtract(BLINK_CLOSE + BLINK_HOLD + BLINK_OPEN, s[0], out=s[1])
            np.multiply(s[0], 1.0 / BLINK_CLOSE, out=s[0])
            np.multiply(s[1], 1.0 / BLINK_OPEN, out=s[1])
            np.minimum(s[0], s[1], out=self.lid)
            np.maximum(self.lid, 0.0, out=self.lid)
            np.minimum(self.lid, 1.0, out=self.lid)
        elif self._lid_until > -1.0:
            self.lid.fill(0.0)
            self._lid_until = -1.0
        if t >= self._sacc_due:
            self._saccades(t)
        if t >= self._phase_due:
            self._look_aways(t)
        if self._glance_until > -1.0:
            # Glances at a speaker: after a short delay, for a moment (only people not cued elsewhere).
            m = self._m
            np.greater_equal(t, self.glance_start, out=m[1])
            np.less(t, self.glance_end, out=self.glancing)
            np.logical_and(self.glancing, m[1], out=self.glancing)
            np.less_equal(self.mode, 1, out=m[3])
            np.logical_and(self.glancing, m[3], out=self.glancing)
            self._away_dirty = True
            if t >= self._glance_until:
                self._glance_until = -1.0
        if self._away_dirty:
            self._away()
        # Slow oscillations: resting gaze, breathing, weight shift, head tilt (and speech, below).
        osc = self.osc
        np.multiply(self._rate, t, out=osc)
        np.add(osc, self._offs, out=osc)
        np.sin(osc, out=osc)
        rows = self._idle_rows
        np.multiply(osc[:5], self._gain, out=rows)
        np.add(rows, self._bias, out=rows)

    def _blink(self, t: float) -> None:
        """Blinks every 2 to 8 s, now and then a second one 0.3 s later."""
        s, m = self._s, self._m
        due = m[0]
        np.greater_equal(t, self.next_blink, out=due)
        np.copyto(self.blink_start, t, where=due)
        self.blinks += due
        np.less(self.rnd, DOUBLE_BLINK, out=m[1])
        np.logical_and(m[1], due, out=m[1])
        np.subtract(self.rnd, DOUBLE_BLINK, out=s[0])
        np.multiply(s[0], 6.0 / (1 - DOUBLE_BLINK), out=s[0])
        np.add(s[0], 2.0 + t, out=s[0])
        np.copyto(self.next_blink, s[0], where=due)
        np.copyto(self.next_blink, t + 0.3, where=m[1])
        self._advance(due)
        self._blink_due = float(self.next_blink.min())
        self._lid_until = t + BLINK_CLOSE + BLINK_HOLD + BLINK_OPEN

    def _saccades(self, t: float) -> None:
        """Small jumps of the eyes, smaller while holding eye contact."""
        s, due = self._s, self._m[0]
        np.greater_equal(t, self.next_sacc, out=due)
        np.subtract(self.rnd, 0.5, out=s[0])
        np.multiply(s[0], 0.05, out=s[0])
        np.copyto(self.saccade[:, 0], s[0], where=due)
        self._advance(due)
        np.multiply(self.rnd, -0.045, out=s[0])
        np.add(s[0], 0.01, out=s[0])
        np.copyto(self.saccade[:, 1], s[0], where=due)
        np.multiply(self.rnd, 1.3, out=s[0])
        np.add(s[0], 0.35 + t, out=s[0])
        np.copyto(self.next_sacc, s[0], where=due)
        self._advance(due)
        self._sacc_due = float(self.next_sacc.min())

    def _look_aways(self, t: float) -> None:
        """Eye contact comes and goes: a few seconds on, a second or two away ('participant'), or the
        other way round ('glance': strangers look for a moment, then elsewhere for a while)."""
        s, m = self._s, self._m
        due, contact = m[0], m[2]
        np.equal(self.mode, 1, out=contact)
        np.equal(self.mode, 5, out=m[3])
        np.logical_or(contact, m[3], out=contact)
        np.less_equal(self.phase_end, t, out=due)
        np.logical_not(contact, out=m[1])
        np.logical_and(m[1], due, out=m[1])
        np.copyto(self.phase_end, math.inf, where=m[1])  # no contact, no timer (a new gaze sets one)
        np.logical_and(due, contact, out=due)
        np.logical_not(self.away_phase, out=m[1])
        np.copyto(self.away_phase, m[1], where=due)
        np.multiply(self.rnd, 3.8, out=s[0])
        np.add(s[0], 2.2, out=s[0])  # contact 2.2..6 s
        np.multiply(self.rnd, 1.3, out=s[1])
        np.add(s[1], 0.7, out=s[1])  # away 0.7..2 s
        np.copyto(s[0], s[1], where=self.away_phase)
        np.multiply(self.rnd, 0.9, out=s[2])
        np.add(s[2], 0.6, out=s[2])  # a glance: 0.6..1.5 s
        np.multiply(self.rnd, 7.0, out=s[3])
        np.add(s[3], 4.0, out=s[3])  # and 4..11 s elsewhere
        np.copyto(s[2], s[3], where=self.away_phase)
        np.copyto(s[0], s[2], where=m[3])
        np.add(s[0], t, out=s[0])
        np.copyto(self.phase_end, s[0], where=due)
        self._advance(due)
        np.subtract(self.rnd, 0.5, out=s[0])
        np.sign(s[0], out=s[1])
        np.multiply(s[1], 0.22, out=s[1])
        np.multiply(s[0], 0.5, out=s[0])
        np.add(s[0], s[1], out=s[0])  # 0.22..0.47 rad to either side
        np.copyto(self.away_dir[:, 0], s[0], where=due)
        self._advance(due)
        np.multiply(self.rnd, -0.3, out=s[0])
        np.add(s[0], 0.06, out=s[0])  # mostly downwards
        np.copyto(self.away_dir[:, 1], s[0], where=due)
        self._advance(due)
        self._phase_due = float(self.phase_end.min())
        self._away_dirty = True

    def _away(self) -> None:
        """Where each gaze is turned from its target: a look-away, 'away' mode, nothing while glancing."""
        m = self._m
        self.away.fill(0.0)
        np.equal(self.mode, 1, out=m[2])
        np.logical_and(self.away_phase, m[2], out=m[1])
        np.copyto(self.away, self.away_dir, where=m[1][:, None])
        np.equal(self.mode, 3, out=m[1])
        np.copyto(self.away, self.aside, where=m[1][:, None])
        np.copyto(self.away, 0.0, where=self.glancing[:, None])
        self._away_dirty = False

    def speech(self, dt: float, t: float, speaker: int, level: float, rounded: float,
               manner: tuple[float, float, float]) -> None:
        """The speaker's mouth, nods, brows and gestures; listeners' nods; idle talk."""
        s, m = self._s, self._m
        k = min(1.0, dt * 30.0)
        k2 = min(1.0, dt * 2.5)
        for channel, value, rate in ((self.mouth, level, k), (self.round, rounded, k), (self.level, level, k2)):
            np.multiply(channel, 1.0 - rate, out=channel)  # x += (target - x) * rate, target 0 but the speaker's
            if speaker >= 0:
                channel[speaker] += value * rate
        nod_gain, gesture_gain, brow_gain = manner
        # Nods: the speaker's follow their speech; listeners nod now and then; 'talk' idles nod softly.
        osc = self.osc
        np.multiply(osc[5], self.level, out=s[0])
        np.multiply(s[0], 0.07 * nod_gain, out=self.nod)
        if speaker != self._nod_speaker:
            self._nod_speaker, self._nod_due = speaker, -math.inf
        if speaker >= 0 and t >= self._nod_due:
            due = m[0]
            np.greater_equal(t, self.next_nod, out=due)
            due[speaker] = False  # the speaker's own nods follow their speech
            np.copyto(self.nod_start, t, where=due)
            np.multiply(self.rnd, 5.0, out=s[1])
            np.add(s[1], 3.0 + t, out=s[1])
            np.copyto(self.next_nod, s[1], where=due)
            self._advance(due)
            self._nod_until = t + 0.7  # (at most a few frames of a zero nod when none was due)
            np.copyto(s[1], self.next_nod)
            s[1][speaker] = math.inf
            self._nod_due = float(s[1].min())
        if t < self._nod_until:
            np.subtract(t, self.nod_start, out=s[1])
            np.multiply(s[1], math.pi / 0.7, out=s[1])
            np.minimum(s[1], math.pi, out=s[1])
            np.sin(s[1], out=s[1])
            np.multiply(s[1], -0.08, out=s[1])
            np.add(self.nod, s[1], out=self.nod)
        np.multiply(osc[6], self._talk, out=s[2])
        np.multiply(s[2], 0.035 * (0.5 + 0.5 * math.sin(0.9 * t)), out=s[2])
        np.add(self.nod, s[2], out=self.nod)
        # Brows rise on stressed syllables; hands move with the phrase.
        np.subtract(self.mouth, self.level, out=self.brow)
        np.maximum(self.brow, 0.0, out=self.brow)
        np.multiply(self.brow, 0.9 * brow_gain, out=self.brow)
        g2 = self._s2
        np.maximum(osc[7:9], 0.0, out=g2)
        np.multiply(g2, 0.65 * gesture_gain, out=g2)
        np.add(g2, 0.35 * gesture_gain, out=g2)
        np.multiply(g2, self.level, out=g2)
        np.subtract(g2, self._gest, out=g2)
        np.multiply(g2, min(1.0, dt * 3.0), out=g2)
        np.add(self._gest, g2, out=self._gest)
