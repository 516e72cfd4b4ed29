"""The pin prediction scored like a classifier: distinct pairs once per window, persistence and
majority baselines, balanced accuracy, new pinnings; the scale sweep over five decades with seeds;
near-pinning for smooth σ; digits."""

import json

import numpy as np
import pytest

from specbias.numerics.adaptive import pin_prediction, run_experiment, sweep_statistics
from specbias.numerics.network import ShallowNet, train

# d = 1 by hand (as in test_adaptive_pinning): data x = 0, 1, −1; "sum" loss; neuron w = 1, v = 1.
X1 = np.array([[0.0], [1.0], [-1.0]])
PINNED = np.array([-1.0, 1.5, 0.0])  # A = 0.5, B = 1 at the datum x_1 = 0: attracting
CROSSES = np.array([-0.25, 1.5, 0.0])  # A = 0.5, B = 0.25: crosses


def _predict(y, b0, steps=200, lr=1e-3):
    """Start the kink at x = −b0 (b0 < 0: below x_1 = 0 in z), one window of ``steps`` GD steps."""
    net = ShallowNet([[1.0]], [b0], [1.0], 0.0, "relu")
    tmpl = net.copy()
    res = train(net, X1, y, lr=lr, steps=steps, reduction="sum", fit_c=False, record_every=10)
    return pin_prediction(res.snapshots, tmpl, X1, y, tol=1e-9, checkpoint_every=steps // 10, lr=lr,
                          reduction="sum")


def test_a_new_pinning_is_predicted_and_persistence_misses_it():
    """z_11 = b0 = −0.02 < 0 moving up at ż = A = 0.5 arrives after flow time 0.04 < 0.2 (the window):
    the condition predicts the new pinning, persistence ('not pinned now') gets it wrong."""
    pp = _predict(PINNED, -0.02)
    assert pp.n_new == 1 and pp.new_found == 1 and pp.new_pin_recall == 1.0
    assert pp.n_changed == 1 and pp.changed_correct == 1 and pp.persistence_correct == pp.n_pairs - 1
    js = pp.to_json()
    assert js["new_pin_recall"] == 1.0 and js["accuracy_where_persistence_wrong"] == 1.0
    assert js["decisive_examples"][0]["pinned_at_end"] is True


def test_a_crossing_is_not_predicted_to_pin():
    pp = _predict(CROSSES, -0.02)
    assert pp.n_pairs >= 1 and pp.true_pos == 0 and pp.false_pos == 0 and pp.n_new == 0
    js = pp.to_json()
    assert js["new_pin_recall"] is None and "new_pin_recall" in js["null_reasons"]
    json.dumps(js, allow_nan=False)


def test_prediction_counts_are_consistent_on_a_run():
    r = run_experiment("relu", 2, "disc_step", 0.01, width=16, n=12, steps=1500, seed=1, rs_flow=False,
                       checkpoints=15)
    pp = r["pin_prediction"]
    n = pp["n_pairs"]
    assert n == pp["true_pos"] + pp["true_neg"] + pp["false_pos"] + pp["false_neg"] > 0
    # each distinct pair at most once per window
    assert pp["n_distinct_pairs"] <= n <= pp["n_distinct_pairs"] * pp["n_windows"]
    pos = pp["true_pos"] + pp["false_neg"]
    assert pp["majority_baseline"] == pytest.approx(max(pos, n - pos) / n)
    for k in ("persistence_baseline", "balanced_accuracy", "new_pin_recall", "n_distinct_pairs"):
        assert k in pp
    json.dumps(pp, allow_nan=False)


