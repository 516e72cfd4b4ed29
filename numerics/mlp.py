"""Deep ReLU MLPs for coordinate-based fitting (issue 12): NumPy, float64, analytic gradients.

f(x) = W_L relu(... relu(W_1 x + b_1) ...) + b_L, hidden layers of any depth and width, one
linear output.  Loss: mean squared error (1/n) Σ_i (f(x_i) − y_i)², as in PyTorch's MSELoss.
Training: Adam (PyTorch's defaults, lr 1e-3, β = (0.9, 0.999), ε = 1e-8), full batch or seeded
mini-batches.  Per-example gradients are available both as a flat matrix (for checks) and as a
Gram matrix computed without materializing them (for gradient confusion on many pairs):
⟨∇ℓ_i, ∇ℓ_j⟩ = Σ_l (δ_l,i · δ_l,j)(h_{l−1,i} · h_{l−1,j} + 1).

Initialization laws:
  * ``pytorch``: PyTorch's ``nn.Linear`` default, kaiming-uniform with a = √5 for the weights,
    which is U(−1/√fan_in, 1/√fan_in), and U(−1/√fan_in, 1/√fan_in) for the biases;
  * ``gaussian``: w ~ N(0, σ_w²), σ_w = gain/√fan_in (gain √2, He), b ~ N(0, σ_b²) with
    σ_b = bias_scale/√fan_in (bias_scale 1 by default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from specbias.core.errors import InputError, ParameterError
from specbias.core.validate import as_finite_array

INITS = ("pytorch", "gaussian")


def init_bounds(fan_in: int) -> float:
    """Half-width of PyTorch's default uniform law for weights and biases of nn.Linear(fan_in, .)."""
    return 1.0 / np.sqrt(fan_in)


def _check_int(v, name, lo=1):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
        raise ParameterError(f"{name} must be an integer >= {lo}, got {v!r}")
    return int(v)


@dataclass
class Forward:
    """Everything one forward pass keeps: pre-activations z_l and layer inputs h_{l-1}."""

    inputs: list  # h_0 = x, h_1, ..., h_{L-1} (inputs of each linear layer)
    pre: list  # z_1, ..., z_{L-1} (hidden pre-activations)
    out: np.ndarray  # (n,) network output


