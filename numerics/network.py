"""Shallow networks f(x) = Σ_i v_i σ(w_i·x + b_i) + c, analytic gradients, full-batch GD.

Shared by the kernel-regime (issue 4) and adaptive-regime (issue 5) experiments.  The API below
is stable; add to it, do not change it.

Shapes and conventions
----------------------
* ``X``: (n, d) float64 inputs, ``y``: (n,) float64 targets.
* Parameters: ``W`` (m, d), ``b`` (m,), ``v`` (m,), ``c`` (float).  ``m`` is the width.
* Pre-activations ``Z = X @ W.T + b`` (n, m); ``z_ij = w_i·x_j + b_i``.
* Residual ``e = f(X) - y``.  Loss ``L = (r/2) Σ_j e_j²`` with ``r = 1/n`` for
  ``reduction="mean"`` (default) and ``r = 1`` for ``reduction="sum"``.  The gradient flow of
  THEORY.md §5 is the flow of the ``"sum"`` loss; ``"mean"`` is the same flow with time scaled
  by 1/n (every statement about signs, pinning and conserved quantities is unchanged).
* σ and σ' come from the activation's own SymPy definition (:mod:`theory.activations`):
  σ is lambdified as is (Heaviside(0) = 1/2, as in ``Activation.callable``); σ' is the SymPy
  derivative with DiracDelta terms set to 0 and Heaviside(0) = 0, so for ReLU
  σ'(z) = 1[z > 0] (the "active indicator" of THEORY.md §5).

Public API
----------
``ShallowNet(W, b, v, c=0.0, activation="relu", reference=None)``
    ``.width``, ``.dim``, ``.activation`` (an ``Activation``), ``.sigma(z)``, ``.dsigma(z)``
    ``.preactivations(X)`` -> Z (n, m)
    ``.forward(X)`` / ``net(X)`` -> (n,) outputs; minus ``reference(X)`` if a frozen reference
        net is attached (f0 removal: see :meth:`ShallowNet.centered`)
    ``.loss(X, y, reduction="mean")`` -> float
    ``.gradients(X, y, reduction="mean")`` -> (loss, Gradients(W, b, v, c))
    ``.jacobian(X)`` -> (n, P) d f(x_j)/dθ, θ = flat parameter vector (see ``.get_flat``)
    ``.ntk(X1, X2=None)`` -> (n1, n2) empirical tangent kernel J1 J2ᵀ
    ``.get_flat()`` / ``.set_flat(theta)`` / ``.n_params``: θ = [W.ravel(), b, v, c]
    ``.copy()``, ``.centered()`` (a copy whose output at init is exactly 0),
    ``.step(X, y, lr, ...)`` one in-place GD step, returns the loss before the step
    ``.conserved()`` -> (m,) v_i² − ‖w_i‖² − b_i² (k v² − ‖w‖² − b² for k-homogeneous σ)
    ``ShallowNet.init(dim, width, activation="relu", scale=1.0, seed=0, *, weight_std=1.0,
        bias_std=1.0, out_std=None, antisymmetric=False, zero_c=True)``
        Gaussian init: w ~ N(0, (scale·weight_std)² I), b ~ N(0, (scale·bias_std)²),
        v ~ N(0, (scale·out_std)²) with out_std = 1/sqrt(width) by default.  Large ``scale``
        gives the kernel (lazy) regime, small ``scale`` the adaptive (rich) regime.
        ``antisymmetric=True`` (even width) duplicates the first m/2 neurons with -v, so that
        f0 ≡ 0 without changing the tangent kernel's distribution.
``train(net, X, y, *, lr, steps, reduction="mean", fit_c=True, record_every=0, callback=None,
        progress=False) -> TrainResult``
    Full-batch GD in place.  ``TrainResult.losses`` (steps+1,) (the last is the final loss),
    ``.snapshots`` list of (step, params dict) when record_every > 0, ``.net``.
``stable_lr(net, X, reduction="mean", safety=0.5)``: safety·2/λ_max of the Gauss-Newton
    matrix (so GD on the quadratic model is stable), from the NTK Gram matrix.
``as_array(X, name)``, ``check_data(X, y, dim)``: input validation (typed errors).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from specbias.core.validate import as_finite_array, check_positive
import sympy as sp

from specbias.core.activations import Activation, T, resolve_activation
from specbias.core.errors import InputError, DimensionError, ParameterError

__all__ = [
    "ShallowNet",
    "Gradients",
    "TrainResult",
    "train",
    "stable_lr",
    "activation_functions",
    "as_array",
    "check_data",
]


# --------------------------------------------------------------------------------------------
# Activation -> (σ, σ')
# --------------------------------------------------------------------------------------------
def _lambdify(expr, h0: float):
    f = sp.lambdify(T, expr, modules=[{"Heaviside": lambda x, h=h0: np.heaviside(x, h0),
                                       "DiracDelta": lambda x, *a: np.zeros_like(x)},
                                      "scipy", "numpy"])

    def call(x):
        x = np.asarray(x, dtype=np.float64)
        out = np.asarray(f(x), dtype=np.float64)
        if out.shape != x.shape:
            out = np.broadcast_to(out, x.shape).copy()
        return out

    return call


@functools.lru_cache(maxsize=256)
def _functions(expr):
    d = sp.diff(expr, T)
    d = d.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S(0))
    sig = _lambdify(expr, 0.5)
    dsig = _lambdify(d, 0.0)
    # ReLU fast path (same values as the lambdified expression, fewer temporaries)
    if sp.simplify(expr - T * sp.Heaviside(T)) == 0:
        return (lambda z: np.maximum(np.asarray(z, dtype=np.float64), 0.0),
                lambda z: (np.asarray(z, dtype=np.float64) > 0).astype(np.float64))
    return sig, dsig


def activation_functions(activation) -> tuple:
    """(σ, σ', Activation) for a catalogue name, expression string or Activation."""
    act = bound_activation(activation)
    sig, dsig = _functions(act.expr)
    return sig, dsig, act


def bound_activation(activation) -> Activation:
    """The bound Activation for a catalogue name, expression string or Activation."""
    if isinstance(activation, Activation):
        return activation if activation.is_bound else activation.bind()
    if not isinstance(activation, str):
        raise InputError(f"activation must be a name, an expression or an Activation, got {activation!r}")
    return resolve_activation(activation)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------
as_array = as_finite_array  # the shared validator (numerics._validate)


def check_data(X, y=None, dim: int | None = None):
    """Validate (X, y): 2-D finite X of d columns, 1-D finite y of matching length."""
    X = as_array(X, "X")
    if X.ndim == 1 and dim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise InputError(f"X must be an (n, d) array, got shape {X.shape}")
    if X.shape[0] == 0:
        raise InputError("X has no rows")
    if dim is not None and X.shape[1] != dim:
        raise DimensionError(f"X has {X.shape[1]} columns but the network has input dimension {dim}")
    if y is None:
        return X
    y = as_array(y, "y")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise InputError(f"y must have shape ({X.shape[0]},), got {y.shape}")
    return X, y


def _check_width(width):
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ParameterError(f"width must be a positive integer, got {width!r}")
    return int(width)


def _check_reduction(reduction):
    if reduction not in ("mean", "sum"):
        raise InputError(f"reduction must be 'mean' or 'sum', got {reduction!r}")


# --------------------------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------------------------
@dataclass
class Gradients:
    W: np.ndarray
    b: np.ndarray
    v: np.ndarray
    c: float

    def flat(self) -> np.ndarray:
        return np.concatenate([self.W.ravel(), self.b, self.v, [self.c]])


class ShallowNet:
    """f(x) = Σ_i v_i σ(w_i·x + b_i) + c  (minus a frozen reference net, if attached)."""

    def __init__(self, W, b, v, c=0.0, activation="relu", reference: "ShallowNet | None" = None):
        W = as_array(W, "W")
        if W.ndim == 1:
            W = W[:, None]
        if W.ndim != 2 or W.shape[0] < 1 or W.shape[1] < 1:
            raise InputError(f"W must be an (m, d) array with m, d >= 1, got shape {W.shape}")
        m = W.shape[0]
        b = as_array(b, "b").reshape(-1)
        v = as_array(v, "v").reshape(-1)
        if b.shape != (m,) or v.shape != (m,):
            raise InputError(f"b and v must have shape ({m},), got {b.shape} and {v.shape}")
        c = float(as_array(c, "c"))
        self.W, self.b, self.v, self.c = W.copy(), b.copy(), v.copy(), c
        self.sigma, self.dsigma, self.activation = activation_functions(activation)
        if reference is not None and (reference.dim != self.dim):
            raise DimensionError("reference net has a different input dimension")
        self.reference = reference

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def init(cls, dim: int, width: int, activation="relu", scale: float = 1.0, seed=0, *,
             weight_std: float = 1.0, bias_std: float = 1.0, out_std: float | None = None,
             antisymmetric: bool = False, zero_c: bool = True) -> "ShallowNet":
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
            raise DimensionError(f"input dimension must be an integer >= 1, got {dim!r}")
        width = _check_width(width)
        scale = check_positive(scale, "init scale", error=ParameterError)
        weight_std = check_positive(weight_std, "weight_std", error=ParameterError)
        bias_std = float(bias_std)
        if not np.isfinite(bias_std) or bias_std < 0:
            raise ParameterError(f"bias_std must be >= 0, got {bias_std!r}")
        out_std = 1.0 / np.sqrt(width) if out_std is None else check_positive(out_std, "out_std", error=ParameterError)
        if antisymmetric and width % 2:
            raise ParameterError(f"antisymmetric init needs an even width, got {width}")
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        h = width // 2 if antisymmetric else width
        W = rng.standard_normal((h, dim)) * (scale * weight_std)
        b = rng.standard_normal(h) * (scale * bias_std)
        v = rng.standard_normal(h) * (scale * out_std)
        if antisymmetric:
            W, b, v = np.vstack([W, W]), np.concatenate([b, b]), np.concatenate([v, -v])
        c = 0.0 if zero_c else float(rng.standard_normal() * scale * out_std)
        return cls(W, b, v, c, activation)

    def copy(self) -> "ShallowNet":
        net = ShallowNet.__new__(ShallowNet)
        net.W, net.b, net.v, net.c = self.W.copy(), self.b.copy(), self.v.copy(), self.c
        net.sigma, net.dsigma, net.activation = self.sigma, self.dsigma, self.activation
        net.reference = self.reference
        return net

    def centered(self) -> "ShallowNet":
        """A copy with a frozen copy of itself attached as reference: output f − f0 (≡ 0 now)."""
        net = self.copy()
        ref = self.copy()
        ref.reference = None
        net.reference = ref
        return net

    # -- shapes --------------------------------------------------------------------------------
    @property
    def width(self) -> int:
        return self.W.shape[0]

    @property
    def dim(self) -> int:
        return self.W.shape[1]

    @property
    def n_params(self) -> int:
        return self.width * (self.dim + 2) + 1

    def params(self) -> dict:
        return {"W": self.W.copy(), "b": self.b.copy(), "v": self.v.copy(), "c": self.c}

    def get_flat(self) -> np.ndarray:
        return np.concatenate([self.W.ravel(), self.b, self.v, [self.c]])

    def set_flat(self, theta) -> None:
        theta = as_array(theta, "theta", ndim=1)
        if theta.shape != (self.n_params,):
            raise InputError(f"theta must have {self.n_params} entries, got {theta.shape[0]}")
        m, d = self.width, self.dim
        self.W = theta[:m * d].reshape(m, d).copy()
        self.b = theta[m * d:m * d + m].copy()
        self.v = theta[m * d + m:m * d + 2 * m].copy()
        self.c = float(theta[-1])

    # -- evaluation ------------------------------------------------------------------------------
    def _X(self, X):
        return check_data(X, dim=self.dim)

    def preactivations(self, X) -> np.ndarray:
        X = self._X(X)
        return X @ self.W.T + self.b

    def _forward_raw(self, X):
        Z = X @ self.W.T
        Z += self.b
        S = self.sigma(Z)
        f = S @ self.v + self.c
        if self.reference is not None:
            f = f - self.reference._forward_raw(X)[0]
        return f, Z, S

    def forward(self, X) -> np.ndarray:
        return self._forward_raw(self._X(X))[0]

    __call__ = forward

    def loss(self, X, y, reduction: str = "mean") -> float:
        _check_reduction(reduction)
        X, y = check_data(X, y, self.dim)
        e = self.forward(X) - y
        r = 1.0 / len(y) if reduction == "mean" else 1.0
        return 0.5 * r * float(e @ e)

    def _grads(self, X, y, reduction):
        f, Z, S = self._forward_raw(X)
        e = f - y
        r = 1.0 / len(y) if reduction == "mean" else 1.0
        loss = 0.5 * r * float(e @ e)
        er = e * r
        gv = S.T @ er
        del S
        # ∂L/∂w_i = v_i Σ_j r e_j σ'(z_ij) x_j and ∂L/∂b_i = v_i Σ_j r e_j σ'(z_ij): one product
        # σ'(Z)ᵀ [r e ∘ X, r e] instead of forming the (n, m) matrix r e_j v_i σ'(z_ij)
        D = self.dsigma(Z)
        del Z
        R = D.T @ np.hstack([er[:, None] * X, er[:, None]])  # (m, d + 1)
        R *= self.v[:, None]
        gW = np.ascontiguousarray(R[:, :-1])
        gb = R[:, -1].copy()
        gc = float(er.sum())
        return loss, Gradients(gW, gb, gv, gc)

    def gradients(self, X, y, reduction: str = "mean"):
        """(loss, Gradients) of L = (r/2) Σ_j (f(x_j) − y_j)²."""
        _check_reduction(reduction)
        X, y = check_data(X, y, self.dim)
        return self._grads(X, y, reduction)

    def jacobian(self, X) -> np.ndarray:
        """(n, P): ∂f(x_j)/∂θ in the order of :meth:`get_flat`."""
        X = self._X(X)
        Z = X @ self.W.T + self.b
        S = self.sigma(Z)
        Dv = self.dsigma(Z) * self.v  # (n, m)
        n, m, d = X.shape[0], self.width, self.dim
        JW = (Dv[:, :, None] * X[:, None, :]).reshape(n, m * d)
        return np.hstack([JW, Dv, S, np.ones((n, 1))])

    def ntk(self, X1, X2=None) -> np.ndarray:
        """Empirical tangent kernel Θ(x, x') = ∇_θ f(x)·∇_θ f(x') (n1, n2)."""
        X1 = self._X(X1)
        X2 = X1 if X2 is None else self._X(X2)
        Z1, Z2 = X1 @ self.W.T + self.b, X2 @ self.W.T + self.b
        S1, S2 = self.sigma(Z1), self.sigma(Z2)
        D1, D2 = self.dsigma(Z1) * self.v, self.dsigma(Z2) * self.v
        return (S1 @ S2.T) + (D1 @ D2.T) * (X1 @ X2.T + 1.0) + 1.0

    def conserved(self) -> np.ndarray:
        """Per neuron k v² − ‖w‖² − b² (k = homogeneity degree; k = 1 if σ is not homogeneous,
        in which case the quantity is *not* conserved)."""
        k = self.activation.homogeneity
        k = 1 if k is None else float(k)
        return k * self.v ** 2 - np.sum(self.W ** 2, axis=1) - self.b ** 2

    # -- training --------------------------------------------------------------------------------
    def step(self, X, y, lr: float, reduction: str = "mean", fit_c: bool = True, _checked=False) -> float:
        """One full-batch GD step in place; returns the loss *before* the step."""
        if not _checked:
            _check_reduction(reduction)
            X, y = check_data(X, y, self.dim)
            lr = check_positive(lr, "learning rate", error=ParameterError)
        loss, g = self._grads(X, y, reduction)
        self.W -= lr * g.W
        self.b -= lr * g.b
        self.v -= lr * g.v
        if fit_c:
            self.c -= lr * g.c
        return loss


@dataclass
class TrainResult:
    net: ShallowNet
    losses: np.ndarray
    snapshots: list = field(default_factory=list)
    lr: float = 0.0

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])


