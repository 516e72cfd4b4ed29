"""Round-2 tests that kill surviving mutants of theory/ntk.py and theory/regions.py (issue 10).

Every expected value comes from an independent route: a closed form typed by hand (the Gaussian characteristic
function for sin's Hermite coefficients, elementary areas for the strip intersection) or a seeded Monte Carlo of
the defining crossing probability."""

import math

import numpy as np

from specbias.theory import ntk as th
from specbias.theory import regions as T


# ---------------------------------------------------------------------------------------------- theory/ntk.py
def test_hermite_coefficients_sin_signs_closed_form():
    """Kills theory/ntk.py:1073 `np.real(c0 * (1j * np.sign(w0)) ** (k % 4))` -> `c0 / (...)` (point-mass part of
    hermite_coefficients; the mutant flips the sign of every odd coefficient of sin and leaves b_n² unchanged).

    b_n = s^n E[σ^{(n)}(sZ)]/√n!.  For σ = sin, σ^{(n)} = sin, cos, −sin, −cos (n mod 4) and E[sin(sZ)] = 0,
    E[cos(sZ)] = e^{−s²/2} (the characteristic function of N(0, 1)), so
        b_n = s^n e^{−s²/2}/√n! · (0, 1, 0, −1)[n mod 4];
    for σ' = cos (derivative=True) the pattern is (1, 0, −1, 0).  Measured max abs difference of the original
    ≈ 1e-16; tolerance 1e-12."""
    n = np.arange(12)
    for s in (0.7, 1.3):
        mag = s ** n * math.exp(-s * s / 2) / np.sqrt([math.factorial(int(k)) for k in n])
        ref = mag * np.array([0.0, 1.0, 0.0, -1.0])[n % 4]
        ref_d = mag * np.array([1.0, 0.0, -1.0, 0.0])[n % 4]
        assert np.max(np.abs(th.hermite_coefficients("sin", s, 12) - ref)) < 1e-12
        assert np.max(np.abs(th.hermite_coefficients("sin", s, 12, derivative=True) - ref_d)) < 1e-12


# ---------------------------------------------------------------------------------------------- theory/regions.py
def test_strip_area_rows_with_zero_second_component():
    """Kills theory/regions.py:192 `np.where(np.abs(a[zero]) <= 1, -np.inf, np.inf)` -> `> 1` (lower end of the
    x2-interval when a row v_r has v_r2 = 0, i.e. the strip |v_r1 x1| <= 1 is vertical).

    _strip_area computes area(D ∩ {|v1·x| <= 1} ∩ {|v2·x| <= 1}), the integrand of pair_probability.  Hand areas:
    v1 = (1/2, 0), v2 = (0, 1/2): both strips contain the box, area 1 on [0, 1]², 4 on [−1, 1]²;
    v1 = (1/2, 0), v2 = (1, 1): only |x1 + x2| <= 1 cuts, area 1/2 on [0, 1]² and 4 − 2·(1/2) = 3 on [−1, 1]²;
    v1 = (1, 1), v2 = (1/2, 0): the same with the vertical strip in the second row.  The length in x2 is
    piecewise linear with kinks only at panel boundaries (x1 = 0), so composite Simpson is exact: measured
    error 0; tolerance 1e-12.  The mutant gives area 0 (an empty x2-interval wherever |v_r1 x1| <= 1)."""
    V = np.array([[[0.5, 0.0], [0.0, 0.5]], [[0.5, 0.0], [1.0, 1.0]], [[1.0, 1.0], [0.5, 0.0]]])
    assert np.allclose(T._strip_area(V, 0.0, 1.0), [1.0, 0.5, 0.5], rtol=0, atol=1e-12)
    assert np.allclose(T._strip_area(V, -1.0, 1.0), [4.0, 3.0, 3.0], rtol=0, atol=1e-12)


