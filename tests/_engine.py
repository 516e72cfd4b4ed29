"""Shared, cached access to derived transforms for the tests (derive once, lambdify once)."""

import functools
import os

#: examples for properties that derive a new transform per example (each costs ~1 s of SymPy);
#: the 'deep' Hypothesis profile runs many more.
HEAVY_EXAMPLES = 150 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 8

import numpy as np
import sympy as sp

from specbias.core.activations import CATALOGUE, T, Activation, get_activation, parse_activation
from specbias.theory.fourier import fourier_transform

#: catalogue members with a regular part (sin is a pure point spectrum)
REGULAR = [n for n in CATALOGUE if n != "sin"]

#: parameter values exercised by the property tests
PARAM_CHOICES = {"leaky_relu": [{"a": "0"}, {"a": "1/100"}, {"a": "1/3"}],
                 "relu_pow": [{"k": "1"}, {"k": "2"}, {"k": "3"}],
                 "elu": [{"alpha": "1"}, {"alpha": "1/2"}, {"alpha": "2"}]}


@functools.lru_cache(maxsize=None)
def gt_of(name: str, params: tuple = ()):
    return fourier_transform(get_activation(name, **dict(params)))


@functools.lru_cache(maxsize=None)
def gt_of_expr(text: str):
    return fourier_transform(parse_activation(text))


@functools.lru_cache(maxsize=None)
def gt_of_sympy(expr: sp.Expr, name: str):
    return fourier_transform(Activation(name, expr))


def params_key(d: dict) -> tuple:
    return tuple(sorted(d.items()))


def rel_err(a, b):
    a = np.asarray(a, dtype=complex)
    b = np.asarray(b, dtype=complex)
    return np.abs(a - b) / np.maximum(np.abs(b), 1e-300)
