"""The statistics of a before/after evaluation (scipy and numpy do the arithmetic).

For one item or subscale, over the people who answered both times:

* n, mean and SD (``ddof=1``) before and after;
* the paired change: mean difference (after − before) with its t-based 95% CI;
* Cohen's d_z = mean difference / SD of the differences, with an exact 95% CI by
  inverting the noncentral t distribution (Steiger & Fouladi 1997; Cumming 2012);
* the Wilcoxon signed-rank test (zero differences dropped, as in Wilcoxon 1945):
  exact p for up to 50 non-zero differences without ties, else the normal
  approximation with tie and continuity correction (as R's ``wilcox.test``);
  and its matched-pairs rank-biserial correlation.

Groups smaller than :data:`K_MIN` are never described (k-anonymity): callers
check :func:`hidden` first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


def _scipy() -> tuple[Any, Any]:
    """``scipy.optimize`` and ``scipy.stats``, imported on first use (the hub starts without them)."""
    from scipy import optimize, stats

    return optimize, stats

K_MIN = 5
"""No group of fewer people than this is ever shown (k-anonymity)."""
CONFIDENCE = 0.95
EXACT_MAX_N = 50

NAN = float("nan")


def hidden(n: int) -> bool:
    """Whether a group of ``n`` people is too small to show."""
    return n < K_MIN


@dataclass(frozen=True)
class Describe:
    """n, mean and sample SD of one set of values (SD is NaN for fewer than 2)."""

    n: int
    mean: float
    sd: float


def describe(values: Sequence[float] | np.ndarray) -> Describe:
    a = np.asarray(values, dtype=float)
    if a.size == 0:
        return Describe(0, NAN, NAN)
    return Describe(int(a.size), float(a.mean()), float(a.std(ddof=1)) if a.size > 1 else NAN)


@dataclass(frozen=True)
class Wilcoxon:
    """The signed-rank test of paired differences.

    Attributes:
        n: non-zero differences (zeros are dropped).
        w_plus, w_minus: sums of the ranks of positive and negative differences.
        statistic: min(W+, W−), as usually reported.
        p: two-sided p value (NaN when there are no non-zero differences).
        method: ``exact`` or ``normal`` (with tie and continuity correction).
        r_rb: matched-pairs rank-biserial correlation (W+ − W−) / (W+ + W−).
    """

    n: int
    w_plus: float
    w_minus: float
    statistic: float
    p: float
    method: str
    r_rb: float


@dataclass(frozen=True)
class PairedChange:
    """Before/after of one measure over the people who answered both times."""

    n: int
    pre: Describe
    post: Describe
    mean_diff: float
    sd_diff: float
    diff_ci: tuple[float, float]
    d_z: float
    d_z_ci: tuple[float, float]
    t: float
    t_p: float
    wilcoxon: Wilcoxon


def dz_confidence_interval(d_z: float, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact CI of Cohen's d_z for ``n`` pairs, from the noncentral t distribution.

    The observed t = d_z·√n has a noncentral t distribution with n − 1 degrees of
    freedom and noncentrality δ·√n; the limits are the δ at which the observed t
    falls at the upper and lower tail quantiles.
    """
    optimize, stats = _scipy()
    if n < 2 or not math.isfinite(d_z):
        return NAN, NAN
    df = n - 1
    t_obs = d_z * math.sqrt(n)
    tail = (1.0 - confidence) / 2.0

    def solve(target: float) -> float:
        def f(nc: float) -> float:
            return float(stats.nct.cdf(t_obs, df, nc)) - target

        step = math.sqrt(1.0 + t_obs * t_obs / (2.0 * df))  # about the SE of the noncentrality
        lo, hi = t_obs - 4.0 * step, t_obs + 4.0 * step
        for _ in range(50):  # far tails of nct are NaN in floating point: widen gently
            if f(lo) >= 0:
                break
            lo -= step
        for _ in range(50):
            if f(hi) <= 0:
                break
            hi += step
        return float(optimize.brentq(f, lo, hi, xtol=1e-12))

    try:
        return solve(1.0 - tail) / math.sqrt(n), solve(tail) / math.sqrt(n)
    except ValueError:  # a t so extreme that the distribution cannot be evaluated around it
        return NAN, NAN


def wilcoxon(diff: Sequence[float] | np.ndarray) -> Wilcoxon:
    """The Wilcoxon signed-rank test of paired differences (see the module notes)."""
    _, stats = _scipy()
    d = np.asarray(diff, dtype=float)
    d = d[d != 0]
    n = int(d.size)
    if n == 0:
        return Wilcoxon(0, 0.0, 0.0, 0.0, NAN, "none", NAN)
    ranks = stats.rankdata(np.abs(d))
    w_plus, w_minus = float(ranks[d > 0].sum()), float(ranks[d < 0].sum())
    ties = len(np.unique(np.abs(d))) < n
    method = "exact" if n <= EXACT_MAX_N and not ties else "approx"
    res = stats.wilcoxon(d, zero_method="wilcox", alternative="two-sided", method=method,
                         correction=method == "approx")
    return Wilcoxon(n, w_plus, w_minus, min(w_plus, w_minus), float(res.pvalue),
                    "exact" if method == "exact" else "normal", (w_plus - w_minus) / (w_plus + w_minus))


def paired_change(pre: Sequence[float] | np.ndarray, post: Sequence[float] | np.ndarray,
                  confidence: float = CONFIDENCE) -> PairedChange:
    """Change from ``pre`` to ``post`` (same people, same order)."""
    _, stats = _scipy()
    a, b = np.asarray(pre, dtype=float), np.asarray(post, dtype=float)
    if a.shape != b.shape:
        raise ValueError("pre and post must hold the same people")
    d = b - a
    n = int(d.size)
    desc = describe(d)
    diff_ci: tuple[float, float] = (NAN, NAN)
    t = t_p = d_z = NAN
    if n >= 2 and desc.sd > 0:
        res = stats.ttest_rel(b, a)
        ci = res.confidence_interval(confidence)
        diff_ci = (float(ci.low), float(ci.high))
        t, t_p = float(res.statistic), float(res.pvalue)
        d_z = desc.mean / desc.sd
    elif n >= 2:  # every difference the same: no spread to scale by
        diff_ci = (desc.mean, desc.mean)
    return PairedChange(n=n, pre=describe(a), post=describe(b), mean_diff=desc.mean, sd_diff=desc.sd,
                        diff_ci=diff_ci, d_z=d_z, d_z_ci=dz_confidence_interval(d_z, n, confidence),
                        t=t, t_p=t_p, wilcoxon=wilcoxon(d))


def counts(values: Sequence[float], levels: Sequence[int]) -> list[int]:
    """How many answers fell on each level (for the distribution plots)."""
    arr = np.asarray(values, dtype=float)
    return [int(np.count_nonzero(arr == v)) for v in levels]
