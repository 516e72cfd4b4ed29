"""THEORY.md §3's table of claimed transforms and weights, typed in as data (claims, not truths).

The build compares every derived result with these and reports agreement or disagreement.
Angular convention, ω > 0, δ terms omitted.  W is claimed as a function of ω and d.
"""

import sympy as sp

from .fourier import OMEGA as w

d = sp.Symbol("d", positive=True, integer=True)
I, pi = sp.I, sp.pi

#: name -> (claimed σ̂(ω), claimed W_σ(ω; d)); parameters at the catalogue defaults
#: (leaky_relu a = 1/100, relu_pow k = 2, elu α = 1).
CLAIMED = {
    "relu": (-1 / w ** 2, w ** (d + 3)),
    "leaky_relu": (-(1 - sp.Rational(1, 100)) / w ** 2, w ** (d + 3) / (1 - sp.Rational(1, 100)) ** 2),
    "abs": (-2 / w ** 2, w ** (d + 3) / 4),
    "relu_pow": (sp.factorial(2) / (I * w) ** 3, w ** (d + 2 * 2 + 1) / sp.factorial(2) ** 2),
    "step": (1 / (I * w), w ** (d + 1)),
    "sign": (2 / (I * w), w ** (d + 1) / 4),
    "elu": (-1 / (w ** 2 * (1 - I * w)), w ** (d + 3) * (1 + w ** 2)),
    "sigmoid": (-I * pi / sp.sinh(pi * w), w ** (d - 1) * sp.sinh(pi * w) ** 2 / pi ** 2),
    "tanh": (-I * pi / sp.sinh(pi * w / 2), w ** (d - 1) * sp.sinh(pi * w / 2) ** 2 / pi ** 2),
    "erf": (2 * sp.exp(-w ** 2 / 4) / (I * w), w ** (d + 1) * sp.exp(w ** 2 / 2) / 4),
    "softplus": (-pi / (w * sp.sinh(pi * w)), w ** (d + 1) * sp.sinh(pi * w) ** 2 / pi ** 2),
    "gelu": (-(1 + w ** 2) * sp.exp(-w ** 2 / 2) / w ** 2, w ** (d + 3) * sp.exp(w ** 2) / (1 + w ** 2) ** 2),
    "swish": (-pi ** 2 * sp.cosh(pi * w) / sp.sinh(pi * w) ** 2,
              w ** (d - 1) * sp.sinh(pi * w) ** 4 / (pi ** 4 * sp.cosh(pi * w) ** 2)),
    "gaussian": (sp.sqrt(2 * pi) * sp.exp(-w ** 2 / 2), w ** (d - 1) * sp.exp(w ** 2) / (2 * pi)),
    # sin: iπ[δ(ω+1) − δ(ω−1)], no regular part
    "sin": (sp.S(0), None),
}

#: claimed point masses of sin
CLAIMED_SIN_MASSES = {(-1, 0): I * pi, (1, 0): -I * pi}

#: THEORY.md §3: C_d = 1/(4π(2π)^{2(d−1)}) (angular)
CLAIMED_CONSTANT = 1 / (4 * pi * (2 * pi) ** (2 * (d - 1)))
