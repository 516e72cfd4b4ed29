"""The pinning condition's upper bound A_ij < v_i e_j (1 + ‖x_j‖²) (THEORY.md §5), tested on
constructed cases where it alone decides (issue 10): A_ij > 0 in every case, so the rule
"stays iff A_ij > 0" predicts "stays" everywhere and is wrong on the cases with A_ij ≥ B_ij.

One ReLU neuron relu(x) (w = 1, b = 0, v = 1) on x = (0, 1, −1), hyperplane x = 0 through x_1;
"sum" loss, e = f − y with f = (0, 1, 0):  A_1 = −e_2,  B_1 = e_1 (1 + 0²) = e_1.
"""

import numpy as np
import pytest

from specbias.numerics.adaptive import hyperplane_distances, pin_condition, pin_prediction
from specbias.numerics.network import ShallowNet, train
from specbias.theory.reparam import pinning

X1 = np.array([[0.0], [1.0], [-1.0]])
# name: (y, A_1, B_1, stays?) -- all with A_1 > 0; the upper bound decides
CASES = {
    "just_below_bound": ([-0.6, 1.5, 0.0], 0.5, 0.6, True),    # 0 < 0.5 < 0.6: slides
    "just_above_bound": ([-0.4, 1.5, 0.0], 0.5, 0.4, False),   # 0.5 > 0.4: crosses to the active side
    "far_above_bound": ([-0.1, 1.5, 0.0], 0.5, 0.1, False),
}


def _neuron():
    return ShallowNet([[1.0]], [0.0], [1.0], 0.0, "relu")


@pytest.mark.parametrize("name", list(CASES))
def test_condition_values(name):
    y, A1, B1, _ = CASES[name]
    A, B = pin_condition(_neuron(), X1, np.array(y), reduction="sum")
    assert A[0, 0] == pytest.approx(A1, abs=1e-15)
    assert B[0, 0] == pytest.approx(B1, abs=1e-15)


@pytest.mark.parametrize("name", list(CASES))
def test_gradient_descent_follows_the_upper_bound(name):
    """GD itself: the slide keeps |z| inside the chattering band lr·max(|A|, |A − B|); a crossing
    leaves it (measured max distance over 300 steps: 5.0e-4 sliding (band 1.0e-3); 4.8e-3 for
    A − B = 0.1, which drifts out at lr·(A − B) per step before the residuals change; asserted
    > 3 bands)."""
    y, A1, B1, stays = CASES[name]
    net = _neuron()
    lr = 1e-3
    dist = []
    for _ in range(300):
        net.step(X1, np.array(y), lr, reduction="sum", fit_c=False)
        dist.append(hyperplane_distances(net, X1)[0, 0])
    dist = np.array(dist)
    band = 2 * lr * max(abs(A1), abs(A1 - B1))
    if stays:
        assert dist.max() <= band
    else:
        assert dist.max() > 3 * band


@pytest.mark.parametrize("name", list(CASES))
def test_pin_prediction_uses_the_upper_bound(name):
    """pin_prediction scores each case correctly; with 'stays iff A > 0' the crossing cases would be
    false positives (accuracy 0)."""
    y, _, _, stays = CASES[name]
    lr = 1e-3
    res = train(_neuron(), X1, np.array(y), lr=lr, steps=200, reduction="sum", fit_c=False, record_every=10)
    pp = pin_prediction(res.snapshots, _neuron(), X1, np.array(y), tol=1e-9, checkpoint_every=20, lr=lr,
                        reduction="sum")
    assert pp.n_pairs >= 1
    assert pp.accuracy == 1.0
    assert pp.false_pos == 0 and pp.false_neg == 0
    assert (pp.true_pos >= 1) == stays and (pp.true_neg >= 1) == (not stays)


def test_theory_states_the_upper_bound():
    """theory.reparam.pinning: ż on the active side is A − v e_j (1 + ‖x_j‖²), and every check of the
    derivation holds (the sliding condition is 0 < A < B, not A > 0)."""
    der = pinning(d=1, n=3, j=1)
    assert all(c.ok for c in der.checks)
    texts = " ".join(c.name for c in der.checks)
    assert "A_ij − v e_j (1 + ‖x_j‖²)" in texts
