"""A grammar of random activations, shared by the fuzz tests and ``benchmarks/engine_coverage.py``.

:func:`random_activation` draws one expression string from a ``random.Random``-like generator:
catalogue functions of affine maps of t, Gaussians and one-sided exponentials, Heaviside pieces,
Min/Max of affine functions, sums with small rational coefficients, and products with Gaussians or
decaying exponentials.  The strings are what a user would type; they go through the same
parser as the CLI's input.
"""

from __future__ import annotations

_CATALOGUE_CALLS = ("relu", "sigmoid", "tanh", "erf", "softplus", "gelu", "swish", "step", "elu",
                    "gaussian", "sin", "Abs", "sign")
_SLOPES = ("1", "2", "1/2", "-1", "3")
_SHIFTS = ("0", "1", "-1", "1/2", "-3/2", "2")
_COEFFS = ("1", "2", "-1", "1/2", "-3", "0.25")


def _affine(rng) -> str:
    a, b = rng.choice(_SLOPES), rng.choice(_SHIFTS)
    at = "t" if a == "1" else f"({a})*t"
    return at if b == "0" else f"{at} + ({b})"


def _atom(rng) -> str:
    kind = rng.randrange(7)
    if kind <= 2:
        return f"{rng.choice(_CATALOGUE_CALLS)}({_affine(rng)})"
    if kind == 3:
        b = rng.choice(_SHIFTS)
        return f"exp(-(t - ({b}))**2/{rng.choice(('2', '1', '4'))})" + rng.choice(("", "*t", "*t**2"))
    if kind == 4:
        c = rng.choice(_SHIFTS)
        return f"Heaviside(t - ({c}))*exp(-{rng.choice(('1', '2', '1/2'))}*(t - ({c})))"
    if kind == 5:
        f = rng.choice(("Max", "Min"))
        return f"{f}({_affine(rng)}, {rng.choice(_SHIFTS)})"
    return f"Max({rng.choice(_SHIFTS)}, Min({_affine(rng)}, {rng.choice(('1', '2', '6'))}))"


def _factor(rng) -> str:
    return rng.choice((f"exp(-t**2/{rng.choice(('2', '1'))})", "exp(-Abs(t))", "1/(1 + t**2)"))


def random_activation(rng) -> str:
    """One random activation string (see the module docstring)."""
    n = rng.choice((1, 1, 2, 2, 3))
    terms = []
    for _ in range(n):
        term = _atom(rng)
        if rng.random() < 0.25:
            term = f"{term}*{_factor(rng)}"
        c = rng.choice(_COEFFS)
        terms.append(term if c == "1" else f"({c})*{term}")
    return " + ".join(terms)