def _mc_crossing_uniform(n=2_000_000, seed=7):
    """P(the crossing point of two lines w_i·x + b_i = 0, w, b uniform on [−1, 1], lies in [0, 1]²), seeded MC."""
    rng = np.random.default_rng(seed)
    W = rng.uniform(-1, 1, (n, 2, 2))
    b = rng.uniform(-1, 1, (n, 2))
    det = W[:, 0, 0] * W[:, 1, 1] - W[:, 0, 1] * W[:, 1, 0]
    x1 = (-b[:, 0] * W[:, 1, 1] + b[:, 1] * W[:, 0, 1]) / det     # Cramer's rule for W x = −b
    x2 = (-W[:, 0, 0] * b[:, 1] + W[:, 1, 0] * b[:, 0]) / det
    return float(np.mean((x1 >= 0) & (x1 <= 1) & (x2 >= 0) & (x2 <= 1))), n


def test_pair_probability_two_randomizations_error_bar():
    """Kills theory/regions.py:218 `range(101, 101 + n_rand)` -> `range(102, 101 + n_rand)` (the scrambled-Sobol
    seeds: the mutant drops one of the n_rand randomizations, so with n_rand = 2 a single estimate is left and its
    sample standard deviation, hence the reported error, is NaN).

    With n_rand = 2 and m = 10 the estimate must carry a finite positive error bar that covers a seeded 2e6-pair
    Monte Carlo of the crossing probability (MC 0.083546, standard error 2.0e-4; estimate 0.083358 ± 2.1e-4,
    measured difference 1.9e-4) within the stated error plus 3 MC standard errors."""
    ref, n = _mc_crossing_uniform()
    se = math.sqrt(ref * (1 - ref) / n)
    got = T.pair_probability("unit", "pytorch", 1.0, 10, 2)
    assert math.isfinite(got.error) and got.error > 0
    assert abs(got.value - ref) < got.error + 3 * se


def test_interval_stationary_term_relu_closed_form_general_scales():
    """theory/ntk.py:865 `wr * np.sqrt(2 / np.pi) / sw * exp(...)` → `* sw` (the half-normal density of ρ = |w|;
    invisible at s_w = 1).  By hand, relu's |σ̂(ω/ρ)|² = ρ⁴/ω⁴, so λ_st = E_ρ[(Φ(ρ/s_b) − ½)ρ²]/ω⁴ with
    ρ = s_w|Z|, and 2∫_0^∞ z²(Φ(az) − ½)φ(z) dz = (atan a + a/(1 + a²))/π (a = s_w/s_b):
    λ_st = s_w²(atan a + a/(1 + a²))/(π (2πk)⁴).  Measured ≤ 6.2e-15 at (s_w, s_b) = (1.5, 0.8), (0.7, 1.3);
    tolerance 3e-14."""
    ks = np.array([2.0, 3.0, 5.0, 17.0])
    for sw, sb in ((1.5, 0.8), (0.7, 1.3)):
        a = sw / sb
        ref = sw ** 2 * (math.atan(a) + a / (1 + a * a)) / math.pi / (2 * math.pi * ks) ** 4
        st = th.interval_rates("relu", ks, "output", th.GaussianLaw(sw, sb, 1.0))[2]
        assert np.max(np.abs(st / ref - 1)) < 3e-14


def test_expected_regions_error_bar_includes_the_pair_term():
    """theory/regions.py:241 `err = n·pm.error + C(n,2)·pp.error` → `−`.  The count 1 + n p_meet + C(n,2) p_pair is
    a sum of two estimates; its error bar must be at least each term's own (errors add): here the pair term's,
    C(n, 2) times pair_probability's error, dominates (width 50, d = 2, PyTorch's law)."""
    n = 50
    res = T.expected_regions(2, n)
    pp = T.pair_probability("unit", "pytorch", 1.0)
    assert res.extra["p_pair_error"] == pp.error > 0
    assert res.error >= n * (n - 1) / 2 * pp.error


