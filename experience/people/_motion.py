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
PHASES = {(False, False): (3.8, 2.2), (False, True): (1.3, 0.7), (True, False): (0.9, 0.6), (True, True): (7.0, 4.0)}
"""(glance mode, looking away) -> random span and least seconds of the next phase: eye contact 2.2-6 s,
away 0.7-2 s; a stranger's glance 0.6-1.5 s, then 4-11 s elsewhere."""


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
        self.nod_col = np.zeros((n, 2))  # column 1 is the nod (added to the head's pitch in one call)
        self.nod = self.nod_col[:, 1]
        self.nod_start = np.full(n, -1e3)
        self.next_nod = rng.uniform(2.0, 6.0, n)
        self.brow_col = np.zeros((n, 4))  # column 0 is the brow raise (added to the expression in one call)
        self.brow = self.brow_col[:, 0]
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
        self.idle_pair = self._idle_rows[2:4].T  # breathing and sway, as the shader's pair
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

    def write_into(self, lid: np.ndarray, mouth: np.ndarray, rounded: np.ndarray, gesture: np.ndarray) -> None:
        """Keep the lids, mouth, lip rounding and gestures in these arrays from now on (views of the
        shader's array, so they need no copy a frame); their current values are carried over."""
        lid[:], mouth[:], rounded[:], gesture[:] = self.lid, self.mouth, self.round, self.gesture
        self.lid, self.mouth, self.round, self.gesture = lid, mouth, rounded, gesture
        self._gest = gesture.T

    @property
    def glances(self) -> bool:
        """Whether anyone may be glancing at a speaker now (a window after a line starts)."""
        return self._glance_until > -1.0

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

    # Timer events: a frame handles only the people whose timer is due (a few a second in a crowd),
    # one at a time with plain floats, and keeps the next due time.
    def _blink(self, t: float) -> None:
        """Blinks every 2 to 8 s, now and then a second one 0.3 s later."""
        nb, r = self.next_blink, self.rnd
        i = int(nb.argmin())
        while nb[i] <= t:
            x = float(r[i])
            self.blink_start[i] = t
            self.blinks[i] += 1
            nb[i] = t + 0.3 if x < DOUBLE_BLINK else t + 2.0 + (x - DOUBLE_BLINK) * (6.0 / (1 - DOUBLE_BLINK))
            r[i] = _next(x)
            i = int(nb.argmin())
        self._blink_due = float(nb[i])
        self._lid_until = t + BLINK_CLOSE + BLINK_HOLD + BLINK_OPEN

    def _saccades(self, t: float) -> None:
        """Small jumps of the eyes, smaller while holding eye contact."""
        ns, r, sac = self.next_sacc, self.rnd, self.saccade
        i = int(ns.argmin())
        while ns[i] <= t:
            x = float(r[i])
            sac[i, 0] = (x - 0.5) * 0.05
            x = _next(x)
            sac[i, 1] = x * -0.045 + 0.01
            ns[i] = x * 1.3 + (0.35 + t)
            r[i] = _next(x)
            i = int(ns.argmin())
        self._sacc_due = float(ns[i])

    def _look_aways(self, t: float) -> None:
        """Eye contact comes and goes: a few seconds on, a second or two away ('participant'), or the
        other way round ('glance': strangers look for a moment, then elsewhere for a while)."""
        end, r, mode = self.phase_end, self.rnd, self.mode
        i = int(end.argmin())
        while end[i] <= t:
            code = int(mode[i])
            if code not in (1, 5):
                end[i] = math.inf  # no eye contact, no timer (a new gaze sets one)
                i = int(end.argmin())
                continue
            away = not self.away_phase[i]
            self.away_phase[i] = away
            x = float(r[i])
            span, least = PHASES[code == 5, away]
            end[i] = x * span + least + t
            x = _next(x)
            u = x - 0.5
            self.away_dir[i, 0] = u * 0.5 + ((u > 0) - (u < 0)) * 0.22  # 0.22..0.47 rad to either side
            x = _next(x)
            self.away_dir[i, 1] = x * -0.3 + 0.06  # mostly downwards
            r[i] = _next(x)
            i = int(end.argmin())
        self._phase_due = float(end[i])
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

    def _nods(self, t: float, speaker: int) -> None:
        """Listeners nod now and then while someone speaks (the speaker's nods follow their speech)."""
        nn, r = self.next_nod, self.rnd
        own = float(nn[speaker])
        nn[speaker] = math.inf
        i = int(nn.argmin())
        while nn[i] <= t:
            x = float(r[i])
            self.nod_start[i] = t
            nn[i] = x * 5.0 + (3.0 + t)
            r[i] = _next(x)
            self._nod_until = t + 0.7
            i = int(nn.argmin())
        self._nod_due = float(nn[i])
        nn[speaker] = own

    def speech(self, dt: float, t: float, speaker: int, level: float, rounded: float,
               manner: tuple[float, float, float]) -> None:
        """The speaker's mouth, nods, brows and gestures; listeners' nods; idle talk."""
        s = self._s
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
            self._nods(t, speaker)
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


def _next(x: float) -> float:
    """One step of a person's chaotic map (the same as :meth:`Motion._advance`)."""
    return (x * 7.31 + 0.318) % 1.0