def stable_lr(net: ShallowNet, X, reduction: str = "mean", safety: float = 0.5) -> float:
    """safety · 2/λ_max, λ_max the top eigenvalue of the Gauss-Newton matrix r·JᵀJ."""
    _check_reduction(reduction)
    X = net._X(X)
    K = net.ntk(X)
    r = 1.0 / X.shape[0] if reduction == "mean" else 1.0
    lam = float(np.linalg.eigvalsh(K)[-1]) * r
    return safety * 2.0 / max(lam, 1e-300)


def train(net: ShallowNet, X, y, *, lr: float, steps: int, reduction: str = "mean", fit_c: bool = True,
          record_every: int = 0, callback=None, progress: bool = False) -> TrainResult:
    """Full-batch gradient descent, in place.  ``callback(step, net, loss)`` is called after each
    step (``loss`` is the loss before that step); a True return value stops training early."""
    _check_reduction(reduction)
    X, y = check_data(X, y, net.dim)
    lr = check_positive(lr, "learning rate", error=ParameterError)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ParameterError(f"steps must be a non-negative integer, got {steps!r}")
    losses = np.empty(steps + 1)
    snaps = []
    it = range(steps)
    bar = None
    if progress:
        import sys
        from tqdm import tqdm

        bar = tqdm(total=steps, desc="GD", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    done = steps
    for s in it:
        if record_every and s % record_every == 0:
            snaps.append((s, net.params()))
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            losses[s] = net.step(X, y, lr, reduction, fit_c, _checked=True)
        if not np.isfinite(losses[s]):
            from specbias.core.errors import NumericError

            raise NumericError(f"training diverged at step {s} (loss {losses[s]}); lower the learning rate")
        if callback is not None and callback(s, net, losses[s]):
            done = s + 1
            break
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    losses = losses[:done + 1]
    losses[done] = net.loss(X, y, reduction)
    if record_every:
        snaps.append((done, net.params()))
    return TrainResult(net=net, losses=losses, snapshots=snaps, lr=lr)
