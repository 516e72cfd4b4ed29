"""`specbias verify` rows for the Radon-spline reparameterization and the adaptive regime (issue 5).

Symbolic: every identity of theory.reparam's derivations (SymPy proves it or the row fails).
Numeric: the conserved quantity under small-step gradient descent, and the RS flow integrated on
its own against the mapped parameter flow (numerics.adaptive), for ReLU in each dimension.
"""

from __future__ import annotations

import numpy as np

from . import CheckRow


def units(activations, dims):
    """One unit per dimension, when ReLU is among the activations (see :mod:`derivations.checks`)."""
    from specbias.core.activations import resolve_activation

    names = {resolve_activation(a).name for a in activations}
    if "relu" not in names:
        return []  # the adaptive-regime theory is derived for ReLU
    return [(None, d) for d in dims]


def collect(activations, dims):
    rows = []
    for _, d in units(activations, dims):
        rows.extend(run_unit(d, dims))
    return rows


def run_unit(d, dims):
    from specbias.numerics.adaptive import rs_flow_check
    from specbias.numerics.network import ShallowNet, train
    from specbias.numerics.targets import make_target
    from specbias.theory.reparam import conserved_quantity, pinning, rs_flow, symmetry_removal

    rows = []
    for title, der in (("RS symmetry removal (symbolic)", symmetry_removal(1, d)),
                       ("conserved v²−‖w‖²−b² (symbolic)", conserved_quantity("relu", d)),
                       ("RS gradient flow = chain rule (symbolic)", rs_flow("relu", d)),
                       ("pinning = Filippov sliding (symbolic)", pinning(d))):
        rows.append(CheckRow(title, "relu", d, ["SymPy"], 0.0 if der.ok else float("nan"), 0.0,
                             points=len(der.checks),
                             detail="; ".join(c.name for c in der.checks if not c.ok) or "all identities proved",
                             passed=der.ok))
    X, y = make_target("random", d, 12, seed=1)
    net = ShallowNet.init(d, 16, "relu", scale=0.5, seed=2)
    q0 = net.conserved()
    train(net, X, y, lr=1e-6, steps=200)
    drift = float(np.max(np.abs(net.conserved() - q0) / np.maximum(1.0, np.abs(q0))))
    rows.append(CheckRow("conserved quantity under GD (lr 1e-6, 200 steps)", "relu", d, ["numerics.network"],
                         drift, 1e-8, points=16))
    chk = rs_flow_check(ShallowNet.init(d, 8, "relu", scale=1.0, seed=3), X, y, t_end=2.0, n_samples=41)
    rows.append(CheckRow("RS flow = mapped parameter flow", "relu", d, ["RS ODE", "mapped ODE"], chk.max_err,
                         1e-6, points=chk.n_compared,
                         detail=f"{chk.n_segments} crossing-free stretches, {chk.n_crossings} crossings"))
    return rows
