"""numerics.regions: region counts, Hamming distances, dead units, boundary distances, pairs and the
residual spectrum, each against a brute-force or independent computation."""

import numpy as np
from hypothesis import given, settings, strategies as st

from specbias.numerics import regions as R
from specbias.numerics.images import encode, make_task, parse_input
from specbias.numerics.mlp import MLP


def _brute_patterns(net, X):
    """Patterns by a scalar loop over units (independent of MLP.forward's matrix code)."""
    pats = []
    for x in X:
        h, row = list(x), []
        for W, b in zip(net.W[:-1], net.b[:-1]):
            z = [sum(W[j, k] * h[k] for k in range(len(h))) + b[j] for j in range(len(b))]
            row.append(tuple(int(v > 0) for v in z))
            h = [max(v, 0.0) for v in z]
        pats.append(row)
    return pats


@settings(max_examples=10)
@given(depth=st.integers(1, 3), width=st.integers(1, 6), d=st.integers(1, 3), seed=st.integers(0, 10 ** 6))
def test_region_counts_equal_brute_force(depth, width, d, seed):
    rng = np.random.default_rng(seed)
    net = MLP.init(d, depth, width, seed=seed)
    X = rng.uniform(-1, 1, size=(40, d))
    total, per_layer = R.region_counts(net.patterns(X))
    brute = _brute_patterns(net, X)
    assert total == len({tuple(p) for p in brute})
    assert per_layer == [len({p[l] for p in brute}) for l in range(depth)]


def test_first_layer_patterns_on_fine_grid_count_the_arrangement():
    # 1-D: every region of the first layer on (0, 1) is an interval; a grid finer than the shortest
    # interval sees each exactly once, so the pattern count equals the exact breakpoint count
    net = MLP.init(1, 1, 12, seed=4)
    t = np.sort(-net.b[0] / net.W[0][:, 0])
    t = t[(t > 0) & (t < 1)]
    gap = np.diff(np.concatenate([[0.0], t, [1.0]])).min()
    X = np.linspace(0, 1, int(4 / gap) + 2)[:, None]
    assert R.region_counts(net.patterns(X))[1][0] == R.arrangement_regions(net.W[0], net.b[0], 0.0, 1.0)
    # 2-D: a fine grid sees at most the exact number, and most of them
    net = MLP.init(2, 1, 6, seed=1)
    g = np.linspace(0, 1, 400)
    X = np.stack(np.meshgrid(g, g, indexing="ij"), -1).reshape(-1, 2)
    seen = R.region_counts(net.patterns(X))[1][0]
    exact = R.arrangement_regions(net.W[0], net.b[0], 0.0, 1.0)
    assert exact - 2 <= seen <= exact


@settings(max_examples=15)
@given(seed=st.integers(0, 10 ** 6), depth=st.integers(1, 3))
def test_hamming_self_zero_symmetric_and_brute(seed, depth):
    rng = np.random.default_rng(seed)
    net = MLP.init(2, depth, 7, seed=seed)
    X = rng.uniform(0, 1, size=(25, 2))
    pats = net.patterns(X)
    pairs = rng.integers(0, 25, size=(30, 2))
    H = R.hamming(pats, pairs)
    assert np.all(R.hamming(pats, np.stack([np.arange(25)] * 2, 1)) == 0)
    np.testing.assert_array_equal(H, R.hamming(pats, pairs[:, ::-1]))
    brute = _brute_patterns(net, X)
    for p, (i, j) in enumerate(pairs):
        for l in range(depth):
            assert H[l, p] == sum(a != b for a, b in zip(brute[i][l], brute[j][l]))


def test_dead_fractions_and_hyperplanes():
    net = MLP.init(2, 2, 50, seed=0)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    fw = net.forward(X)
    dead = R.dead_fractions([z > 0 for z in fw.pre])
    for l, z in enumerate(fw.pre):
        assert dead[l] == sum(all(z[:, j] <= 0) for j in range(z.shape[1])) / z.shape[1]
    meet = sum(z.min() < 0 < z.max() for z in fw.pre[0].T)
    assert R.hyperplanes_in_domain(fw.pre[0]) == meet


