"""The ReLU gradient flow through events (numerics.rs_flow): sliding by hand, the α solve, the RS
velocity against the chain rule, the hybrid RS flow against the mapped parameter flow over most
of a run (d = 1, 2; three targets), small-step GD converging to it, and wrong flows that fail."""

import functools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from specbias.numerics.adaptive import rs_flow_check
from specbias.numerics.network import ShallowNet
from specbias.numerics.rs_flow import (ParamChart, RSChart, _Hybrid, hybrid_flow, map_to_rs, rs_state_error,
                                       rs_velocity_modes)
from specbias.numerics.targets import make_target

# d = 1 hand cases (as in test_adaptive_pinning): data x = 0, 1, −1, one neuron relu(x) (w = 1, b = 0,
# v = 1, c = 0) whose hyperplane x = 0 sits on x_1; "sum" loss.  A_1 = −e_2, B_1 = e_1 (by hand):
# "pinned": y = (−1, 1.5, 0): e = (1, −0.5, 0), A = 0.5, B = 1 -> slides with α = A/B = 0.5;
# "crosses": y = (−0.25, 1.5, 0): A = 0.5, B = 0.25 -> rates from below A = 0.5, above A − B = 0.25.
X1 = np.array([[0.0], [1.0], [-1.0]])
TH1 = np.array([1.0, 0.0, 1.0, 0.0])  # W, b, v, c


def _param_chart(y):
    return ParamChart(X1, np.array(y), 1, 1.0)


def test_sliding_alpha_and_side_rates_by_hand():
    pc = _param_chart([-1.0, 1.5, 0.0])
    H = _Hybrid(pc, 1e-10, 1e-12, 10 ** 6)
    mode = np.array([[0, 1, -1]], dtype=np.int8)
    assert H.side_rates(TH1, mode, 0, 0) == pytest.approx([0.5, -0.5], abs=1e-15)  # A, A − B
    _, _, alpha, F = H.alpha(TH1, mode)
    assert alpha[0] == pytest.approx(0.5, abs=1e-15)
    assert pc.rate_at(TH1, F, np.array([0]), np.array([0]))[0] == pytest.approx(0.0, abs=1e-15)
    pc2 = _param_chart([-0.25, 1.5, 0.0])
    H2 = _Hybrid(pc2, 1e-10, 1e-12, 10 ** 6)
    assert H2.side_rates(TH1, mode, 0, 0) == pytest.approx([0.5, 0.25], abs=1e-15)


@pytest.mark.parametrize("y,slides", [([-1.0, 1.5, 0.0], True), ([-0.25, 1.5, 0.0], False)])
def test_hybrid_flow_glues_the_hyperplane_by_hand(y, slides):
    """Start slightly below x_1 and move up into it: the pinned case slides (the kink stays at
    x = 0 to 1e-12), the other crosses."""
    th = TH1 + np.array([0.0, -1e-3, 0.0, 0.0])
    res = hybrid_flow(_param_chart(y), th, np.linspace(0, 0.2, 21))
    W, b = res.states[:, 0], res.states[:, 1]
    if slides:
        assert res.n_sliding == 1 and res.n_crossings == 0
        after = res.t > res.events[0][0]
        assert after.sum() >= 10 and np.max(np.abs(b[after] / W[after])) < 1e-12
    else:
        assert res.n_sliding == 0 and res.n_crossings == 1 and b[-1] / W[-1] > 1e-3


def _random_chart_pair(seed, d, m, n):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, d))
    y = rng.standard_normal(n)
    net = ShallowNet.init(d, m, "relu", scale=1.0, seed=seed)
    th = net.get_flat()
    rs, delta = map_to_rs(th, m, d)
    return X, y, th, rs[0], delta[0], rng


@settings(max_examples=15)
@given(seed=st.integers(0, 2 ** 20), d=st.integers(2, 3), m=st.integers(1, 5), n=st.integers(3, 8),
       chart=st.sampled_from(["param", "rs"]))
def test_alpha_stills_every_sliding_surface(seed, d, m, n, chart):
    """Whatever the sliding set (up to two data per neuron: the codimension-2 case), the field
    with the solved α leaves every sliding surface still."""
    X, y, th, rs, delta, rng = _random_chart_pair(seed, d, m, n)
    C = ParamChart(X, y, m, 1.0 / n) if chart == "param" else RSChart(X, y, m, 1.0 / n, delta)
    state = th if chart == "param" else rs
    mode = np.where(C.surface(state) > 0, 1, -1).astype(np.int8)
    for i in range(m):
        for j in rng.choice(n, size=rng.integers(0, 3), replace=False):
            mode[i, j] = 0
    H = _Hybrid(C, 1e-10, 1e-12, 10 ** 6)
    I, J, alpha, F = H.alpha(state, mode)
    if I.size == 0:
        return
    r = C.rate_at(state, F, I, J)
    scale = np.abs(C.rate_at(state, H.alpha(state, np.where(mode == 0, 1, mode).astype(np.int8))[3], I, J)).max()
    ok = np.isfinite(alpha)
    assert np.all(np.abs(r[ok]) <= 1e-9 * max(scale, 1e-300) + 1e-13)