class MLP:
    """ReLU MLP with ``depth`` hidden layers of ``width`` units and a scalar output."""

    def __init__(self, weights, biases):
        self.W = [np.array(w, dtype=np.float64) for w in weights]
        self.b = [np.array(b, dtype=np.float64) for b in biases]
        if len(self.W) != len(self.b) or len(self.W) < 2:
            raise InputError("an MLP needs at least one hidden layer and one output layer")
        for i, (w, b) in enumerate(zip(self.W, self.b)):
            if w.ndim != 2 or b.shape != (w.shape[0],):
                raise InputError(f"layer {i}: weight {w.shape} and bias {b.shape} do not match")
            if i and w.shape[1] != self.W[i - 1].shape[0]:
                raise InputError(f"layer {i}: fan-in {w.shape[1]} != previous width {self.W[i - 1].shape[0]}")
        if self.W[-1].shape[0] != 1:
            raise InputError("the output layer must have one unit")

    # ------------------------------------------------------------------ construction
    @classmethod
    def init(cls, in_dim: int, depth: int = 2, width: int = 128, init: str = "pytorch", seed=0,
             gain: float = np.sqrt(2.0), bias_scale: float = 1.0) -> "MLP":
        in_dim = _check_int(in_dim, "in_dim")
        depth = _check_int(depth, "depth")
        width = _check_int(width, "width")
        if init not in INITS:
            raise ParameterError(f"init must be one of {', '.join(INITS)}, got {init!r}")
        rng = np.random.default_rng(seed)
        sizes = [in_dim] + [width] * depth + [1]
        Ws, bs = [], []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            if init == "pytorch":
                a = init_bounds(fan_in)
                Ws.append(rng.uniform(-a, a, size=(fan_out, fan_in)))
                bs.append(rng.uniform(-a, a, size=fan_out))
            else:
                Ws.append(rng.normal(0.0, gain / np.sqrt(fan_in), size=(fan_out, fan_in)))
                bs.append(rng.normal(0.0, bias_scale / np.sqrt(fan_in), size=fan_out))
        return cls(Ws, bs)

    def copy(self) -> "MLP":
        return MLP([w.copy() for w in self.W], [b.copy() for b in self.b])

    @property
    def depth(self) -> int:
        return len(self.W) - 1

    @property
    def widths(self) -> list[int]:
        return [w.shape[0] for w in self.W[:-1]]

    @property
    def in_dim(self) -> int:
        return self.W[0].shape[1]

    @property
    def n_params(self) -> int:
        return sum(w.size + b.size for w, b in zip(self.W, self.b))

    def params(self) -> list:
        out = []
        for w, b in zip(self.W, self.b):
            out += [w, b]
        return out

    def get_flat(self) -> np.ndarray:
        return np.concatenate([p.ravel() for p in self.params()])

    def set_flat(self, theta) -> None:
        theta = np.asarray(theta, dtype=np.float64)
        k = 0
        for p in self.params():
            p[...] = theta[k:k + p.size].reshape(p.shape)
            k += p.size

    # ------------------------------------------------------------------ forward / backward
    def _X(self, X) -> np.ndarray:
        X = as_finite_array(X, "X")
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2 or X.shape[1] != self.in_dim:
            raise InputError(f"X must have shape (n, {self.in_dim}), got {X.shape}")
        return X

    def forward(self, X) -> Forward:
        h = self._X(X)
        inputs, pre = [h], []
        for w, b in zip(self.W[:-1], self.b[:-1]):
            z = h @ w.T + b
            pre.append(z)
            h = np.maximum(z, 0.0)
            inputs.append(h)
        out = (h @ self.W[-1].T + self.b[-1])[:, 0]
        return Forward(inputs, pre, out)

    def __call__(self, X) -> np.ndarray:
        return self.forward(X).out

    def patterns(self, X) -> list:
        """Activation patterns per hidden layer: boolean arrays (n, width_l), True where z > 0."""
        return [z > 0 for z in self.forward(X).pre]

    def _deltas(self, fw: Forward, r) -> list:
        """δ_l = ∂(Σ_i r_i f(x_i))/∂z_l per example, for every linear layer (hidden ones and output)."""
        d = np.asarray(r, dtype=np.float64)[:, None]  # (n, 1): output layer
        deltas = [d]
        for l in range(len(self.W) - 1, 0, -1):
            d = (d @ self.W[l]) * (fw.pre[l - 1] > 0)
            deltas.append(d)
        return deltas[::-1]  # deltas[l] belongs to layer l (0-based, l = 0 .. depth)

    def loss(self, X, y) -> float:
        y = as_finite_array(y, "y", ndim=1)
        e = self(X) - y
        return float(np.mean(e * e))

    def loss_and_grad(self, X, y, fw: Forward | None = None):
        """MSE and its gradient, as a list matching ``params()``."""
        fw = fw if fw is not None else self.forward(X)
        y = np.asarray(y, dtype=np.float64)
        e = fw.out - y
        n = len(y)
        deltas = self._deltas(fw, 2.0 * e / n)
        grads = []
        for h, d in zip(fw.inputs, deltas):
            grads += [d.T @ h, d.sum(0)]
        return float(np.mean(e * e)), grads

    def per_example_gradients(self, X, y) -> np.ndarray:
        """Flat gradients of ℓ_i = (f(x_i) − y_i)², one row per example (n, n_params)."""
        fw = self.forward(X)
        e = fw.out - np.asarray(y, dtype=np.float64)
        deltas = self._deltas(fw, 2.0 * e)
        cols = []
        for h, d in zip(fw.inputs, deltas):
            cols.append((d[:, :, None] * h[:, None, :]).reshape(len(e), -1))
            cols.append(d)
        return np.concatenate(cols, axis=1)

    def gradient_cosines(self, X, y, pairs, hidden_only: bool = False) -> np.ndarray:
        """Cosine similarity of the per-example loss gradients of each pair (i, j) in ``pairs``,
        from the factorized Gram ⟨∇ℓ_i, ∇ℓ_j⟩ = Σ_l (δ_l,i·δ_l,j)(h_l,i·h_l,j + 1).  Pairs where
        one gradient vanishes (zero residual or a dead path) get cosine 0.  ``hidden_only``: the
        gradients restricted to the hidden layers' parameters (output weights and bias left out)."""
        pairs = np.asarray(pairs, dtype=int).reshape(-1, 2)
        fw = self.forward(X)
        e = fw.out - np.asarray(y, dtype=np.float64)
        deltas = self._deltas(fw, 2.0 * e)
        i, j = pairs[:, 0], pairs[:, 1]
        dot = np.zeros(len(pairs))
        sq = np.zeros(len(e))
        layers = list(zip(fw.inputs, deltas))
        for h, d in (layers[:-1] if hidden_only else layers):
            hh = np.einsum("pk,pk->p", h[i], h[j]) + 1.0
            dd = np.einsum("pk,pk->p", d[i], d[j])
            dot += dd * hh
            sq += np.einsum("nk,nk->n", d, d) * (np.einsum("nk,nk->n", h, h) + 1.0)
        den = np.sqrt(sq[i] * sq[j])
        with np.errstate(invalid="ignore", divide="ignore"):
            cos = np.where(den > 0, dot / np.where(den > 0, den, 1.0), 0.0)
        return np.clip(cos, -1.0, 1.0)


class Adam:
    """PyTorch's Adam (no weight decay, no amsgrad): m, v moments with bias correction."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        if not (lr > 0):
            raise ParameterError(f"lr must be positive, got {lr}")
        self.params = params
        self.lr, (self.b1, self.b2), self.eps = float(lr), betas, float(eps)
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads) -> None:
        self.t += 1
        c1 = 1.0 - self.b1 ** self.t
        c2 = 1.0 - self.b2 ** self.t
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= self.b1
            m += (1.0 - self.b1) * g
            v *= self.b2
            v += (1.0 - self.b2) * (g * g)
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def train_epoch(net: MLP, opt: Adam, X, y, batch_size: int | None = None, rng=None) -> float:
    """One pass over the data (full batch when ``batch_size`` is None or >= n); returns the mean
    of the batch losses before each step."""
    n = len(y)
    if batch_size is None or batch_size >= n:
        loss, g = net.loss_and_grad(X, y)
        opt.step(g)
        return loss
    order = rng.permutation(n) if rng is not None else np.arange(n)
    losses = []
    for s in range(0, n, batch_size):
        idx = order[s:s + batch_size]
        loss, g = net.loss_and_grad(X[idx], y[idx])
        opt.step(g)
        losses.append(loss)
    return float(np.mean(losses))