def test_boundary_distance_is_the_pattern_preserving_radius():
    rng = np.random.default_rng(0)
    net = MLP.init(2, 1, 20, seed=0)
    X = rng.uniform(0, 1, size=(30, 2))
    dist = R.boundary_distance(net, X)[0]
    W, b = net.W[0], net.b[0]
    for x, r in zip(X, dist):
        z = W @ x + b
        j = np.argmin(np.abs(z) / np.linalg.norm(W, axis=1))
        n = W[j] / np.linalg.norm(W[j])
        step = -np.sign(z[j]) * n
        p0 = (W @ x + b) > 0
        # moving 0.99 r in any direction keeps the pattern; 1.01 r toward the nearest hyperplane flips it
        for u in rng.normal(size=(20, 2)):
            u /= np.linalg.norm(u)
            assert np.array_equal((W @ (x + 0.99 * r * u) + b) > 0, p0)
        assert not np.array_equal((W @ (x + 1.01 * r * step) + b) > 0, p0)


def test_pairs_are_local_and_global():
    rng = np.random.default_rng(0)
    lp = R.local_pairs((64, 64), 10, rng)
    assert len(lp) == 10 * 36
    a, b = np.unravel_index(lp[:, 0], (64, 64)), np.unravel_index(lp[:, 1], (64, 64))
    assert np.max(np.maximum(np.abs(a[0] - b[0]), np.abs(a[1] - b[1]))) <= 2 and np.all(lp[:, 0] != lp[:, 1])
    gp = R.global_pairs((64, 64), 200, rng)
    a, b = np.unravel_index(gp[:, 0], (64, 64)), np.unravel_index(gp[:, 1], (64, 64))
    assert np.all(np.array(a) < 8) and np.all(np.array(b) >= 56)
    lp1 = R.local_pairs((100,), 5, rng)
    assert len(lp1) == 15 and np.max(np.abs(lp1[:, 0] - lp1[:, 1])) <= 2


def test_residual_spectrum_reads_amplitudes():
    t = np.arange(128) / 128
    r = 0.7 * np.sin(2 * np.pi * 10 * t + 0.3) + 0.2 * np.cos(2 * np.pi * 25 * t)
    k, a = R.residual_spectrum(r, (128,))
    np.testing.assert_allclose(a[[10, 25]], [0.7, 0.2], atol=1e-12)
    assert np.all(np.delete(a, [10, 25]) < 1e-12)
    n = 32
    x = np.arange(n) / n
    img = 0.5 * np.cos(2 * np.pi * 3 * x)[:, None] * np.ones(n)[None, :]
    k, a = R.residual_spectrum(img.ravel(), (n, n))
    # energy at (±3, 0): |F|/N² = 1/4 each; ring of radius 3 holds those 2 of its cells
    ring = np.rint(np.hypot(*np.meshgrid(np.fft.fftfreq(n) * n, np.fft.fftfreq(n) * n, indexing="ij"))) == 3
    np.testing.assert_allclose(a[3], 0.5 / ring.sum(), rtol=1e-12)


def test_targets_and_encodings():
    t = make_task("random-image", size=16, seed=1)
    assert t.coords01.shape == (256, 2) and t.coords01.min() == 0 and t.coords01.max() == 1
    assert 0 <= t.y.min() and t.y.max() <= 1
    nat = make_task("natural-image", size=32)
    assert nat.y.shape == (1024,) and nat.y.std() > 0.1
    w = make_task("waves1d", size=200)
    k, a = R.residual_spectrum(w.y, (200,))
    np.testing.assert_allclose(a[5:55:5], 1.0, atol=1e-12)  # ten unit-amplitude sines
    Z = encode(parse_input("nerf:3"), t.coords01)
    assert Z.shape == (256, 12)
    np.testing.assert_allclose((Z ** 2).sum(1), 6.0)  # sin² + cos² per level and coordinate
    G = encode(parse_input("gauss:10,16"), t.coords01, seed=2)
    assert G.shape == (256, 32)