@settings(max_examples=15)
@given(seed=st.integers(0, 2 ** 20), d=st.integers(1, 3), m=st.integers(1, 6), n=st.integers(2, 8))
def test_rs_velocity_is_the_chain_rule_of_the_parameter_flow(seed, d, m, n):
    """RS velocity (with fractional σ' as in sliding) = d/dt map_to_rs(θ(t)) by central differences
    along the parameter field: measured relative error ~1e-9 (step 1e-6)."""
    X, y, th, rs, delta, rng = _random_chart_pair(seed, d, m, n)
    pc = ParamChart(X, y, m, 1.0 / n)
    on = (pc.surface(th) > 0).astype(float)
    act = on.copy()
    act[rng.random(act.shape) < 0.3] = rng.random()
    F = pc.field(th, act, on)
    h = 1e-6
    dfd = (map_to_rs(th + h * F, m, d)[0][0] - map_to_rs(th - h * F, m, d)[0][0]) / (2 * h)
    G = rs_velocity_modes(rs, delta, X, y, act, on, 1.0 / n)
    np.testing.assert_allclose(G, dfd, rtol=1e-6, atol=1e-7 * (1 + np.abs(dfd).max()))


# the small run of the tests: width 12, 10 points, 2000 GD steps at lr 0.2 (flow time 400); the
# check covers 55% of it.  Measured max errors (rtol 1e-10): d = 2: 8.2e-9 (random), 2.3e-9
# (disc_step), 1.5e-8 (bessel_ring); d = 1: 3.2e-8, 2.4e-9, 3.1e-8.
SMALL = dict(width=12, n=10, steps=2000, init_scale=0.01, seed=3)
TOL = 2e-7


@functools.lru_cache(maxsize=None)
def _small_cached(d, target):
    return _small(d, target)


def _small(d, target, **kw):
    X, y = make_target(target, d, SMALL["n"], SMALL["seed"])
    net = ShallowNet.init(d, SMALL["width"], "relu", scale=SMALL["init_scale"], seed=SMALL["seed"]).centered()
    t_run = 0.2 * SMALL["steps"]
    return rs_flow_check(net, X, y, 0.55 * t_run, n_samples=56, t_run=t_run, **kw)


@pytest.mark.parametrize("d", [1, 2])
@pytest.mark.parametrize("target", ["random", "disc_step", "bessel_ring"])
def test_hybrid_rs_flow_matches_mapped_flow_over_most_of_the_run(d, target):
    chk = _small_cached(d, target)
    assert chk.stopped is None and chk.t_covered_fraction >= 0.5
    assert chk.events_agree and chk.n_crossings >= 5 and chk.n_sliding >= 3
    assert chk.max_err <= TOL
    assert chk.conserved_drift < 1e-9
    assert chk.to_json()["t_covered_fraction"] == pytest.approx(0.55)


def test_small_step_gd_converges_to_the_hybrid_flow_at_first_order():
    """GD knows nothing of events or sliding; its mapped trajectory approaches the hybrid RS flow
    linearly in the step (measured 9.4e-3 at 0.05 and 4.7e-3 at 0.025, d = 2, random)."""
    chk = _small(2, "random", gd_lrs=(0.05, 0.025))
    e1, e2 = chk.gd[0]["max_err"], chk.gd[1]["max_err"]
    assert e1 < 3e-2 and 0.4 < e2 / e1 < 0.6


def _tau_sign_flipped(state, delta, X, y, act, on, r):
    out = rs_velocity_modes(state, delta, X, y, act, on, r)
    m, d = on.shape[0], X.shape[1]
    out[..., m * d:m * d + m] *= -1
    return out


def _no_sliding_term(state, delta, X, y, act, on, r):
    act = np.where((act > 0) & (act < 1), 0.0, act)  # drop the fractional σ' of sliding pairs
    return rs_velocity_modes(state, delta, X, y, act, on, r)


@pytest.mark.parametrize("wrong", [_tau_sign_flipped, _no_sliding_term])
def test_a_wrong_flow_fails_the_check(wrong):
    right = _small_cached(2, "disc_step")
    chk = _small(2, "disc_step", velocity=wrong)
    assert right.ok(TOL) and not chk.ok(TOL)
    # not a near miss: the wrong flow is far off, or it broke down early
    assert not (chk.max_err <= 1e3 * TOL) or chk.t_covered_fraction < 0.25