def test_interval_first_layer_stationary_term_relu_closed_form():
    """theory/ntk.py:875 `np.abs(spec1.R(w0 / r)) ** 2` → `** 3` (the first layer's stationary term).  By hand,
    relu' = H, |R(ω/ρ)|² = ρ²/ω², so λ_st = s_v²(4/3)E[Φ(ρ/s_b) − ½]/ω² with ρ = s_w|Z|, and
    E[Φ(a|Z|)] − ½ = atan(a)/π (a = s_w/s_b): λ_st = s_v²(4/3)atan(a)/(π(2πk)²).  Measured ≤ 6.5e-15 at
    (s_w, s_b, s_v²) = (1, 1, 1), (1.5, 0.8, 0.7); tolerance 3e-14."""
    ks = np.array([2.0, 3.0, 5.0, 17.0])
    for sw, sb, sv2 in ((1.0, 1.0, 1.0), (1.5, 0.8, 0.7)):
        ref = sv2 * (4 / 3) * math.atan(sw / sb) / math.pi / (2 * math.pi * ks) ** 2
        st = th.interval_rates("relu", ks, "first", th.GaussianLaw(sw, sb, sv2))[2]
        assert np.max(np.abs(st / ref - 1)) < 3e-14


def test_expected_regions_d1_exact_value():
    """theory/regions.py:236 `ex = 1 + n·pm.exact` → `2 + …`.  d = 1, unit interval, PyTorch's law (w, b uniform
    on [−a, a]): a unit's breakpoint −b/w lies in [0, 1] iff b and w have opposite signs and |b| ≤ |w|, with
    probability ½·½ = 1/4, so E[#regions] = 1 + n/4 = 27/2 at n = 50."""
    import sympy as sp

    res = T.expected_regions(1, 50)
    assert sp.nsimplify(res.exact) == sp.Rational(27, 2)
    assert abs(res.value - 13.5) <= 1e-12


def test_interval_endpoint_term_without_mehler_closed_tail_elu_first_layer():
    """The end-point term where Mehler's series has no closed tail (elu: σ̂'s regular part is not a pure power),
    computed from σ's definition.  The Gauss–Hermite grid used there before put nodes on w + b = 0 and evaluated
    elu'(0) as 0: 3.4 % off at s_w = s_b.  Reference, independent of any quadrature over (w, b): with p = w + b,
    q = b (covariance S), elu'(t) = 1 (t > 0), eᵗ (t < 0), and E[e^{a·X}; X in an orthant] = e^{aᵀSa/2}·P(N(Sa, S)
    in it) (SciPy's bivariate normal CDF at 1e-13), E[elu'(p)²] = ½ + e^{2v}Φ(−2√v).  The term is
    s_v²(2E[elu'(p)²] + E[elu'(q)²] − 2E[elu'(p)elu'(q)]).  Measured ≤ 9.4e-15; tolerance 1e-12 (the CDF's accuracy)."""
    from scipy import stats
    from scipy.special import ndtr

    def orthant(mu, cov, signs):
        D = np.diag(signs)
        return stats.multivariate_normal(mean=-(D @ mu), cov=D @ cov @ D, abseps=1e-13, releps=1e-13).cdf(np.zeros(2))

    ks = np.array([2.0, 5.0])
    for sw, sb, sv2 in ((1.0, 1.0, 1.0), (1.5, 0.8, 0.7)):
        vp, vq = sw * sw + sb * sb, sb * sb
        S = np.array([[vp, vq], [vq, vq]])
        sq = [0.5 + math.exp(2 * v) * ndtr(-2 * math.sqrt(v)) for v in (vp, vq)]
        cross = sum(math.exp(np.array(a) @ S @ np.array(a) / 2) * orthant(S @ np.array(a, float), S, np.array(sg, float))
                    for a, sg in (((0, 0), (1, 1)), ((0, 1), (1, -1)), ((1, 0), (-1, 1)), ((1, 1), (-1, -1))))
        ref = sv2 * (2 * sq[0] + sq[1] - 2 * cross)
        end = th.interval_rates("elu", ks, "first", th.GaussianLaw(sw, sb, sv2))[1] * 2 * math.pi ** 2 * ks ** 2
        assert np.max(np.abs(end / ref - 1)) < 1e-12
