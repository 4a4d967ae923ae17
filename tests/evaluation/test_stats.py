"""The statistics against values computed independently: by hand, and by a second method."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from facilitator.evaluation import K_MIN, describe, dz_confidence_interval, hidden, paired_change, wilcoxon


def test_describe_by_hand() -> None:
    d = describe([2, 4, 4, 4, 5, 5, 7, 9])  # sum of squares about 5 is 32
    assert d.n == 8 and d.mean == 5.0
    assert d.sd == pytest.approx(math.sqrt(32 / 7), rel=1e-12)
    assert describe([3]).n == 1 and math.isnan(describe([3]).sd)
    assert describe([]).n == 0


def test_paired_change_by_hand() -> None:
    # differences 1, 2, 3, 4: mean 2.5, SD sqrt(5/3); t(3) critical value 3.182446305 from the t table
    c = paired_change([1, 1, 1, 1], [2, 3, 4, 5])
    sd = math.sqrt(5 / 3)
    assert c.n == 4 and c.mean_diff == 2.5
    assert c.sd_diff == pytest.approx(sd, rel=1e-12)
    assert c.d_z == pytest.approx(2.5 / sd, rel=1e-12)  # 1.936491673
    half = 3.182446305 * sd / 2
    assert c.diff_ci == pytest.approx((2.5 - half, 2.5 + half), abs=1e-8)
    assert c.t == pytest.approx(2.5 / (sd / 2), rel=1e-12)
    assert c.pre.mean == 1.0 and c.post.mean == 3.5


def _mc_tail(nc: float, df: int, t_obs: float, upper: bool, draws: int = 400_000) -> float:
    """P(T >= t_obs) (or <=) for a noncentral t, simulated from normals and chi-squares."""
    rng = np.random.default_rng(20240517)
    t = (rng.standard_normal(draws) + nc) / np.sqrt(rng.chisquare(df, draws) / df)
    return float(np.mean(t >= t_obs) if upper else np.mean(t <= t_obs))


@pytest.mark.parametrize("d_z,n", [(0.8, 10), (0.3, 25), (-0.5, 6)])
def test_dz_interval_against_simulation(d_z: float, n: int) -> None:
    lo, hi = dz_confidence_interval(d_z, n)
    assert lo < d_z < hi
    t_obs = d_z * math.sqrt(n)
    # at the lower limit only 2.5% of t values reach the observed one; at the upper limit only 2.5% stay below
    assert _mc_tail(lo * math.sqrt(n), n - 1, t_obs, upper=True) == pytest.approx(0.025, abs=0.0015)
    assert _mc_tail(hi * math.sqrt(n), n - 1, t_obs, upper=False) == pytest.approx(0.025, abs=0.0015)


def test_dz_interval_large_sample_matches_normal_approximation() -> None:
    d, n = 0.5, 400
    se = math.sqrt(1 / n + d * d / (2 * n))  # Hedges & Olkin's large-sample SE
    lo, hi = dz_confidence_interval(d, n)
    assert lo == pytest.approx(d - 1.959964 * se, abs=0.005)
    assert hi == pytest.approx(d + 1.959964 * se, abs=0.005)


def test_dz_interval_is_symmetric_in_sign() -> None:
    lo, hi = dz_confidence_interval(0.7, 12)
    nlo, nhi = dz_confidence_interval(-0.7, 12)
    assert (nlo, nhi) == pytest.approx((-hi, -lo), abs=1e-9)


def test_wilcoxon_by_hand() -> None:
    # |d| ranks 1..5; negatives: rank 2. W+ = 13, W- = 2. Sign patterns with a rank sum <= 2:
    # {}, {1}, {2} on either side: p = 6 / 32.
    w = wilcoxon([1, -2, 3, 4, 5])
    assert (w.n, w.w_plus, w.w_minus, w.statistic) == (5, 13, 2, 2)
    assert w.p == pytest.approx(6 / 32, abs=1e-12) and w.method == "exact"
    assert w.r_rb == pytest.approx(11 / 15)
    assert wilcoxon([0, 1, -2, 0, 3, 4, 5]) == w  # zero differences are dropped


def test_wilcoxon_exact_against_enumeration() -> None:
    d = np.array([0.4, -1.3, 2.2, 3.1, -0.2, 1.7, 2.9, 0.8, -2.5, 1.1])
    w = wilcoxon(d)
    ranks = np.argsort(np.argsort(np.abs(d))) + 1  # no ties: ranks 1..10
    observed = min(ranks[d > 0].sum(), ranks[d < 0].sum())
    extreme = 0
    for signs in itertools.product((0, 1), repeat=len(d)):
        plus = sum(r for r, s in zip(ranks, signs, strict=True) if s)
        extreme += min(plus, ranks.sum() - plus) <= observed
    assert w.method == "exact" and w.p == pytest.approx(extreme / 2 ** len(d), abs=1e-12)


def test_wilcoxon_normal_approximation_by_formula() -> None:
    d = [1, 1, 2, -1, 2, 3, 1, 2, -2, 1, 1, 3]  # Likert-like: many ties
    w = wilcoxon(d)
    n = len(d)
    _, tie_counts = np.unique(np.abs(d), return_counts=True)
    mu = n * (n + 1) / 4
    sigma = math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - sum(t**3 - t for t in tie_counts) / 48)
    z = (abs(w.w_plus - mu) - 0.5) / sigma  # with continuity correction
    assert w.method == "normal"
    assert w.p == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)


def test_degenerate_changes() -> None:
    same = paired_change([1, 2, 3], [2, 3, 4])  # everybody +1: no spread
    assert same.mean_diff == 1 and math.isnan(same.d_z) and same.diff_ci == (1, 1)
    assert math.isnan(same.d_z_ci[0]) and same.wilcoxon.method == "normal"  # all ties
    none = paired_change([3, 3], [3, 3])
    assert none.wilcoxon.n == 0 and math.isnan(none.wilcoxon.p)
    one = paired_change([1], [4])
    assert one.n == 1 and math.isnan(one.sd_diff)
    with pytest.raises(ValueError):
        paired_change([1, 2], [1])


def test_k_anonymity_threshold() -> None:
    assert K_MIN == 5 and hidden(4) and not hidden(5)