def test_regimes_separate_over_five_decades_with_seeds():
    """Measured (width 40, n 30, 3000 steps, seeds 0, 1): pinned fraction 0.40 ± 0.25 at S = 1e-3,
    0 at S = 10 and 100; clusters per neuron 0.28 against 1.0."""
    sw = sweep_statistics([1e-3, 1e-2, 1e-1, 1, 10, 100], seeds=(0, 1), activation="relu", dim=2,
                          target="disc_step", width=40, n=30, steps=3000)
    sep = sw["regimes_separate"]
    assert sep["decades"] >= 5
    rows = sw["rows"]
    small, large = rows[0]["stats"]["pinned_fraction"], rows[-1]["stats"]["pinned_fraction"]
    assert small["n"] == 2 and small["std"] is not None
    assert small["mean"] >= large["mean"] + 0.2
    assert rows[0]["clusters_per_neuron"] < 0.5 * rows[-1]["clusters_per_neuron"]
    assert rows[0]["pinned_fraction"] == small["mean"] and rows[0]["pinned_fraction_std"] == small["std"]
    json.dumps([{k: v for k, v in r.items()} for r in rows], allow_nan=False)


def test_smooth_activation_near_pinning_is_reported_with_its_null():
    r = run_experiment("gelu", 2, "disc_step", 10.0, width=16, n=12, steps=300, rs_flow=False)
    npn, npi = r["near_pinning"], r["near_pinning_init"]
    assert "frozen-residual" in npn["effective_condition"] and "not exact" in npn["effective_condition_caveat"]
    # at S = 10 the neurons are sharp (ρ ~ 10) and barely move: trained ≈ init (the kernel regime)
    assert npn["rho_quantiles"]["0.5"] > 3
    assert abs(npn["fraction_within_one_bandwidth"] - npi["fraction_within_one_bandwidth"]) <= 0.1


def test_digits_statistics():
    r = run_experiment("relu", 8, "digits", 0.01, width=24, n=60, steps=1500, rs_flow=False, seed=0)
    g = r["digits"]
    assert sum(g["data_by_digit"]) == 60 and sum(g["pinned_neurons_by_digit"]) == g["n_pinned"]
    assert g["n_pinned"] == round(r["pinned_fraction"] * 24)
    assert sum(p["neurons"] for p in g["attracting_points"]) == g["n_pinned"]


def test_smooth_condition_reduces_to_the_relu_one_and_by_hand_for_gelu():
    from scipy.stats import norm

    from specbias.numerics.adaptive import pin_condition, smooth_pin_condition

    rng = np.random.default_rng(5)
    X = rng.uniform(-1, 1, (7, 2))
    y = rng.standard_normal(7)
    net = ShallowNet.init(2, 5, "relu", seed=5)
    A0, B0 = pin_condition(net, X, y)
    A1, B1, _ = smooth_pin_condition(net, X, y)
    np.testing.assert_allclose(A1, A0, atol=1e-15)
    np.testing.assert_allclose(B1, B0, atol=1e-15)
    # gelu, one neuron w = 1, b = 0, v = 1 on x = 0, 1, −1 ("sum"): e = f − y with f = gelu(x)
    # A_1 = −[e_2 σ'(1)(0·1 + 1) + e_3 σ'(−1)(0·(−1) + 1)], σ'(z) = Φ(z) + z φ(z)
    gnet = ShallowNet([[1.0]], [0.0], [1.0], 0.0, "gelu")
    yy = np.array([-1.0, 1.5, 0.0])
    e = gnet(X1) - yy
    dg = lambda z: norm.cdf(z) + z * norm.pdf(z)  # noqa: E731
    A, B, zs = smooth_pin_condition(gnet, X1, yy, reduction="sum")
    assert A[0, 0] == pytest.approx(-(e[1] * dg(1.0) + e[2] * dg(-1.0)), rel=1e-12)
    assert B[0, 0] == pytest.approx(e[0], rel=1e-12)
    # the stable equilibrium solves σ'(z*) = A/B on the rising branch (σ'' > 0 for |z| < √2)
    assert dg(zs[0, 0]) == pytest.approx(A[0, 0] / B[0, 0], abs=5e-3)


def test_near_pin_prediction_is_scored_against_persistence():
    r = run_experiment("gelu", 2, "disc_step", 1.0, width=16, n=12, steps=600, rs_flow=False, checkpoints=10)
    npp = r["near_pin_prediction"]
    assert npp["n_pairs"] == npp["true_pos"] + npp["true_neg"] + npp["false_pos"] + npp["false_neg"] > 0
    assert npp["persistence_baseline"] is not None
    json.dumps(npp, allow_nan=False)
